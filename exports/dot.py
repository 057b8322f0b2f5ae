"""Graphviz DOT export: actors shaped by kind, relations as labelled edges, modal ones dashed."""

from actorgraph.exports.graphdata import (edge_record, network_of, node_record, sorted_edges, text_output)
from actorgraph.graph.network.view import MODAL_STATUSES

SHAPES = {"Person": "ellipse", "State": "box", "Organisation": "hexagon", "Place": "diamond"}
MODAL_RELATIONS = frozenset({"plansToMeet", "threatensSanctions"})


def quote(text):
    """A DOT double-quoted string: backslash and quote escaped, line breaks as \\n."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _attributes(pairs):
    return ", ".join(f"{name}={quote(value)}" for name, value in pairs if value not in (None, ""))


def write_dot(G, path_or_stream, **options):
    """Write a ``digraph``; symmetric relations are drawn without arrowheads (dir=none)."""
    G = network_of(G, **options)
    with text_output(path_or_stream) as out:
        out.write("digraph actorgraph {\n  graph [overlap=false, splines=true];\n"
                  "  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n")
        for node in sorted(G):
            record = node_record(G.nodes[node])
            out.write(f"  {quote(node)} [{_attributes([('label', record['label'] or node), ('kind', record['kind']), ('shape', SHAPES.get(record['kind'], 'ellipse')), ('wikidata', record['wikidata'])])}];\n")
        for u, v, key, data in sorted_edges(G):
            record = edge_record(data)
            modal = key in MODAL_RELATIONS or record["status"] in MODAL_STATUSES
            pairs = [("label", key), ("relation", key), ("status", record["status"]),
                     ("start", record["start"]), ("end", record["end"]),
                     ("dir", "none" if record["symmetric"] else None),
                     ("style", "dashed" if modal else None)]
            out.write(f"  {quote(u)} -> {quote(v)} [{_attributes(pairs)}];\n")
        out.write("}\n")
