"""Front matter of Markdown posts (Jekyll, Hugo) and the date shapes news metadata comes in.

Front matter is read without a YAML library: only `key: value` scalars matter here (title, date,
url, …), and a scraper's front matter is often not valid YAML ("title: Trump: no deal"), which a
strict parser would refuse whole. Quoting, comments, block scalars and `+++` TOML fences are
understood; lists, maps and unknown keys are skipped.
"""

import datetime
import re
from functools import lru_cache
from pathlib import Path

LEXICONS = Path(__file__).parent.parent / "lexicons"
FENCES = {"---": ("---", "..."), "+++": ("+++",)}
KEY_RE = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([A-Za-z_][\w.-]*))[ \t]*[:=](?:[ \t]+|$)(.*)$""")
ESCAPES = {"n": "\n", "t": "\t", "r": "", "0": "", '"': '"', "\\": "\\", "/": "/", " ": " ",
           "_": "\u00a0", "N": "\u0085", "e": "", "a": "", "b": "", "f": "", "v": ""}


def split_front_matter(text):
    """(keys -> values, the rest of the text) of a text that may open with a fenced block."""
    lines = text.split("\n")
    first = lines[0].strip() if lines else ""
    if first not in FENCES:
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in FENCES[first]:
            break
    else:
        return {}, text  # no closing fence: not front matter
    return parse_block(lines[1:end]), "\n".join(lines[end + 1:])


def parse_block(lines):
    """Top-level scalar keys of a YAML (or TOML) block, lower-cased; the rest is ignored."""
    meta, n = {}, 0
    while n < len(lines):
        line = lines[n]
        n += 1
        match = KEY_RE.match(line) if line[:1] not in (" ", "\t", "#", "-", "[") else None
        if not match:
            continue
        key = (match.group(1) or match.group(2) or match.group(3)).strip().lower()
        raw = match.group(4).strip()
        indented = []
        while n < len(lines) and (not lines[n].strip() or lines[n][:1] in (" ", "\t")):
            indented.append(lines[n])
            n += 1
        value = _scalar(raw, indented)
        if value is not None and key not in meta:
            meta[key] = value
    return meta


def _scalar(raw, more):
    """The string value of `raw` (and the indented lines after it), or None for lists and maps."""
    if raw[:1] in ("|", ">"):  # block scalar: literal keeps lines, folded joins them
        body = [line.strip() for line in more]
        while body and not body[-1]:
            body.pop()
        return ("\n" if raw[0] == "|" else " ").join(body).strip() if body else ""
    if not raw:
        return None if any(line.strip() for line in more) else ""  # a list or a map
    if raw[0] in "[{":
        return None
    if raw[0] in "\"'":
        text = " ".join([raw] + [line.strip() for line in more if line.strip()])
        return _quoted(text)
    raw = re.sub(r"[ \t]+#.*$", "", raw)  # a comment
    return " ".join([raw] + [line.strip() for line in more if line.strip()]).strip()


def _quoted(text):
    """The content of a single- or double-quoted YAML string (to its closing quote)."""
    quote, out, i = text[0], [], 1
    while i < len(text):
        c = text[i]
        if quote == "'" and c == "'":
            if text[i + 1:i + 2] == "'":
                out.append("'")
                i += 2
                continue
            break
        if quote == '"' and c == '"':
            break
        if quote == '"' and c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            hexes = {"x": 2, "u": 4, "U": 8}.get(nxt)
            if hexes and re.fullmatch(r"[0-9A-Fa-f]+", text[i + 2:i + 2 + hexes] or "-"):
                code = int(text[i + 2:i + 2 + hexes], 16)
                out.append(chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd")
                i += 2 + hexes
                continue
            out.append(ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out).strip()


@lru_cache(maxsize=1)
def month_names():
    """Folded month name -> number, from the month_name rows of every lexicons/<lang>/dates.tsv,
    with the three-letter forms ("Jul", "Agu") of each full name."""
    names = {}
    for path in sorted(LEXICONS.glob("*/dates.tsv")):
        for line in path.read_text(encoding="utf-8").split("\n"):
            cells = line.split("\t")
            if len(cells) == 3 and cells[1] == "month_name" and cells[2].strip().isdigit():
                name = cells[0].strip().rstrip(".").casefold()
                names.setdefault(name, int(cells[2]))
                names.setdefault(name[:3], int(cells[2]))
    return names


ISO_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?=$|[T\s,_]|[+-]\d\d|Z)")
DAY_FIRST_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s.-]+([^\W\d_]+)\.?[\s.,-]+(\d{4})\b")
MONTH_FIRST_RE = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def parse_date(value):
    """A date from a date, or from a string in a common shape: 2025-07-23, 2025-07-23 10:11:12,
    2025-07-23T10:11:12+07:00 (the date as written, its own time zone), 2025/07/23, July 23, 2025,
    23 July 2025, Rabu, 23 Juli 2025 10:11 WIB. None when absent; ValueError when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    match = ISO_RE.match(text)
    if match:
        return datetime.date(*(int(g) for g in match.groups()))
    months = month_names()
    for regex, order in ((DAY_FIRST_RE, (3, 2, 1)), (MONTH_FIRST_RE, (3, 1, 2))):
        match = regex.search(text)
        if match and match.group(order[1]).casefold() in months:
            year, day = int(match.group(order[0])), int(match.group(order[2]))
            return datetime.date(year, months[match.group(order[1]).casefold()], day)
    raise ValueError(value)
