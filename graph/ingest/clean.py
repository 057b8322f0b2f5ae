"""What is not the story: ad slots, promo, share and credit lines (graph/lexicons/boilerplate.tsv)
are taken out of an article's text, and the outlet's name is taken out of its dateline
("JAKARTA, KOMPAS.com - …" -> "JAKARTA - …") so that a publisher never becomes an actor while
the place stays for extraction. Both run before the Article exists: offsets count in the result.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from actorgraph.graph.errors import DataFileError

BOILERPLATE = Path(__file__).parent.parent / "lexicons" / "boilerplate.tsv"
KINDS = ("line", "start", "inline", "outlet")
START_MAX_CHARS = 300  # a promo line is short; a paragraph that merely opens alike is kept
DATELINE_MAX_CHARS = 90
# The dash after a dateline: " -", "--", "---", an en or em dash spaced or not ("WASHINGTON—The");
# a lone hyphen wants a space before it ("U.S.-China" is no dateline).
DASH_RE = re.compile(r"(?:[ \t\u00a0]+-{1,3}|[ \t\u00a0]*-{2,3}|[ \t\u00a0]*[\u2012-\u2015])[ \t\u00a0]*"
                     r"(?=[\"'“‘(\w])")
DOMAIN_RE = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:com|co\.id|co|id|net|org|news|tv)", re.I)
DATE_PART_RE = re.compile(r"(?:\w+ )?\d{1,2}(?: \w+)?(?: \d{4})?|\w+ \d{4}|\d{1,2}/\d{1,2}(?:/\d{2,4})?")


@dataclass(frozen=True)
class Boilerplate:
    """The compiled patterns of boilerplate.tsv."""

    line: re.Pattern  # any whole-line pattern
    start: re.Pattern
    inline: re.Pattern
    outlets: frozenset  # case-folded names


def read_boilerplate(path=BOILERPLATE):
    """Read and check a boilerplate file: a `kind pattern` header, one rule a line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"cannot read: {exc}") from None
    rules = {kind: [] for kind in KINDS}
    header = False
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header:
            if cells != ["kind", "pattern"]:
                raise DataFileError(path, "the header must be `kind<TAB>pattern`", line=number)
            header = True
            continue
        if len(cells) != 2:
            raise DataFileError(path, f"expected 2 tab-separated columns, got {len(cells)}", line=number)
        kind, pattern = cells[0].strip(), cells[1].strip()
        if kind not in KINDS:
            raise DataFileError(path, f"kind {kind!r} is not one of {', '.join(KINDS)}", line=number)
        if not pattern:
            raise DataFileError(path, "empty pattern", line=number)
        if kind != "outlet":
            try:
                compiled = re.compile(pattern, re.I)
            except re.error as exc:
                raise DataFileError(path, f"bad regular expression {pattern!r}: {exc}", line=number) from None
            if compiled.match(""):
                raise DataFileError(path, f"pattern {pattern!r} matches the empty line", line=number)
        rules[kind].append(pattern)
    if not header:
        raise DataFileError(path, "no header `kind<TAB>pattern`", line=1)

    def union(patterns):
        return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x", re.I)

    return Boilerplate(union(rules["line"]), union(rules["start"]), union(rules["inline"]),
                       frozenset(o.casefold() for o in rules["outlet"]))


@lru_cache(maxsize=1)
def boilerplate():
    """The bundled rules, read once."""
    return read_boilerplate()


def is_junk(line, rules=None):
    """Whether a whole line is an ad, promo, share or credit line."""
    rules = rules or boilerplate()
    text = line.strip()
    if not text:
        return False
    return bool(rules.line.fullmatch(text)) or \
        (len(text) <= START_MAX_CHARS and bool(rules.start.match(text)))


def remove_boilerplate(text, rules=None):
    """The text without junk lines and inline junk; paragraphs stay paragraphs."""
    rules = rules or boilerplate()
    out = []
    for line in text.split("\n"):
        if rules.inline.search(line):
            line = re.sub(r"(?<=\S)[ \t]{2,}", " ", rules.inline.sub("", line)).rstrip()
            if not line.strip():
                continue
        if is_junk(line, rules):
            continue
        out.append(line)
    text = "\n".join(out)
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text).strip()


def is_outlet(part, rules=None):
    """Whether a dateline part names a publisher: a listed outlet or a site name (Kompas.com)."""
    rules = rules or boilerplate()
    part = part.strip()
    return part.casefold() in rules.outlets or bool(DOMAIN_RE.fullmatch(part))


def _place_like(part):
    """A place as datelines write it: one to four capitalised words ("TEL AVIV", "Washington DC")."""
    words = part.split()
    return 0 < len(words) <= 4 and all(w[0].isupper() or w[0].isdigit() for w in words) and \
        all(re.fullmatch(r"[\w.'’-]+", w) for w in words)


def split_dateline(body, rules=None, outlet=None):
    """Find the dateline the story opens with and take the outlet's name out of it.

    The story's first paragraph is the first one that reads as prose; headings and captions
    before it are passed over (three paragraphs at most). Returns (body, place, (start, end) of
    the kept dateline in the new body, outlet); place and span are None when there is no
    dateline. A known ``outlet`` (from front matter) counts as an outlet's name too.
    """
    rules = rules or boilerplate()
    start = 0
    for _ in range(3):
        end = body.find("\n\n", start)
        paragraph = body[start:] if end < 0 else body[start:end]
        found = _dateline(paragraph, rules, outlet)
        if found is not None:
            new, place, span, name = found
            span = (span[0] + start, span[1] + start) if span else None
            return body[:start] + new + ("" if end < 0 else body[end:]), place, span, name
        if end < 0 or len(paragraph) >= 100 or paragraph.rstrip()[-1:] in ".!?\"”":
            break
        start = end + 2
    return body, None, None, None


def _dateline(body, rules, outlet):
    """(paragraph, place, span, outlet) when a paragraph opens with a dateline, else None."""
    dash = DASH_RE.search(body, 0, DATELINE_MAX_CHARS + 8)
    if dash is None or dash.start() == 0 or "\n" in body[:dash.start()]:
        return None
    head = body[:dash.start()]
    found = None
    paren = re.search(r"\s*\(([^()]{1,40})\)\s*$", head)
    # "(Reuters)", or an unlisted agency in capitals after a place in capitals: "MEDAN (ANTARA)"
    if paren and (is_outlet(paren.group(1), rules) or
                  (paren.group(1).isupper() and head[:paren.start()].split(",")[0].isupper())):
        found, head = paren.group(1).strip(), head[:paren.start()]
    kept = []
    for part in (p.strip() for p in head.split(",")):
        if found is None and (is_outlet(part, rules) or (outlet and part.casefold() == outlet.casefold())):
            found = part
        elif _place_like(part) or (kept and DATE_PART_RE.fullmatch(part)):
            kept.append(part)
        else:
            return None
    if found is None and not (kept and kept[0].isupper()):
        return None  # "Jakarta - …" alone may be prose; "JAKARTA - …" is not
    place = ", ".join(p for p in kept if not DATE_PART_RE.fullmatch(p) or p.isupper()) or None
    if found is None:  # the text stays as it is
        return body, place, (0, len(head.rstrip())), None
    if not kept:  # "KOMPAS.com - Presiden …": nothing but the outlet
        return body[dash.end():], None, None, found
    new_head = ", ".join(kept)
    return new_head + body[dash.start():], place, (0, len(new_head)), found
