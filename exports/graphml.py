"""GraphML export (Gephi, yEd, Cytoscape desktop): actors and relations with scalar attributes."""

from actorgraph.exports.graphdata import binary_output, flat_graph, network_of


def write_graphml(G, path_or_stream, **options):
    """Write the network as GraphML; list attributes are joined, missing ones left out."""
    G = network_of(G, **options)
    import networkx as nx

    with binary_output(path_or_stream) as handle:
        nx.write_graphml(flat_graph(G), handle, encoding="utf-8", prettyprint=True, named_key_ids=True)
