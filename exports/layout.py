"""Node positions for big graphs, computed in Python so the browser can draw without physics.

A force layout of the whole graph costs O(n²) per step; laying out each Louvain community on
its own and then the communities relative to each other costs about the sum of their squares,
which keeps 5,000 actors to a second or two (``bench/bench_render.py`` measures it).
"""

import math

# Pixels between neighbouring nodes in the browser's coordinate space.
SPACING = 55.0


def force_layout(n, edges, iterations=60, seed=1, initial=None, chunk=512):
    """Fruchterman-Reingold positions in the unit square for n nodes and (i, j) index pairs."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)) if initial is None else np.array(initial, dtype=float)
    if n <= 1:
        return np.full((n, 2), 0.5)
    edges = np.asarray(edges, dtype=int).reshape(-1, 2)
    x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    k2 = np.float32(1.0 / n)
    k = math.sqrt(1.0 / n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx_total, dy_total = np.zeros(n, np.float32), np.zeros(n, np.float32)
        for start in range(0, n, chunk):
            dx = x[start:start + chunk, None] - x[None, :]
            dy = y[start:start + chunk, None] - y[None, :]
            weight = k2 / np.maximum(dx * dx + dy * dy, np.float32(1e-6))
            dx_total[start:start + chunk] += (dx * weight).sum(axis=1)
            dy_total[start:start + chunk] += (dy * weight).sum(axis=1)
        if len(edges):
            ex = x[edges[:, 0]] - x[edges[:, 1]]
            ey = y[edges[:, 0]] - y[edges[:, 1]]
            dist = np.maximum(np.sqrt(ex * ex + ey * ey), np.float32(1e-6)) / np.float32(k)
            np.subtract.at(dx_total, edges[:, 0], ex * dist)
            np.add.at(dx_total, edges[:, 1], ex * dist)
            np.subtract.at(dy_total, edges[:, 0], ey * dist)
            np.add.at(dy_total, edges[:, 1], ey * dist)
        length = np.maximum(np.sqrt(dx_total * dx_total + dy_total * dy_total), np.float32(1e-9))
        step = np.minimum(length, np.float32(temperature)) / length
        x += dx_total * step
        y += dy_total * step
        temperature -= cooling
    pos = np.stack([x, y], axis=1).astype(float)
    return pos


def _spread(centres, radii, rounds=50):
    """Push apart circles (centres, radii) until they barely overlap."""
    import numpy as np

    for _ in range(rounds):
        delta = centres[:, None, :] - centres[None, :, :]
        dist = np.maximum(np.sqrt((delta ** 2).sum(axis=2)), 1e-6)
        overlap = radii[:, None] + radii[None, :] + SPACING - dist
        np.fill_diagonal(overlap, 0)
        overlap = np.maximum(overlap, 0)
        if not overlap.any():
            break
        centres = centres + (delta / dist[:, :, None] * overlap[:, :, None] / 2).sum(axis=1) * 0.5
    return centres


def compute_layout(G, seed=1, iterations=60):
    """{node: (x, y)} in pixels: communities laid out apart, each with its own force layout."""
    import numpy as np

    from actorgraph.graph.network.analysis import find_communities

    nodes = list(G)
    if not nodes:
        return {}
    communities = find_communities(G, seed=seed)
    member = {n: c for c, group in enumerate(communities) for n in group}
    index = {n: i for i, n in enumerate(nodes)}
    inner, between = {}, {}
    for u, v in G.edges():
        cu, cv = member[u], member[v]
        if cu == cv:
            inner.setdefault(cu, set()).add((min(u, v), max(u, v)))
        else:
            pair = (min(cu, cv), max(cu, cv))
            between[pair] = between.get(pair, 0) + 1
    radii = np.array([SPACING * math.sqrt(len(g)) * 0.75 for g in communities])
    centres = force_layout(len(communities), list(between), iterations=iterations, seed=seed)
    scale = math.sqrt(len(nodes)) * SPACING * 1.2
    centres = _spread(centres * scale, radii)
    positions = np.zeros((len(nodes), 2))
    for c, group in enumerate(communities):
        local = {n: i for i, n in enumerate(group)}
        pairs = [(local[u], local[v]) for u, v in inner.get(c, ())]
        pos = force_layout(len(group), pairs, iterations=iterations, seed=seed + c)
        pos = (pos - pos.mean(axis=0)) if len(group) > 1 else pos * 0
        extent = max(np.abs(pos).max(), 1e-9)
        pos = pos / extent * radii[c] + centres[c]
        for n, i in local.items():
            positions[index[n]] = pos[i]
    return {n: (float(positions[i, 0]), float(positions[i, 1])) for n, i in index.items()}
