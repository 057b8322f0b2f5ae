"""The relations graph: each shortcut edge (``<a> ag:metWith <b>``) once, however many articles
state it.

Oxigraph 0.5 walks a triple once per graph holding it when it queries the union default graph
(oxigraph#1919). With every article graph repeating the edges it states, a 2-hop walk out of a
much-reported actor joined a million rows to find fifteen thousand neighbours (bench/RESULTS.md).
So an article graph says only which edges it states, ``<article> ag:states <id/edge/KEY>``, where
KEY is the first 16 hex digits of the SHA-256 of ``subject|relation|object`` (a key SPARQL can
compute too: ``EDGE_KEY``); the edge itself is in the relations graph. Writes add edges in the
same transaction as the article graphs, and replacing or removing an article drops, in that
transaction, the edges no remaining graph states. Exports and ``eval`` put the edges back next
to the articles that state them (``edge_quads``).
"""

import hashlib

from actorgraph.graph.store.actors import iri_chunks
from actorgraph.ontology import AG_NS, EDGE_NS, RELATIONS_GRAPH

STATES = AG_NS + "states"
# The key of the edge ?s ?p ?o, computed by the SPARQL engine: the same as edge_key in Python.
EDGE_KEY = (f'IRI(CONCAT("{EDGE_NS}", SUBSTR(SHA256(CONCAT(STR(?s), "|", STR(?p), "|", '
            'STR(?o))), 1, 16)))')


def edge_key(subject, relation, obj):
    """The IRI naming the edge (three IRIs, as stored): what ``ag:states`` points to."""
    digest = hashlib.sha256(f"{subject}|{relation}|{obj}".encode("utf-8")).hexdigest()[:16]
    return EDGE_NS + digest


def prune_update(actor_iris):
    """SPARQL UPDATE operations dropping from the relations graph the edges out of these actors
    that no graph states any more. Run after the write that may have orphaned them, in the same
    request (one transaction). Every edge's subject is an actor its article mentions, so the
    actors the old graphs mentioned cover every edge they stated."""
    ops = []
    r = f"<{RELATIONS_GRAPH}>"
    for values in iri_chunks(actor_iris):
        ops.append(f"DELETE {{ GRAPH {r} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values} }} "
                   f"GRAPH {r} {{ ?s ?p ?o }} BIND({EDGE_KEY} AS ?key) "
                   f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?article <{STATES}> ?key }} }} }}")
    return " ;\n".join(ops)


def edge_quads(store, quads):
    """The relations graph's quads for the edges that ``quads`` (some article graphs) state: an
    export of some articles carries the edges they state, and no others."""
    import pyoxigraph as ox

    keys = {q.object.value for q in quads if q.predicate.value == STATES}
    subjects = {q.object.value for q in quads if q.predicate.value == AG_NS + "mentions"}
    graph = ox.NamedNode(RELATIONS_GRAPH)
    found = []
    for values in iri_chunks(subjects):
        rows = store.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} "
                           f"GRAPH <{RELATIONS_GRAPH}> {{ ?s ?p ?o }} }}")
        for row in rows:
            s, p, o = row["s"], row["p"], row["o"]
            if isinstance(o, ox.NamedNode) and edge_key(s.value, p.value, o.value) in keys:
                found.append(ox.Quad(s, p, o, graph))
    return found
