"""Time in the network view: event histories (the latest report decides the edge), source
conflicts, and "as of" a day (roles as they stood, events known or due by then).

Dates are ISO strings throughout (``YYYY-MM-DD``), compared as text.
"""

from actorgraph.graph.history import find_conflicts, latest, per_article, stored_reports


def apply_histories(store, events, as_of=None):
    """Set each event fact's status and relation from its latest report (by ``as_of``), attach its
    history and conflicts; return the (relation, a, b) keys its earlier reports no longer back.

    Events not yet known on ``as_of`` are removed from ``events``.
    """
    retired = set()
    reports = stored_reports(store)
    for iri in list(events):
        fact = events[iri]
        history = reports.get(iri)
        if not history:
            continue
        current = latest(history, as_of)
        if current is None:
            del events[iri]
            continue
        seen = per_article([r for r in history if as_of is None or not r.reported or r.reported <= as_of]) \
            or [current]
        involved = sorted(fact["participants"] | fact["agents"] | fact["targets"])
        for old in {r.relation for r in history if r.relation} - {current.relation}:
            for i, a in enumerate(involved):
                for b in involved[i + 1:]:
                    retired.add((old, a, b))
        fact["status"], fact["relation"] = current.status, current.relation
        fact["date"] = current.date or fact.get("date")
        if current.kind:
            fact["type"] = current.kind
        fact["history"] = [_report(r) for r in seen]
        fact["conflicts"] = [{"event": iri, "label": fact.get("label"), "first": _report(a), "second": _report(b)}
                             for a, b in find_conflicts(seen)]
    return retired


def _report(r):
    return {"status": r.status, "date": r.date, "reported": r.reported, "article": r.article,
            "sentence": r.sentence}


def role_held_on(facts, day):
    """The role facts of one edge that stand on ``day``: dated roles (the registry's, or an
    article's with dates) by their dates, the end day excluded; otherwise the latest article
    report by that day, "current" keeping the edge and "former" ending it."""
    dated = [f for f in facts if f.get("start_date") or f.get("end_date")]
    if dated:
        return [f for f in dated
                if (not f.get("start_date") or _first(f["start_date"]) <= day)
                and (not f.get("end_date") or day < _first(f["end_date"]))]
    said = sorted(((ev["date"], f["status"] == "Former", f) for f in facts
                   for ev in f["evidence"] if ev.get("date") and ev["date"] <= day), key=lambda x: x[:2])
    if not said or said[-1][2]["status"] == "Former":
        return []
    return [said[-1][2]]


def _first(value):
    from actorgraph.graph.history import interval

    days = interval(value)
    return days[0].isoformat() if days else str(value)


def known_by(dates, day):
    """Whether a fact stated by articles of these dates was known on ``day``."""
    return any(d and d <= day for d in dates)
