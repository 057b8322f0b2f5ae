"""Sorted, stable serialisation of pyoxigraph triples and quads through rdflib: the one place
that turns store terms into rdflib terms and bytes, for exports and CONSTRUCT results."""

from actorgraph.graph.errors import ActorGraphError
from actorgraph.ontology import PREFIXES


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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
