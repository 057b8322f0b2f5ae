"""The effect of the data model on Oxigraph, in one run: graphs generated in each model
(bench/generate_graph.py), bulk-loaded into plain pyoxigraph stores in one process and queried
alternately (the machine is shared and noisy; alternating keeps the comparison fair). The first
file is the model compared against the others. Run by hand:

    python bench/generate_graph.py bench/data/graph.nq
    python bench/generate_graph.py bench/data/graph-edges-in-articles.nq --edges-in-articles
    python bench/generate_graph.py bench/data/graph-repeated.nq --repeated
    python bench/compare_models.py bench/data/graph.nq bench/data/graph-edges-in-articles.nq \
        bench/data/graph-repeated.nq
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
    parser.add_argument("models", nargs="+", help="N-Quads files, one per model; the first is ours")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import pyoxigraph as ox

    stores = {}
    with tempfile.TemporaryDirectory(dir=Path(args.models[0]).parent) as tmp:
        for path in args.models:
            name = Path(path).stem
            store = ox.Store(str(Path(tmp) / name))
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
        names = list(stores)
        print("| query | " + " | ".join(f"{n} ({len(stores[n]):,} quads)" for n in names)
              + "".join(f" | {names[0]} vs {n}" for n in names[1:]) + " |")
        print("|---" * (2 * len(names)) + "|")
        for q in QUERIES:
            med = [statistics.median(times[(m, q)]) for m in names]
            print(f"| {q} | " + " | ".join(f"{t:.3f}" for t in med)
                  + "".join(f" | {t / med[0]:.2f}x faster" for t in med[1:]) + " |")


if __name__ == "__main__":
    main()
