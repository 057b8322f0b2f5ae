"""CSV export as two tables, nodes and edges, for spreadsheets and tools that import edge lists.

To a path: ``out.csv`` becomes ``out.nodes.csv`` and ``out.edges.csv``; a directory gets
``nodes.csv`` and ``edges.csv``. To a stream (stdout, or the export command's file): one edge
table that also carries each end's label and kind, so it stands alone.
"""

import csv
from pathlib import Path

from actorgraph.exports.graphdata import (EDGE_FIELDS, NODE_FIELDS, edge_record, network_of, node_record, sorted_edges, text_output)


def table_paths(path):
    """(nodes path, edges path) for an output file name or a directory."""
    path = Path(path)
    if path.is_dir() or str(path).endswith(("/", "\\")):
        return path / "nodes.csv", path / "edges.csv"
    stem = path.name[:-4] if path.suffix.lower() == ".csv" else path.name
    return path.with_name(stem + ".nodes.csv"), path.with_name(stem + ".edges.csv")


def _cells(record, fields):
    return ["" if record[f] is None else record[f] for f in fields]


def write_nodes(G, handle):
    writer = csv.writer(handle)
    writer.writerow(("id",) + NODE_FIELDS)
    for node in sorted(G):
        writer.writerow([node] + _cells(node_record(G.nodes[node]), NODE_FIELDS))


def write_edges(G, handle, with_kinds=False):
    writer = csv.writer(handle)
    ends = ("source_kind", "target_kind") if with_kinds else ()
    writer.writerow(("source", "target", "source_label", "target_label") + ends + EDGE_FIELDS)
    for u, v, _, data in sorted_edges(G):
        kinds = [G.nodes[u].get("kind") or "", G.nodes[v].get("kind") or ""] if with_kinds else []
        writer.writerow([u, v, G.nodes[u].get("label") or "", G.nodes[v].get("label") or ""] + kinds
                        + _cells(edge_record(data), EDGE_FIELDS))


def write_csv(G, path_or_stream, **options):
    """Write the node and edge tables to a path (returns their paths), or one edge table to a stream."""
    G = network_of(G, **options)
    if hasattr(path_or_stream, "write"):
        with text_output(path_or_stream) as handle:
            write_edges(G, handle, with_kinds=True)
        return None
    nodes_path, edges_path = table_paths(path_or_stream)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    with open(nodes_path, "w", encoding="utf-8", newline="") as handle:
        write_nodes(G, handle)
    with open(edges_path, "w", encoding="utf-8", newline="") as handle:
        write_edges(G, handle)
    return nodes_path, edges_path
