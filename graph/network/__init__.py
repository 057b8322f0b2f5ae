"""Network views of the store (networkx) and their analysis."""
