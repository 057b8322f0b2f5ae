"""Stores built from the hand-written Turtle in tests/data/network*/, one file per named graph.

A file called ``registry.ttl`` fills the registry graph; ``<16 hex>.ttl`` fills the graph of the
article ``id/article/<16 hex>``. Shared by the network, analysis and export tests.
"""

from pathlib import Path

import pyoxigraph as ox

from actorgraph.graph.store import open_store
from actorgraph.ontology import ID_NS, REGISTRY_GRAPH

DATA = Path(__file__).parent / "data"


def graph_iri(path):
    return REGISTRY_GRAPH if path.stem == "registry" else f"{ID_NS}article/{path.stem}"


def turtle_to_ntriples(text):
    triples = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def load_store(*names, location=":memory:"):
    """A store holding the graphs of the named fixture folders (default: ``network``)."""
    store = open_store(location)
    for name in names or ("network",):
        for path in sorted((DATA / name).glob("*.ttl")):
            store.replace_graph(graph_iri(path), turtle_to_ntriples(path.read_text("utf-8")))
    return store
