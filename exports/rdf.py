"""RDF exports: Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML.

What is exported: the article graphs and imported graphs, with the description of every actor
they mention (from the actors and registry graphs: graph/store/actors.py) and the shortcut edges
they state (from the relations graph: graph/store/relations.py), so an export reads on its own; ``include_registry`` adds the whole registry graph; ``articles`` and ``since``/``until``
(by the article's dcterms:date) narrow it to some articles. The output is stable so two exports
of the same store diff cleanly: rdflib writes Turtle, TriG, JSON-LD and RDF/XML from sorted
input with the project's prefixes; N-Triples and N-Quads are written by Oxigraph as sorted lines,
which stays fast on big stores.
"""

import datetime

from actorgraph.ontology import ACTORS_GRAPH, REGISTRY_GRAPH, RELATIONS_GRAPH
from actorgraph.graph.errors import ActorGraphError
from actorgraph.graph.store.serialize import (_rdflib_bytes, _sorted_lines, new_graph, rdflib_graph,
                                               serialize_triples)


def select_graphs(store, *, articles=None, since=None, until=None, include_registry=False, as_of=None):
    """The IRIs of the graphs an export covers, sorted; ``as_of`` keeps the articles published
    by that day (what was known then)."""
    if as_of and (not until or _day(as_of) < _day(until)):
        until = as_of
    present = set(store.graph_iris())
    if articles:
        from actorgraph.graph.store.named import resolve_article

        chosen = set()
        for ref in articles:
            found = resolve_article(store, ref)
            if not found:
                raise ActorGraphError(f"no article {ref!r} in the store (give its IRI, URL or "
                                      "source path)")
            chosen.update(found)
    else:
        chosen = present - {REGISTRY_GRAPH, ACTORS_GRAPH, RELATIONS_GRAPH}
    if since or until:
        dated = article_dates(store)
        chosen = {g for g in chosen if g in dated and _within(dated[g], since, until)}
    if include_registry and REGISTRY_GRAPH in present:
        chosen.add(REGISTRY_GRAPH)
    return sorted(chosen & present)


def article_dates(store):
    """{article graph IRI: 'YYYY-MM-DD'} from each article's dcterms:date in its own graph."""
    rows = store.query("SELECT ?g ?date WHERE { GRAPH ?g { ?g a ag:Article ; "
                       "dcterms:date ?date } }")
    return {row["g"].value: row["date"].value for row in rows}


def _within(date, since, until):
    day = str(date)[:10]
    if since and day < _day(since):
        return False
    return not (until and day[: len(_day(until))] > _day(until))


def _day(value):
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def collect_quads(store, **selection):
    """The pyoxigraph Quads of the selected graphs, of the description of the actors they mention
    (in the actors or registry graph, where the store keeps it) and of the edges they state (in
    the relations graph)."""
    from actorgraph.graph.store.actors import actor_quads
    from actorgraph.graph.store.relations import edge_quads

    quads = list(store.graph_quads(select_graphs(store, **selection)))
    return list(dict.fromkeys(quads + actor_quads(store, quads) + edge_quads(store, quads)))


# --- terms ----------------------------------------------------------------------------------


def _merged(store, options):
    return {q.triple for q in collect_quads(store, **options)}


# --- writers (the functions the exporter table names) -----------------------------------------

def write_turtle(store, stream, **options):
    """Merged Turtle with the project's prefixes, subjects sorted."""
    stream.write(serialize_triples(_merged(store, options), "turtle"))


def write_nt(store, stream, **options):
    """Merged N-Triples, one sorted line per distinct triple."""
    stream.write(_sorted_lines(list(_merged(store, options)), "N_TRIPLES"))


def write_nquads(store, stream, **options):
    """N-Quads keeping each triple's graph, sorted lines."""
    stream.write(_sorted_lines(collect_quads(store, **options), "N_QUADS"))


def write_jsonld(store, stream, **options):
    """Merged JSON-LD, compacted with the project's prefixes."""
    stream.write(serialize_triples(_merged(store, options), "jsonld"))


def write_xml(store, stream, **options):
    """Merged RDF/XML."""
    stream.write(serialize_triples(_merged(store, options), "xml"))


def write_trig(store, stream, **options):
    """TriG with one block per graph, graphs and subjects sorted."""
    from rdflib import Dataset, URIRef

    dataset = new_graph(Dataset)
    by_graph = {}
    for quad in collect_quads(store, **options):
        by_graph.setdefault(quad.graph_name.value, []).append(quad)
    for name in sorted(by_graph):
        rdflib_graph(by_graph[name], dataset.graph(URIRef(name)))
    stream.write(_rdflib_bytes(dataset, "trig"))
