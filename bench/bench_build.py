"""Build speed: articles per second for extraction alone, a full build, and --jobs scaling.

Run by hand: ``.venv/bin/python bench/bench_build.py [--articles 400]``. Articles are made of
sentences from our own example articles (examples/articles), shuffled into ~500-word texts, so
the mix of names, titles and triggers is realistic. Figures are printed as rates and as ratios
within the same run (this machine is noisy; compare ratios, not seconds).
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def make_articles(n, words=500, seed=7):
    from actorgraph.graph.ingest.reader import Article
    from actorgraph.graph.extract.text import split_sentences, tokenize

    pools = {"id": [], "en": []}
    index = (ROOT / "examples/articles/articles.tsv").read_text().splitlines()[1:]
    for row in index:
        name, day, lang = row.split("\t")[:3]
        text = (ROOT / "examples/articles" / name / "article.txt").read_text()
        toks = tokenize(text)
        pools[lang] += [text[s.start:s.end] for s in split_sentences(text, toks)]
    rng = random.Random(seed)
    out = []
    for k in range(n):
        lang = "id" if k % 2 else "en"
        body, count = [], 0
        while count < words:
            s = rng.choice(pools[lang])
            body.append(s)
            count += len(s.split())
        out.append(Article(text=f"Bench article {k}\n\n" + " ".join(body), title=f"Bench article {k}",
                           date=date(2024, 1 + k % 12, 1 + k % 28), lang=lang, url=None,
                           source=f"bench-{k}", id=str(k), warnings=[]))
    return out


def bench_extract(articles, registry):
    from actorgraph.graph.build import prepare_article

    t, c = time.perf_counter(), time.process_time()
    for a in articles:
        prepare_article(a, registry)
    CPU["extract"] = time.process_time() - c
    return time.perf_counter() - t


def bench_tokenize(articles):
    from actorgraph.graph.extract.text import split_sentences, tokenize

    t = time.perf_counter()
    for a in articles:
        split_sentences(a.text, tokenize(a.text))
    return time.perf_counter() - t


def bench_build(articles, registry, location):
    """The library's build (graph.build.build_items: writer thread, batches, bulk load into a new
    store), closing (flush, compaction) included."""
    from actorgraph.graph.build import build_items
    from actorgraph.graph.store import open_store

    t, c = time.perf_counter(), time.process_time()
    with open_store(location) as store:
        build_items(store, iter(articles), registry=registry)
    CPU[f"build {location}"] = time.process_time() - c
    return time.perf_counter() - t


CPU = {}  # step -> CPU seconds (all threads and child processes): what the machine's load hides


def cli_env():
    """The environment a user's CLI runs in: compiled modules cached (an installed package has
    them; this machine sets PYTHONDONTWRITEBYTECODE, which made every run compile ~70 modules,
    0.2 s)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def warm_cli(articles, tmp):
    """One small build first, so the timed runs find the modules compiled and the registry's
    N-Triples cached, as every run after a user's first does."""
    jsonl = Path(tmp) / "warm.jsonl"
    write_jsonl(articles[:2], jsonl)
    cmd = [str(Path(sys.executable).parent / "actorgraph"), "--store", str(Path(tmp) / "warm"),
           "build", "--quiet", str(jsonl)]
    subprocess.run(cmd, check=True, env=cli_env())


def write_jsonl(articles, path):
    with path.open("w") as f:
        for a in articles:
            f.write(json.dumps({"text": a.text, "title": a.title, "date": a.date.isoformat(),
                                "lang": a.lang, "id": a.id}) + "\n")


def bench_cli(jsonl, jobs, tmp):
    store = Path(tmp) / f"store-j{jobs}"
    cmd = [str(Path(sys.executable).parent / "actorgraph"), "--store", str(store), "build", "--quiet",
           "--jobs", str(jobs), str(jsonl)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=cli_env())
    took = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[f"cli{jobs}"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=400)
    args = ap.parse_args()
    from actorgraph.graph.registry import load_registry

    registry = load_registry()
    articles = make_articles(args.articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words / len(articles):.0f} words each on average")
    bench_extract(articles[:20], registry)  # warm caches (stemmer, gazetteer)
    tok = bench_tokenize(articles)
    ext = bench_extract(articles, registry)
    mem = bench_build(articles, registry, ":memory:")
    with tempfile.TemporaryDirectory() as tmp:
        disk = bench_build(articles, registry, Path(tmp) / "store")
        jsonl = Path(tmp) / "articles.jsonl"
        write_jsonl(articles, jsonl)
        warm_cli(articles, tmp)
        cli1 = bench_cli(jsonl, 1, tmp)
        cli2 = bench_cli(jsonl, 2, tmp)
    n = len(articles)
    rows = [("tokenize + sentences (baseline)", tok), ("extract + RDF, one core", ext),
            ("build into in-memory store", mem), ("build into on-disk store", disk),
            ("CLI build --jobs 1 (incl. start-up)", cli1), ("CLI build --jobs 2 (incl. start-up)", cli2)]
    print(f"{'step':40} {'seconds':>8} {'articles/s':>11} {'x baseline':>10}")
    for name, secs in rows:
        print(f"{name:40} {secs:8.2f} {n / secs:11.1f} {secs / tok:10.1f}")
    print(f"CLI build --jobs 1 / extraction-only rate: {ext / cli1:.2f}")
    print(f"--jobs 2 speed-up over --jobs 1: {cli1 / cli2:.2f}x")
    print("CPU seconds (all threads, worker processes; start-up included for the CLI): "
          + ", ".join(f"{k} {v:.2f}" for k, v in CPU.items()))
    print(f"CPU per article, CLI --jobs 1 / extraction: {CPU['cli1'] / CPU['extract']:.2f}")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
