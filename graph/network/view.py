"""The actor network as a ``networkx.MultiDiGraph``: actors are nodes, shortcut relations are edges.

Everything is fetched with a handful of SPARQL queries over the whole store and joined in Python,
so the cost does not grow with one query per node (see ``bench/bench_render.py``).
"""

import calendar
import re
import unicodedata

from actorgraph.graph.errors import ActorGraphError, QueryError
from actorgraph.graph.store.relations import EDGE_KEY
from actorgraph.ontology import AG_NS, REGISTRY_GRAPH, RELATIONS_GRAPH, WD_NS
from actorgraph.ontology.terms import RELATIONS as _RELATION_TABLE

# The relations (shortcut edges) in ontology order, and the symmetric ones, stored both ways.
RELATIONS = tuple(_RELATION_TABLE)
SYMMETRIC = frozenset(name for name, relation in _RELATION_TABLE.items() if relation.symmetric)
KINDS = ("Person", "State", "Organisation", "Place")
# Statuses of things that have not (or not yet) happened: drawn dashed.
MODAL_STATUSES = frozenset({"Planned", "Possible", "Intended", "Threatened"})

_VALUES_RELATIONS = " ".join(f"ag:{r}" for r in RELATIONS)
_VALUES_KINDS = " ".join(f"ag:{k}" for k in KINDS)

# Each edge with the graphs that state it: an article states the edges of the relations graph
# through their keys (graph/store/relations.py); the registry and imported graphs hold their own.
Q_EDGES = f"""SELECT DISTINCT ?s ?p ?o ?g WHERE {{
  VALUES ?p {{ {_VALUES_RELATIONS} }}
  {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{RELATIONS_GRAPH}>) }}
  UNION
  {{ GRAPH <{RELATIONS_GRAPH}> {{ ?s ?p ?o }} BIND({EDGE_KEY} AS ?key) GRAPH ?g {{ ?g ag:states ?key }} }}
  FILTER(isIRI(?s) && isIRI(?o)) }}"""
Q_KINDS = f"""SELECT DISTINCT ?a ?k WHERE {{ VALUES ?k {{ {_VALUES_KINDS} }} ?a a ?k }}"""
Q_LABELS = f"""SELECT DISTINCT ?a ?p ?l WHERE {{
  VALUES ?k {{ {_VALUES_KINDS} }} VALUES ?p {{ rdfs:label skos:altLabel }} ?a a ?k ; ?p ?l }}"""
Q_SAMEAS = f"""SELECT DISTINCT ?a ?w WHERE {{
  ?a owl:sameAs ?w FILTER(STRSTARTS(STR(?w), "{WD_NS}")) }}"""
Q_EVENTS = """SELECT DISTINCT ?e ?rel ?status ?date ?type ?label WHERE {
  ?e ag:relation ?rel .
  OPTIONAL { ?e ag:status ?status } OPTIONAL { ?e ag:date ?date } OPTIONAL { ?e rdfs:label ?label }
  OPTIONAL { ?e a ?type FILTER(STRSTARTS(STR(?type), STR(ag:)) && ?type != ag:Event) } }"""
# Where one event carries several classes, the one shown: what happened over what was threatened.
EVENT_TYPE_ORDER = ("Sanctioning", "Conflict", "Meeting", "Visit", "PhoneCall", "Threat")
EVENT_LABEL_START = {"Sanctioning": "Sanctions:", "Threat": "Threat of sanctions:"}
Q_PARTICIPANTS = """SELECT DISTINCT ?e ?p ?x WHERE {
  VALUES ?p { ag:participant ag:agent ag:target } ?e ag:relation ?rel ; ?p ?x }"""
Q_ROLES = """SELECT DISTINCT ?r ?holder ?type ?in ?status ?start ?end WHERE {
  ?r ag:holder ?holder ; ag:roleType ?type ; ag:roleIn ?in .
  OPTIONAL { ?r ag:status ?status } OPTIONAL { ?r ag:startDate ?start } OPTIONAL { ?r ag:endDate ?end } }"""
Q_EVIDENCE = """SELECT DISTINCT ?f ?ev ?sentence ?article WHERE {
  ?f ag:evidence ?ev .
  OPTIONAL { ?ev ag:sentence ?sentence } OPTIONAL { ?ev prov:wasDerivedFrom ?article } }"""
Q_ARTICLES = """SELECT ?a ?title ?date ?url WHERE {
  ?a a ag:Article .
  OPTIONAL { ?a dcterms:title ?title } OPTIONAL { ?a dcterms:date ?date } OPTIONAL { ?a schema:url ?url } }"""


def local_name(iri):
    """The part of an ontology IRI after ``#`` (``ag:metWith`` -> ``metWith``)."""
    return iri.rsplit("#", 1)[-1] if iri else iri


def _value(solution, name):
    term = solution[name]
    return None if term is None else term.value


def parse_date(text, *, end=False):
    """First (or with ``end`` last) day of an xsd:date, gYearMonth or gYear as ``YYYY-MM-DD``."""
    match = re.fullmatch(r"\s*(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*|Z|[+-]\d{2}:\d{2})?\s*",
                         str(text))
    if not match:
        raise ActorGraphError(f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = match.group(1), match.group(2), match.group(3)
    if day:
        return f"{year}-{month}-{day}"
    if month:
        if not 1 <= int(month) <= 12:
            raise ActorGraphError(f"not a date: {text!r} (month out of range)")
        last = calendar.monthrange(int(year), int(month))[1] if end else 1
        return f"{year}-{month}-{last:02d}"
    return f"{year}-12-31" if end else f"{year}-01-01"


def normalise_name(name):
    """Case, accent and spacing-insensitive form of a name, for matching user input to labels."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def resolve_actor(nodes, name, where="in the store"):
    """The IRI of the actor whose IRI, label or alias is ``name`` (case-insensitive).

    ``nodes`` is any mapping iri -> attributes with ``label`` and ``aliases`` (``G.nodes`` works).
    Labels win over aliases; several matches of the same strength are an error naming them.
    """
    if name in nodes:
        return name
    wanted = normalise_name(name)
    for field in ("label", "aliases"):
        found = []
        for iri, data in nodes.items():
            values = data.get(field) or ()
            if isinstance(values, str):
                values = (values,)
            if any(normalise_name(v) == wanted for v in values):
                found.append(iri)
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(f"{nodes[i].get('label') or i} <{i}>" for i in sorted(found)[:5])
            raise ActorGraphError(f"the name {name!r} is ambiguous: {listed}; give the IRI instead")
    raise ActorGraphError(f"no actor named {name!r} {where}")


def _fetch_actors(store):
    """iri -> {iri, label, kind, kinds, aliases, wikidata} for every typed actor."""
    actors = {}
    for row in store.query(Q_KINDS):
        iri = row["a"].value
        data = actors.setdefault(iri, {"iri": iri, "labels": {}, "aliases": [], "kinds": [],
                                       "wikidata": None})
        data["kinds"].append(local_name(row["k"].value))
    for row in store.query(Q_LABELS):
        data = actors.get(row["a"].value)
        label = row["l"]
        if data is None:
            continue
        if row["p"].value.endswith("#label"):
            data["labels"].setdefault(getattr(label, "language", None) or "", label.value)
        if label.value not in data["aliases"]:
            data["aliases"].append(label.value)
    for row in store.query(Q_SAMEAS):
        data = actors.get(row["a"].value)
        if data is not None and data["wikidata"] is None:
            data["wikidata"] = row["w"].value[len(WD_NS):]
    for data in actors.values():
        labels = data.pop("labels")
        data["label"] = next((labels[k] for k in ("en", "", "id") if k in labels),
                             next(iter(sorted(labels.values())), None))
        data["aliases"] = sorted(a for a in data["aliases"] if a != data["label"])
        data["kind"] = next((k for k in KINDS if k in data["kinds"]), "Other")
        del data["kinds"]
    return actors


def _fetch_articles(store):
    articles = {}
    for row in store.query(Q_ARTICLES):
        iri = row["a"].value
        if iri not in articles:
            articles[iri] = {"title": _value(row, "title"), "date": _value(row, "date"),
                             "url": _value(row, "url")}
    return articles


def _fetch_evidence(store, articles):
    """fact iri -> list of evidence dicts (sentence, article, title, url, date)."""
    evidence = {}
    for row in store.query(Q_EVIDENCE):
        article = _value(row, "article")
        meta = articles.get(article, {})
        evidence.setdefault(row["f"].value, []).append({
            "iri": row["ev"].value, "sentence": _value(row, "sentence"), "article": article,
            "title": meta.get("title"), "url": meta.get("url"), "date": meta.get("date")})
    return evidence


def _fetch_facts(store, evidence, as_of=None):
    """Events and roles indexed by (relation, actor) for joining to the shortcut edges, and the
    (relation, a, b) keys that later reports of the events took away (graph/network/asof.py)."""
    from actorgraph.graph.network.asof import apply_histories

    events = {}
    for row in store.query(Q_EVENTS):
        iri = row["e"].value
        fact = events.get(iri)
        if fact is None:
            date = _value(row, "date")
            fact = events[iri] = {
                "iri": iri, "type": None, "relation": local_name(row["rel"].value),
                "status": local_name(_value(row, "status")), "date": date,
                "label": None, "labels": set(), "types": set(), "evidence": evidence.get(iri, []),
                "agents": set(), "targets": set(), "participants": set()}
        if row["label"] is not None:
            fact["labels"].add(row["label"].value)
        if row["type"] is not None:
            fact["types"].add(local_name(row["type"].value))
    for fact in events.values():  # an event reported as a threat and later imposed has two types
        types, labels = fact.pop("types"), sorted(fact.pop("labels"))
        fact["type"] = next((c for c in EVENT_TYPE_ORDER if c in types), min(types, default=None))
        fact["label"] = next((l for l in labels if fact["type"] and l.startswith(
            EVENT_LABEL_START.get(fact["type"], "\0"))), labels[0] if labels else None)
    for row in store.query(Q_PARTICIPANTS):
        fact = events.get(row["e"].value)
        if fact is not None:
            key = {"participant": "participants", "agent": "agents", "target": "targets"}
            fact[key[local_name(row["p"].value)]].add(row["x"].value)
    retired = apply_histories(store, events, as_of)
    by_pair = {}
    for fact in events.values():
        involved = sorted(fact["participants"] | fact["agents"] | fact["targets"])
        for i, a in enumerate(involved):
            for b in involved[i + 1:]:
                by_pair.setdefault((fact["relation"], a, b), []).append(fact)
    roles = {}
    for row in store.query(Q_ROLES):
        iri = row["r"].value
        key = (local_name(row["type"].value), row["holder"].value, row["in"].value)
        start, end = _value(row, "start"), _value(row, "end")
        date = start if not end else f"{start or ''}/{end}"
        roles.setdefault(key, {})[iri] = {
            "iri": iri, "type": "Role", "relation": key[0], "status": local_name(_value(row, "status")),
            "date": date, "start_date": start, "end_date": end, "label": None,
            "evidence": evidence.get(iri, []), "participants": {key[1], key[2]},
            "agents": {key[1]}, "targets": {key[2]}}
    return by_pair, roles, retired


def _facts_of(edge, by_pair, roles):
    """The events and roles that yield the shortcut edge (s, relation, o)."""
    s, rel, o = edge
    found = list(roles.get((rel, s, o), {}).values())
    if rel in SYMMETRIC:
        found += list(roles.get((rel, o, s), {}).values())
    for fact in by_pair.get((rel, min(s, o), max(s, o)), ()):
        wrong_way = (fact["agents"] and s not in fact["agents"]) or (fact["targets"] and o not in fact["targets"])
        if rel not in SYMMETRIC and wrong_way:
            continue
        found.append(fact)
    return found


def _fact_interval(fact, articles):
    """(first day, last day) of a fact; falls back to the dates of the articles reporting it."""
    if fact["type"] == "Role":
        start = parse_date(fact["start_date"]) if fact.get("start_date") else None
        end = parse_date(fact["end_date"], end=True) if fact.get("end_date") else None
        if start or end:
            return start, end  # an open end stays None
    elif fact.get("date"):
        return parse_date(fact["date"]), parse_date(fact["date"], end=True)
    days = sorted(parse_date(ev["date"]) for ev in fact["evidence"] if ev.get("date"))
    return (days[0], days[-1]) if days else (None, None)


def _pick_status(facts):
    """The latest fact's status; on a tie, by name, so the answer does not hang on storage order."""
    latest = max((f for f in facts if f["status"]), key=lambda f: (f.get("start") or "", f["status"]),
                 default=None)
    return latest["status"] if latest else None


def _public_fact(fact):
    keep = ("iri", "type", "label", "status", "date", "start", "end", "evidence", "history", "conflicts")
    out = {k: fact.get(k) for k in keep}
    out["participants"] = sorted(fact["participants"] | fact["agents"] | fact["targets"])
    return out


def _run_user_query(store, sparql):
    """Edges (CONSTRUCT) or nodes (SELECT) named by the user's query."""
    import pyoxigraph as ox

    result = store.query(sparql)
    if isinstance(result, (bool, ox.QueryBoolean)):
        raise QueryError("--query must be a CONSTRUCT or a SELECT query")
    if isinstance(result, ox.QuerySolutions):
        nodes = set()
        for row in result:
            for term in row:
                if isinstance(term, ox.NamedNode):
                    nodes.add(term.value)
        return None, nodes
    # CONSTRUCT or DESCRIBE: QueryTriples here, a list of Triples from a remote endpoint.
    triples, nodes = set(), set()
    for t in result:
        p = t.predicate.value
        if p.startswith(AG_NS) and local_name(p) in RELATIONS and isinstance(t.object, ox.NamedNode):
            triples.add((t.subject.value, local_name(p), t.object.value))
        elif p.endswith("22-rdf-syntax-ns#type") and isinstance(t.subject, ox.NamedNode):
            nodes.add(t.subject.value)
    return triples, nodes


def load_network(store, *, actors=None, depth=1, relations=None, since=None, until=None,
                 articles=None, query=None, include_registry=False, as_of=None):
    """The actor network, filtered; a MultiDiGraph keyed by relation local name.

    ``actors`` (names or IRIs) keeps the actors within ``depth`` steps of them; ``relations`` keeps
    those relation names; ``since``/``until`` keep facts dated in that window (undated facts take
    the dates of the articles reporting them; facts with no date at all are dropped); ``articles``
    keeps edges and evidence from those article IRIs; ``query`` is SPARQL text: a CONSTRUCT's
    relation triples become the edges, a SELECT's IRIs become the nodes with the relations among
    them. Relations found only in the registry graph are left out unless ``include_registry``.
    ``as_of`` (a day) shows the network as it stood then: roles held that day, events reported or
    due by then, each with the status its latest report by then gave.
    """
    import networkx as nx

    if relations:
        unknown = sorted(set(relations) - set(RELATIONS))
        if unknown:
            raise ActorGraphError(f"unknown relation {', '.join(unknown)}; known: {', '.join(RELATIONS)}")
    window = (parse_date(since) if since else None, parse_date(until, end=True) if until else None)
    wanted_articles = set(articles) if articles else None

    actor_data = _fetch_actors(store)
    article_data = _fetch_articles(store)
    evidence = _fetch_evidence(store, article_data)
    if wanted_articles is not None:
        evidence = {f: [e for e in evs if e["article"] in wanted_articles] for f, evs in evidence.items()}
    as_of = parse_date(as_of, end=True) if as_of else None
    by_pair, roles, retired = _fetch_facts(store, evidence, as_of)

    query_edges, query_nodes = _run_user_query(store, query) if query else (None, None)

    edge_graphs = {}
    for row in store.query(Q_EDGES):
        s, rel, o = row["s"].value, local_name(row["p"].value), row["o"].value
        if s == o:
            continue
        if rel in SYMMETRIC and o < s:
            s, o = o, s
        edge_graphs.setdefault((s, rel, o), set()).add(row["g"].value)

    G = nx.MultiDiGraph(name="actorgraph")
    for (s, rel, o), graphs in edge_graphs.items():
        if relations and rel not in relations:
            continue
        if not include_registry:
            graphs = graphs - {REGISTRY_GRAPH}
        if wanted_articles is not None:
            graphs = graphs & wanted_articles
        if not graphs:
            continue
        if query_edges is not None and (s, rel, o) not in query_edges and (o, rel, s) not in query_edges:
            continue
        if query_nodes is not None and query_edges is None and not (s in query_nodes and o in query_nodes):
            continue
        attributes = _edge_attributes((s, rel, o), graphs, window, by_pair, roles, article_data,
                                      as_of=as_of, retired=retired)
        if attributes is None:
            continue
        for node in (s, o):
            if node not in G:
                G.add_node(node, **_node_attributes(node, actor_data))
        G.add_edge(s, o, key=rel, **attributes)

    if query_nodes:
        for node in query_nodes:
            if node in actor_data and node not in G:
                G.add_node(node, **_node_attributes(node, actor_data))
    if actors:
        G = _ego_network(G, actors, depth, actor_data)
    for node, degree in G.degree():
        G.nodes[node]["degree"] = degree
    return G


def _inside(interval, window):
    """Whether a (start, end) interval, either end open (None), overlaps the window."""
    start, end = interval
    return ((start or end) is not None
            and (window[0] is None or (end or "9999-12-31") >= window[0])
            and (window[1] is None or (start or "0000-01-01") <= window[1]))


def _edge_attributes(edge, graphs, window, by_pair, roles, article_data, as_of=None, retired=()):
    """Attributes of one shortcut edge from the facts behind it, or None if the window (or a
    later report, or ``as_of``) drops it."""
    from actorgraph.graph.network.asof import known_by, role_held_on

    rel = edge[1]
    facts = []
    behind = _facts_of(edge, by_pair, roles)
    if as_of:
        role_facts = [f for f in behind if f["type"] == "Role"]
        held = {id(f) for f in role_held_on(role_facts, as_of)}
        behind = [f for f in behind if f["type"] != "Role" or id(f) in held]
        if not behind and (role_facts or not known_by(
                [article_data.get(g, {}).get("date") for g in graphs], as_of)):
            return None
    if not behind and ((rel, min(edge[0], edge[2]), max(edge[0], edge[2])) in retired):
        return None   # its events now read otherwise (a plan since held, a meeting since denied)
    for fact in behind:
        fact = dict(fact)
        if as_of and fact["type"] == "Role":
            fact["status"] = "Current"      # held that day, whatever it is now
        fact["start"], fact["end"] = _fact_interval(fact, article_data)
        if window == (None, None) or _inside((fact["start"], fact["end"]), window):
            facts.append(fact)
    if facts:
        starts = [f["start"] for f in facts if f["start"]]
        ends = [f["end"] for f in facts if f["end"]]
    elif behind:
        return None  # it has facts, none in the window
    else:  # a bare shortcut: dated by the articles that state it
        starts = ends = sorted(parse_date(article_data[g]["date"]) for g in graphs
                               if article_data.get(g, {}).get("date"))
        if window != (None, None) and not _inside((min(starts, default=None), max(ends, default=None)),
                                                  window):
            return None
    seen, evidence = set(), []
    for fact in facts:
        for ev in fact["evidence"]:
            if ev["iri"] not in seen:
                seen.add(ev["iri"])
                evidence.append({k: ev[k] for k in ("sentence", "article", "title", "url", "date")})
    return {"relation": rel, "symmetric": rel in SYMMETRIC, "status": _pick_status(facts),
            "statuses": sorted({f["status"] for f in facts if f["status"]}),
            "dates": sorted({f["date"] for f in facts if f.get("date")}),
            "start": min(starts, default=None), "end": max(ends, default=None),
            "evidence": evidence, "facts": [_public_fact(f) for f in facts],
            "conflicts": [c for f in facts for c in f.get("conflicts") or ()],
            "articles": sorted(graphs - {REGISTRY_GRAPH})}


def _node_attributes(iri, actor_data):
    data = actor_data.get(iri)
    if data is None:
        label = iri.rstrip("/").rsplit("/", 1)[-1]
        return {"iri": iri, "label": label, "kind": "Other", "aliases": [], "wikidata": None}
    return {"iri": iri, "label": data["label"] or iri, "kind": data["kind"],
            "aliases": list(data["aliases"]), "wikidata": data["wikidata"]}


def _ego_network(G, names, depth, actor_data):
    """The actors within ``depth`` undirected steps of the named ones, with the edges among them."""
    centres = []
    for name in names:
        iri = resolve_actor(actor_data, name) if name not in G else name
        if iri not in G:
            G.add_node(iri, **_node_attributes(iri, actor_data))
        centres.append(iri)
    undirected = G.to_undirected(as_view=True)
    keep = set(centres)
    frontier = set(centres)
    for _ in range(max(0, int(depth))):
        frontier = {n for f in frontier for n in undirected.neighbors(f)} - keep
        if not frontier:
            break
        keep |= frontier
    sub = G.subgraph(keep).copy()
    sub.graph["centres"] = centres
    return sub
