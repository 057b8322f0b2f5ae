"""Network analysis over the actor graph: counts, central actors, communities, paths between actors."""

from collections import Counter

from actorgraph.graph.errors import ActorGraphError
from actorgraph.graph.network.view import resolve_actor

# Above this many nodes betweenness is estimated from a sample of source nodes.
EXACT_BETWEENNESS_LIMIT = 500
BETWEENNESS_SAMPLES = 100


def simple_graph(G):
    """The undirected simple graph of G (one edge per connected pair), weighted by edge count."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v in G.edges():
        if H.has_edge(u, v):
            H[u][v]["weight"] += 1
        else:
            H.add_edge(u, v, weight=1)
    return H


def rank_pages(G, damping=0.85, iterations=100, tolerance=1e-10):
    """PageRank by power iteration (networkx's own needs SciPy); symmetric edges count both ways."""
    nodes = list(G)
    if not nodes:
        return {}
    out = {n: [] for n in nodes}
    for u, v, data in G.edges(data=True):
        out[u].append(v)
        if data.get("symmetric"):
            out[v].append(u)
    n = len(nodes)
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(iterations):
        dangling = sum(rank[u] for u in nodes if not out[u])
        new = dict.fromkeys(nodes, (1.0 - damping) / n + damping * dangling / n)
        for u in nodes:
            if out[u]:
                share = damping * rank[u] / len(out[u])
                for v in out[u]:
                    new[v] += share
        delta = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if delta < tolerance * n:
            break
    return rank


def _top(G, scores, top):
    ranked = sorted(scores.items(), key=lambda item: (-item[1], G.nodes[item[0]].get("label") or item[0]))
    return [{"iri": n, "label": G.nodes[n].get("label"), "kind": G.nodes[n].get("kind"),
             "value": round(value, 6) if isinstance(value, float) else value}
            for n, value in ranked[:top]]


def find_communities(G, seed=0):
    """Louvain communities of the undirected graph, largest first (lists of node IRIs)."""
    import networkx as nx

    H = simple_graph(G)
    if H.number_of_edges() == 0:
        return [[n] for n in H]
    # Louvain visits nodes in the graph's order: sorted, the same network gives the same
    # communities however the store happened to return its rows
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(H.nodes(data=True), key=lambda n: n[0]))
    ordered.add_edges_from(sorted(((*sorted((u, v)), d) for u, v, d in H.edges(data=True)),
                                  key=lambda e: (e[0], e[1])))
    groups = nx.community.louvain_communities(ordered, weight="weight", seed=seed)
    return sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))


def compute_stats(G, top=10, seed=0):
    """Counts by actor kind, relation and status, the most central actors and the communities."""
    import networkx as nx

    H = simple_graph(G)
    if len(H) > EXACT_BETWEENNESS_LIMIT:
        betweenness = nx.betweenness_centrality(H, k=BETWEENNESS_SAMPLES, seed=seed)
    else:
        betweenness = nx.betweenness_centrality(H)
    articles = {a for _, _, d in G.edges(data=True) for a in d.get("articles", ())}
    communities = find_communities(G, seed=seed)
    by_degree = {n: d for n, d in G.degree()}
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "articles": len(articles),
        "components": nx.number_connected_components(H) if len(H) else 0,
        "kinds": dict(Counter(d.get("kind") or "Other" for _, d in G.nodes(data=True)).most_common()),
        "relations": dict(Counter(d.get("relation") for _, _, d in G.edges(data=True)).most_common()),
        "statuses": dict(Counter(d.get("status") or "unknown" for _, _, d in G.edges(data=True))
                         .most_common()),
        "top_degree": _top(G, by_degree, top),
        "top_betweenness": _top(G, betweenness, top),
        "betweenness_sampled": len(H) > EXACT_BETWEENNESS_LIMIT,
        "top_pagerank": _top(G, rank_pages(G), top),
        "communities": [
            {"size": len(group),
             "members": [G.nodes[n].get("label") or n
                         for n in sorted(group, key=lambda n: (-by_degree[n], n))[:top]]}
            for group in communities[:top]],
        "community_count": len(communities),
        "conflicts": _conflicts(G),
    }


def _conflicts(G):
    """Source conflicts behind the edges, each event once: its label and the two reports."""
    found = {}
    for _, _, data in G.edges(data=True):
        for c in data.get("conflicts") or ():
            key = (c["event"], c["first"]["article"], c["second"]["article"])
            found.setdefault(key, {"event": c["event"], "label": c.get("label"),
                                   "statuses": [c["first"]["status"], c["second"]["status"]],
                                   "articles": [c["first"]["article"], c["second"]["article"]]})
    return sorted(found.values(), key=lambda c: (c["label"] or "", c["event"]))


def _step(G, a, b):
    """One step of a path: every relation between a and b, in either direction, with evidence."""
    relations = []
    for u, v in ((a, b), (b, a)):
        for key, data in (G.get_edge_data(u, v) or {}).items():
            relations.append({
                "relation": key, "subject": u, "subject_label": G.nodes[u].get("label"),
                "object": v, "object_label": G.nodes[v].get("label"), "status": data.get("status"),
                "start": data.get("start"), "end": data.get("end"),
                "symmetric": bool(data.get("symmetric")), "evidence": list(data.get("evidence", ()))})
    return {"source": a, "source_label": G.nodes[a].get("label"),
            "target": b, "target_label": G.nodes[b].get("label"), "relations": relations}


def find_paths(G, a, b, max_paths=3):
    """Up to ``max_paths`` shortest chains of relations between two actors, shortest first.

    Direction is ignored; ``a`` and ``b`` are names, aliases or IRIs. Each path is a list of steps
    (see ``_step``); no connection gives an empty list.
    """
    import networkx as nx

    where = "among the actors with relations (after any filters)"
    source, target = resolve_actor(G.nodes, a, where), resolve_actor(G.nodes, b, where)
    if source == target:
        raise ActorGraphError(f"{a!r} and {b!r} are the same actor")
    H = simple_graph(G)
    paths = []
    try:
        for nodes in nx.shortest_simple_paths(H, source, target):
            paths.append([_step(G, x, y) for x, y in zip(nodes, nodes[1:])])
            if len(paths) >= max_paths:
                break
    except nx.NetworkXNoPath:
        pass
    return paths


def _names(items, digits=None):
    return ", ".join(f"{i['label']} ({i['value']:.{digits}f})" if digits else f"{i['label']} ({i['value']})"
                     for i in items)


def _count(n, noun):
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def format_stats(stats):
    """A plain-text report of ``compute_stats`` for the terminal."""
    lines = [f"{_count(stats['nodes'], 'actor')}, {_count(stats['edges'], 'relation')} from "
             f"{_count(stats['articles'], 'article')} ({_count(stats['components'], 'connected component')})"]
    for title, counts in (("Actors by type", stats["kinds"]), ("Relations", stats["relations"]),
                          ("Status", stats["statuses"])):
        lines.append(f"{title}: " + (", ".join(f"{k} {v:,}" for k, v in counts.items()) or "none"))
    sampled = " (estimated from a sample)" if stats["betweenness_sampled"] else ""
    lines += [f"Most relations: {_names(stats['top_degree'])}",
              f"Most between others{sampled}: {_names(stats['top_betweenness'], 3)}",
              f"PageRank: {_names(stats['top_pagerank'], 3)}",
              f"Communities: {stats['community_count']:,}"]
    conflicts = stats.get("conflicts") or []
    lines.insert(4, f"Source conflicts: {len(conflicts):,}" + "".join(
        f"{'; ' if i else ' ('}{c['label'] or c['event']}: {' vs '.join(c['statuses'])}"
        for i, c in enumerate(conflicts[:5])) + (")" if conflicts else ""))
    for i, community in enumerate(stats["communities"], 1):
        more = ", …" if community["size"] > len(community["members"]) else ""
        lines.append(f"  {i}. {community['size']:,} actors: {', '.join(community['members'])}{more}")
    return "\n".join(lines) + "\n"


def _when(start, end):
    if not start and not end:
        return ""
    return start if start == end else f"{start or '…'} – {end or '…'}"


def format_paths(paths, a, b):
    """A plain-text report of ``find_paths``: each step with its relations and evidence."""
    if not paths:
        return f"No chain of relations links {a} and {b}.\n"
    lines = []
    for i, path in enumerate(paths, 1):
        chain = " → ".join([path[0]["source_label"]] + [step["target_label"] for step in path])
        lines.append(f"Path {i} ({len(path)} step{'s' if len(path) > 1 else ''}): {chain}")
        for step in path:
            for rel in step["relations"]:
                detail = ", ".join(x for x in (rel["status"], _when(rel["start"], rel["end"])) if x)
                lines.append(f"  {rel['subject_label']} {rel['relation']} {rel['object_label']}"
                             + (f" [{detail}]" if detail else ""))
                for ev in rel["evidence"]:
                    source = ", ".join(x for x in (ev.get("title"), ev.get("date"), ev.get("url")) if x)
                    lines.append(f"    “{ev.get('sentence') or ''}”" + (f" — {source}" if source else ""))
        lines.append("")
    return "\n".join(lines)
