"""The exporters: one table keyed by format name, read by the CLI's --format choices and the docs.

Each entry names a module and a function ``write_<format>(store, stream, **options)`` that writes
bytes to a binary stream; the module is imported only when the format is used. ``export`` picks
the entry, writes to stdout or to a file atomically (a temporary file renamed into place), so a
failed export never leaves half a file.
"""

import importlib
import os
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass

from actorgraph.graph.errors import ActorGraphError


@dataclass(frozen=True)
class Exporter:
    """One output format: where its writer lives and what it produces."""

    name: str
    module: str
    function: str
    kind: str  # "rdf": the statements themselves; "network": actors and relations as a graph
    suffix: str
    description: str

    def load(self):
        """The writer function, imported on first use."""
        return getattr(importlib.import_module(self.module), self.function)


EXPORTERS = {e.name: e for e in [
    Exporter("turtle", "actorgraph.exports.rdf", "write_turtle", "rdf", ".ttl",
             "Turtle of the article and imported graphs, merged (sorted, readable)"),
    Exporter("trig", "actorgraph.exports.rdf", "write_trig", "rdf", ".trig",
             "TriG: one named graph per article and imported file"),
    Exporter("nt", "actorgraph.exports.rdf", "write_nt", "rdf", ".nt",
             "N-Triples, merged, one sorted line per triple (fast on big stores)"),
    Exporter("nquads", "actorgraph.exports.rdf", "write_nquads", "rdf", ".nq",
             "N-Quads with graph names, sorted lines (fast on big stores)"),
    Exporter("jsonld", "actorgraph.exports.rdf", "write_jsonld", "rdf", ".jsonld",
             "JSON-LD, merged, compacted with the project's prefixes"),
    Exporter("xml", "actorgraph.exports.rdf", "write_xml", "rdf", ".rdf", "RDF/XML, merged"),
    Exporter("graphml", "actorgraph.exports.graphml", "write_graphml", "network", ".graphml",
             "GraphML of actors and relations (Gephi, yEd, Cytoscape)"),
    Exporter("gexf", "actorgraph.exports.gexf", "write_gexf", "network", ".gexf",
             "GEXF 1.2 for Gephi, relations dated for its timeline"),
    Exporter("csv", "actorgraph.exports.tables", "write_csv", "network", ".csv",
             "CSV: to a path, FILE.nodes.csv and FILE.edges.csv; to stdout, one edge table"),
    Exporter("cytoscape", "actorgraph.exports.cytoscape", "write_cytoscape", "network", ".json",
             "Cytoscape.js JSON elements, with the evidence of each relation"),
    Exporter("dot", "actorgraph.exports.dot", "write_dot", "network", ".dot", "Graphviz DOT of actors and relations"),
]}


def exporter(name):
    """The Exporter called name, or an error listing the known ones."""
    try:
        return EXPORTERS[name]
    except KeyError:
        raise ActorGraphError(f"unknown export format {name!r}; choose one of "
                              f"{', '.join(sorted(EXPORTERS))}") from None


def export(name, store, output=None, **options):
    """Write the store in format name to the path output (atomically) or to stdout."""
    write = exporter(name).load()
    if output is None or str(output) == "-":
        stream = sys.stdout.buffer
        write(store, stream, **options)
        stream.flush()
        return
    with atomic_file(output) as stream:
        write(store, stream, **options)


@contextmanager
def atomic_file(path):
    """A binary stream that becomes path only when the block ends without an exception."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.",
                                        suffix=".part")
    except OSError as exc:
        raise ActorGraphError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o666 & ~mask)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
