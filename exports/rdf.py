"""RDF exports: Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML.

What is exported: the article graphs and imported graphs (each already describes the actors it
mentions); ``include_registry`` adds the registry graph; ``articles`` and ``since``/``until``
(by the article's dcterms:date) narrow it to some articles. The output is stable so two exports
of the same store diff cleanly: rdflib writes Turtle, TriG, JSON-LD and RDF/XML from sorted
input with the project's prefixes; N-Triples and N-Quads are written by Oxigraph as sorted lines,
which stays fast on big stores.
"""

import datetime

from ontology import PREFIXES, REGISTRY_GRAPH
from graph.errors import ActorGraphError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def select_graphs(store, *, articles=None, since=None, until=None, include_registry=False):
    """The IRIs of the graphs an export covers, sorted."""
    present = set(store.graph_iris())
    if articles:
        from graph.named import resolve_article

        chosen = set()
        for ref in articles:
            found = resolve_article(store, ref)
            if not found:
                raise ActorGraphError(f"no article {ref!r} in the store (give its IRI, URL or "
                                      "source path)")
            chosen.update(found)
    else:
        chosen = present - {REGISTRY_GRAPH}
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
    """The pyoxigraph Quads of the selected graphs."""
    return list(store.graph_quads(select_graphs(store, **selection)))


# --- terms ----------------------------------------------------------------------------------

def to_rdflib(term):
    """A pyoxigraph term as the rdflib term rdflib's own parser would make."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ActorGraphError(f"cannot export the RDF-star term {term}")


def rdflib_graph(triples, graph=None):
    """An rdflib Graph of pyoxigraph triples (or quads), added in sorted order."""

    graph = graph if graph is not None else new_graph()
    for t in sorted(triples, key=_sort_key):
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def new_graph(cls=None):
    """An rdflib Graph (or Dataset) bound to the project's prefixes."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="core") if cls is None else cls()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def _sort_key(t):
    return (str(t.subject), str(t.predicate), str(t.object))


def serialize_triples(triples, fmt):
    """Bytes of triples in turtle, nt, jsonld or xml (also used for CONSTRUCT results)."""
    triples = list(triples)
    if fmt == "nt":
        return _sorted_lines(triples, "N_TRIPLES")
    return _rdflib_bytes(rdflib_graph(triples), fmt)


def _rdflib_bytes(graph, fmt):
    import io

    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True,
                               encoding="utf-8", sort_keys=True, indent=2)
    if fmt == "xml":
        return graph.serialize(format="pretty-xml", encoding="utf-8")
    out = io.BytesIO()
    _sorted_serializer(fmt)(graph).serialize(out, encoding="utf-8")
    return out.getvalue()


def _sorted_serializer(fmt):
    """rdflib's Turtle or TriG serializer with subjects in IRI order.

    rdflib orders subjects by how often they are referenced, so one new reference moves a block
    and the diff of two exports grows; plain IRI order keeps each block in its place.
    """
    from rdflib import BNode
    from rdflib.plugins.serializers.trig import TrigSerializer
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    base = TrigSerializer if fmt == "trig" else TurtleSerializer

    class SortedSerializer(base):
        def orderSubjects(self):
            def key(subject):
                blank = isinstance(subject, BNode)
                return (blank, self._references[subject] if blank else 0, str(subject))

            return sorted(self._subjects, key=key)

    return SortedSerializer


def _sorted_lines(items, fmt):
    import pyoxigraph as ox

    text = ox.serialize(items, format=getattr(ox.RdfFormat, fmt)).decode("utf-8")
    lines = sorted(set(text.splitlines()))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


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
