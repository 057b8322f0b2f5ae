"""Articles into the store: extract, write each article's named graph, merge repeated events.

Each article's statements are written as one N-Triples document into the article's own named
graph in one atomic replace, so a re-build replaces them and a killed build leaves the article
wholly in or wholly out.
"""

import hashlib
import re
import time
from dataclasses import dataclass, field
from functools import lru_cache

from actorgraph.graph import __version__
from actorgraph.graph.extract.dates import xsd_date
from actorgraph.graph.errors import ActorGraphError, StoreError
from actorgraph.graph.store.base import PlainNTriples
from actorgraph.graph.store.relations import STATES, edge_key
from actorgraph.ontology import AG_NS, ID_NS, PREFIXES, REGISTRY_GRAPH, WD_NS

RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL = PREFIXES["rdfs"] + "label"
ALT = PREFIXES["skos"] + "altLabel"
SAME = PREFIXES["owl"] + "sameAs"
XSD = PREFIXES["xsd"]
DCT = PREFIXES["dcterms"]
PROV = PREFIXES["prov"]
SCHEMA = PREFIXES["schema"]
PLOVER = PREFIXES["plover"]
SYMMETRIC = {"metWith", "spokeWith", "inConflictWith", "alliedWith"}
PLOVER_TYPE = {"Meeting": "CONSULT", "PhoneCall": "CONSULT", "Visit": "CONSULT",
               "Sanctioning": "SANCTION", "Threat": "THREATEN", "Conflict": "ASSAULT"}
EVENT_LABEL = {"Meeting": "Meeting", "PhoneCall": "Phone call", "Visit": "Visit",
               "Sanctioning": "Sanctions", "Threat": "Threat of sanctions", "Conflict": "Conflict"}
# Statuses the extractor tells apart but the model does not (ontology: ag:EventStatus)


def _h(*parts):
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


def _esc(text):
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))


_BAD_IRI = re.compile(r'[<>"{}|^`\\\s]')


def _iri(value):
    if _BAD_IRI.search(value):
        value = _BAD_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), value)
    return f"<{value}>"


class Triples:
    """An N-Triples document being written."""

    def __init__(self):
        self.lines = []
        self.actors = None   # the actors graph's share, a Triples of its own (article_triples)
        self.edges = None    # the relations graph's share: the shortcut edges the article states

    def iri(self, s, p, o):
        self.lines.append(f"{_iri(s)} {_iri(p)} {_iri(o)} .")

    def lit(self, s, p, value, lang=None, dtype=None):
        text = f'"{_esc(str(value))}"'
        if lang:
            text += f"@{lang}"
        elif dtype:
            text += f"^^<{XSD}{dtype}>"
        self.lines.append(f"{_iri(s)} {_iri(p)} {text} .")

    def edge(self, article, s, p, o):
        """A shortcut edge: once in the relations graph, and the article says it states it."""
        s, p, o = _iri(s), _iri(p), _iri(o)
        self.edges.lines.append(f"{s} {p} {o} .")
        self.lines.append(f"{_iri(article)} <{STATES}> <{edge_key(s[1:-1], p[1:-1], o[1:-1])}> .")

    def text(self):
        return "\n".join(dict.fromkeys(self.lines)) + "\n"


@dataclass
class BuildResult:
    article: str
    actors: int = 0
    events: int = 0
    roles: int = 0
    statements: int = 0
    warnings: list = field(default_factory=list)


def describe_entity(t, ent):
    """Types, labels and links of one actor: enough for a reader of the export on its own."""
    kinds = list(ent.types) or [ent.kind]
    if ent.kind not in kinds:
        kinds.insert(0, ent.kind)
    for k in kinds:
        t.iri(ent.iri, RDF_TYPE, AG_NS + k)
    if ent.entry is not None:
        for lang, label in ent.entry.labels.items():
            t.lit(ent.iri, LABEL, label, lang=lang or None)
        if ent.entry.wikidata:
            t.iri(ent.iri, SAME, WD_NS + ent.entry.wikidata)
    else:
        t.lit(ent.iri, LABEL, ent.label)
    for form in novel_forms(ent):
        t.lit(ent.iri, ALT, form)


def article_triples(article, ex, merge_iri=None):
    """The N-Triples of one article's named graph; ``.actors`` holds the description of the actors
    it mentions, written once into the actors graph (graph/store/actors.py); ``.edges`` the
    shortcut edges it states, written once into the relations graph (graph/store/relations.py)."""
    t = Triples()
    t.actors = Triples()
    t.edges = Triples()
    a = article.iri
    doc = ex.doc
    t.iri(a, RDF_TYPE, AG_NS + "Article")
    if article.title:
        t.lit(a, DCT + "title", article.title)
    if article.date:
        t.lit(a, DCT + "date", article.date.isoformat(), dtype="date")
    t.lit(a, DCT + "language", doc.lang)
    t.lit(a, AG_NS + "contentHash", article.content_hash)
    if article.url:
        t.iri(a, SCHEMA + "url", article.url)
    if article.source:
        t.lit(a, DCT + "source", article.source)

    used = set(e for e in ex.entities.values() if e.kind in ("Person", "State", "Organisation", "Place"))
    for m in ex.mentions:
        if m.entity is not None:
            m.entity.forms.add(doc.text[doc.tokens[m.start].start:doc.tokens[m.end - 1].end]) \
                if m.how in ("registry", "name", "metonym") else None
            used.add(m.entity)

    def evidence(owner, sent_index, confidence):
        s = doc.sentences[sent_index]
        e = ID_NS + "evidence/" + _h(a, owner, str(s.start), str(s.end))
        t.iri(owner, AG_NS + "evidence", e)
        t.iri(e, RDF_TYPE, AG_NS + "Evidence")
        t.lit(e, AG_NS + "sentence", doc.text[s.start:s.end])
        t.lit(e, AG_NS + "startOffset", s.start, dtype="integer")
        t.lit(e, AG_NS + "endOffset", s.end, dtype="integer")
        t.iri(e, PROV + "wasDerivedFrom", a)
        t.lit(e, AG_NS + "confidence", f"{confidence:.2f}", dtype="decimal")
        t.lit(e, AG_NS + "extractorVersion", __version__)
        return e

    n_roles = 0
    for r in ex.roles:
        if not fits(r.relation, r.holder, r.of):
            continue
        status = "Former" if r.former else "Current"
        role = ID_NS + "role/" + _h(r.holder.iri, r.relation, r.of.iri, status)
        t.iri(role, RDF_TYPE, AG_NS + "Role")
        t.lit(role, LABEL, f"{r.relation}: {r.holder.label} ({r.of.label})", lang="en")
        t.iri(role, AG_NS + "holder", r.holder.iri)
        t.iri(role, AG_NS + "roleType", AG_NS + r.relation)
        t.iri(role, AG_NS + "roleIn", r.of.iri)
        t.iri(role, AG_NS + "status", AG_NS + status)
        t.edge(a, r.holder.iri, AG_NS + r.relation, r.of.iri)
        for si in r.sentences:
            evidence(role, si, r.confidence)
        used.update((r.holder, r.of))
        n_roles += 1

    n_events = 0
    for ev in ex.events:
        rel = ev.relation
        iri = merge_iri(ev) if merge_iri else event_iri(ev, article)
        t.iri(iri, RDF_TYPE, AG_NS + ev.cls)
        t.iri(iri, RDF_TYPE, AG_NS + "Event")
        names = ", ".join(e.label for e in ev.participants)
        t.lit(iri, LABEL, f"{EVENT_LABEL[ev.cls]}: {names}", lang="en")
        t.iri(iri, AG_NS + "status", AG_NS + ev.status)
        t.iri(iri, AG_NS + "eventType", PLOVER + PLOVER_TYPE[ev.cls])
        if rel:
            t.iri(iri, AG_NS + "relation", AG_NS + rel)
        for e in ev.participants:
            t.iri(iri, AG_NS + "participant", e.iri)
        for e in ev.agents:
            t.iri(iri, AG_NS + "agent", e.iri)
            t.iri(iri, AG_NS + "participant", e.iri)  # the shapes: agents and targets take part
        place = ev.place
        for e in ev.targets:
            if e.kind == "Place":  # a trip's destination city: the shapes want actors as targets
                place = place or e
                continue
            t.iri(iri, AG_NS + "target", e.iri)
            t.iri(iri, AG_NS + "participant", e.iri)
        if place is not None:
            t.iri(iri, AG_NS + "place", place.iri)
            used.add(place)
        if ev.date is not None:
            value, dtype = xsd_date(ev.date)
            if value:
                t.lit(iri, AG_NS + "date", value, dtype=dtype)
        report_triples(t, iri, ev, article, [evidence(iri, si, ev.confidence) for si in ev.sentences])
        for s, o in shortcut_pairs(ev):
            if not fits(rel, s, o):
                continue
            t.edge(a, s.iri, AG_NS + rel, o.iri)
            if rel in SYMMETRIC:
                t.edge(a, o.iri, AG_NS + rel, s.iri)
        used.update(ev.participants)
        used.update(ev.targets)
        n_events += 1

    for ent in used:
        t.iri(a, AG_NS + "mentions", ent.iri)
        mention_forms(t, a, ent)
        describe_entity(t.actors, ent)
    return t, len(used), n_events, n_roles


def novel_forms(ent):
    """The words an article used for the actor that are neither its label nor a registry name."""
    known = {ent.label}
    if ent.entry is not None:
        known.update(ent.entry.labels.values())
        known.update(ent.entry.aliases)
    return sorted(f for f in ent.forms if f not in known)


def mention_forms(t, article_iri, ent):
    """The words the article used for the actor, as evidence in its own graph: the actors graph's
    aliases (and the name of an actor the registry does not know) are backed by these. Names the
    registry already gives the actor are left out: the registry graph says them once."""
    forms = novel_forms(ent)
    if ent.entry is not None and not forms:
        return
    mention = ID_NS + "mention/" + _h(article_iri, ent.iri)
    t.iri(mention, AG_NS + "mentionOf", ent.iri)
    if ent.entry is None:
        t.lit(mention, AG_NS + "name", ent.label)
    for form in forms:
        t.lit(mention, AG_NS + "surfaceForm", form)


def fits(relation, subject, obj):
    """Whether the entities' kinds are in the relation's rdfs:domain and rdfs:range: a guess
    that breaks the model (a minister of an organisation) is not written."""
    domain, range_ = relation_classes().get(relation, (None, None))

    def kinds(ent):
        names = {ent.kind, *ent.types}
        return names | {"Actor"} if names & {"Person", "State", "Organisation"} else names

    return (domain is None or bool(kinds(subject) & domain)) and \
        (range_ is None or bool(kinds(obj) & range_))


@lru_cache(maxsize=1)
def relation_classes():
    """relation local name -> (domain, range) class local names, read from the ontology (with
    Oxigraph: rdflib's Turtle parser took a quarter of a second of every build's start-up)."""
    import pyoxigraph as ox

    from actorgraph.ontology import data_path

    store = ox.Store()
    store.load(path=str(data_path("actorgraph.ttl")), format=ox.RdfFormat.TURTLE)
    found = {}
    rows = store.query(
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "SELECT ?p ?which ?c WHERE { ?p a owl:ObjectProperty . VALUES ?which { rdfs:domain rdfs:range } "
        "{ ?p ?which ?c FILTER(isIRI(?c)) } UNION "
        "{ ?p ?which ?node . ?node owl:unionOf/rdf:rest*/rdf:first ?c } }")
    for row in rows:
        p, c = row["p"].value, row["c"].value
        if p.startswith(AG_NS):
            pair = found.setdefault(p[len(AG_NS):], [None, None])
            slot = 0 if row["which"].value.endswith("domain") else 1
            pair[slot] = (pair[slot] or set()) | {c[len(AG_NS):] if c.startswith(AG_NS) else c}
    return {name: tuple(pair) for name, pair in found.items()}


def shortcut_pairs(ev):
    """The (subject, object) pairs of an event's shortcut edge."""
    rel = ev.relation
    if rel is None:
        return []
    if rel in ("sanctions", "threatensSanctions"):
        return [(s, o) for s in ev.agents for o in ev.targets if s is not o]
    if rel == "visited":
        return [(ev.agents[0], ev.targets[0])]
    core = ev.core or ev.participants
    if rel == "plansToMeet":
        agents = ev.agents or core[:1]
        return [(s, o) for s in agents for o in core if s is not o]
    return [(core[i], core[j]) for i in range(len(core)) for j in range(i + 1, len(core))]


def event_key(ev):
    """What an event is whatever its status (graph/history.py): reports of it share one IRI."""
    from actorgraph.graph.history import identity

    return identity(ev)


def event_iri(ev, article, anchor=None):
    """Deterministic: the same event (kind, participants, anchor day) gets the same IRI."""
    if anchor is None:
        anchor = ev.date.value if ev.date is not None else article.date
    return ID_NS + "event/" + _h(event_key(ev), anchor.isoformat() if anchor else "")


@dataclass
class Prepared:
    """One article extracted and written as N-Triples, ready to store (picklable for --jobs)."""

    article: str
    source: str
    ntriples: str
    candidates: dict          # event IRI as written -> history.Pending (identity, status, dates)
    result: BuildResult
    actors: str = ""          # N-Triples for the actors graph: what the registry graph does not say
    edges: str = ""           # N-Triples for the relations graph: the shortcut edges it states


def prepare_article(article, registry, lang=None):
    """Extraction and RDF for one article: the CPU-bound part, safe to run in a worker process."""
    from actorgraph.graph.extract.pipeline import extract_text
    from actorgraph.graph.ingest.reader import detect_language

    lang = lang or article.lang or detect_language(article.text)
    if lang not in _languages():
        raise ActorGraphError(f"no lexicon for language {lang!r} (have: {', '.join(_languages())})")
    span = (article.dateline.start, article.dateline.end) if article.dateline is not None else None
    ex = extract_text(article.text, registry, lang, article.date, span)
    t, actors, events, roles = article_triples(article, ex)
    candidates = pending_events(ex, article)
    text = PlainNTriples(t.text())   # one statement a line: the store makes N-Quads of it in C
    described = actor_lines(t.actors, registry)
    return Prepared(article.iri, article.source, text, candidates,
                    BuildResult(article.iri, actors, events, roles,
                                len(t.lines) + len(described) + len(t.edges.lines)),
                    PlainNTriples("\n".join(described) + "\n") if described else "",
                    PlainNTriples(t.edges.text()) if t.edges.lines else "")


def actor_lines(triples, registry):
    """The description lines the registry graph does not already hold (those actors the registry
    knows are described there, once)."""
    known = registry_lines(registry)
    return [line for line in dict.fromkeys(triples.lines) if line not in known]


def registry_lines(registry):
    """The registry graph's N-Triples lines as a set (kept on the registry object)."""
    known = getattr(registry, "_ntriples_lines", None)
    if known is None:
        from actorgraph.graph.write import registry_ntriples

        known = set(registry_ntriples(registry).splitlines())
        try:
            registry._ntriples_lines = known
        except AttributeError:
            pass
    return known


def _languages():
    from actorgraph.graph.extract.lexicon import available_languages

    return available_languages()


def store_prepared(store, prep):
    """Merge events already stored from other articles, then replace the article's graph."""
    return store_batch(store, [prep])[0]


def store_batch(store, preps, index=None):
    """Store several prepared articles in one write. An event already stored (or written earlier
    in the batch) from another article within MERGE_DAYS days keeps its IRI: one event, several
    sources. ``index``: the build's history.EventIndex, kept in step with what is stored."""
    from actorgraph.graph.history import choose_event_iris

    try:
        items = [(p.article, renamed(p.ntriples, renames), p.actors, p.edges)
                 for p, renames in zip(preps, choose_event_iris(store, preps, index))]
        store.replace_graphs(items)
    except BaseException:
        if index is not None:   # it already counts the batch in
            index.reset()
        raise
    return [p.result for p in preps]


def renamed(text, renames):
    """The N-Triples with each event IRI as written replaced by the one chosen, one after the
    other (a later rename applies to an earlier one's result). Measured: as fast as one pass of
    a regular expression, whose compiling per article cost twice as much."""
    changed = text
    for own, chosen in renames.items():
        if chosen != own:
            changed = changed.replace(f"<{own}>", f"<{chosen}>")
    return text if changed is text else type(text)(changed)   # still one statement a line


def report_triples(t, iri, ev, article, evidence):
    """The article's status report on the event (its entry in the event's history), and the
    event's identity key that later builds match new reports against."""
    from actorgraph.graph.history import identity

    report = report_iri(article, iri, ev)
    t.lit(iri, AG_NS + "eventKey", identity(ev))
    t.iri(iri, AG_NS + "statusReport", report)
    t.iri(report, RDF_TYPE, AG_NS + "StatusReport")
    t.iri(report, AG_NS + "status", AG_NS + ev.status)
    t.iri(report, PROV + "wasDerivedFrom", article.iri)
    if article.date:
        t.lit(report, AG_NS + "reportedOn", article.date.isoformat(), dtype="date")
    if ev.date is not None:
        value, dtype = xsd_date(ev.date)
        if value:
            t.lit(report, AG_NS + "date", value, dtype=dtype)
    for e in evidence:
        t.iri(report, AG_NS + "evidence", e)


def report_iri(article, own_iri, ev):
    """The IRI of an article's report on an event, from the event's IRI as first written: a
    rebuild finds through it which event the previous build joined the report to."""
    return ID_NS + "report/" + _h(article.iri, own_iri, ev.status)


def pending_events(ex, article):
    """{event IRI as written: history.Pending} for matching against the stored histories."""
    from actorgraph.graph.history import Pending, Report, identity, kind_of

    found = {}
    for ev in ex.events:
        iri = event_iri(ev, article)
        value = xsd_date(ev.date)[0] if ev.date is not None else None
        found[iri] = Pending(iri, identity(ev), kind_of(ev.cls), Report(
            iri, article.iri, ev.status, value or None,
            article.date.isoformat() if article.date else None), report_iri(article, iri, ev))
    return found


def build_article(store, article, registry=None, lang=None):
    """Extract one article and replace its named graph in the store."""
    from actorgraph.graph.registry import load_registry

    registry = registry or load_registry()
    ensure_registry_graph(store, registry)  # it describes the registry's actors the article names
    return store_prepared(store, prepare_article(article, registry, lang))


@dataclass
class BuildSummary:
    articles: int = 0
    failed: int = 0
    actors: int = 0
    events: int = 0
    roles: int = 0
    statements: int = 0
    seconds: float = 0.0
    failures: list = field(default_factory=list)


def build_articles(store, inputs, *, date=None, lang=None, registry=None, jobs=1,
                   on_progress=None, on_failure=None, registry_files=(), max_bytes=None, dask=None):
    """Build every article the inputs yield; failures are reported and skipped, never fatal.

    With ``jobs`` > 1 extraction runs in worker processes while this process, the only writer,
    stores each article as it comes back (in input order). Memory stays bounded: inputs are
    read as a stream and at most a few batches are in flight.
    """
    from actorgraph.graph.ingest.reader import read_inputs

    items = read_inputs(inputs, date=date, lang=None if lang == "auto" else lang,
                        **({"max_bytes": max_bytes} if max_bytes else {}))
    return build_items(store, items, lang=lang, registry=registry, jobs=jobs, on_progress=on_progress,
                       on_failure=on_failure, registry_files=registry_files, dask=dask)


def build_items(store, items, *, lang=None, registry=None, jobs=1, on_progress=None, on_failure=None,
                registry_files=(), dask=None):
    """Build a stream of Articles (and InputFailures, reported) from any reader of graph.ingest.
    ``dask``: a scheduler address or ``local:N``: extraction runs there (graph/cluster.py)."""
    from actorgraph.graph.ingest.reader import InputFailure
    from actorgraph.graph.registry import load_registry

    if getattr(store, "read_only", False):
        raise StoreError("the store is open read-only: builds need it writable")
    registry = registry or load_registry(extra=tuple(registry_files))
    lang = None if lang == "auto" else lang
    summary = BuildSummary()
    t0 = time.perf_counter()
    from actorgraph.graph.write import empty_store

    index = None
    if hasattr(store, "bulk"):  # a first build: new graphs go in by bulk load (graph/write.py)
        store.bulk = empty_store(store)
        # this process is the store's one writer: what it reads and writes of events stays true
        from actorgraph.graph.history import EventIndex

        index = EventIndex(empty=store.bulk)

    def fail(source, message):
        summary.failed += 1
        failure = InputFailure(source, message)
        summary.failures.append(failure)
        if on_failure:
            on_failure(failure)

    def done(res):
        summary.articles += 1
        summary.actors += res.actors
        summary.events += res.events
        summary.roles += res.roles
        summary.statements += res.statements
        if on_progress:
            on_progress(summary)

    registry_lines(registry)   # read once here, before worker processes fork and the writer starts
    if dask:
        from actorgraph.graph.cluster import dask_results

        results = dask_results(items, dask, _prepare_or_fail, lang, tuple(str(f) for f in registry_files))
    elif jobs and jobs > 1:
        results = _parallel(items, jobs, lang, registry, tuple(str(f) for f in registry_files))
    else:
        results = (_prepare_or_fail(item, registry, lang) for item in items)
    # the registry graph (a bulk load of ~0.2 s into a new store) is the writer thread's first
    # write: extraction starts meanwhile
    write_all(store, results, done, fail, index, first=lambda: ensure_registry_graph(store, registry))
    summary.seconds = time.perf_counter() - t0
    return summary


def write_all(store, results, done, fail, index=None, first=None):
    """Store a stream of Prepared articles and InputFailures through the one writer thread
    (which runs ``first()`` before them)."""
    from actorgraph.graph.write import BatchWriter

    writer = BatchWriter(lambda batch: store_batch(store, batch, index),
                         lambda item: store_batch(store, [item], index)[0], done, fail, first)
    try:
        for item in results:
            writer.add(item)
    except BaseException:
        writer.abort()
        raise
    writer.close()


def _prepare_or_fail(item, registry, lang):
    from actorgraph.graph.ingest.reader import InputFailure

    if isinstance(item, InputFailure):
        return item
    try:
        return prepare_article(item, registry, lang)
    except ActorGraphError as exc:
        return InputFailure(item.source, str(exc))


_WORKER = {}


def _worker_init(lang, registry_files):
    from actorgraph.graph.registry import load_registry

    _WORKER["registry"] = load_registry(extra=registry_files)
    _WORKER["lang"] = lang


def _worker_prepare(item):
    return _prepare_or_fail(item, _WORKER["registry"], _WORKER["lang"])


def _parallel(items, jobs, lang, registry, registry_files):
    """The workers' results in input order. The pool is started here, before the writer thread
    exists: forking beside a running thread can hand a child a lock held forever. Forked workers
    inherit this process's registry and gazetteer instead of each building its own."""
    import multiprocessing as mp

    if "fork" in mp.get_all_start_methods():
        from actorgraph.graph.extract.gazetteer import gazetteer_for

        gazetteer_for(registry)
        _WORKER.update(registry=registry, lang=lang)
        pool = mp.get_context("fork").Pool(jobs)
    else:
        pool = mp.get_context().Pool(jobs, initializer=_worker_init, initargs=(lang, registry_files))

    def results():
        with pool:
            yield from pool.imap(_worker_prepare, items, chunksize=8)

    return results()


def ensure_registry_graph(store, registry):
    """Keep the store's registry graph in step with the registry in use (by content hash)."""
    digest = getattr(registry, "content_key", None) or _h(str(id(registry)))
    q = f"ASK {{ GRAPH <{REGISTRY_GRAPH}> {{ <{REGISTRY_GRAPH}> <{AG_NS}contentHash> \"{digest}\" }} }}"
    if bool(store.query(q)):
        return
    from actorgraph.graph.write import registry_ntriples

    text = registry_ntriples(registry)
    text += f"<{REGISTRY_GRAPH}> <{AG_NS}contentHash> \"{digest}\" .\n"
    store.replace_graphs([(REGISTRY_GRAPH, text, "")])  # a bulk load into a new store
    from actorgraph.graph.store.actors import drop_registered

    drop_registered(store)
