"""The actorgraph ontology: file locations and closed namespaces over its terms."""

from importlib import resources

ONTOLOGY_IRI = "https://w3id.org/actorgraph/ontology"
AG_NS = "https://w3id.org/actorgraph/ontology#"
ID_NS = "https://w3id.org/actorgraph/id/"
WD_NS = "http://www.wikidata.org/entity/"
PLOVER_NS = "https://w3id.org/actorgraph/plover#"
SHAPES_NS = "https://w3id.org/actorgraph/shapes#"  # names of the SHACL shapes in shapes.ttl
REGISTRY_GRAPH = ID_NS + "graph/registry"
ACTORS_GRAPH = ID_NS + "graph/actors"  # descriptions of the actors articles mention, once
RELATIONS_GRAPH = ID_NS + "graph/relations"  # the shortcut edges articles state, once
EDGE_NS = ID_NS + "edge/"  # keys of shortcut edges: what an article graph says it states

PREFIXES = {
    "ag": AG_NS,
    "agid": ID_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "plover": PLOVER_NS,
    "wd": WD_NS,
}


def data_path(name):
    """Path of a Turtle file shipped in this package (actorgraph.ttl, shapes.ttl, plover.ttl)."""
    return resources.files(__name__).joinpath(name)


def sparql_prefixes():
    """PREFIX lines predeclared for every query the tool runs."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
