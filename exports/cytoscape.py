"""Cytoscape.js JSON export: ``{"elements": {"nodes": [...], "edges": [...]}}`` with full evidence."""

import json

from actorgraph.exports.graphdata import network_of, sorted_edges, text_output


def cytoscape_elements(G):
    """The network as Cytoscape.js elements; evidence stays a list of records."""
    nodes = [{"data": {"id": n, **{k: v for k, v in G.nodes[n].items()}}} for n in sorted(G)]
    edges = []
    for i, (u, v, key, data) in enumerate(sorted_edges(G)):
        record = {k: data.get(k) for k in ("relation", "status", "statuses", "start", "end", "dates",
                                            "symmetric", "evidence", "articles")}
        edges.append({"data": {"id": f"e{i}", "source": u, "target": v, "label": key, **record}})
    return {"elements": {"nodes": nodes, "edges": edges}}


def write_cytoscape(G, path_or_stream, **options):
    """Write Cytoscape.js JSON (UTF-8, indented)."""
    G = network_of(G, **options)
    with text_output(path_or_stream) as handle:
        json.dump(cytoscape_elements(G), handle, ensure_ascii=False, indent=1)
        handle.write("\n")
