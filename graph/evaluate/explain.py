"""The sentences behind a score: for each missed, wrong or forbidden fact and each actor not
found, where in the article the evidence is — what a rule writer reads to fix a rule.

Missed and forbidden gold facts are located by the gold ``evidence`` words, else by a sentence
naming both ends, else by the sentence sharing most words with the evidence. Wrong edges show the
evidence the graph itself stores (sentence and offsets, which count in ``Article.text``). Actors
not found show the sentences their surface forms occur in.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from actorgraph.ontology import AG_NS

MAX_SENTENCES = 3  # per item: enough to see the pattern, short enough to read a set
QUOTE_MAP = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'",
                           "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                           "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "})
ELLIPSIS_RE = re.compile(r"\s*(?:\.\.\.+|…|\[\.\.\.\]|\s/\s)\s*")
WORD_RE = re.compile(r"\w+")
OPEN, CLOSE = "«", "»"


def merge_spans(spans):
    """Sorted spans with overlapping ones ("Viktor Orbán", "Orbán") made one."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass
class Passage:
    """One sentence of the article; ``marks`` are the spans (article offsets) that matter in it."""

    start: int
    end: int
    text: str
    found_by: str  # "gold evidence", "both ends", "shared words", "surface forms" or "graph"
    marks: list = field(default_factory=list)

    def to_dict(self):
        return {"start": self.start, "end": self.end, "text": self.text, "found_by": self.found_by,
                "marks": [list(m) for m in self.marks]}

    def shown(self):
        """The sentence on one line with its marks in «»."""
        text, cut = self.text, self.start
        for start, end in reversed(merge_spans(self.marks)):
            a, b = max(start, cut) - cut, min(end, self.end) - cut
            if 0 <= a < b <= len(text):
                text = text[:a] + OPEN + text[a:b] + CLOSE + text[b:]
        return f"[{self.start}:{self.end}] " + " ".join(text.split())


@dataclass
class Item:
    """One thing the score counts against the graph, with the sentences that explain it."""

    kind: str  # "missed", "wrong", "forbidden" or "actor"
    what: str  # the same line the plain report gives
    passages: list = field(default_factory=list)
    gold_evidence: str = ""
    line: int = None  # facts.tsv line of a gold fact
    notes: list = field(default_factory=list)
    more: int = 0  # passages left out

    def to_dict(self):
        out = {"kind": self.kind, "what": self.what, "sentences": [p.to_dict() for p in self.passages]}
        if self.line is not None:
            out["line"] = self.line
            out["gold_evidence"] = self.gold_evidence
        if self.notes:
            out["notes"] = self.notes
        if self.more:
            out["more_sentences"] = self.more
        return out


TITLES = {"missed": "MISSED", "wrong": "WRONG", "forbidden": "FORBIDDEN", "actor": "ACTOR"}


@dataclass
class Explanation:
    """The explained items of one article, in the order missed, wrong, forbidden, actors."""

    items: list = field(default_factory=list)

    def to_dict(self):
        return {kind: [i.to_dict() for i in self.items if i.kind == kind] for kind in TITLES}

    def lines(self):
        """Readable lines, indented under the article's score line."""
        out = []
        for item in self.items:
            where = f"  (facts.tsv:{item.line})" if item.line is not None else ""
            out.append(f"  {TITLES[item.kind]} {item.what}{where}")
            if item.gold_evidence:
                out.append(f"      gold evidence: \"{item.gold_evidence}\"")
            out.extend(f"      note: {note}" for note in item.notes)
            for p in item.passages:
                label = "graph" if p.found_by == "graph" else "text"
                out.append(f"      {label} {p.shown()}")
            if item.more:
                out.append(f"      … {item.more} more sentence(s)")
            if not item.passages:
                out.append("      (no sentence found)")
        return out


class Folded:
    """A text folded for matching (accents, quote and dash shapes, spacing; case optionally),
    with the article offset of every folded character."""

    def __init__(self, text, casefold=True):
        chars, where = [], []
        space = True
        for i, c in enumerate(text):
            c = c.translate(QUOTE_MAP)
            if c.isspace():
                if not space:
                    chars.append(" ")
                    where.append(i)
                space = True
                continue
            space = False
            for d in unicodedata.normalize("NFKD", c.casefold() if casefold else c):
                if not unicodedata.combining(d):
                    chars.append(d)
                    where.append(i)
        self.text = "".join(chars)
        self.where = where + [len(text)]
        self.casefold = casefold

    def fold(self, needle):
        return Folded(needle, self.casefold).text.strip()

    def span(self, a, b):
        """Article offsets of the folded range [a, b)."""
        return self.where[a], self.where[b - 1] + 1

    def find_all(self, needle, words=True):
        """Article spans where the needle occurs (as whole words when ``words``)."""
        needle = self.fold(needle)
        if not needle:
            return []
        pattern = re.escape(needle)
        if words:
            pattern = rf"(?<!\w){pattern}(?!\w)"
        return [self.span(m.start(), m.end()) for m in re.finditer(pattern, self.text)]


class ArticleText:
    """An article's text with its sentences (as extraction splits them) and folded views."""

    def __init__(self, text, lang):
        from actorgraph.graph.extract.lexicon import available_languages, load_lexicon
        from actorgraph.graph.extract.text import split_sentences, tokenize

        self.text = text
        abbreviations = load_lexicon(lang).abbreviations if lang in available_languages() else ()
        tokens = tokenize(text)
        self.sentences = [(s.start, s.end) for s in split_sentences(text, tokens, abbreviations)]
        self.folded = Folded(text)
        self.cased = Folded(text, casefold=False)

    def sentences_over(self, start, end):
        return [(a, b) for a, b in self.sentences if a < end and start < b]

    def passages(self, spans, found_by):
        """One Passage per sentence holding a span, marks grouped under their sentences."""
        out = {}
        for start, end in sorted(spans):
            for a, b in self.sentences_over(start, end):
                passage = out.get(a) or out.setdefault(a, Passage(a, b, self.text[a:b], found_by))
                passage.marks = merge_spans(passage.marks + [(start, end)])
        return [out[a] for a in sorted(out)]

    def forms(self, forms):
        """Spans where any of the surface forms occurs as whole words, case kept."""
        return sorted({span for form in forms for span in self.cased.find_all(form)})

    def locate_evidence(self, evidence):
        """Spans of the gold evidence words: whole, else each fragment between ellipses."""
        spans = self.folded.find_all(evidence, words=False)
        if spans:
            return spans
        parts = [p for p in ELLIPSIS_RE.split(evidence) if len(WORD_RE.findall(p)) >= 2]
        found = [s for part in parts if len(parts) > 1 for s in self.folded.find_all(part, words=False)]
        return sorted(set(found))

    def closest(self, words, least=0.5):
        """The sentence sharing the most of the words (at least ``least`` of them), or None."""
        wanted = {w for w in WORD_RE.findall(self.folded.fold(words))}
        if len(wanted) < 2:
            return None
        best, score = None, least
        for a, b in self.sentences:
            have = set(WORD_RE.findall(self.folded.fold(self.text[a:b])))
            share = len(wanted & have) / len(wanted)
            if share >= score and (best is None or share > score):
                best, score = (a, b), share
        return best


def _forms(actor):
    return (actor.label,) + tuple(actor.surface_forms)


def _limit(item, passages):
    item.passages, item.more = passages[:MAX_SENTENCES], max(len(passages) - MAX_SENTENCES, 0)
    return item


def _gold_passages(fact, gold, article):
    """Where a gold fact is in the text, and a note on how it was found when not by its words."""
    notes = []
    if fact.evidence:
        spans = article.locate_evidence(fact.evidence)
        if spans:
            return article.passages(spans, "gold evidence"), notes
        notes.append("the gold evidence is not in the text")
    subjects = article.forms([f for key in fact.subjects for f in _forms(gold.actors[key])])
    objects = article.forms([f for key in fact.objects for f in _forms(gold.actors[key])])
    both = []
    for a, b in article.sentences:
        inside = [s for s in subjects if a <= s[0] < b], [o for o in objects if a <= o[0] < b]
        if inside[0] and inside[1] and set(inside[0]) != set(inside[1]):
            passage = Passage(a, b, article.text[a:b], "both ends")
            passage.marks = merge_spans(inside[0] + inside[1])
            both.append(passage)
    if both:
        notes.append("sentences naming both ends")
        return both, notes
    near = article.closest(fact.evidence) if fact.evidence else None
    if near:
        notes.append("no sentence names both ends; the sentence sharing most words with the evidence")
        return [Passage(near[0], near[1], article.text[near[0]:near[1]], "shared words")], notes
    notes.append("no sentence names both ends")
    return [], notes


class GraphEvidence:
    """The evidence sentences the graph stores for its roles and events, looked up by edge."""

    def __init__(self, graph):
        from rdflib import Literal

        self.graph = graph
        roles, events, self.evidence, self.sentences = {}, {}, {}, {}
        for s, p, o in graph:
            p = str(p)
            if not p.startswith(AG_NS):
                continue
            name = p[len(AG_NS):]
            if name in ("holder", "roleType", "roleIn"):
                roles.setdefault(s, {})[name] = o
            elif name == "relation":
                events.setdefault(s, {})["relation"] = o
            elif name in ("participant", "agent", "target", "place"):
                events.setdefault(s, {}).setdefault("nodes", set()).add(o)
            elif name == "evidence":
                self.evidence.setdefault(s, []).append(o)
            elif name in ("sentence", "startOffset", "endOffset") and isinstance(o, Literal):
                self.sentences.setdefault(s, {})[name] = o.toPython()
        self.roles = [(v["holder"], _local(v["roleType"]), v["roleIn"], r) for r, v in roles.items()
                      if {"holder", "roleType", "roleIn"} <= v.keys()]
        self.events = [(_local(v["relation"]), v.get("nodes", set()), e)
                       for e, v in events.items() if "relation" in v]

    def passages(self, edge, article=None):
        """The sentences the graph gives as evidence for an edge's roles and events."""
        s, rel, o = edge
        owners = [r for h, kind, of, r in self.roles if (h, kind, of) == (s, rel, o)]
        owners += [e for kind, nodes, e in self.events if kind == rel and s in nodes and o in nodes]
        found = {}
        for owner in owners:
            for ev in self.evidence.get(owner, ()):
                info = self.sentences.get(ev, {})
                if "startOffset" in info and "endOffset" in info:
                    start, end = int(info["startOffset"]), int(info["endOffset"])
                    found.setdefault(start, Passage(start, end, str(info.get("sentence", "")), "graph"))
        passages = [found[k] for k in sorted(found)]
        if article is not None:
            for p in passages:
                forms = self._names(s) + self._names(o)
                p.marks = merge_spans(m for m in article.forms(forms) if p.start <= m[0] < p.end)
        return passages

    def _names(self, node):
        from rdflib import URIRef

        return [str(v) for p in (URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                                 URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))
                for v in self.graph.objects(node, p)]


def _local(node):
    return re.split(r"[#/]", str(node))[-1]


def explain(comparison, gold, graph, text, lang):
    """The Explanation of one article's Comparison (see score.compare) against its text."""
    article = ArticleText(text, lang)
    stored = GraphEvidence(graph)
    cmp = comparison
    explanation = Explanation()
    items = explanation.items
    for fact, hits in cmp.hits:
        if fact.required == "yes" and not hits:
            item = Item("missed", str(fact), gold_evidence=fact.evidence, line=fact.line)
            passages, item.notes = _gold_passages(fact, gold, article)
            item.notes += _ends_note(fact, gold, cmp)
            items.append(_limit(item, passages))
    for edge, right in cmp.edges:
        if not right:
            item = Item("wrong", cmp.edge_text(edge))
            passages = stored.passages(edge, article)
            if not passages:
                item.notes.append("the graph stores no evidence sentence for this edge")
            items.append(_limit(item, passages))
    for fact, hits in cmp.hits:
        if fact.required == "forbidden" and hits:
            item = Item("forbidden", f"{fact}: {'; '.join(cmp.edge_text(e) for e in hits)}",
                        gold_evidence=fact.evidence, line=fact.line)
            gold_side, item.notes = _gold_passages(fact, gold, article)
            graph_side = [p for e in hits for p in stored.passages(e, article)]
            items.append(_limit(item, gold_side[:MAX_SENTENCES] + graph_side))
    for actor in gold.actors.values():
        problem = cmp.actor_problem(actor) if actor.required else None
        if problem:
            item = Item("actor", problem)
            unlinked = cmp.labelled_only(actor)
            if unlinked:
                item.notes.append(f"the graph has {unlinked} by label but not linked to {actor.wikidata}")
            spans = article.forms(_forms(actor))
            if not spans:
                item.notes.append("no surface form occurs in the text")
            items.append(_limit(item, article.passages(spans, "surface forms")))
    return explanation


def _ends_note(fact, gold, cmp):
    """Which end of a missed fact the graph lacks, or what it asserts between the ends instead."""
    lacking = [side for side in (fact.subjects, fact.objects) if not any(cmp.nodes[k] for k in side)]
    if lacking:
        keys = [k for side in lacking for k in side]
        types = ", ".join(f"{k} ({gold.actors[k].type})" for k in keys)
        return [f"not in the graph with the gold type: {types}"]
    subjects = set().union(*(cmp.nodes[k] for k in fact.subjects))
    objects = set().union(*(cmp.nodes[k] for k in fact.objects))
    instead = [cmp.edge_text(e) for e, _ in cmp.edges
               if (e[0] in subjects and e[2] in objects) or (e[0] in objects and e[2] in subjects)]
    return [f"the graph has instead: {'; '.join(instead)}"] if instead else []
