"""actorgraph: news articles to a knowledge graph of political actors and what they do to each other.

The notebook API (docs/api.md): ``open`` a store, ``build`` articles into it, ``query`` it with
SPARQL, and take it out as rdflib, networkx, HTML or any export format. The command line is a
thin layer over the same calls. Heavy libraries are imported on first use, so importing this
package stays fast.
"""

from actorgraph.graph import __version__
from actorgraph.graph.errors import (ActorGraphError, DataFileError, InputError, QueryError, StoreError,
                                     StoreUnavailableError)

__all__ = ["open", "KnowledgeGraph", "named_queries", "export_formats", "__version__", "ActorGraphError",
           "DataFileError", "InputError", "QueryError", "StoreError", "StoreUnavailableError"]



def open(location=":memory:", *, read_only=False, registry=(), wait=None, update_url=None):
    """Open a store: a directory (created if new), ``":memory:"``, or an ``http(s)://`` endpoint.

    ``registry`` names extra actor files (Turtle or CSV) used when building. Use the result as a
    context manager, or call ``close()``: the embedded store admits one writer at a time.
    """
    from actorgraph.graph.store import open_store

    store = open_store(str(location), read_only=read_only, wait=wait, update_url=update_url)
    return KnowledgeGraph(store, registry=registry, location=str(location))


def named_queries():
    """{name: description} of the named queries ``KnowledgeGraph.ask`` runs."""
    from actorgraph.graph.store.named import named_queries as loaded

    return {name: query.description for name, query in loaded().items()}


def export_formats():
    """{format: description} of what ``KnowledgeGraph.export`` writes."""
    from actorgraph.exports import EXPORTERS

    return {name: e.description for name, e in sorted(EXPORTERS.items())}


class KnowledgeGraph:
    """One open store with the registry its builds link actors against."""

    def __init__(self, store, registry=(), location=None):
        self.store, self.location = store, location
        self.registry_files = tuple(str(p) for p in registry)
        self._registry = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        from actorgraph.graph.store.remote import redact

        return f"<actorgraph.KnowledgeGraph {redact(self.location or '')!r}>"

    def close(self):
        self.store.close()

    # --- building ----------------------------------------------------------------------------

    @property
    def registry(self):
        if self._registry is None:
            from actorgraph.graph.registry import load_registry

            self._registry = load_registry(extra=self.registry_files)
        return self._registry

    def _build(self, items, lang, jobs=1, strict=True, dask=None):
        from actorgraph.graph.build import build_items

        summary = build_items(self.store, items, lang=lang, registry=self.registry, jobs=jobs,
                              registry_files=self.registry_files, dask=dask)
        if strict and summary.failures and not summary.articles:
            raise InputError("; ".join(f.message for f in summary.failures[:3]))
        return summary

    def build(self, *paths, date=None, lang=None, jobs=1, dask=None):
        """Build files, folders, feeds or JSON Lines files; returns a BuildSummary.

        Inputs that cannot be read are listed in ``summary.failures``; the others are stored.
        ``dask``: a Dask scheduler address or ``local:N`` to extract on a cluster.
        """
        from actorgraph.graph.ingest.reader import read_inputs

        flat = [str(p) for item in paths for p in ([item] if isinstance(item, (str, bytes)) or
                                                    not hasattr(item, "__iter__") else item)]
        return self._build(read_inputs(flat, date=_date(date), lang=lang), lang, jobs, strict=False,
                           dask=dask)

    def build_texts(self, texts, *, date=None, lang=None):
        """Build article texts given as strings (a first line and a blank line make the title)."""
        if isinstance(texts, str):
            texts = [texts]
        return self.build_records(({"text": t} for t in texts), date=date, lang=lang)

    def build_records(self, records, *, date=None, lang=None):
        """Build dicts with ``text`` and optional ``title``, ``date``, ``url``, ``lang``, ``id``."""
        from actorgraph.graph.ingest.reader import read_records

        return self._build(read_records(records, date=_date(date), lang=lang), lang)

    def remove(self, article):
        """Remove an article (IRI, URL or source path) or an imported graph; returns the IRIs."""
        from actorgraph.graph.store.named import resolve_article

        found = resolve_article(self.store, article)
        if not found:
            raise ActorGraphError(f"no article or graph {article!r} in the store")
        for iri in found:
            self.store.remove_graph(iri)
        return found

    def import_file(self, path, *, validate=True):
        """Load an RDF file into its own graph, linking its actors to ours; returns the report."""
        from actorgraph.graph.store.imports import import_file

        return import_file(self.store, path, validate=validate)

    # --- querying ----------------------------------------------------------------------------

    def query(self, sparql, params=None, *, as_rdflib=False, timeout=60.0):
        """Run a read-only SPARQL query (prefixes ag:, rdfs:, skos:, … predeclared).

        ``params`` binds variables to values ({"who": "https://…"} for IRIs, other strings as
        literals) without pasting them into the text. SELECT gives a list of dicts of Python
        values, ASK a bool, CONSTRUCT an rdflib Graph; ``as_rdflib=True`` gives an rdflib Result.
        """
        from actorgraph.graph.store.query import bind_values, run_query

        if params:  # a VALUES block of serialised terms: the values are never parsed as SPARQL
            sparql = bind_values(sparql, _terms(params))
        result = run_query(self.store, sparql, timeout=timeout)
        return _convert(result, as_rdflib)

    def ask(self, name, *, as_rdflib=False, timeout=60.0, **params):
        """Run a named query (see ``actorgraph.named_queries()``), e.g. ``ask("meetings", actor="Putin")``."""
        from actorgraph.graph.store.named import run_named_query

        return _convert(run_named_query(self.store, name, params, timeout=timeout), as_rdflib)

    # --- taking it out -----------------------------------------------------------------------

    def to_rdflib(self, *, include_registry=False):
        """The article and imported graphs as an rdflib Dataset, one named graph each."""
        from rdflib import Dataset, URIRef

        from actorgraph.exports.rdf import collect_quads
        from actorgraph.graph.store.serialize import to_rdflib

        dataset = Dataset()
        for quad in collect_quads(self.store, include_registry=include_registry):
            dataset.graph(URIRef(quad.graph_name.value)).add(
                (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return dataset

    def to_networkx(self, **options):
        """The actor network as a networkx MultiDiGraph: one edge per relation, with its evidence.

        Options narrow it: ``actors=[names], depth``, ``relations``, ``since``, ``until``,
        ``articles``, ``include_registry`` (the same as the command line's).
        """
        from actorgraph.exports.graphdata import network_of

        return network_of(self.store, **options)

    def render(self, path, *, title="actorgraph", events=False, max_nodes=2000, **options):
        """Write the interactive offline HTML page of the network (options as ``to_networkx``)."""
        from actorgraph.exports import atomic_file
        from actorgraph.exports.html import write_html

        G = self.to_networkx(**options)
        with atomic_file(path) as stream:
            write_html(G, stream, title=title, events=events, max_nodes=max_nodes)
        return path

    def export(self, path=None, format="turtle", **options):
        """Write an export (``actorgraph.export_formats()``) to path atomically; without a path,
        return the bytes."""
        import io

        from actorgraph.exports import export, exporter

        if path is not None:
            export(format, self.store, path, **options)
            return path
        buffer = io.BytesIO()
        exporter(format).load()(self.store, buffer, **options)
        return buffer.getvalue()


def _date(value):
    """A date from a date or a YYYY-MM-DD string."""
    import datetime

    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"date {value!r} is not YYYY-MM-DD") from None


def _terms(params):
    """Python values as pyoxigraph terms: IRIs for http(s)/urn strings, literals otherwise."""
    if not params:
        return None
    import datetime

    import pyoxigraph as ox

    def term(value):
        if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
            return value
        if isinstance(value, str) and value.split(":", 1)[0] in ("http", "https", "urn"):
            return ox.NamedNode(value)
        if isinstance(value, bool):
            return ox.Literal(str(value).lower(), datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#boolean"))
        if isinstance(value, datetime.date):
            return ox.Literal(value.isoformat(), datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#date"))
        if isinstance(value, (int, float)):
            return ox.Literal(value)
        return ox.Literal(str(value))

    return {name: term(value) for name, value in params.items()}


def _convert(result, as_rdflib):
    """A Result as Python values: rows of dicts, a bool, or an rdflib Graph."""
    from actorgraph.graph.store.serialize import rdflib_graph, to_rdflib

    if as_rdflib:
        return _rdflib_result(result)
    if result.kind == "boolean":
        return result.boolean
    if result.kind == "graph":
        return rdflib_graph(result.triples)
    return [{var: to_rdflib(term).toPython() for var, term in zip(result.variables, row)
             if term is not None} for row in result.rows]


def _rdflib_result(result):
    """The same result as an rdflib ``Result`` (SELECT, ASK or CONSTRUCT)."""
    from rdflib.query import Result as RdflibResult
    from rdflib.term import Variable

    from actorgraph.graph.store.serialize import rdflib_graph, to_rdflib

    if result.kind == "boolean":
        out = RdflibResult("ASK")
        out.askAnswer = result.boolean
        return out
    if result.kind == "graph":
        out = RdflibResult("CONSTRUCT")
        out.graph = rdflib_graph(result.triples)
        return out
    out = RdflibResult("SELECT")
    out.vars = [Variable(v) for v in result.variables]
    out.bindings = [{Variable(var): to_rdflib(term) for var, term in zip(result.variables, row)
                     if term is not None} for row in result.rows]
    return out
