"""Score a graph of one article against its gold folder (see the eval sets' README).

Actors are matched by Wikidata link where the gold gives one, else by label; facts are the
ontology's binary relation edges between matched actors. ``Score`` objects add up, so micro
figures over a set are ``sum(scores, Score())``.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from actorgraph.ontology import ACTORS_GRAPH, AG_NS, REGISTRY_GRAPH, WD_NS
from actorgraph.graph.errors import DataFileError

ACTOR_TYPES = ("Person", "State", "Organisation", "Place")
# The relations the gold may use (GUIDELINES.md) plus the ones only the graph writes; an edge
# with any of these predicates that touches a gold actor counts for precision.
GOLD_RELATIONS = ("headOfState", "headOfGovernment", "leaderOf", "ministerOf", "spokespersonOf",
                  "envoyOf", "memberOf", "metWith", "spokeWith", "plansToMeet", "visited",
                  "sanctions", "threatensSanctions", "inConflictWith")
RELATIONS = GOLD_RELATIONS + ("partOf", "alliedWith", "supports", "criticises")
# A gold fact with one of these matches an edge in either direction.
BOTH_WAYS = frozenset({"metWith", "spokeWith", "plansToMeet", "inConflictWith"})
# The graph writes these in both directions; the pair is one edge for precision.
SYMMETRIC = frozenset({"metWith", "spokeWith", "inConflictWith", "alliedWith"})
STATUSES = ("", "current", "former", "occurred", "planned", "possible", "intended", "threatened")
ACTOR_COLUMNS = ("key", "type", "label", "surface_forms", "wikidata", "required")
FACT_COLUMNS = ("subject", "relation", "object", "status", "required", "qualifiers", "evidence")

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"


@dataclass(frozen=True)
class GoldActor:
    key: str
    type: str
    label: str
    surface_forms: tuple
    wikidata: str  # "Q…" or ""
    required: bool


@dataclass(frozen=True)
class GoldFact:
    subjects: tuple  # actor keys, any of which is right ("a|b")
    relation: str
    objects: tuple
    status: str
    required: str  # "yes", "no" or "forbidden"
    line: int

    def __str__(self):
        text = f"{'|'.join(self.subjects)} {self.relation} {'|'.join(self.objects)}"
        return f"{text} ({self.status})" if self.status else text


@dataclass
class Gold:
    actors: dict  # key -> GoldActor
    facts: list


def normalise_label(text):
    """Compare labels with case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in text.casefold() if c.isalnum())


def _read_tsv(path, columns):
    """Rows of a gold TSV as (line number, dict), checking the header and column count."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DataFileError(path, f"cannot read gold file: {exc.strerror}") from None
    with handle:
        lines = handle.read().split("\n")
    header = lines[0].rstrip("\r").split("\t") if lines else []
    if tuple(header) != columns:
        raise DataFileError(path, f"header must be {' '.join(columns)} (tab-separated)", line=1)
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(columns):
            raise DataFileError(path, f"expected {len(columns)} tab-separated columns, got {len(cells)}",
                                line=number)
        yield number, dict(zip(columns, (c.strip() for c in cells)))


def _strip_note(form):
    """'Moskow (as government)' -> 'Moskow': the note is for annotators, not the text."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", form).strip()


def load_gold(gold_dir):
    """Read actors.tsv and facts.tsv of one gold folder; a bad row raises DataFileError."""
    gold_dir = Path(gold_dir)
    actors = {}
    actors_path = gold_dir / "actors.tsv"
    for line, row in _read_tsv(actors_path, ACTOR_COLUMNS):
        key = row["key"]
        if not key:
            raise DataFileError(actors_path, "empty key", line=line)
        if key in actors:
            raise DataFileError(actors_path, f"duplicate key {key!r}", line=line)
        if row["type"] not in ACTOR_TYPES:
            raise DataFileError(actors_path, f"type {row['type']!r} is not one of {', '.join(ACTOR_TYPES)}",
                                line=line)
        if row["wikidata"] and not re.fullmatch(r"Q[1-9][0-9]*", row["wikidata"]):
            raise DataFileError(actors_path, f"wikidata {row['wikidata']!r} is not a Q identifier",
                                line=line)
        if row["required"] not in ("yes", "no"):
            raise DataFileError(actors_path, f"required must be yes or no, not {row['required']!r}",
                                line=line)
        forms = tuple(_strip_note(f) for f in row["surface_forms"].split("|") if _strip_note(f))
        actors[key] = GoldActor(key, row["type"], row["label"], forms, row["wikidata"],
                                row["required"] == "yes")
    facts = []
    facts_path = gold_dir / "facts.tsv"
    for line, row in _read_tsv(facts_path, FACT_COLUMNS):
        if row["relation"] not in RELATIONS:
            raise DataFileError(facts_path, f"unknown relation {row['relation']!r}", line=line)
        if row["required"] not in ("yes", "no", "forbidden"):
            raise DataFileError(facts_path, f"required must be yes, no or forbidden, not {row['required']!r}",
                                line=line)
        if row["status"] not in STATUSES:
            raise DataFileError(facts_path, f"unknown status {row['status']!r}", line=line)
        ends = []
        for column in ("subject", "object"):
            keys = tuple(k.strip() for k in row[column].split("|"))
            unknown = [k for k in keys if k not in actors]
            if unknown:
                raise DataFileError(facts_path, f"{column} {unknown[0]!r} is not a key of actors.tsv",
                                    line=line)
            ends.append(keys)
        facts.append(GoldFact(ends[0], row["relation"], ends[1], row["status"], row["required"], line))
    return Gold(actors, facts)


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
                    self.labels.setdefault(s, str(o))
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
        return self.labels.get(node) or _local_name(str(node))


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


def score_graph(graph, gold, name=""):
    """Compare an rdflib Graph of one article with its gold; returns a Score."""
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

    def describe(node):
        keys = keys_of.get(node)
        return f"{index.label(node)} [{'|'.join(keys)}]" if keys else index.label(node)

    score = Score(name=name, articles=1)
    for actor in gold.actors.values():
        if not actor.required:
            continue
        score.actors_required += 1
        if nodes[actor.key]:
            score.actors_found += 1
        elif identified[actor.key]:
            types = sorted(set().union(*(index.types.get(n, set()) for n in identified[actor.key])))
            score.actors_missed.append(f"{actor.key} ({actor.label}): found with type "
                                       f"{', '.join(types) or 'none'}, not {actor.type}")
        else:
            score.actors_missed.append(f"{actor.key} ({actor.label}): not found")

    def count(rel):
        return score.relations.setdefault(rel, RelationCount())

    edges = [e for e in _relation_edges(graph) if e[0] in gold_nodes or e[2] in gold_nodes]
    for fact in gold.facts:
        hits = [e for e in edges if _fact_matches(fact, e, nodes)]
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
                shown = "; ".join(f"{describe(s)} {r} {describe(o)}" for s, r, o in hits)
                score.forbidden_found.append(f"{fact}: {shown}")
    allowed = [f for f in gold.facts if f.required in ("yes", "no")]
    for edge in edges:
        s, rel, o = edge
        score.edges += 1
        count(rel).edges += 1
        if any(_fact_matches(f, edge, nodes) for f in allowed):
            score.edges_correct += 1
            count(rel).correct += 1
        else:
            score.wrong.append(f"{describe(s)} {rel} {describe(o)}")
    return score


def _figure(part, whole):
    return f"{part}/{whole} {part / whole:.2f}" if whole else f"{part}/{whole} n/a"


def format_report(scores):
    """A readable report: each article with its misses, a per-relation table, micro totals."""
    scores = list(scores)
    out = []
    for s in scores:
        out.append(f"{s.name or 'article'}: recall {_figure(s.facts_found, s.facts_required)}, "
                   f"precision {_figure(s.edges_correct, s.edges)}, "
                   f"forbidden {s.forbidden_hits}/{s.forbidden}, "
                   f"actors {_figure(s.actors_found, s.actors_required)}")
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


def export_article_graph(store):
    """The articles' graphs with the description of the actors they mention, as an rdflib Graph
    (what scoring sees)."""
    import pyoxigraph as ox

    from actorgraph.graph.store.actors import actor_quads
    from rdflib import BNode, Graph, Literal, URIRef

    def convert(term):
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))

    graph = Graph()
    for prefix, iri in (("ag", AG_NS), ("wd", WD_NS)):
        graph.bind(prefix, iri)
    quads = list(store.graph_quads([g for g in store.graph_iris()
                                    if g not in (REGISTRY_GRAPH, ACTORS_GRAPH)]))
    for q in quads + actor_quads(store, quads):
        graph.add((convert(q.subject), convert(q.predicate), convert(q.object)))
    return graph


@dataclass
class EvalCase:
    """One article to score: its text file, gold folder and the date and language to build it with."""

    name: str
    article: Path
    gold_dir: Path
    date: object = None
    lang: str = None


def read_eval_set(set_dir):
    """The cases of a set folder: articles.tsv (name, date, lang, …) and a subfolder per article."""
    import datetime

    set_dir = Path(set_dir)
    path = set_dir / "articles.tsv"
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc.strerror}") from None
    header = lines[0].rstrip("\r").split("\t")
    if header[:3] != ["name", "date", "lang"]:
        raise DataFileError(path, "header must start with name, date, lang (tab-separated)", line=1)
    cases = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.rstrip("\r").split("\t")
        if len(cells) < 3:
            raise DataFileError(path, "expected at least name, date and lang", line=number)
        name, date, lang = (c.strip() for c in cells[:3])
        try:
            date = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise DataFileError(path, f"date {date!r} is not YYYY-MM-DD", line=number) from None
        folder = set_dir / name
        if not (folder / "article.txt").is_file():
            raise DataFileError(path, f"{folder / 'article.txt'} does not exist", line=number)
        cases.append(EvalCase(name, folder / "article.txt", folder, date, lang or None))
    return cases


def collect_cases(gold_dir, inputs=(), date=None, lang=None):
    """The cases named on the command line: a set folder (with articles.tsv) or one gold folder.

    With a set folder, ``inputs`` picks articles by name; ``date`` and ``lang`` fill what the set
    leaves empty. With one gold folder, ``inputs`` is its article (default: article.txt there).
    """
    from actorgraph.graph.errors import InputError

    gold_dir = Path(gold_dir)
    if (gold_dir / "articles.tsv").is_file():
        cases = read_eval_set(gold_dir)
        if inputs:
            names = {c.name for c in cases}
            unknown = [i for i in inputs if i not in names]
            if unknown:
                raise InputError(f"{unknown[0]!r} is not an article of {gold_dir / 'articles.tsv'}")
            cases = [c for c in cases if c.name in inputs]
        for case in cases:
            case.date, case.lang = case.date or date, case.lang or lang
    else:
        if not inputs and (gold_dir / "article.txt").is_file():
            inputs = (str(gold_dir / "article.txt"),)
        if len(inputs) != 1:
            raise InputError(f"{gold_dir} is one gold folder: give exactly one article to score against it")
        cases = [EvalCase(gold_dir.resolve().name, Path(inputs[0]), gold_dir, date, lang)]
    for case in cases:  # a bad gold file fails now, not after half the builds
        load_gold(case.gold_dir)
    return cases


def evaluate_case(case, registry=None):
    """Build the case's article alone into an in-memory store, export it and score it.

    ``registry`` is a loaded Registry, a path of an extra registry file, or None (the default).
    """
    gold = load_gold(case.gold_dir)
    from actorgraph.graph.build import build_article
    from actorgraph.graph.errors import InputError
    from actorgraph.graph.ingest.reader import InputFailure, read_inputs
    from actorgraph.graph.store import open_store

    if isinstance(registry, (str, Path)):
        from actorgraph.graph.registry import load_registry

        registry = load_registry(extra=(registry,))
    items = list(read_inputs([str(case.article)], date=case.date, lang=case.lang))
    failures = [i for i in items if isinstance(i, InputFailure)]
    if failures:
        raise InputError(failures[0].message)
    if len(items) != 1:
        raise InputError(f"{case.article}: holds {len(items)} articles; a gold folder scores one")
    with open_store(":memory:") as store:
        build_article(store, items[0], registry=registry, lang=case.lang)
        graph = export_article_graph(store)
    return score_graph(graph, gold, name=case.name)
