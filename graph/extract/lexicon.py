"""Extraction lexicons: one folder per language under ``graph/lexicons/``, plain TSV files.

Each file has a header row; ``#`` starts a comment line. A new language is a new folder with
the same files (see ``graph/lexicons/README.md``); a mistake is reported with file and line.
"""

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from actorgraph.graph.errors import DataFileError

LEXICON_ROOT = resources.files("actorgraph.graph").joinpath("lexicons")

# Allowed values, so that a typo in a data file fails at load time, not half-way through a build.
RELATIONS = {"headOfState", "headOfGovernment", "leaderOf", "ministerOf", "spokespersonOf",
             "envoyOf", "memberOf", "-"}
EVENT_CLASSES = {"Meeting", "PhoneCall", "Visit", "Sanctioning", "Threat", "Conflict"}
STATUSES = {"Occurred", "Planned", "Possible", "Intended", "Threatened", "Denied", "Cancelled",
            "Lifted", "Requested", "Postponed"}
WORD_CLASSES = {"conj", "with", "between", "loc", "dest", "by", "against", "from", "pronoun",
                "plural_pronoun", "leader", "leaders", "former", "honorific", "determiner",
                "org_keyword", "clause_break", "member", "namely", "of", "person_keyword",
                "stop", "counterpart", "republic", "past", "future", "infinitive", "self",
                "ministry", "portfolio", "impose", "join", "compose", "negation", "receive", "candidate", "after", "state_noun"}
# Classes the actor and role rules read (graph/extract/roles.py, scope.py, context.py, pipeline.py).
WORD_CLASSES |= {"chain", "predecessor", "founder", "deputy", "indefinite", "copula", "relative",
                 "quantity", "title_modifier", "bloc_noun", "outside", "led_by", "delegation", "chamber", "demonstrative", "then", "elect", "rival_government", "opponents", "state_pronoun", "team", "lead", "accompany", "fighters", "opposition_body", "opposition_person"}
# eventwords.tsv: words only the event rules read (events.py and its mixins); kept apart from
# words.tsv because every word there also stops a capitalised name ("World Trade Organization")
EVENT_WORD_CLASSES = {"phone", "speak", "support", "economic", "delegate", "count2", "count3", "count4",
                      "group_noun", "mediate", "circumstance", "ban", "beneficiary", "stance",
                      "sequel", "ordinal", "import", "export", "hospitality",
                      "capital", "aid", "invite", "reciprocal", "needs_object", "speech", "indirect", "bar", "hold", "topic", "temporal", "entry", "undergo", "oppose", "resume", "participle", "affiliate", "delist", "listing", "attend"}
DATE_UNITS = {"day", "week", "month", "year", "weekday", "month_name"}


@dataclass
class Lexicon:
    """Everything the extractor knows about one language."""

    lang: str
    titles: dict = field(default_factory=dict)        # title (lower) -> (relation, post)
    triggers: dict = field(default_factory=dict)      # form (lower) -> (event class, match kind)
    cues: dict = field(default_factory=dict)          # cue (lower) -> (status, scope)
    words: dict = field(default_factory=dict)         # word (lower) -> set of classes
    event_words: dict = field(default_factory=dict)   # word (lower) -> set of classes (eventwords.tsv)
    months: dict = field(default_factory=dict)        # word (lower) -> 1..12
    weekdays: dict = field(default_factory=dict)      # word (lower) -> 0..6 (Monday 0)
    relative: dict = field(default_factory=dict)      # phrase (lower) -> (unit, offset)
    abbreviations: set = field(default_factory=set)   # tokens ending in '.' that end no sentence
    stopwords: set = field(default_factory=set)

    classes: dict = field(default_factory=dict)       # words and event_words together, for is_a

    def is_a(self, word, cls):
        found = self.classes.get(word)  # most tokens asked about are already lower case
        return cls in (found if found is not None else self.classes.get(word.lower(), ()))


def _rows(path, columns):
    """Yield (line number, row dict) from a TSV data file, checking the header and columns."""
    try:
        text = Path(str(path)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"cannot read lexicon file: {exc}") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return
    header_no, header = lines[0]
    names = header.split("\t")
    if names[: len(columns)] != list(columns):
        raise DataFileError(path, f"header must start with {'<tab>'.join(columns)}", header_no)
    for n, line in lines[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) < len(columns) or any(not cells[i].strip() for i in range(len(columns)) if i == 0):
            raise DataFileError(path, f"expected {len(columns)} tab-separated columns", n)
        yield n, {c: cells[i].strip() for i, c in enumerate(columns)}


def _unique(path, line, key, table):
    if key in table:
        raise DataFileError(path, f"{key!r} is listed twice", line)


def _check(path, line, value, allowed, what):
    if value not in allowed:
        raise DataFileError(path, f"unknown {what} {value!r} (one of: {', '.join(sorted(allowed))})", line)


def load_lexicon_dir(folder, lang):
    """Load and validate the lexicon files of one language folder."""
    folder = Path(str(folder))
    if not folder.is_dir():
        raise DataFileError(folder, f"no lexicon for language {lang!r}")
    lex = Lexicon(lang)
    f = folder / "titles.tsv"
    for n, r in _rows(f, ("title", "relation", "post")):
        _check(f, n, r["relation"], RELATIONS, "relation")
        _unique(f, n, r["title"].lower(), lex.titles)
        lex.titles[r["title"].lower()] = (r["relation"], r["post"])
    f = folder / "triggers.tsv"
    for n, r in _rows(f, ("form", "event", "match")):
        _check(f, n, r["event"], EVENT_CLASSES, "event class")
        _check(f, n, r["match"], {"word", "stem", "phrase"}, "match kind")
        _unique(f, n, r["form"].lower(), lex.triggers)
        lex.triggers[r["form"].lower()] = (r["event"], r["match"])
    f = folder / "cues.tsv"
    for n, r in _rows(f, ("cue", "status", "scope")):
        _check(f, n, r["status"], STATUSES, "status")
        _check(f, n, r["scope"], {"before", "after", "around", "clause"}, "scope")
        _unique(f, n, r["cue"].lower(), lex.cues)
        lex.cues[r["cue"].lower()] = (r["status"], r["scope"])
    f = folder / "words.tsv"
    for n, r in _rows(f, ("word", "class")):
        for cls in r["class"].split(","):
            _check(f, n, cls, WORD_CLASSES, "word class")
            lex.words.setdefault(r["word"].lower(), set()).add(cls)
    f = folder / "eventwords.tsv"
    if f.exists():
        for n, r in _rows(f, ("word", "class")):
            for cls in r["class"].split(","):
                _check(f, n, cls, EVENT_WORD_CLASSES, "event word class")
                lex.event_words.setdefault(r["word"].lower(), set()).add(cls)
    for table in (lex.words, lex.event_words):
        for key, classes in table.items():
            lex.classes.setdefault(key, set()).update(classes)
    f = folder / "dates.tsv"
    for n, r in _rows(f, ("phrase", "unit", "value")):
        _check(f, n, r["unit"], DATE_UNITS, "date unit")
        try:
            value = int(r["value"])
        except ValueError:
            raise DataFileError(f, f"value must be a whole number, not {r['value']!r}", n) from None
        if r["unit"] == "month_name":
            lex.months[r["phrase"].lower()] = value
        elif r["unit"] == "weekday":
            lex.weekdays[r["phrase"].lower()] = value
        else:
            lex.relative[r["phrase"].lower()] = (r["unit"], value)
    f = folder / "abbreviations.tsv"
    for _n, r in _rows(f, ("abbreviation",)):
        lex.abbreviations.add(r["abbreviation"].lower())
    f = folder / "stopwords.tsv"
    if f.exists():
        for _n, r in _rows(f, ("word",)):
            lex.stopwords.add(r["word"].lower())
    return lex


@lru_cache(maxsize=None)
def load_lexicon(lang):
    """The packaged lexicon of a language (cached per process)."""
    return load_lexicon_dir(LEXICON_ROOT.joinpath(lang), lang)


def available_languages():
    return sorted(p.name for p in Path(str(LEXICON_ROOT)).iterdir()
                  if p.is_dir() and (p / "titles.tsv").exists())
