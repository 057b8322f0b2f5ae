"""Extraction quality on gold sets, scored exactly as ../shared/eval/README.md describes.

The seed and dev articles are other people's text: they are read from ../shared/ (present in CI)
and never copied here. Our own examples are in examples/articles. The thresholds are the issue's
floors for the real articles and today's measured figures (minus a small margin) for ours, so a
change that makes extraction worse fails here. The first blind set (tests/data/blind) was tuned
on at stop 15 and is held here like the others; the second (tests/data/blind2), written blind at
stop 15, is measured, never asserted: a floor there would invite tuning on it.
"""

import csv
import dataclasses
import datetime
from pathlib import Path

import pytest

from actorgraph.graph.evaluate import run as evaluate_run
from actorgraph.graph.evaluate import collect_cases, evaluate_case

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "eval").is_dir(), reason="../shared/eval not present")


def read_errata(set_name):
    """{(actor key, Wikidata ID in the gold): corrected ID} for one shared set, from our errata
    table: the few gold Wikidata IDs that are not the item Wikidata has for that actor."""
    with open(ROOT / "tests/data/gold_errata.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {(r["key"], r["wikidata_in_gold"]): r["wikidata"] for r in rows if r["set"] == set_name}


@pytest.fixture
def corrected_gold(monkeypatch):
    """Score against the gold with the errata applied (and only where the gold still has the error)."""
    def apply(set_name):
        errata, load = read_errata(set_name), evaluate_run.load_gold

        def load_corrected(gold_dir):
            gold = load(gold_dir)
            for key, actor in list(gold.actors.items()):
                fixed = errata.get((key, actor.wikidata))
                if fixed:
                    gold.actors[key] = dataclasses.replace(actor, wikidata=fixed)
            return gold

        monkeypatch.setattr(evaluate_run, "load_gold", load_corrected)  # what evaluate_case reads
    return apply


def score_set(cases, registry):
    scores = [evaluate_case(c, registry=registry) for c in cases]
    return sum(scores[1:], scores[0]), scores


@needs_shared
def test_seed_article_every_required_fact_and_no_forbidden(registry, corrected_gold):
    corrected_gold("seed")
    cases = collect_cases(SHARED / "eval/seed", [str(SHARED / "seeds/000_5901ea478037a38a.txt")],
                          date=datetime.date(2025, 8, 6), lang="id")
    total, _ = score_set(cases, registry)
    d = total.to_dict()
    assert total.recall == 1.0, d
    assert d["forbidden_hits"] == 0, d["forbidden_found"]
    assert total.actor_recall == 1.0, d


@needs_shared
@pytest.mark.parametrize("name, recall, precision", [
    ("dev", 0.90, 0.90),     # issue 10's floors
    ("dev2", 0.75, 0.85),
])
def test_real_articles_meet_the_floor(registry, name, recall, precision):
    total, scores = score_set(collect_cases(SHARED / "eval" / name), registry)
    d = total.to_dict()
    assert total.recall >= recall, d
    assert total.precision >= precision, d
    assert d["forbidden_hits"] == 0, [s.to_dict()["forbidden_found"] for s in scores]


@pytest.mark.parametrize("folder, recall, precision, at_least", [
    ("examples/articles", 0.86, 0.96, 12),   # 0.90 / 0.99 since stop 15
    ("tests/data/holdout", 0.88, 0.96, 12),  # 0.92 / 0.99; its first touch was 0.65 / 0.82
    ("examples/series", 0.94, 0.95, 12),     # 0.99 / 0.98
    ("tests/data/blind", 0.85, 0.95, 12),    # 0.89 / 0.99 once tuned on; first touch 0.39 / 0.81
])
def test_our_sets_hold_their_level(registry, folder, recall, precision, at_least):
    total, scores = score_set(collect_cases(ROOT / folder), registry)
    d = total.to_dict()
    assert len(scores) >= at_least
    assert total.recall >= recall, d
    assert total.precision >= precision, d
    assert d["forbidden_hits"] == 0, [s.to_dict()["forbidden_found"] for s in scores]
