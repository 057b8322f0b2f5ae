"""GEXF 1.2 export for Gephi; edges carry start/end dates, so the graph is dynamic when dated."""

from actorgraph.exports.graphdata import binary_output, flat_graph, network_of


def write_gexf(G, path_or_stream, **options):
    """Write the network as GEXF; dated edges get a time interval (Gephi's timeline)."""
    G = network_of(G, **options)
    import networkx as nx

    H = flat_graph(G)
    for _, _, data in H.edges(data=True):
        data["label"] = data["relation"]
        # networkx writes 'start'/'end' as the edge's interval; an open end stays open.
        for bound in ("start", "end"):
            if bound in data:
                data[bound] = str(data[bound])
    with binary_output(path_or_stream) as handle:
        nx.write_gexf(H, handle, encoding="utf-8", prettyprint=True, version="1.2draft")
