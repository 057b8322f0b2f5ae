"""The graph store: one named graph per article, the union as the default graph.

``open_store`` picks the backend from the location: a directory (embedded Oxigraph on disk),
``:memory:`` (embedded, in memory: tests and ``eval``), or an ``http(s)://`` SPARQL endpoint.
Every backend offers the same small API so the rest of the library never sees which it is.

Writes are atomic per graph: ``replace_graph`` sends one SPARQL UPDATE
(``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { … } }``), which Oxigraph runs as one
transaction, or, for a graph not yet in the store, one ``extend`` (also one transaction), so a
process killed mid-build leaves every article wholly in or wholly out.
RocksDB lets one process write a store; a second writer waits (``wait``) or fails with the pid
of the holder. Readers open the store read-only and never block a writer.

Measured (pyoxigraph 0.5.13, 2 cores): swapping 3,000 graphs of 60 triples on disk took 5.9 s as
one UPDATE each against 4.9 s for the non-atomic remove_graph + extend, so atomicity costs ~20%.
Pyoxigraph calls a read-only open beside a writer undefined behaviour; with a writer replacing
200 graphs in a loop, 4 of 61 read-only opens failed with a transient "No such file" (compaction
removed a file the reader was about to open), none of the 57 that opened saw a torn graph, and
an open took 0.7 s instead of 0.1 s. So read-only opens are retried, and the read-only query
commands run beside a build, seeing the store as it was when they opened it.
Oxigraph 0.5 counts a triple once per graph it is in when querying the union default graph
(oxigraph#1919, fixed upstream for 0.6). Actors are described once (graph/store/actors.py) and
shortcut edges stated once (graph/store/relations.py), but a merged event reported by several
articles is in each of their graphs, and the registry may say an edge an article states too:
queries still need DISTINCT or COUNT(DISTINCT …).
"""

import os

import time

from actorgraph.ontology import ACTORS_GRAPH, PREFIXES, RELATIONS_GRAPH
from actorgraph.graph.errors import StoreError, StoreUnavailableError
from actorgraph.graph.store.base import (PlainNTriples, Store, ntriples_body, parse_ntriples,
                                          prune_shared, replace_update, shared_inserts,
                                          syntax_error)

# Quads written since the last flush after which the store flushes by itself: a big unflushed
# write makes the next process replay the whole write-ahead log when it opens the store, and
# RocksDB's memtables grow until then. Measured building 200 / 2,000 / 5,000 articles: peak RSS
# 139 / 316 MB with 200,000 against 138 / 184 / 211 MB with 50,000, and no slower.
FLUSH_EVERY = 50_000
# Quads written in one session after which closing compacts the store: thousands of small
# transactions leave many small files, and queries then ran 1.6x slower until compaction.
OPTIMIZE_AFTER = 100_000
# ... provided the session grew the store's files by this share of what they were at opening.
# Compaction rewrites the whole store: on 1.2M quads, closing after adding 300 articles (120,000
# quads) took 4.1 s to compact for queries 10-18% faster; on a store a hundred times bigger it
# would take minutes for the same small gain, so a small addition leaves it to RocksDB's own
# background compaction.
OPTIMIZE_GROWTH = 0.25
LOCK_POLL_SECONDS = 0.25
READ_ONLY_TRIES = 5


def lock_holder(path):
    """The pid holding RocksDB's LOCK file of the store at path (Linux /proc/locks), or None."""
    try:
        info = os.stat(os.path.join(path, "LOCK"))
        with open("/proc/locks", encoding="ascii") as locks:
            rows = locks.read().splitlines()
    except OSError:
        return None
    wanted = (os.major(info.st_dev), os.minor(info.st_dev), info.st_ino)
    for row in rows:
        fields = row.split()
        if "->" in fields:  # a blocked waiter, not the holder
            continue
        try:
            pid, device = int(fields[4]), fields[5].split(":")
            if (int(device[0], 16), int(device[1], 16), int(device[2])) == wanted:
                return pid
        except (IndexError, ValueError):
            continue
    return None


def _is_lock_error(exc):
    text = str(exc)
    return "LOCK" in text and ("unavailable" in text.lower() or "lock hold" in text.lower())


def _is_store(path):
    return os.path.isfile(os.path.join(path, "CURRENT"))


class EmbeddedStore(Store):
    """Oxigraph in this process, on disk or in memory."""

    def __init__(self, path=None, read_only=False, wait=0.0, on_wait=None):
        import pyoxigraph as ox

        self._ox = ox
        self.path = None if path is None else str(path)
        self.read_only = bool(read_only and path is not None)
        self._pending = self._written = 0
        self.bulk = False    # set by a build into an empty store: new graphs go in by bulk load
        if path is None:
            self._store = ox.Store()
        elif self.read_only:
            self._store = self._open_read_only()
        else:
            self._store = self._open_writable(wait, on_wait)
            self._opened_bytes = _data_bytes(self.path)
            # the only writer now: what a killed chunked import left can go (graph/store/imports.py)
            from actorgraph.graph.store.imports import drop_incomplete_imports

            drop_incomplete_imports(self)

    def _open_read_only(self):
        if not _is_store(self.path):
            raise StoreError(f"no store at {self.path}: build one first (actorgraph build …)")
        # A writer may delete files between our reading the manifest and opening them; the
        # error is transient, so try again a few times before giving up.
        for attempt in range(READ_ONLY_TRIES):
            try:
                return self._ox.Store.read_only(self.path)
            except (OSError, RuntimeError) as exc:
                last = exc
                time.sleep(0.1 * (attempt + 1))
        raise StoreError(f"cannot open store {self.path} read-only: {_first_line(last)}")

    def _open_writable(self, wait, on_wait):
        if os.path.exists(self.path) and not os.path.isdir(self.path):
            raise StoreError(f"cannot open store {self.path}: not a directory")
        deadline = time.monotonic() + max(float(wait or 0), 0.0)
        told = False
        while True:
            try:
                os.makedirs(self.path, exist_ok=True)
                return self._ox.Store(self.path)
            except (OSError, RuntimeError) as exc:
                if not _is_lock_error(exc):
                    raise StoreError(f"cannot open store {self.path}: {_first_line(exc)}") from None
                pid = lock_holder(self.path)
                holder = f"pid {pid}" if pid else "pid unknown"
                if pid == os.getpid():
                    raise StoreError(f"store {self.path} is already open in this process") from None
                if time.monotonic() >= deadline:
                    hint = " (waited in vain)" if wait else "; retry later or pass --wait SECONDS"
                    raise StoreError(f"store {self.path} is in use by another process ({holder})"
                                     f"{hint}") from None
                if on_wait and not told:
                    on_wait(f"store {self.path} is in use by another process ({holder}); waiting…")
                    told = True
                time.sleep(LOCK_POLL_SECONDS)

    def _check_writable(self):
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")

    def _run_update(self, sparql, prefixes=None):
        try:
            self._store.update(sparql, prefixes=prefixes)
        except SyntaxError as exc:
            raise syntax_error(sparql, exc, "SPARQL UPDATE") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise _write_failed(self.path, exc) from None

    def replace_graph(self, graph_iri, ntriples):
        self._check_writable()
        graph, triples = parse_ntriples(graph_iri, ntriples)
        ox = self._ox
        if triples and not self._store.contains_named_graph(graph):
            # A new graph: extend() is one transaction too, and lighter than a big UPDATE.
            try:
                self._store.extend([ox.Quad(t.subject, t.predicate, t.object, graph)
                                    for t in triples])
            except (OSError, RuntimeError) as exc:
                raise _write_failed(self.path, exc) from None
        else:
            self._run_update(replace_update(graph, ntriples_body(triples)))
        self._note_written(len(triples))

    def replace_graphs(self, items):
        """[(graph IRI, N-Triples, actors N-Triples, edges N-Triples)]: each article graph with
        the descriptions it adds to the actors graph and the edges it adds to the relations graph.
        One transaction (a load, or a bulk load while ``bulk``) for the graphs new to the store,
        one UPDATE for those that replace old ones and the pruning of what their old versions
        alone backed in the actors and relations graphs."""
        from actorgraph.graph.store.actors import mentioned_by

        self._check_writable()
        ox = self._ox
        fresh, old, olds, count = [], [], [], 0
        for item in items:
            graph_iri, ntriples = item[0], item[1]
            actors = item[2] if len(item) > 2 else ""
            edges = item[3] if len(item) > 3 else ""
            try:
                graph = ox.NamedNode(graph_iri)
            except ValueError as exc:
                raise StoreError(f"invalid graph IRI {graph_iri!r}: {exc}") from None
            if ntriples.strip() and not self._store.contains_named_graph(graph):
                # N-Triples line "s p o ." becomes the N-Quads line "s p o <g> ."; the parser
                # then checks every line, and one load() is one transaction for the batch
                fresh += _as_quads(ntriples, f" {graph} .")
                fresh += _as_quads(actors, f" <{ACTORS_GRAPH}> .")
                fresh += _as_quads(edges, f" <{RELATIONS_GRAPH}> .")
            else:
                graph, triples = parse_ntriples(graph_iri, ntriples)
                count += len(triples)
                old.append(replace_update(graph, ntriples_body(triples)))
                old += shared_inserts(item)
                olds.append(graph_iri)
        if fresh:
            count += len(fresh)
            data = ("\n".join(fresh) + "\n").encode("utf-8")
            try:
                if self.bulk:  # one bulk load below its batch size is one atomic SST ingestion
                    self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
                else:
                    self._store.load(data, format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise StoreError(f"a graph of the batch is not valid N-Triples: {exc}") from None
            except (OSError, RuntimeError) as exc:
                raise _write_failed(self.path, exc) from None
        if old:
            stale = mentioned_by(self, olds)
            if stale:
                old.append(prune_shared(stale))
            self._run_update(" ;\n".join(old))
        self._note_written(count)

    def extend_graph(self, graph_iri, triples):
        self._check_writable()
        ox = self._ox
        graph = ox.NamedNode(graph_iri)
        try:
            self._store.extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples])
        except (OSError, RuntimeError) as exc:
            raise _write_failed(self.path, exc) from None
        self._note_written(len(triples))

    def remove_graph(self, graph_iri):
        """Drop the graph and, in the same transaction, what only it backed in the actors and
        relations graphs."""
        from actorgraph.graph.store.actors import mentioned_by

        self._check_writable()
        graph = self._ox.NamedNode(graph_iri)
        if not self._store.contains_named_graph(graph):
            return False
        stale = mentioned_by(self, [graph_iri])
        self._run_update(f"DROP SILENT GRAPH {graph}" + (" ;\n" + prune_shared(stale) if stale else ""))
        return True

    def update(self, sparql):
        self._check_writable()
        self._run_update(sparql, prefixes=PREFIXES)
        self._note_written(1)

    def query(self, sparql, substitutions=None):
        try:
            return self._store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True,
                                     substitutions=substitutions)
        except SyntaxError as exc:
            raise syntax_error(sparql, exc) from None
        except (OSError, RuntimeError) as exc:
            raise self._read_error(exc) from None

    def _read_error(self, exc):
        if self.read_only and "No such file" in str(exc):
            return StoreError(f"store {self.path} changed under this read-only query (a build is "
                              "writing it); run the query again")
        return StoreError(f"reading store {self.path or ':memory:'} failed: {_first_line(exc)}")

    def graph_iris(self):
        return sorted(g.value for g in self._store.named_graphs()
                      if isinstance(g, self._ox.NamedNode))

    def graph_quads(self, graph_iris=None):
        ox = self._ox
        names = self.graph_iris() if graph_iris is None else graph_iris
        for name in names:
            yield from self._store.quads_for_pattern(None, None, None, ox.NamedNode(name))

    def __len__(self):
        return len(self._store)

    def _note_written(self, count):
        self._pending += count
        self._written += count
        if self.path is not None and self._pending >= FLUSH_EVERY:
            self.flush()

    def flush(self):
        if self.path is not None and not self.read_only and self._pending:
            try:
                self._store.flush()
            except OSError as exc:
                raise StoreUnavailableError(f"flushing store {self.path} failed: "
                                            f"{_first_line(exc)}") from None
            self._pending = 0

    def optimize(self):
        """Compact the store on disk: worth it after many writes (close does it by itself)."""
        if self.path is not None and not self.read_only:
            try:
                self._store.optimize()
            except OSError as exc:
                raise StoreError(f"compacting store {self.path} failed: {_first_line(exc)}") \
                    from None

    def _grew_enough(self):
        """Whether this session's writes are a big enough share of the store to pay for a
        compaction (a first build always is)."""
        before = getattr(self, "_opened_bytes", 0)
        return before == 0 or _data_bytes(self.path) - before >= OPTIMIZE_GROWTH * before

    def close(self):
        if getattr(self, "_store", None) is None:
            return
        try:
            self.flush()
            if self._written >= OPTIMIZE_AFTER and self._grew_enough():
                self.optimize()
        finally:
            # Dropping the last reference closes RocksDB and releases its lock.
            self._store = None


def _as_quads(ntriples, suffix):
    """N-Triples lines as N-Quads lines of one graph (suffix ' <g> .')."""
    if type(ntriples) is PlainNTriples:   # each ' .\n' ends a line: one replace, in C
        return ntriples.replace(" .\n", suffix + "\n")[:-1].split("\n") if ntriples else []
    return [line[:-1].rstrip() + suffix for line in ntriples.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def describe_graphs(store):
    """One dict per named graph: iri, kind (article, registry, actors, relations, import, other),
    triples, and an article's date, title and source."""
    from actorgraph.ontology import ID_NS, REGISTRY_GRAPH

    counts = {row["g"].value: int(row["n"].value) for row in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    articles = {}
    for row in store.query("SELECT ?g ?date ?title ?source WHERE { GRAPH ?g { ?g a ag:Article "
                           "OPTIONAL { ?g dcterms:date ?date } OPTIONAL { ?g dcterms:title ?title } "
                           "OPTIONAL { ?g dcterms:source ?source } } }"):
        articles[row["g"].value] = {key: row[key].value if row[key] is not None else ""
                                    for key in ("date", "title", "source")}
    found = []
    for iri in sorted(counts):
        if iri == REGISTRY_GRAPH:
            kind = "registry"
        elif iri == ACTORS_GRAPH:
            kind = "actors"
        elif iri == RELATIONS_GRAPH:
            kind = "relations"
        elif iri.startswith(ID_NS + "graph/import/"):
            kind = "import"
        elif iri in articles:
            kind = "article"
        else:
            kind = "other"
        entry = {"iri": iri, "kind": kind, "triples": counts[iri], "date": "", "title": "",
                 "source": ""}
        entry.update(articles.get(iri, {}))
        found.append(entry)
    return found


def _data_bytes(path):
    """The size of the store's table files: a cheap measure of how much it holds (counting its
    quads would scan them all)."""
    if path is None:
        return 0
    total = 0
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.name.endswith(".sst"):
                    try:
                        total += entry.stat().st_size
                    except OSError:   # compacted away since the directory was read
                        pass
    except OSError:
        return 0
    return total


def _write_failed(path, exc):
    """An OSError is the disk refusing (full, read-only): then the whole store takes no writes."""
    kind = StoreUnavailableError if isinstance(exc, OSError) else StoreError
    return kind(f"write to store {path or ':memory:'} failed: {_first_line(exc)}")


def _first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


