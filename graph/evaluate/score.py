"""Score a graph of one article against its gold folder (see the eval sets' README).

Actors are matched by Wikidata link where the gold gives one, else by label; facts are the
ontology's binary relation edges between matched actors. ``Score`` objects add up, so micro
figures over a set are ``sum(scores, Score())``.
"""

import re
from dataclasses import dataclass, field

from actorgraph.ontology import AG_NS, WD_NS
from actorgraph.graph.evaluate.gold import RELATIONS, normalise_label

BOTH_WAYS = frozenset({"metWith", "spokeWith", "plansToMeet", "inConflictWith"})
# The graph writes these in both directions; the pair is one edge for precision.
SYMMETRIC = frozenset({"metWith", "spokeWith", "inConflictWith", "alliedWith"})

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"


@dataclass
class RelationCount:
    """Counts for one relation; every field adds up over articles."""

    required: int = 0
    found: int = 0
    edges: int = 0
    correct: int = 0
    forbidden: int = 0
    forbidden_hits: int = 0

    def __add__(self, other):
        return RelationCount(*(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__))


def _ratio(part, whole):
    return part / whole if whole else None


@dataclass
class Score:
    """The counts of one article (or, summed, of a set) and the lists that explain them."""

    name: str = ""
    facts_required: int = 0
    facts_found: int = 0
    edges: int = 0
    edges_correct: int = 0
    forbidden: int = 0
    forbidden_hits: int = 0
    actors_required: int = 0
    actors_found: int = 0
    relations: dict = field(default_factory=dict)  # relation -> RelationCount
    missed: list = field(default_factory=list)  # required facts not found, as text
    wrong: list = field(default_factory=list)  # edges touching gold actors that no fact allows
    forbidden_found: list = field(default_factory=list)
    actors_missed: list = field(default_factory=list)
    articles: int = 0  # 1 for an article's score; the sum counts them
    explanation: object = None  # an explain.Explanation when asked for; sums have none

    @property
    def recall(self):
        return _ratio(self.facts_found, self.facts_required)

    @property
    def precision(self):
        return _ratio(self.edges_correct, self.edges)

    @property
    def actor_recall(self):
        return _ratio(self.actors_found, self.actors_required)

    def __add__(self, other):
        if not isinstance(other, Score):
            return NotImplemented
        relations = dict(self.relations)
        for rel, count in other.relations.items():
            relations[rel] = relations.get(rel, RelationCount()) + count
        counts = {f: getattr(self, f) + getattr(other, f)
                  for f in ("facts_required", "facts_found", "edges", "edges_correct", "forbidden",
                            "forbidden_hits", "actors_required", "actors_found", "articles")}
        return Score(name="micro", relations=relations, missed=self.missed + other.missed,
                     wrong=self.wrong + other.wrong,
                     forbidden_found=self.forbidden_found + other.forbidden_found,
                     actors_missed=self.actors_missed + other.actors_missed, **counts)

    def __radd__(self, other):
        if other == 0:  # sum() starts from 0
            return self
        return NotImplemented

    def to_dict(self):
        """Plain data for JSON output."""
        return {
            "name": self.name, "articles": self.articles,
            "recall": self.recall, "precision": self.precision, "actor_recall": self.actor_recall,
            "facts_required": self.facts_required, "facts_found": self.facts_found,
            "edges": self.edges, "edges_correct": self.edges_correct,
            "forbidden": self.forbidden, "forbidden_hits": self.forbidden_hits,
            "actors_required": self.actors_required, "actors_found": self.actors_found,
            "relations": {r: vars(c) for r, c in sorted(self.relations.items())},
            "missed": self.missed, "wrong": self.wrong, "forbidden_found": self.forbidden_found,
            "actors_missed": self.actors_missed,
            **({"explain": self.explanation.to_dict()} if self.explanation is not None else {}),
        }


def _local_name(iri):
    return re.split(r"[#/]", iri)[-1]


class _GraphIndex:
    """Labels, types and Wikidata links of the graph's nodes, keyed for matching."""

    def __init__(self, graph):
        from rdflib import URIRef

        self.graph = graph
        self.by_label, self.by_wikidata, self.types, self.labels = {}, {}, {}, {}
        for s, p, o in graph:
            p = str(p)
            if p in (RDFS_LABEL, SKOS_ALT):
                self.by_label.setdefault(normalise_label(str(o)), set()).add(s)
                if p == RDFS_LABEL:
                    # English first, then the least: the same label on every run
                    rank = (getattr(o, "language", None) != "en", str(o))
                    if s not in self.labels or rank < self.labels[s]:
                        self.labels[s] = rank
            elif p == OWL_SAMEAS and isinstance(o, URIRef) and str(o).startswith(WD_NS):
                self.by_wikidata.setdefault(str(o)[len(WD_NS):], set()).add(s)
            elif p == RDF_TYPE:
                self.types.setdefault(s, set()).add(_local_name(str(o)))

    def identify(self, actor):
        """Nodes that are the gold actor by link or label, whatever their type."""
        if actor.wikidata:
            return set(self.by_wikidata.get(actor.wikidata, ()))
        nodes = set()
        for form in (actor.label,) + actor.surface_forms:
            key = normalise_label(form)
            if key:  # a form of punctuation only would match every empty label
                nodes |= self.by_label.get(key, set())
        return nodes

    def label(self, node):
        return self.labels[node][1] if node in self.labels else _local_name(str(node))


def _relation_edges(graph):
    """(subject, relation, object) for each ontology relation edge, symmetric pairs once."""
    from rdflib import Literal

    seen, edges = set(), []
    for s, p, o in graph:
        p = str(p)
        if not p.startswith(AG_NS) or isinstance(o, Literal):
            continue
        rel = p[len(AG_NS):]
        if rel not in RELATIONS:
            continue
        key = (rel, frozenset((s, o))) if rel in SYMMETRIC else (rel, s, o)
        if key not in seen:
            seen.add(key)
            edges.append((s, rel, o))
    return sorted(edges, key=lambda e: (e[1], str(e[0]), str(e[2])))


def _fact_matches(fact, edge, nodes):
    s, rel, o = edge
    if rel != fact.relation:
        return False
    subjects = set().union(*(nodes[k] for k in fact.subjects))
    objects = set().union(*(nodes[k] for k in fact.objects))
    if s in subjects and o in objects:
        return True
    if rel in BOTH_WAYS or rel in SYMMETRIC:
        return o in subjects and s in objects
    return False


@dataclass
class Comparison:
    """What a graph has of one gold, item by item: what scores count and explanations show."""

    index: _GraphIndex
    identified: dict  # gold key -> nodes that are the actor, whatever their type
    nodes: dict  # gold key -> those of the gold type
    keys_of: dict  # node -> gold keys it stands for
    hits: list  # (GoldFact, [edges matching it]) for every fact
    edges: list  # (edge, matches an allowed fact) for every edge touching a gold actor

    def describe(self, node):
        keys = self.keys_of.get(node)
        label = self.index.label(node)
        return f"{label} [{'|'.join(keys)}]" if keys else label

    def edge_text(self, edge):
        s, rel, o = edge
        return f"{self.describe(s)} {rel} {self.describe(o)}"

    def labelled_only(self, actor):
        """Labels of the nodes that match a linked gold actor by label only (the link is missing)."""
        if not actor.wikidata or self.identified[actor.key]:
            return ""
        found = set()
        for form in (actor.label,) + actor.surface_forms:
            found |= self.index.by_label.get(normalise_label(form), set())
        return ", ".join(sorted(self.index.label(n) for n in found))

    def actor_problem(self, actor):
        """Why a gold actor does not count (one line), or None when it is found with its type."""
        if self.nodes[actor.key]:
            return None
        found = self.identified[actor.key]
        if found:
            types = sorted(set().union(*(self.index.types.get(n, set()) for n in found)))
            return f"{actor.key} ({actor.label}): found with type {', '.join(types) or 'none'}, not {actor.type}"
        return f"{actor.key} ({actor.label}): not found"


def compare(graph, gold):
    """Match an rdflib Graph of one article with its gold, item by item."""
    index = _GraphIndex(graph)
    identified = {key: index.identify(actor) for key, actor in gold.actors.items()}
    # A node stands for a gold actor in a fact only when it also has the gold type.
    nodes = {key: {n for n in found if gold.actors[key].type in index.types.get(n, ())}
             for key, found in identified.items()}
    gold_nodes = set().union(*identified.values()) if identified else set()
    keys_of = {}
    for key, found in identified.items():
        for node in found:
            keys_of.setdefault(node, []).append(key)
    edges = [e for e in _relation_edges(graph) if e[0] in gold_nodes or e[2] in gold_nodes]
    hits = [(fact, [e for e in edges if _fact_matches(fact, e, nodes)]) for fact in gold.facts]
    allowed = [f for f in gold.facts if f.required in ("yes", "no")]
    judged = [(e, any(_fact_matches(f, e, nodes) for f in allowed)) for e in edges]
    return Comparison(index, identified, nodes, keys_of, hits, judged)


def score_graph(graph, gold, name="", comparison=None):
    """Compare an rdflib Graph of one article with its gold; returns a Score."""
    cmp = comparison or compare(graph, gold)
    score = Score(name=name, articles=1)
    for actor in gold.actors.values():
        if not actor.required:
            continue
        score.actors_required += 1
        problem = cmp.actor_problem(actor)
        if problem is None:
            score.actors_found += 1
        else:
            score.actors_missed.append(problem)

    def count(rel):
        return score.relations.setdefault(rel, RelationCount())

    for fact, hits in cmp.hits:
        if fact.required == "yes":
            score.facts_required += 1
            count(fact.relation).required += 1
            if hits:
                score.facts_found += 1
                count(fact.relation).found += 1
            else:
                score.missed.append(str(fact))
        elif fact.required == "forbidden":
            score.forbidden += 1
            count(fact.relation).forbidden += 1
            if hits:
                score.forbidden_hits += 1
                count(fact.relation).forbidden_hits += 1
                score.forbidden_found.append(f"{fact}: {'; '.join(cmp.edge_text(e) for e in hits)}")
    for edge, right in cmp.edges:
        score.edges += 1
        count(edge[1]).edges += 1
        if right:
            score.edges_correct += 1
            count(edge[1]).correct += 1
        else:
            score.wrong.append(cmp.edge_text(edge))
    return score


def _figure(part, whole):
    return f"{part}/{whole} {part / whole:.2f}" if whole else f"{part}/{whole} n/a"


def format_report(scores):
    """A readable report: each article with its misses (explained, when the scores carry
    explanations), a per-relation table, micro totals."""
    scores = list(scores)
    out = []
    for s in scores:
        out.append(f"{s.name or 'article'}: recall {_figure(s.facts_found, s.facts_required)}, "
                   f"precision {_figure(s.edges_correct, s.edges)}, "
                   f"forbidden {s.forbidden_hits}/{s.forbidden}, "
                   f"actors {_figure(s.actors_found, s.actors_required)}")
        if s.explanation is not None:
            out.extend(s.explanation.lines())
            out.append("")
            continue
        for title, items in (("missed", s.missed), ("wrong", s.wrong),
                             ("forbidden", s.forbidden_found), ("actor missed", s.actors_missed)):
            out.extend(f"  {title}: {item}" for item in items)
    total = sum(scores, Score())
    out.append("")
    out.append(f"{'relation':<20}{'required':>9}{'found':>7}{'recall':>8}{'edges':>7}{'correct':>9}"
               f"{'precision':>11}{'forbidden':>11}")
    for rel in RELATIONS:
        c = total.relations.get(rel)
        if c is None:
            continue
        recall = f"{c.found / c.required:.2f}" if c.required else "n/a"
        precision = f"{c.correct / c.edges:.2f}" if c.edges else "n/a"
        out.append(f"{rel:<20}{c.required:>9}{c.found:>7}{recall:>8}{c.edges:>7}{c.correct:>9}"
                   f"{precision:>11}{f'{c.forbidden_hits}/{c.forbidden}':>11}")
    out.append("")
    out.append(f"micro over {len(scores)} article(s): recall {_figure(total.facts_found, total.facts_required)}, "
               f"precision {_figure(total.edges_correct, total.edges)}, "
               f"forbidden {total.forbidden_hits}/{total.forbidden}, "
               f"actors {_figure(total.actors_found, total.actors_required)}")
    return "\n".join(out) + "\n"

