"""What every store offers (embedded Oxigraph or a SPARQL endpoint) and the N-Triples helpers
both use to write a named graph."""

import re

from actorgraph.graph.errors import QueryError, StoreError


class Store:
    """The API every backend offers (the embedded one below is the reference)."""

    read_only = False

    def replace_graph(self, graph_iri, ntriples):
        """Replace the named graph with the N-Triples text, atomically."""
        raise NotImplementedError

    def replace_graphs(self, items):
        """Replace several article graphs, [(graph IRI, N-Triples, actors N-Triples, edges
        N-Triples)], adding the actors' descriptions to the actors graph and the edges to the
        relations graph, and pruning what the old versions alone backed there: one SPARQL UPDATE,
        so one transaction on the endpoint. The embedded store overrides it with faster loads."""
        from actorgraph.graph.store.actors import mentioned_by

        stale = mentioned_by(self, [item[0] for item in items])
        ops = []
        for item in items:
            graph, triples = parse_ntriples(item[0], item[1])
            ops.append(replace_update(graph, ntriples_body(triples)))
            ops += shared_inserts(item)
        if stale:
            ops.append(prune_shared(stale))
        if ops:
            self.update(" ;\n".join(ops))

    def remove_graph(self, graph_iri):
        """Drop the named graph and what only it backed in the actors graph; True when it existed."""
        raise NotImplementedError

    def extend_graph(self, graph_iri, triples):
        """Add pyoxigraph Triples to the named graph in one transaction (big imports, by chunks)."""
        raise NotImplementedError

    def query(self, sparql, substitutions=None):
        """Run a read-only query over the union graph; pyoxigraph results (solutions, triples, bool)."""
        raise NotImplementedError

    def update(self, sparql):
        """Run a SPARQL UPDATE as one transaction."""
        raise NotImplementedError

    def graph_iris(self):
        """The IRIs of the named graphs, sorted."""
        raise NotImplementedError

    def graph_quads(self, graph_iris=None):
        """Iterate the pyoxigraph Quads of the given named graphs (all named graphs by default)."""
        raise NotImplementedError

    def flush(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        try:
            self.close()
        except StoreError:
            if exc_type is None:  # else keep the first error: closing failed because of it
                raise


def syntax_error(text, message, what="SPARQL"):
    """A QueryError naming line, column and the offending line of a parser message 'error at L:C: …'."""
    message = str(message)
    found = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not found:
        return QueryError(f"{what} syntax error: {_shorten(message)}")
    line, column, reason = int(found[1]), int(found[2]), found[3]
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * (max(column, 1) - 1) + "^"
    return QueryError(f"{what} syntax error at line {line}, column {column}: {_shorten(reason)}\n"
                      f"  {shown}\n  {caret}")


def _shorten(reason):
    """Oxigraph lists every acceptable character class; keep the readable head of it."""
    reason = " ".join(reason.split())
    cut = reason.find(", [")
    if cut > 0:
        reason = reason[:cut] + ", …"
    return reason if len(reason) <= 200 else reason[:200] + "…"


class PlainNTriples(str):
    """N-Triples text as graph/build.py writes it: one statement a line, each line ending in
    ' .\n', no comments or blank lines. A store may then turn it into N-Quads with one replace
    (embedded._as_quads) instead of a Python loop over the lines."""

    __slots__ = ()


def parse_ntriples(graph_iri, ntriples):
    """Parse N-Triples into (graph NamedNode, triples); StoreError if malformed."""
    import pyoxigraph as ox

    try:
        graph = ox.NamedNode(graph_iri)
    except ValueError as exc:
        raise StoreError(f"invalid graph IRI {graph_iri!r}: {exc}") from None
    data = ntriples.encode("utf-8") if isinstance(ntriples, str) else ntriples
    try:
        triples = [quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    except SyntaxError as exc:
        raise StoreError(f"graph <{graph_iri}> is not valid N-Triples: {exc}") from None
    return graph, triples


def ntriples_body(triples):
    """Canonical N-Triples of parsed triples: safe to embed in INSERT DATA or send over HTTP."""
    import pyoxigraph as ox

    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def shared_inserts(item):
    """The INSERT DATA operations adding an article's share of the actors graph (item[2]) and of
    the relations graph (item[3]) of a replace_graphs item, checked as N-Triples."""
    from actorgraph.ontology import ACTORS_GRAPH, RELATIONS_GRAPH

    ops = []
    for graph_iri, text in zip((ACTORS_GRAPH, RELATIONS_GRAPH), item[2:4]):
        if text.strip():
            graph, triples = parse_ntriples(graph_iri, text)
            ops.append(f"INSERT DATA {{ GRAPH {graph} {{\n{ntriples_body(triples)}\n}} }}")
    return ops


def prune_shared(actor_iris):
    """The UPDATE operations dropping from the actors and relations graphs what no graph backs
    any more of these actors (those the replaced or removed graphs mentioned): run after the
    write, in the same request."""
    from actorgraph.graph.store import actors, relations

    return actors.prune_update(actor_iris) + " ;\n" + relations.prune_update(actor_iris)


def replace_update(graph, body):
    """The SPARQL UPDATE that swaps one named graph's content in a single transaction."""
    if not body.strip():
        return f"DROP SILENT GRAPH {graph}"
    return f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}}} }}"
