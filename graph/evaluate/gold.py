"""Gold folders and eval sets: actors.tsv, facts.tsv, articles.tsv (see the eval sets' README)."""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from actorgraph.graph.errors import DataFileError

ACTOR_TYPES = ("Person", "State", "Organisation", "Place")
# The relations the gold may use (GUIDELINES.md) plus the ones only the graph writes; an edge
# with any of these predicates that touches a gold actor counts for precision.
GOLD_RELATIONS = ("headOfState", "headOfGovernment", "leaderOf", "ministerOf", "spokespersonOf",
                  "envoyOf", "memberOf", "metWith", "spokeWith", "plansToMeet", "visited",
                  "sanctions", "threatensSanctions", "inConflictWith")
RELATIONS = GOLD_RELATIONS + ("partOf", "alliedWith", "supports", "criticises")
# A gold fact with one of these matches an edge in either direction.
STATUSES = ("", "current", "former", "occurred", "planned", "possible", "intended", "threatened")
ACTOR_COLUMNS = ("key", "type", "label", "surface_forms", "wikidata", "required")
FACT_COLUMNS = ("subject", "relation", "object", "status", "required", "qualifiers", "evidence")


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
    evidence: str = ""  # the annotator's words from the article (or a note), for explanations

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
        facts.append(GoldFact(ends[0], row["relation"], ends[1], row["status"], row["required"], line,
                              row["evidence"]))
    return Gold(actors, facts)



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

