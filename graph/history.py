"""Event histories: one event across articles, the status each article reports, conflicts, "as of".

An event is known by its kind (a threat of sanctions and the sanctions are one kind), its
participants and its date. A new article's event is the stored one of the same kind and
participants when their dates are within MERGE_DAYS, or when the new article continues the stored
event (a planned meeting later postponed, held or cancelled; imposed sanctions later lifted:
``graph/statuses.tsv``) within FOLLOW_DAYS. Each article's word on the event is an
``ag:StatusReport`` in that article's graph; the latest report (by article date, then by rank) is
the event's status and decides its shortcut edge. Two articles within CONFLICT_DAYS of each other
that report contradicting statuses (held and denied) are a source conflict.
"""

import csv
import hashlib
import sys
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property, lru_cache
from importlib import resources

from actorgraph.graph.errors import DataFileError
from actorgraph.ontology import AG_NS, PREFIXES

MERGE_DAYS = 3
CONFLICT_DAYS = 3
FOLLOW_DAYS = 92              # a plan is followed up within about three months...
FOLLOW_DAYS_BY_KIND = {"Sanctioning": 366}   # ...sanctions are lifted within a year or so
KIND = {"Threat": "Sanctioning"}    # event classes that are stages of one event


@dataclass(frozen=True)
class StatusRule:
    status: str
    rank: int
    continued_by: frozenset | None    # None: any status may follow
    contradicts: frozenset


@lru_cache(maxsize=1)
def status_rules():
    """status -> StatusRule, read from graph/statuses.tsv and checked against the ontology."""
    from actorgraph.ontology.terms import EVENT_STATUSES

    path = resources.files("actorgraph.graph").joinpath("statuses.tsv")
    rules, rows = {}, []
    with path.open(encoding="utf-8") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1) if line.strip() and not line.startswith("#")]
    header = lines[0][1].rstrip("\n").split("\t") if lines else []
    if header != ["status", "rank", "continued_by", "contradicts"]:
        raise DataFileError(path, "header must be: status rank continued_by contradicts",
                            line=lines[0][0] if lines else 1)
    for number, line in lines[1:]:
        cells = next(csv.reader([line.rstrip("\n")], delimiter="\t"))
        if len(cells) != 4:
            raise DataFileError(path, f"expected 4 columns, found {len(cells)}", line=number)
        rows.append((number, cells))
    for number, (status, rank, continued, contradicts) in rows:
        named = {status} | set(continued.split()) | set(contradicts.split())
        unknown = sorted(named - set(EVENT_STATUSES) - {"*", "-"})
        if unknown:
            raise DataFileError(path, f"{unknown[0]!r} is not an event status of the ontology", line=number)
        if not rank.isdigit():
            raise DataFileError(path, f"rank must be a whole number, not {rank!r}", line=number)
        rules[status] = StatusRule(
            status, int(rank), None if continued.strip() == "*" else frozenset(continued.split()) - {"-"},
            frozenset(contradicts.split()) - {"-"})
    missing = sorted(set(EVENT_STATUSES) - set(rules))
    if missing:
        raise DataFileError(path, f"no line for the status {missing[0]}")
    return rules


def rank(status):
    rule = status_rules().get(status)
    return rule.rank if rule else 0


def contradicts(a, b):
    rules = status_rules()
    return (a in rules and b in rules[a].contradicts) or (b in rules and a in rules[b].contradicts)


def kind_of(cls):
    return KIND.get(cls, cls)


def identity(ev):
    """What identifies an event whatever its status: kind, participants (and targets), hashed."""
    parts = sorted(e.iri for e in (ev.core or ev.participants))
    text = "|".join([kind_of(ev.cls), ",".join(parts), ",".join(sorted(e.iri for e in ev.targets))])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def interval(value):
    """(first day, last day) as dates of an xsd:date, gYearMonth or gYear string; None if unknown."""
    if not value:
        return None
    text = str(value)[:10]
    try:
        if len(text) == 4:
            return date(int(text), 1, 1), date(int(text), 12, 31)
        if len(text) == 7:
            first = date(int(text[:4]), int(text[5:7]), 1)
            return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        day = date.fromisoformat(text)
        return day, day
    except ValueError:
        return None


@dataclass(frozen=True)
class Report:
    """One article's word on one event."""

    event: str
    article: str
    status: str
    date: str | None = None        # the event date this article gives
    reported: str | None = None    # the article's date (ISO)
    kind: str | None = None
    relation: str | None = None
    sentence: str | None = None

    def when(self):
        """The event's days by this report: its own date, else the article's date."""
        return self._when

    def order(self):
        return self._order

    # Kept once worked out: merging an article's event scores every stored report of the same
    # identity, so each report's days and order were worked out again hundreds of times.
    @cached_property
    def _when(self):
        return interval(self.date) or interval(self.reported)

    @cached_property
    def _days(self):
        """when() as day numbers (date.toordinal), for fit's inner loop."""
        span = self._when
        return None if span is None else (span[0].toordinal(), span[1].toordinal())

    @cached_property
    def _order(self):
        return (self.reported or "", rank(self.status), self.date or "", self.article)


def ordered(reports):
    return sorted(reports, key=Report.order)


def per_article(reports):
    """The history as each article's last word on the event (its highest-ranked report), in order."""
    words = {}
    for r in ordered(reports):
        words[r.article] = r
    return ordered(words.values())


def latest(reports, as_of=None):
    """The report that stands: the latest one published by ``as_of`` (ISO date); when every
    report is later but the event itself happened by then, the earliest report. None when the
    event is not known or not yet due on that day."""
    reports = ordered(reports)
    if not reports:
        return None
    if as_of is None:
        return reports[-1]
    known = [r for r in reports if r.reported and r.reported <= as_of]
    if known:
        return known[-1]
    first = reports[0].when()
    return reports[0] if first and first[0].isoformat() <= as_of else None


def find_conflicts(reports):
    """Pairs of reports from different articles within CONFLICT_DAYS that contradict each other."""
    found = []
    reports = ordered(reports)
    for i, a in enumerate(reports):
        for b in reports[i + 1:]:
            if a.article == b.article or not contradicts(a.status, b.status):
                continue
            da, db = interval(a.reported), interval(b.reported)
            if da and db and abs((db[0] - da[0]).days) <= CONFLICT_DAYS:
                found.append((a, b))
    return found


def _gap(a, b):
    """Days between two intervals (0 when they overlap)."""
    if a is None or b is None:
        return None
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def can_follow(before, after, kind=None):
    """Whether ``after`` (a later article) can continue the event ``before`` reports."""
    rule = status_rules().get(before.status)
    if rule is None or (rule.continued_by is not None and after.status not in rule.continued_by):
        return False
    a, b = before.when(), after.when()
    if a is None or b is None:
        return False
    window = FOLLOW_DAYS_BY_KIND.get(kind, FOLLOW_DAYS)
    return b[1] >= a[0] - timedelta(days=MERGE_DAYS) and (b[0] - a[1]).days <= window


def fit(reports, new, kind=None):
    """How well a new report joins an event's reports: (0, days) same time, (1, days) a
    continuation, or None when it is another event."""
    days = new._days
    if days is None:      # an undated report neither meets nor follows any other
        return None
    first, last = days
    near = None           # the fewest days between the new report and one of the event's
    for r in reports:
        other = r._days
        if other is not None:
            gap = first - other[1] if other[1] < first else other[0] - last if last < other[0] else 0
            if near is None or gap < near:
                near = gap
    if near is None:      # not one dated report: nothing to be near or to follow
        return None
    if near <= MERGE_DAYS:
        return (0, near)
    if near > FOLLOW_DAYS_BY_KIND.get(kind, FOLLOW_DAYS):   # can_follow needs one that near
        return None
    # the reports just before and just after the new one in order (as ordered() would place
    # them: among equal orders the last before, the first after), in one pass with no sort
    mine, before, after = new._order, None, None
    for r in reports:
        o = r._order
        if o <= mine:
            if before is None or o >= before._order:
                before = r
        elif after is None or o < after._order:
            after = r
    if before is not None and not can_follow(before, new, kind):
        return None
    if after is not None and not can_follow(new, after, kind):
        return None
    return (1, near)


@dataclass
class Pending:
    """An event of an article being built, before its IRI is settled (picklable)."""

    iri: str
    key: str
    kind: str
    report: Report
    report_iri: str = ""


Q_STORED = """SELECT ?key ?e ?g ?status ?date ?reported WHERE {{
  VALUES ?key {{ {keys} }}
  GRAPH ?g {{ ?e <{ag}eventKey> ?key ; <{ag}statusReport> ?r . ?r <{ag}status> ?status .
    OPTIONAL {{ ?r <{ag}date> ?date }} OPTIONAL {{ ?r <{ag}reportedOn> ?reported }} }} }}"""


def _literal(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


Q_PREVIOUS = """SELECT ?r ?e ?g WHERE {{ VALUES ?r {{ {reports} }} GRAPH ?g {{ ?e <{ag}statusReport> ?r }} }}"""


def choose_event_iris(store, preps, index=None):
    """For each prepared article, {IRI as written: IRI of the event it belongs to}.

    An article built before keeps the events its previous build chose (found through its report
    IRIs), so rebuilding a store's articles changes nothing. Otherwise stored events of the same
    identity (``ag:eventKey``) are read once for the batch, and the events of the batch join them
    (and each other) in input order: a series built in order is one history.

    ``index`` (an EventIndex kept by a build's writer) answers from memory what the store was
    already asked or was written by this build; the store is asked only about the rest (nothing
    when the build began on an empty store). The caller must ``index.reset()`` if the batch is not
    stored: the index then counts it in.
    """
    rebuilt = {prep.article for prep in preps}
    if index is not None and index.empty:
        previous = index.previous(rebuilt)
    else:
        previous = {}
        reports = sorted({p.report_iri for prep in preps for p in prep.candidates.values()
                          if p.report_iri})
        if reports:
            for row in store.query(Q_PREVIOUS.format(reports=" ".join(f"<{r}>" for r in reports),
                                                     ag=AG_NS)):
                previous[(row["g"].value, row["r"].value)] = row["e"].value
    keys = sorted({p.key for prep in preps for p in prep.candidates.values()})
    if index is None:
        known = {}   # key -> {event IRI: [Report]}
        ask = keys
    else:
        known = index.keys
        ask = [] if index.empty else [k for k in keys if k not in known]
        for key in keys:
            known.setdefault(key, {})
    if ask:
        query = Q_STORED.format(keys=" ".join(_literal(k) for k in ask), ag=AG_NS)
        for row in store.query(query):
            graph = row["g"].value
            if graph in rebuilt and index is None:   # about to be replaced: its old word does not count
                continue
            status = row["status"].value.rsplit("#", 1)[-1]
            report = Report(row["e"].value, graph, status,
                            row["date"].value if row["date"] is not None else None,
                            row["reported"].value if row["reported"] is not None else None)
            if index is not None:
                index.add(graph, row["key"].value, "", report)
            else:
                known.setdefault(row["key"].value, {}).setdefault(report.event, []).append(report)
    if index is not None:
        index.forget(rebuilt)   # about to be replaced: their old word does not count
    renames = []
    for prep in preps:
        chosen = {}
        pending = sorted(prep.candidates.values(), key=lambda p: p.report.order())
        for item in pending:
            events = known.setdefault(item.key, {})
            target = previous.get((prep.article, item.report_iri))
            if target is None:
                scored = []
                for iri, reports in events.items():
                    score = fit(reports, item.report, item.kind)
                    if score is not None:
                        scored.append((score, iri))
                target = min(scored)[1] if scored else item.iri
            chosen[item.iri] = target
            report = replace(item.report, event=target)
            if index is not None:
                index.add(prep.article, item.key, item.report_iri, report)
            else:
                events.setdefault(target, []).append(report)
        renames.append(chosen)
    if index is not None and (index.size > index.limit or len(rebuilt) < len(preps)):
        index.reset()   # (an article twice in one batch: the store keeps both or the last)
    return renames


class EventIndex:
    """A build's memory of the stored reports of the events it touched, so that each batch need
    not ask the store for them again: key -> {event IRI: [Report]} as the store holds them once the
    batch is stored. Only the build's one writer changes the store, so what it read or wrote stays
    true. ``empty``: the store held no event when the build began, so it holds only what this
    build wrote and need not be asked at all (a first build: the look-up was a quarter of the
    writer's CPU). Bounded: past ``limit`` reports it starts over (asking the store again)."""

    LIMIT = 200_000

    def __init__(self, empty=False, limit=LIMIT):
        self.limit = limit
        self.reset(empty)

    def reset(self, empty=False):
        """Forget everything (a batch that failed, an unusual batch, the bound reached)."""
        self.empty = empty
        self.keys = {}      # key -> {event IRI: [Report]}, equal reports once
        self.graphs = {}    # graph -> [(key, report IRI or "", Report)] it holds
        self.counts = {}    # (key, Report) -> how many graphs hold it
        self.size = 0

    def previous(self, graphs):
        """{(graph, report IRI): event IRI} of those graphs as this build wrote them."""
        return {(g, r): report.event for g in graphs for _key, r, report in self.graphs.get(g, ())
                if r}

    def forget(self, graphs):
        """Drop the reports of graphs about to be replaced."""
        for g in graphs:
            for key, _r, report in self.graphs.pop(g, ()):
                left = self.counts.pop((key, report), 1) - 1
                if left:
                    self.counts[(key, report)] = left
                    continue
                events = self.keys.get(key)
                reports = events.get(report.event) if events else None
                if reports is None:
                    continue
                for i, other in enumerate(reports):
                    if other == report:
                        del reports[i]
                        self.size -= 1
                        break
                if not reports:
                    del events[report.event]

    def add(self, graph, key, report_iri, report):
        """The report joins its event, once: the index keeps it without its article, so that the
        reports of an event many articles state cost one entry (a Report with its worked-out
        days is about 1 KB: 10,000 articles kept 70 MB of them). ``fit`` needs the article only
        to order reports of the same days, which it never compares (they are within MERGE_DAYS)."""
        report = Report(sys.intern(report.event), "", *(None if x is None else sys.intern(x)
                                                         for x in (report.status, report.date,
                                                                   report.reported)))
        self.graphs.setdefault(graph, []).append((key, report_iri, report))
        count = self.counts.get((key, report), 0)
        self.counts[(key, report)] = count + 1
        if not count:
            self.keys.setdefault(key, {}).setdefault(report.event, []).append(report)
            self.size += 1


def stored_reports(store):
    """Every status report in the store: {event IRI: [Report]} with kind, relation and a sentence."""
    from actorgraph.graph.extract.events import shortcut_relation

    query = """SELECT ?e ?r ?g ?status ?date ?reported ?type (MIN(?s) AS ?sentence) WHERE {
      ?e ag:statusReport ?r . ?r ag:status ?status ; prov:wasDerivedFrom ?g .
      OPTIONAL { ?r ag:date ?date } OPTIONAL { ?r ag:reportedOn ?reported }
      OPTIONAL { ?r ag:evidence/ag:sentence ?s }
      OPTIONAL { GRAPH ?g { ?e a ?type FILTER(?type != ag:Event && STRSTARTS(STR(?type), STR(ag:))) } }
    } GROUP BY ?e ?r ?g ?status ?date ?reported ?type"""
    found = {}
    for row in store.query(_prefixed(query)):
        def value(name):
            term = row[name]
            return None if term is None else term.value
        status, kind = _local(value("status")), _local(value("type"))
        found.setdefault(value("e"), {})[value("r")] = Report(
            value("e"), value("g"), status, value("date"), value("reported"), kind,
            shortcut_relation(kind, status) if kind else None, value("sentence"))
    return {e: list(reports.values()) for e, reports in found.items()}


def _local(iri):
    return iri.rsplit("#", 1)[-1] if iri else None


def _prefixed(query):
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p in ("ag", "prov")) + query
