"""Read articles from files, directories, standard input, JSON Lines, HTML, Markdown and feeds.

``read_inputs`` is a generator: one input at a time, one article at a time, so memory stays
bounded whatever the number of inputs. An input that cannot be read becomes an ``InputFailure``
(one line naming it) and reading goes on with the next. Nothing is ever fetched from the network.

Dates and languages: the ``date``/``lang`` arguments override what an input states when the
input is a single article (a text, Markdown or HTML file, or standard input) — the scoring harness
relies on this; for inputs holding many articles (JSON Lines, feeds) each record's own value wins
and the argument only fills the gaps.
"""

import datetime
import errno
import json
import os
import re
import sys
from dataclasses import dataclass
from stat import S_ISREG

from actorgraph.graph.ingest.article import ARTICLE_NS, CONTROL_RE, Article, Dateline, InputFailure
from actorgraph.graph.ingest.formats import (TITLE_MAX_CHARS, html_to_text, make_article, parse_date,
                                             parse_feed, parse_html, parse_markdown, parse_text,
                                             strip_markdown)
from actorgraph.graph.ingest.language import detect_language, read_stopwords, stopwords_by_language

# Re-exported: callers read everything of ingest from here.
__all__ = ["ARTICLE_NS", "CONTROL_RE", "TITLE_MAX_CHARS", "Article", "Dateline", "InputFailure",
           "decode_bytes", "detect_language", "estimate_count", "html_to_text", "read_inputs",
           "read_records", "read_stopwords", "stopwords_by_language", "strip_markdown"]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
         ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "feed", ".rss": "feed",
         ".atom": "feed"}
MAGIC = ((b"\x89PNG", "PNG image"), (b"PK\x03\x04", "ZIP archive"), (b"%PDF", "PDF document"),
         (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"\x1f\x8b", "gzip archive"))
SNIFF_BYTES = 64 * 1024
URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass
class _Options:
    date: datetime.date
    lang: str
    max_bytes: int


def read_inputs(inputs, *, date=None, lang=None, max_bytes=DEFAULT_MAX_BYTES, stdin=None):
    """Yield an Article or InputFailure for each article of each input path, directory, or '-'."""
    options = _Options(date, lang, max_bytes)
    for given in inputs:
        given = str(given)
        if given == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _read_stream(stream, "-", None, options)
        elif URL_RE.match(given):
            yield InputFailure(given, f"{given}: fetching URLs is off; use --fetch")
        elif os.path.isdir(given) and os.path.isfile(os.path.join(given, INDEX_NAME)):
            yield from _read_indexed(given, options)
        elif os.path.isdir(given):
            yield from _read_directory(given, options)
        else:
            yield from _read_file(given, options)


INDEX_NAME = "articles.tsv"


def _read_indexed(top, options):
    """A corpus folder: ``articles.tsv`` (name, date, lang, ...) and ``<name>/article.txt`` each,
    the layout of the eval sets and our examples. Each article gets the date and language of its
    row; a bad row is reported by line, the others are read."""
    index = os.path.join(top, INDEX_NAME)
    try:
        with open(index, encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f]
    except (OSError, UnicodeDecodeError) as exc:
        yield InputFailure(index, f"{index}: {exc}")
        return
    if not rows or rows[0][:3] != ["name", "date", "lang"]:
        yield InputFailure(index, f"{index}:1: header must start with name, date, lang")
        return
    for n, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        name, day, lang = (row + ["", "", ""])[:3]
        try:
            parsed = parse_date(day)
        except ValueError:
            parsed = None
        if len(row) < 3 or parsed is None or "/" in name or name.startswith("."):
            yield InputFailure(index, f"{index}:{n}: expected a name, a YYYY-MM-DD date and a language")
            continue
        row_options = _Options(parsed, lang or options.lang, options.max_bytes)
        yield from _read_file(os.path.join(top, name, "article.txt"), row_options)


def _read_directory(top, options):
    """Files of a directory tree, sorted, hidden ones skipped; loops and errors become failures."""
    active = set()

    def walk(path):
        try:
            st = os.stat(path)
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            yield InputFailure(path, f"{path}: {_describe(exc)}")
            return
        key = (st.st_dev, st.st_ino)
        if key in active:
            yield InputFailure(path, f"{path}: symlink loop; skipped")
            return
        active.add(key)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = os.path.join(path, entry.name)
            try:
                is_dir = entry.is_dir()
                mode = os.stat(child).st_mode
            except OSError as exc:
                broken = exc.errno == errno.ENOENT and entry.is_symlink()
                yield InputFailure(child, f"{child}: {'broken symlink' if broken else _describe(exc)}; skipped")
                continue
            if is_dir:
                yield from walk(child)
            elif not S_ISREG(mode):
                # A FIFO would block the walk for ever, a device could stream without end.
                yield InputFailure(child, f"{child}: not a regular file (FIFO, socket or device); skipped")
            elif os.path.splitext(entry.name)[1].lower() in KINDS or "." not in entry.name:
                # Other files (gold TSVs, images, …) in an article folder are not articles.
                yield from _read_file(child, options)
        active.discard(key)

    yield from walk(top)


def _describe(exc):
    """Say what an OSError means for the user in a few words."""
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "no such file"
    return f"cannot read: {exc.strerror}"


def _read_file(path, options):
    try:
        st = os.stat(path)
    except OSError as exc:
        yield InputFailure(path, f"{path}: {_describe(exc)}")
        return
    kind = KINDS.get(os.path.splitext(path)[1].lower())
    if kind != "jsonl" and st.st_size > options.max_bytes:
        yield InputFailure(path, f"{path}: {st.st_size} bytes is more than the limit of "
                                 f"{options.max_bytes} bytes; skipped")
        return
    try:
        handle = open(path, "rb")
    except OSError as exc:
        yield InputFailure(path, f"{path}: {_describe(exc)}")
        return
    with handle:
        try:
            yield from _read_stream(handle, path, kind, options)
        except OSError as exc:
            yield InputFailure(path, f"{path}: {_describe(exc)}")


def _read_stream(stream, source, kind, options):
    """Articles of one byte stream: sniff its head, then stream JSON Lines or read the rest."""
    head = stream.read(SNIFF_BYTES)
    if isinstance(head, str):  # a text stream given as stdin
        head = head.encode("utf-8")
        stream = _EncodedStream(stream)
    if not head:
        yield InputFailure(source, f"{source}: empty input")
        return
    binary = _binary_kind(head)
    if binary:
        yield InputFailure(source, f"{source}: binary file ({binary}), not text")
        return
    if kind is None:
        kind = _sniff_kind(head)
    if kind == "jsonl" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield from _read_jsonl(_split_lines(head, stream, options.max_bytes), source, options)
        return
    data = head + stream.read(options.max_bytes + 1 - len(head))
    if len(data) > options.max_bytes:
        yield InputFailure(source, f"{source}: more than the limit of {options.max_bytes} bytes; skipped")
        return
    text, warnings = decode_bytes(data)
    if not text.strip():
        yield InputFailure(source, f"{source}: no text (whitespace only)")
        return
    if kind == "jsonl":
        lines = ((n, line.encode("utf-8")) for n, line in enumerate(text.split("\n"), start=1))
        yield from _read_jsonl(lines, source, options)
        return
    parse = {"html": parse_html, "markdown": parse_markdown, "feed": parse_feed}.get(kind, parse_text)
    for item in parse(text, source):
        if isinstance(item, InputFailure):
            yield item
            continue
        if not item.text.strip():  # e.g. Markdown that was all markup
            yield InputFailure(source, f"{source}: no text left once the markup and boilerplate are gone")
            continue
        item.warnings[:0] = warnings
        if kind == "feed":
            item.date, item.lang = item.date or options.date, item.lang or options.lang
        else:
            item.date, item.lang = options.date or item.date, options.lang or item.lang
        yield item


class _EncodedStream:
    def __init__(self, stream):
        self._stream = stream

    def read(self, size=-1):
        return self._stream.read(size).encode("utf-8")


def _binary_kind(head):
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 has NUL bytes in plenty
    if b"\x00" in head[:8192]:
        return "NUL bytes"
    return None


def decode_bytes(data):
    """Text of the bytes with \\n line ends: BOMs honoured, UTF-8, else Latin-1 with a warning."""
    warnings = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
                warnings.append("decoded as latin-1 (Windows-1252)")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                warnings.append("decoded as latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def _sniff_kind(head):
    text = decode_bytes(head)[0].lstrip()
    start = text[:2048].lower()
    if start.startswith("<"):
        if re.search(r"<(rss|feed|rdf:rdf)\b", start):
            return "feed"
        return "html"
    if start.startswith("{"):
        first = text.split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    if re.match(r"(?:---|\+\+\+)[ \t]*\n(?:[ \t]*\n)*[\"']?[A-Za-z_][\w.-]*[\"']?[ \t]*[:=]", text):
        return "markdown"  # front matter
    if re.search(r"^#{1,6} \S|^```|\[[^\]\n]+\]\([^)\s]+\)", text[:8192], re.MULTILINE):
        return "markdown"
    if re.search(r"<(p|div|body|article)\b[^>]*>", start):
        return "html"
    return "text"


def _split_lines(head, stream, limit):
    """(line number, bytes) of a stream without reading it whole; a too long line yields None."""
    buf, number, eof = bytearray(head), 0, False
    while True:
        end = buf.find(b"\n")
        while end < 0 and not eof and len(buf) <= limit:
            start = len(buf)
            chunk = stream.read(SNIFF_BYTES)
            if not chunk:
                eof = True
                break
            buf += chunk
            end = buf.find(b"\n", start)
        if end > limit:  # a whole overlong line is in the buffer already
            del buf[:end + 1]
            number += 1
            yield number, None
            continue
        if end < 0 and len(buf) > limit:
            buf.clear()  # drop the overlong part and skip to its end of line
            while not eof:
                chunk = stream.read(SNIFF_BYTES)
                if not chunk:
                    eof = True
                    break
                cut = chunk.find(b"\n")
                if cut >= 0:
                    buf += chunk[cut + 1:]
                    break
            number += 1
            yield number, None
            continue
        if end < 0:
            if buf:
                number += 1
                yield number, bytes(buf)
            return
        number += 1
        yield number, bytes(buf[:end])
        del buf[:end + 1]


def _read_jsonl(lines, source, options):
    empty = True
    for number, raw in lines:
        where = f"{source}:{number}"
        if raw is None:
            yield InputFailure(source, f"{where}: line longer than the limit of {options.max_bytes} bytes; skipped")
            empty = False
            continue
        text, warnings = decode_bytes(raw)
        if not text.strip():
            continue
        empty = False
        try:
            record = json.loads(text)
        except ValueError as exc:
            yield InputFailure(source, f"{where}: not valid JSON ({exc.msg})")
            continue
        yield _record_article(record, where, source, options, warnings)
    if empty:
        yield InputFailure(source, f"{source}: no records (empty or whitespace only)")


def read_records(records, *, date=None, lang=None, source="records"):
    """Yield an Article or InputFailure for each dict (``text``, optional ``title``, ``date``,
    ``url``, ``lang``, ``id``): what a JSON Lines file holds, for callers with data in hand."""
    options = _Options(date, lang, DEFAULT_MAX_BYTES)
    for number, record in enumerate(records, 1):
        yield _record_article(record, f"{source}:{number}", source, options, ())


def _record_article(record, where, source, options, warnings):
    """The Article of one JSON Lines record, or the InputFailure saying what is wrong with it."""
    if not isinstance(record, dict):
        return InputFailure(source, f"{where}: expected a JSON object")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return InputFailure(source, f"{where}: no \"text\"")
    try:
        date = parse_date(record.get("date")) or options.date
    except ValueError:
        return InputFailure(source, f"{where}: date {record.get('date')!r} is not YYYY-MM-DD")
    values = {k: record.get(k) for k in ("title", "url", "lang", "id")}
    bad = [k for k, v in values.items() if v is not None and not isinstance(v, (str, int))]
    if bad:
        return InputFailure(source, f"{where}: \"{bad[0]}\" must be a string")
    values = {k: (str(v).strip() or None) if v is not None else None for k, v in values.items()}
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    article = make_article(body, values["title"], date, values["lang"] or options.lang,
                            values["url"], source, values["id"], warnings)
    if not article.text.strip():  # only control characters
        return InputFailure(source, f"{where}: no \"text\"")
    return article



def estimate_count(inputs, limit=1_000_000):
    """How many articles the inputs hold, for a progress bar's ETA; None when it cannot be known
    cheaply (standard input, feeds). JSON Lines count their non-empty lines."""
    total = 0
    for given in inputs:
        given = str(given)
        if given == "-" or URL_RE.match(given):
            return None
        paths = []
        if os.path.isdir(given):
            index = os.path.join(given, INDEX_NAME)
            if os.path.isfile(index):
                try:
                    with open(index, encoding="utf-8", errors="replace") as f:
                        total += max(sum(1 for line in f if line.strip()) - 1, 0)
                except OSError:
                    return None
                continue
            for root, dirs, files in os.walk(given):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                paths += [os.path.join(root, f) for f in files if not f.startswith(".")
                          and (os.path.splitext(f)[1].lower() in KINDS or "." not in f)]
        else:
            paths.append(given)
        for path in paths:
            kind = KINDS.get(os.path.splitext(path)[1].lower())
            if kind == "feed":
                return None
            if kind == "jsonl" and os.path.isfile(path):  # never open a FIFO just to count
                try:
                    with open(path, "rb") as f:
                        total += sum(1 for line in f if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
        if total > limit:
            return None
    return total
