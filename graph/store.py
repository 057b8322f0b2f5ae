"""The graph store: one named graph per article, the union as the default graph.

``open_store`` picks the backend from the location: a directory (embedded Oxigraph on disk),
``:memory:`` (embedded, in memory: tests and ``eval``), or an ``http(s)://`` SPARQL endpoint.
Every backend offers the same small API so the rest of the library never sees which it is.
"""

from ontology import PREFIXES
from graph.errors import QueryError, StoreError


class Store:
    """The API every backend offers (the embedded one below is the reference)."""

    def replace_graph(self, graph_iri, ntriples):
        """Replace the named graph with the N-Triples text, atomically."""
        raise NotImplementedError

    def remove_graph(self, graph_iri):
        raise NotImplementedError

    def query(self, sparql, substitutions=None):
        """Run a read-only query over the union graph; pyoxigraph results (solutions, triples, bool)."""
        raise NotImplementedError

    def graph_iris(self):
        raise NotImplementedError

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class EmbeddedStore(Store):
    """Oxigraph in this process, on disk or in memory."""

    def __init__(self, path=None, read_only=False):
        import pyoxigraph as ox

        self._ox = ox
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from None
        self.path = path

    def replace_graph(self, graph_iri, ntriples):
        ox = self._ox
        g = ox.NamedNode(graph_iri)
        quads = [ox.Quad(t.subject, t.predicate, t.object, g)
                 for t in ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
        # FIXME(store issue): make removal + insertion one transaction.
        self.remove_graph(graph_iri)
        self._store.extend(quads)

    def remove_graph(self, graph_iri):
        g = self._ox.NamedNode(graph_iri)
        if self._store.contains_named_graph(g):
            self._store.remove_graph(g)

    def query(self, sparql, substitutions=None):
        try:
            return self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True,
                                     substitutions=substitutions)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None

    def graph_iris(self):
        return [g.value for g in self._store.named_graphs()]

    def close(self):
        if self.path is not None:
            try:
                self._store.flush()
            except (OSError, AttributeError):
                pass


def open_store(location, read_only=False):
    """Open the store at a directory, ``:memory:`` or an http(s) endpoint URL."""
    location = str(location)
    if location == ":memory:":
        return EmbeddedStore(None)
    if location.startswith(("http://", "https://")):
        from graph.remote import RemoteStore

        return RemoteStore(location)
    return EmbeddedStore(location, read_only=read_only)
