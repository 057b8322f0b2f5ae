"""The effect of the data model on Oxigraph, in one run: the graph with each actor described once
and the old one where every article graph repeated its actors' type and label, bulk-loaded into
two plain pyoxigraph stores in one process and queried alternately (the machine is shared and
noisy; alternating keeps the comparison fair). Run by hand:

    python bench/generate_graph.py bench/data/graph.nq
    python bench/generate_graph.py bench/data/graph-repeated.nq --repeated
    python bench/compare_models.py bench/data/graph.nq bench/data/graph-repeated.nq
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_store import QUERIES  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("once")
    parser.add_argument("repeated")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import pyoxigraph as ox

    stores = {}
    with tempfile.TemporaryDirectory(dir=Path(args.once).parent) as tmp:
        for name, path in (("described once", args.once), ("repeated", args.repeated)):
            store = ox.Store(str(Path(tmp) / name.replace(" ", "-")))
            store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
            store.flush()
            store.optimize()
            stores[name] = store
        times = {(m, q): [] for m in stores for q in QUERIES}
        for q, text in QUERIES.items():
            for store in stores.values():
                list(store.query(text, use_default_graph_as_union=True))  # warm
            for _ in range(args.runs):
                for m, store in stores.items():
                    started = time.perf_counter()
                    list(store.query(text, use_default_graph_as_union=True))
                    times[(m, q)].append(time.perf_counter() - started)
        print(f"| query | described once ({len(stores['described once']):,} quads) | repeated "
              f"({len(stores['repeated']):,} quads) | described once is |")
        print("|---|---|---|---|")
        for q in QUERIES:
            once, rep = (statistics.median(times[(m, q)]) for m in stores)
            print(f"| {q} | {once:.3f} | {rep:.3f} | {rep / once:.2f}x faster |")


if __name__ == "__main__":
    main()
