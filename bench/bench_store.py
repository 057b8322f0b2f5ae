"""Store speed: our embedded store (through graph.store/graph.query) against raw pyoxigraph and
rdflib's in-memory Dataset, on a ~1M-quad graph shaped like ours (bench/generate_graph.py).

Run by hand, once: ``.venv/bin/python bench/bench_store.py [--runs 3]``. Each engine runs in its
own subprocess, so its peak RSS (ru_maxrss) is its own; every engine answers the same queries in
the same run, and the ratios between them are what to compare (the machine is shared and noisy).
Prints the table (a Markdown table, for bench/RESULTS.md) to stdout.
"""

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

AG = "https://w3id.org/actorgraph/ontology#"
HUB = "https://w3id.org/actorgraph/id/person/a0"  # the most mentioned actor of the generator
OTHER = "https://w3id.org/actorgraph/id/person/a1"
RELATIONS_GRAPH = "https://w3id.org/actorgraph/id/graph/relations"
RELATION = f'STRSTARTS(STR(?{{}}), "{AG}")'  # any ag: property: relations and event links
QUERIES = {
    # everything the hub actor is linked to, either direction
    "1-hop": f"""SELECT DISTINCT ?p ?o WHERE {{ {{ <{HUB}> ?p ?o }} UNION {{ ?o ?p <{HUB}> }}
                 FILTER({RELATION.format("p")}) }}""",
    # the two-step chains between the hub and another actor (the `path` question)
    "2-hop path": f"""SELECT DISTINCT ?r1 ?m ?r2 WHERE {{ <{HUB}> ?r1 ?m . ?m ?r2 <{OTHER}>
                      FILTER({RELATION.format("r1")} && {RELATION.format("r2")}) }}""",
    # actors by number of distinct relation edges (the top-actors question)
    "group-by": f"""SELECT ?a (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?a ?r ?o
                    FILTER({RELATION.format("r")} && isIRI(?o)) }}
                    GROUP BY ?a ORDER BY DESC(?n) LIMIT 20""",
    "label-contains": """SELECT DISTINCT ?a ?l WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?l
                         FILTER(CONTAINS(LCASE(STR(?l)), "kalo")) }""",
    # not in the mix: everything two steps from the hub; Oxigraph 0.5 walks each triple once per
    # article graph holding it (oxigraph#1919), which the hub's popularity multiplies
    "2-hop neighbourhood": f"""SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE {{ <{HUB}> ?r1 ?m . ?m ?r2 ?b
                 FILTER({RELATION.format("r1")} && {RELATION.format("r2")} && isIRI(?b)) }}""",
}
MIX = ("1-hop", "2-hop path", "group-by", "label-contains")
ENGINES = ("ours", "raw", "rdflib")
NOTES = """How to read it:
- ours: the graph written as a build into a new store writes it (graph/write.py): batches of
  about 40,000 statements through `Store.replace_graphs`, each one bulk load, then `close()`
  (flush and compaction); queries through `graph.query.run_query` (checks, worker thread, rows
  read into a Result).
- The graph is the current model: each actor described once, in the registry graph, article
  graphs holding only their mentions (graph/store/actors.py), and each shortcut edge stored once,
  in the relations graph, article graphs saying which edges they state (graph/store/relations.py).
  Before, every article graph held the edges it states (`generate_graph.py --edges-in-articles`)
  and, before that, also repeated the type and label of each actor it mentions (`--repeated`).
- raw: `pyoxigraph.Store.bulk_load` of the whole file (not transactional), queries read as tuples.
- rdflib: `Dataset(default_union=True)` parsing the N-Quads, in memory.
- Both Oxigraph stores are reopened before querying and warmed by one untimed run. Closing after
  a first build compacts the store (`Store.optimize`); without it, queries ran up to 2x slower.
- The second table queries ours and raw in turn in one process: the fairest ours / raw, as the
  engines of the first table run one after the other on a machine whose load moves.
- The 2-hop neighbourhood is outside the mix: Oxigraph 0.5 walks a triple once per graph holding
  it in the union default graph (oxigraph#1919). With each article repeating its actors'
  descriptions, the hub's type and label were in thousands of graphs and this query was only
  1.7x faster than rdflib (5.0 s); with each edge in every article graph stating it, 2.2x; with
  each edge stored once (the relations graph), 15x (bench/RESULTS.md).
- Peak RSS is the whole child process: loading and all queries.
"""


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(work, runs, warm=True):
    """(median seconds, result size) after one untimed warm-up run (caches, lazy imports); one
    timed run only when it takes over 10 s."""
    if warm:
        work()
    times, size = [], None
    for _ in range(runs):
        started = time.perf_counter()
        size = work()
        times.append(time.perf_counter() - started)
        if times[-1] > 10:
            break
    return statistics.median(times), size


def graphs_as_ntriples(data):
    """Yield (graph IRI, N-Triples text) per graph, streaming: what the build hands to
    Store.replace_graph one article at a time (the generator writes each graph's quads together)."""
    import pyoxigraph as ox

    def flush(lines):
        quads = list(ox.parse("".join(lines).encode(), format=ox.RdfFormat.N_QUADS))
        text = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES).decode()
        return quads[0].graph_name.value, text

    lines, current = [], None
    with open(data, encoding="utf-8") as handle:
        for line in handle:
            graph = line[line.rindex("<", 0, line.rindex(">")):]
            if graph != current and lines:
                yield flush(lines)
                lines = []
            current = graph
            lines.append(line)
    if lines:
        yield flush(lines)


def run_ours(data, workdir, runs):
    from actorgraph.graph.store.query import run_query
    from actorgraph.graph.store import open_store
    from actorgraph.graph.write import BATCH_STATEMENTS, empty_store

    load = 0.0  # time spent in the store only, not in preparing each graph's text
    with open_store(workdir / "ours") as store:
        store.bulk = empty_store(store)  # what a build into a new store does (graph/write.py)
        batch, size = [], 0
        for graph, text in graphs_as_ntriples(data):
            if graph == RELATIONS_GRAPH:  # the new edges the article before states
                batch[-1] = (*batch[-1][:3], text)
                size += text.count("\n")
                continue
            if size >= BATCH_STATEMENTS:
                started = time.perf_counter()
                store.replace_graphs(batch)
                load += time.perf_counter() - started
                batch, size = [], 0
            batch.append((graph, text, "", ""))
            size += text.count("\n")
        started = time.perf_counter()
        store.replace_graphs(batch)
    load += time.perf_counter() - started  # closing flushes and compacts (graph.store.close)
    store = open_store(workdir / "ours")
    results = {name: timed(lambda q=q: len(run_query(store, q, timeout=3600).rows), runs)
               for name, q in QUERIES.items()}
    store.close()
    return load, results


def run_raw(data, workdir, runs):
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store(str(workdir / "raw"))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    store.flush()
    load = time.perf_counter() - started
    del store  # reopen, as ours does, so both query a store a new process opened
    store = ox.Store(str(workdir / "raw"))

    def work(q):
        return len([tuple(row) for row in store.query(q, use_default_graph_as_union=True)])

    return load, {name: timed(lambda q=q: work(q), runs) for name, q in QUERIES.items()}


def run_rdflib(data, _workdir, runs):
    import rdflib

    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(data), format="nquads")
    load = time.perf_counter() - started
    # in memory, nothing to warm; and its slow queries would take minutes more
    return load, {name: timed(lambda q=q: len(list(dataset.query(q))), runs, warm=False)
                  for name, q in QUERIES.items()}


def alternate(workdir, runs):
    """Ours and raw queried in turn in one process, on the stores the two engines built: their
    ratio then sees the same moment of a noisy machine."""
    import pyoxigraph as ox
    from actorgraph.graph.store import open_store
    from actorgraph.graph.store.query import run_query

    ours = open_store(Path(workdir) / "ours", read_only=True)
    raw = ox.Store.read_only(str(Path(workdir) / "raw"))
    figures = {}
    for name, q in QUERIES.items():
        times = {"ours": [], "raw": []}
        for turn in range(max(runs, 3) * 2 + 1):   # the first of each is a warm-up
            for engine in ("ours", "raw") if turn % 2 else ("raw", "ours"):
                started = time.perf_counter()
                if engine == "ours":
                    len(run_query(ours, q, timeout=3600).rows)
                else:
                    len([tuple(row) for row in raw.query(q, use_default_graph_as_union=True)])
                times[engine].append(time.perf_counter() - started)
            if times["ours"][-1] > 10:
                break
        figures[name] = {e: statistics.median(t[1:] or t) for e, t in times.items()}
    ours.close()
    print(json.dumps({"engine": "alternated", "queries": figures}))


def child(engine, data, workdir, runs):
    """Run one engine and print its figures as JSON (in a process of its own)."""
    import warnings

    warnings.simplefilter("ignore")
    if engine == "alternated":
        alternate(workdir, runs)
        return
    load, results = {"ours": run_ours, "raw": run_raw, "rdflib": run_rdflib}[engine](
        Path(data), Path(workdir), runs)
    print(json.dumps({"engine": engine, "load": load, "rss_mb": peak_rss_mb(),
                      "queries": {n: {"seconds": s, "rows": r} for n, (s, r) in results.items()}}))


def table(figures, quads):
    ours, raw, lib = (figures[e] for e in ENGINES)
    lines = [f"Graph: {quads:,} quads (bench/generate_graph.py defaults). Medians of the runs; "
             "seconds.", "",
             "| measure | ours (graph.store) | raw pyoxigraph | rdflib Dataset | ours vs rdflib | "
             "ours / raw |", "|---|---|---|---|---|---|"]

    def row(name, a, b, c):
        lines.append(f"| {name} | {a:.3f} | {b:.3f} | {c:.3f} | {c / a:.1f}x faster | {a / b:.2f} |")

    row("load", ours["load"], raw["load"], lib["load"])
    for name in QUERIES:
        row(f"{name} ({ours['queries'][name]['rows']} rows)", ours["queries"][name]["seconds"],
            raw["queries"][name]["seconds"], lib["queries"][name]["seconds"])
    mix = [sum(f["queries"][n]["seconds"] for n in MIX) for f in (ours, raw, lib)]
    row(f"query mix (sum of {', '.join(MIX)})", *mix)
    lines.append(f"| peak RSS (MB) | {ours['rss_mb']:.0f} | {raw['rss_mb']:.0f} | "
                 f"{lib['rss_mb']:.0f} | | |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(HERE / "data" / "graph.nq"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", choices=ENGINES + ("alternated",), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        child(args.engine, args.data, args.workdir, args.runs)
        return
    data = Path(args.data)
    if not data.exists():
        data.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate_graph.py"), str(data)], check=True)
    quads = sum(1 for _ in open(data, encoding="utf-8"))
    figures = {}
    workdir = Path(tempfile.mkdtemp(prefix="bench-store-", dir=data.parent))
    try:
        for engine in ENGINES:
            done = subprocess.run([sys.executable, __file__, str(data), "--engine", engine,
                                   "--workdir", str(workdir), "--runs", str(args.runs)],
                                  capture_output=True, text=True, check=True)
            figures[engine] = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{engine}: {json.dumps(figures[engine])}", file=sys.stderr)
        done = subprocess.run([sys.executable, __file__, str(data), "--engine", "alternated",
                               "--workdir", str(workdir), "--runs", str(args.runs)],
                              capture_output=True, text=True, check=True)
        turns = json.loads(done.stdout.strip().splitlines()[-1])["queries"]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for name in QUERIES:
        counts = {e: figures[e]["queries"][name]["rows"] for e in ENGINES}
        if len(set(counts.values())) != 1:
            print(f"note: {name} row counts differ: {counts}", file=sys.stderr)
    text = table(figures, quads)
    print(text)
    print("\nOurs and raw queried in turn, one process (seconds, medians):\n")
    print("| query | ours | raw | ours / raw |\n|---|---|---|---|")
    for name, t in turns.items():
        print(f"| {name} | {t['ours']:.3f} | {t['raw']:.3f} | {t['ours'] / t['raw']:.2f} |")
    mix = [sum(turns[n][e] for n in MIX) for e in ("ours", "raw")]
    print(f"| query mix | {mix[0]:.3f} | {mix[1]:.3f} | {mix[0] / mix[1]:.2f} |")
    print("\n" + NOTES)


if __name__ == "__main__":
    main()
