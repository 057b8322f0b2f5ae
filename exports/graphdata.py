"""Flat views of the actor network shared by the graph-file exporters, and their output handling.

Graph file formats hold only scalar attributes, so list-valued attributes (aliases, dates,
evidence) are joined with ``SEPARATOR`` and missing values are left out (or empty in tables).
"""

import contextlib
import io

from actorgraph.graph.errors import ActorGraphError

SEPARATOR = " | "
NODE_FIELDS = ("iri", "label", "kind", "wikidata", "aliases", "degree")
EDGE_FIELDS = ("relation", "status", "statuses", "start", "end", "dates", "symmetric",
               "evidence_count", "evidence", "sources", "articles")


def network_of(source, **options):
    """The graph to export: ``source`` itself if it is a networkx graph, else loaded from a store.

    The export table calls every writer with the store and the export options (``articles`` as
    IRIs, URLs or source paths, ``since``, ``until``, ``include_registry``, ...): they are the
    keyword arguments of ``graph.network.view.load_network``.
    """
    if hasattr(source, "adj") and hasattr(source, "nodes"):
        if options:
            raise TypeError(f"options {sorted(options)} apply only when exporting from a store")
        return source
    from actorgraph.graph.network.view import load_network

    articles = options.pop("articles", None)
    if articles:
        from actorgraph.graph.store.named import resolve_article

        iris, present = [], set(source.graph_iris())
        for ref in articles:
            found = [ref] if ref in present else resolve_article(source, ref)
            if not found:
                raise ActorGraphError(f"no article {ref!r} in the store (give its IRI, URL or source path)")
            iris.extend(found)
        options["articles"] = iris
    return load_network(source, **options)


def node_record(data):
    """The node's attributes as scalars (None for missing)."""
    aliases = data.get("aliases") or []
    return {"iri": data.get("iri"), "label": data.get("label"), "kind": data.get("kind"),
            "wikidata": data.get("wikidata"), "aliases": SEPARATOR.join(aliases) or None,
            "degree": data.get("degree")}


def edge_record(data):
    """The edge's attributes as scalars (None for missing); evidence sentences and source URLs joined."""
    evidence = data.get("evidence") or []
    sources = []
    for ev in evidence:
        source = ev.get("url") or ev.get("article")
        if source and source not in sources:
            sources.append(source)
    return {"relation": data.get("relation"), "status": data.get("status"),
            "statuses": SEPARATOR.join(data.get("statuses") or []) or None,
            "start": data.get("start"), "end": data.get("end"),
            "dates": SEPARATOR.join(data.get("dates") or []) or None,
            "symmetric": bool(data.get("symmetric")), "evidence_count": len(evidence),
            "evidence": SEPARATOR.join(ev["sentence"] for ev in evidence if ev.get("sentence")) or None,
            "sources": SEPARATOR.join(sources) or None,
            "articles": SEPARATOR.join(data.get("articles") or []) or None}


def sorted_edges(G):
    """Edges in a stable order (source, target, relation) so that exports are reproducible."""
    return sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))


def flat_graph(G, drop=()):
    """A copy of G with scalar attributes only; ``drop`` names attributes to leave out."""
    import networkx as nx

    H = nx.MultiDiGraph(name=G.graph.get("name", "actorgraph"))
    for node in sorted(G):
        record = node_record(G.nodes[node])
        H.add_node(node, **{k: v for k, v in record.items() if v is not None and k not in drop})
    for u, v, key, data in sorted_edges(G):
        record = edge_record(data)
        H.add_edge(u, v, key=key, **{k: v for k, v in record.items() if v is not None and k not in drop})
    return H


@contextlib.contextmanager
def binary_output(path_or_stream):
    """A binary file handle for a path, a binary stream, or a text stream (bytes decoded as UTF-8)."""
    if hasattr(path_or_stream, "write"):
        if isinstance(path_or_stream, io.TextIOBase) or hasattr(path_or_stream, "encoding"):
            buffer = getattr(path_or_stream, "buffer", None)
            if buffer is not None:
                path_or_stream.flush()
                yield buffer
                buffer.flush()
                return
            collected = io.BytesIO()
            yield collected
            path_or_stream.write(collected.getvalue().decode("utf-8"))
            return
        yield path_or_stream
        return
    with open(path_or_stream, "wb") as handle:
        yield handle


@contextlib.contextmanager
def text_output(path_or_stream):
    """A text handle (UTF-8, no newline translation) for a path or an already open stream."""
    if hasattr(path_or_stream, "write"):
        if isinstance(path_or_stream, (io.RawIOBase, io.BufferedIOBase)):
            wrapper = io.TextIOWrapper(path_or_stream, encoding="utf-8", newline="")
            yield wrapper
            wrapper.flush()
            wrapper.detach()
            return
        yield path_or_stream
        return
    with open(path_or_stream, "w", encoding="utf-8", newline="") as handle:
        yield handle
