"""Scoring graphs against gold folders: gold files (gold), counts (score), one article built
and scored (run), and the sentences behind each miss and each wrong edge (explain)."""

from actorgraph.graph.evaluate.gold import (ACTOR_TYPES, GOLD_RELATIONS, RELATIONS, EvalCase, Gold,
                                            GoldActor, GoldFact, collect_cases, load_gold,
                                            normalise_label, read_eval_set)
from actorgraph.graph.evaluate.run import evaluate_case, export_article_graph
from actorgraph.graph.evaluate.score import BOTH_WAYS, SYMMETRIC, RelationCount, Score, format_report, score_graph

__all__ = ["ACTOR_TYPES", "BOTH_WAYS", "GOLD_RELATIONS", "RELATIONS", "SYMMETRIC", "EvalCase", "Gold",
           "GoldActor", "GoldFact", "RelationCount", "Score", "collect_cases", "evaluate_case",
           "export_article_graph", "format_report", "load_gold", "normalise_label", "read_eval_set",
           "score_graph"]
