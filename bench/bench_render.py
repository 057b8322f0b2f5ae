"""Time the network pipeline on a generated graph: load, layout, page, and drawing in Chromium.

Run by hand (takes about half a minute): ``python bench/bench_render.py [ACTORS] [RELATIONS]``
(default 5000 20000). ``--compare-layouts`` also times one force layout of the whole graph.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from chromium import Browser, chromium_available  # noqa: E402
from generate_network import fill_store  # noqa: E402


def timed(label, function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{label:<34} {time.perf_counter() - start:7.2f} s")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actors", nargs="?", type=int, default=5000)
    parser.add_argument("relations", nargs="?", type=int, default=20000)
    parser.add_argument("--compare-layouts", action="store_true")
    args = parser.parse_args()

    from actorgraph.exports.html import render_html
    from actorgraph.exports.layout import compute_layout, force_layout
    from actorgraph.graph.network.analysis import compute_stats
    from actorgraph.graph.network.view import load_network
    from actorgraph.graph.store import open_store

    store = timed("generate and store", fill_store, open_store(":memory:"), args.actors, args.relations)
    G = timed("load_network", load_network, store)
    print(f"{'':<34} {len(G):,} actors, {G.number_of_edges():,} relations")
    timed("compute_stats", compute_stats, G)
    timed("compute_layout (communities)", compute_layout, G)
    if args.compare_layouts:
        index = {n: i for i, n in enumerate(G)}
        pairs = [(index[u], index[v]) for u, v in G.edges()]
        timed("force_layout, whole graph, 50 steps", force_layout, len(G), pairs, iterations=50)
    html = timed("render_html (all nodes)", render_html, G, max_nodes=len(G))
    print(f"{'':<34} {len(html.encode('utf-8')) / 1e6:.1f} MB page")
    if not chromium_available():
        print("chromium not found: browser timing skipped")
        return
    with tempfile.TemporaryDirectory() as folder, Browser() as browser:
        page = Path(folder) / "big.html"
        page.write_text(html, "utf-8")
        start = time.perf_counter()
        browser.open(page, timeout=120)
        browser.wait_for("window.actorgraph && actorgraph.drawn", timeout=120, interval=0.02)
        wall = time.perf_counter() - start
        drawn_at = browser.evaluate("actorgraph.drawnAt") / 1000
        print(f"{'chromium: navigation to first draw':<34} {wall:7.2f} s (page clock {drawn_at:.2f} s)")
        shown = browser.evaluate("[actorgraph.nodeView.length, actorgraph.edgeView.length]")
        print(f"{'':<34} {shown[0]:,} nodes, {shown[1]:,} edges drawn; errors: {browser.errors() or 'none'}")
        # the timeline of the busiest actor (its events in date order), then of its busiest pair
        busiest = max(G.degree(), key=lambda item: item[1])[0]
        start = time.perf_counter()
        count = browser.evaluate(f"actorgraph.showTimeline([{busiest!r}], 'busiest')")
        wall = time.perf_counter() - start
        print(f"{'timeline of the busiest actor':<34} {wall:7.3f} s ({count:,} events; page clock "
              f"{browser.evaluate('actorgraph.timelineMs'):.1f} ms)")
        start = time.perf_counter()
        browser.evaluate("document.querySelector('#timeline li .item').click()")
        browser.evaluate("document.querySelector('#timeline li .date').click()")
        print(f"{'timeline entry, then its day':<34} {time.perf_counter() - start:7.3f} s "
              f"({browser.evaluate('actorgraph.edgeView.length'):,} edges left on that day)")


if __name__ == "__main__":
    main()
