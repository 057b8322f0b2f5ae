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
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

from actorgraph.graph.errors import DataFileError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
ARTICLE_NS = "https://w3id.org/actorgraph/id/article/"
KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
         ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "feed", ".rss": "feed",
         ".atom": "feed"}
MAGIC = ((b"\x89PNG", "PNG image"), (b"PK\x03\x04", "ZIP archive"), (b"%PDF", "PDF document"),
         (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"\x1f\x8b", "gzip archive"))
SNIFF_BYTES = 64 * 1024
TITLE_MAX_CHARS = 300
URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# C0 controls but tab and line ends, DEL, lone surrogates (from &#xD800; in HTML or feeds): not
# text, not allowed in XML (RDF/XML, HTML export), and surrogates cannot even be encoded
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
LEXICONS = Path(__file__).parent.parent / "lexicons"


@dataclass
class Article:
    """One article: its text (title first; evidence offsets count in it) and what is known of it."""

    text: str
    title: str = None
    date: datetime.date = None
    lang: str = None
    url: str = None
    source: str = "-"
    id: str = None
    warnings: list = field(default_factory=list)

    @property
    def iri(self):
        key = self.url if self.url else self.text
        return ARTICLE_NS + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

    @property
    def content_hash(self):
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class InputFailure:
    """An input (or one record of it) that could not be read; message is one line naming it."""

    source: str
    message: str


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
            parsed = _parse_date(day)
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
    parse = {"html": _parse_html, "markdown": _parse_markdown, "feed": _parse_feed}.get(kind, _parse_text)
    for item in parse(text, source):
        if isinstance(item, InputFailure):
            yield item
            continue
        if not item.text.strip():  # e.g. Markdown that was all markup
            yield InputFailure(source, f"{source}: no text left once the markup is gone")
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
        date = _parse_date(record.get("date")) or options.date
    except ValueError:
        return InputFailure(source, f"{where}: date {record.get('date')!r} is not YYYY-MM-DD")
    values = {k: record.get(k) for k in ("title", "url", "lang", "id")}
    bad = [k for k, v in values.items() if v is not None and not isinstance(v, (str, int))]
    if bad:
        return InputFailure(source, f"{where}: \"{bad[0]}\" must be a string")
    values = {k: (str(v).strip() or None) if v is not None else None for k, v in values.items()}
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    article = _make_article(body, values["title"], date, values["lang"] or options.lang,
                            values["url"], source, values["id"], warnings)
    if not article.text.strip():  # only control characters
        return InputFailure(source, f"{where}: no \"text\"")
    return article


def _parse_date(value):
    """A date from an ISO string (a time part is ignored) or a date; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value if not isinstance(value, datetime.datetime) else value.date()
    if not isinstance(value, str):
        raise ValueError(value)
    return datetime.date.fromisoformat(value.strip()[:10])


def _make_article(text, title, date, lang, url, source, id=None, warnings=None):
    """An Article whose text starts with its title as the first paragraph."""
    text = CONTROL_RE.sub("", text).strip()
    if title:
        title = " ".join(CONTROL_RE.sub("", title).split())
        if not text.startswith(title):
            text = f"{title}\n\n{text}"
    return Article(text=text, title=title or None, date=date, lang=lang, url=url, source=source,
                   id=id, warnings=list(warnings or ()))


def _title_of(text):
    """A first line followed by a blank line is the title."""
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and first.strip() and len(first) <= TITLE_MAX_CHARS:
        return first.strip()
    return None


def _parse_text(text, source):
    text = text.strip()
    yield _make_article(text, _title_of(text), None, None, None, source)


def _parse_markdown(text, source):
    meta = {}
    front = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if front:  # a front matter block of `key: value` lines
        for line in front.group(1).split("\n"):
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[front.end():]
    text = strip_markdown(text)
    heading = re.search(r"^\x00(.+)$", text, re.MULTILINE)  # level-1 headings are marked
    title = meta.get("title") or (heading.group(1).strip() if heading else None)
    if heading and heading.group(1).strip() == title:
        text = text[:heading.start()] + text[heading.end():]
    text = re.sub(r"\n{3,}", "\n\n", text.replace("\x00", "")).strip()
    try:
        date = _parse_date(meta.get("date"))
    except ValueError:
        date = None
    yield _make_article(text, title or _title_of(text), date, meta.get("lang") or None,
                        meta.get("url") or None, source)


def strip_markdown(text):
    """Plain text of Markdown; level-1 heading lines are prefixed with NUL for the caller."""
    # Escaped characters hide in the private use area until the markup is gone.
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>~|])", lambda m: chr(0xE000 + ord(m.group(1))), text)
    text = re.sub(r"^(```|~~~).*?(^\1[ \t]*$|\Z)", "", text, flags=re.MULTILINE | re.DOTALL)  # code blocks
    text = re.sub(r"^(.+)\n=+[ \t]*$", "# \\1", text, flags=re.MULTILINE)  # setext headings
    text = re.sub(r"^(.+)\n-+[ \t]*$", "## \\1", text, flags=re.MULTILINE)
    text = re.sub(r"^[ \t]*\[[^\]]+\]:[ \t]*\S+.*$", "", text, flags=re.MULTILINE)  # link definitions
    text = re.sub(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$", "", text, flags=re.MULTILINE)  # rules
    text = re.sub(r"^# +(.*?)[ \t]*#*[ \t]*$", "\x00\\1", text, flags=re.MULTILINE)
    text = re.sub(r"^#{2,6} +(.*?)[ \t]*#*[ \t]*$", "\\1", text, flags=re.MULTILINE)
    text = re.sub(r"^[ \t]*>[ \t]?", "", text, flags=re.MULTILINE)  # quotes
    text = re.sub(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", "", text, flags=re.MULTILINE)  # list items
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images: alt text
    text = re.sub(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])", r"\1", text)  # links: their text
    text = re.sub(r"<((?:https?|mailto):[^>\s]+)>", r"\1", text)  # autolinks
    text = re.sub(r"</?[A-Za-z][^>\n]*>", "", text)  # inline HTML tags
    text = re.sub(r"`([^`\n]+)`", r"\1", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])", r"\1", text)
    text = re.sub(r"~~(.+?)~~", r"\1", text)
    return re.sub("[\uE000-\uE07F]", lambda m: chr(ord(m.group(0)) - 0xE000), text)


def html_to_text(html):
    """Visible text of an HTML fragment or page, blocks as paragraphs (lxml, no network)."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(CONTROL_RE.sub("", html))  # lxml refuses them in .tail
    except (lxml.etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    for block in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
                           "blockquote", "section", "article", "header", "footer", "pre"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _parse_html(text, source):
    import trafilatura

    lang = _known_language(re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})", text[:4096], re.I))
    doc = None
    if len(text) > 0:
        doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    body = doc.text if doc is not None and doc.text else ""
    title, url, date = (doc.title, doc.url, doc.date) if doc is not None else (None, None, None)
    if body:
        body = re.sub(r"\n+", "\n\n", body)  # one block a line -> paragraphs
    else:
        body = html_to_text(text)
        found = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
        title = html_to_text(found.group(1)) if found and found.group(1).strip() else None
    if not body.strip():
        yield InputFailure(source, f"{source}: no text found in the HTML")
        return
    try:
        date = _parse_date(date)
    except ValueError:
        date = None
    yield _make_article(body, title, date, lang, url or None, source)


def _parse_feed(text, source):
    import feedparser

    text = re.sub(r"&#([xX][0-9a-fA-F]+|[0-9]+);", _no_bad_reference, text)
    try:
        feed = feedparser.parse(text.encode("utf-8"))  # bytes: feedparser never fetches them
    except (UnicodeError, ValueError) as exc:  # its loose parser chokes on &#xD800; and the like
        yield InputFailure(source, f"{source}: not a readable feed ({type(exc).__name__})")
        return
    if not feed.get("version"):
        yield InputFailure(source, f"{source}: not an RSS or Atom feed")
        return
    lang = _known_language(re.match(r"([A-Za-z]{2})", feed.feed.get("language", "") or ""))
    if not feed.entries:
        yield InputFailure(source, f"{source}: the feed has no entries")
    for number, entry in enumerate(feed.entries, start=1):
        content = entry.get("content")
        html = content[0].get("value", "") if content else entry.get("summary", "")
        body = html_to_text(html) if html.strip() else ""
        title = html_to_text(entry.get("title", "")) if entry.get("title") else None
        if not body and not title:
            yield InputFailure(source, f"{source}: entry {number} has no text")
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        date = datetime.date(*parsed[:3]) if parsed else None
        yield _make_article(body, title, date, lang, entry.get("link") or None, source,
                            entry.get("id") or None)


def _no_bad_reference(match):
    """A character reference to a surrogate or beyond Unicode becomes U+FFFD (feedparser crashes)."""
    ref = match.group(1)
    code = int(ref[1:], 16) if ref[0] in "xX" else int(ref)
    return "\ufffd" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group(0)


def _known_language(match):
    code = match.group(1).lower() if match else None
    return code if code in stopwords_by_language() else None


@lru_cache(maxsize=1)
def stopwords_by_language():
    """Stopword sets from graph/lexicons/<lang>/stopwords.tsv; a new language is a new file."""
    return {path.parent.name: read_stopwords(path) for path in sorted(LEXICONS.glob("*/stopwords.tsv"))}


def read_stopwords(path):
    """One stopword file: a `word` header, then one lower-case word a line."""
    words = set()
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    if lines[0].strip() != "word":
        raise DataFileError(path, "the first line must be the header `word`", line=1)
    for number, line in enumerate(lines[1:], start=2):
        word = line.strip()
        if not word:
            continue
        if word != word.lower() or not re.fullmatch(r"[^\W\d_]+(?:'[^\W\d_]+)?", word):
            raise DataFileError(path, f"{word!r} is not one lower-case word", line=number)
        if word in words:
            raise DataFileError(path, f"{word!r} is listed twice", line=number)
        words.add(word)
    return frozenset(words)


def detect_language(text, default="en"):
    """The language whose stopwords occur most often in the text (first 20,000 characters)."""
    counts = {lang: 0 for lang in stopwords_by_language()}
    for word in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text[:20000].lower()):
        for lang, words in stopwords_by_language().items():
            if word in words:
                counts[lang] += 1
    best = max(counts.values(), default=0)
    if best == 0:
        return default
    return sorted(lang for lang, n in counts.items() if n == best)[0]


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
