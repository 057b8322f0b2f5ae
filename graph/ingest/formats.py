"""Each input format to Articles: plain text, Markdown (front matter, HTML inside), HTML pages,
RSS/Atom feeds; and ``make_article``, where every reader's text is cleaned (clean.py) and titled.
"""

import datetime
import re
from html import unescape

from actorgraph.graph.ingest.article import CONTROL_RE, Article, Dateline, InputFailure
from actorgraph.graph.ingest.clean import remove_boilerplate, split_dateline
from actorgraph.graph.ingest.frontmatter import parse_date, split_front_matter
from actorgraph.graph.ingest.language import known_language

TITLE_MAX_CHARS = 300
URL_KEYS = ("original_link", "canonical_url", "url", "link", "source")  # the first absolute URL wins
TITLE_KEYS = ("title", "post_title", "headline")
DATE_KEYS = ("date", "post_date", "published", "pubdate", "published_at")
OUTLET_KEYS = ("source", "publisher", "outlet", "site_name")
# HTML elements whose content is no text (scripts, styles, embeds) and those that end a block
DROPPED_RE = re.compile(r"<(script|style|noscript|template|iframe|svg|object|form)\b[^>]*>.*?(?:</\1\s*>|\Z)",
                        re.I | re.S)
BLOCK_RE = re.compile(r"</?(?:p|div|li|ul|ol|h[2-6]|blockquote|tr|table|section|article|header|footer|"
                      r"figure|figcaption|pre|hr|aside|nav|main)\b[^>]*>", re.I)
TAG_RE = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


def make_article(text, title, date=None, lang=None, url=None, source="-", id=None, warnings=None,
                 outlet=None):
    """An Article whose text is its title, a blank line, and its body without boilerplate lines
    and without the outlet's name in its dateline; offsets count in this text."""
    text = CONTROL_RE.sub("", text).strip()
    if title:
        title = " ".join(CONTROL_RE.sub("", title).split())
    body = text[len(title):] if title and text.startswith(title) else text
    body = remove_boilerplate(body)
    body, place, span, found = split_dateline(body, outlet=outlet)
    head = f"{title}\n\n" if title and body else (title or "")
    dateline = Dateline(place, span[0] + len(head), span[1] + len(head), found) if place else None
    return Article(text=head + body, title=title or None, date=date, lang=lang, url=url, source=source,
                   id=id, warnings=list(warnings or ()), dateline=dateline, outlet=outlet or found)


def title_of(text):
    """A first line followed by a blank line is the title."""
    first, sep, rest = text.partition("\n")
    if sep and rest.startswith("\n") and first.strip() and len(first) <= TITLE_MAX_CHARS:
        return first.strip()
    return None


def parse_text(text, source):
    """Plain text, front matter allowed; junk lines go before the title is looked for, so an ad
    slot is never the title."""
    meta, rest = split_front_matter(text)
    fields = _fields(meta) if meta else {}
    text = remove_boilerplate((rest if meta else text).strip())
    yield make_article(text, fields.pop("title", None) or title_of(text), source=source, **fields)


def parse_markdown(text, source):
    """Markdown with optional front matter (title, date, url, source, lang keys)."""
    meta, text = split_front_matter(text)
    fields = _fields(meta)
    text = remove_boilerplate(strip_markdown(text))
    heading = re.search(r"^\x00(.+)$", text, re.MULTILINE)  # level-1 headings are marked
    title = fields.pop("title", None) or (heading.group(1).strip() if heading else None)
    if heading and heading.group(1).strip() == title:
        text = text[:heading.start()] + text[heading.end():]
    text = re.sub(r"\n{3,}", "\n\n", text.replace("\x00", "")).strip()
    yield make_article(text, title or title_of(text), source=source, **fields)


def _fields(meta):
    """make_article's keywords from front matter keys (a bad date becomes a warning)."""
    fields = {"warnings": [], "date": None}
    title = _first(meta, TITLE_KEYS)
    if title:
        fields["title"] = " ".join(strip_markdown(title).replace("\x00", "").split()) or None
    raw_date = _first(meta, DATE_KEYS)
    try:
        fields["date"] = parse_date(raw_date)
    except ValueError:
        fields["warnings"].append(f"front matter date {raw_date!r} is not a date; ignored")
    urls = [meta[k] for k in URL_KEYS if re.match(r"https?://\S+$", meta.get(k) or "")]
    fields["url"] = urls[0] if urls else None
    outlets = [meta[k] for k in OUTLET_KEYS if meta.get(k) and not re.match(r"\w+:", meta[k])]
    fields["outlet"] = outlets[0] if outlets else None
    code = re.fullmatch(r"([A-Za-z]{2})(?:[-_]\w+)?", _first(meta, ("lang", "language")) or "")
    fields["lang"] = known_language(code)
    return fields


def _first(meta, keys):
    return next((meta[k] for k in keys if meta.get(k)), None)


def strip_markdown(text):
    """Plain text of Markdown (and the HTML inside it); level-1 heading lines are prefixed with
    NUL for the caller."""
    # Escaped characters hide in the private use area until the markup is gone.
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>~|<&])", lambda m: chr(0xE000 + ord(m.group(1))), text)
    text = re.sub(r"^(```|~~~).*?(^\1[ \t]*$|\Z)", "", text, flags=re.MULTILINE | re.DOTALL)  # code blocks
    text = re.sub(r"<!--.*?(?:-->|\Z)", "", text, flags=re.S)  # HTML comments
    text = DROPPED_RE.sub("", text)
    text = re.sub(r"\{%[^%]*%\}|\{\{[^{}]*\}\}", "", text)  # Liquid tags (Jekyll)
    text = re.sub(r"<h1\b[^>]*>((?:[^<]|<(?!/?h1\b))*)</h1\s*>",
                  lambda m: "\n\n# " + " ".join(TAG_RE.sub("", m.group(1)).split()) + "\n\n", text, flags=re.I)
    text = BLOCK_RE.sub("\n\n", text)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"^(.+)\n=+[ \t]*$", "# \\1", text, flags=re.MULTILINE)  # setext headings
    text = re.sub(r"^(.+)\n-+[ \t]*$", "## \\1", text, flags=re.MULTILINE)
    text = re.sub(r"^[ \t]*\[[^\[\]\n]+\]:[ \t]*\S+.*$", "", text, flags=re.MULTILINE)  # link definitions
    text = re.sub(r"^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$", "", text, flags=re.MULTILINE)  # rules
    text = re.sub(r"^[ \t]*# +(.*?)[ \t]*#*[ \t]*$", "\x00\\1", text, flags=re.MULTILINE)
    text = re.sub(r"^[ \t]*#{2,6} +(.*?)[ \t]*#*[ \t]*$", "\\1", text, flags=re.MULTILINE)
    text = re.sub(r"^[ \t]*>[ \t]?", "", text, flags=re.MULTILINE)  # quotes
    text = re.sub(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", "", text, flags=re.MULTILINE)  # list items
    # (brackets and parentheses never nest inside these: each opening looks only to the next one)
    text = re.sub(r"!\[([^\[\]]*)\](?:\([^()\n]*\)|\[[^\[\]\n]*\])", r"\1", text)  # images: alt text
    text = re.sub(r"\[([^\[\]]+)\](?:\([^()\n]*\)|\[[^\[\]\n]*\])", r"\1", text)  # links: their text
    text = re.sub(r"\[\^[^\[\]\s]+\]", "", text)  # footnote marks
    text = re.sub(r"<((?:https?|mailto):[^>\s]+)>", r"\1", text)  # autolinks
    text = TAG_RE.sub("", text)  # the other HTML tags, attributes across lines too
    text = re.sub(r"`([^`\n]+)`", r"\1", text)
    # an emphasis span never crosses its own delimiter: each one looks only to the next (linear)
    text = re.sub(r"(\*\*|__)(?=\S)((?:(?!\1).)+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])", r"\1", text)
    text = re.sub(r"~~((?:(?!~~).)+?)~~", r"\1", text)
    text = _unescape(text)
    text = re.sub(r"^[ \t]+|[ \t]+$", "", text, flags=re.MULTILINE)  # indentation of HTML blocks
    return re.sub("[\uE000-\uE07F]", lambda m: chr(ord(m.group(0)) - 0xE000), text)


def _unescape(text):
    """HTML character references as characters (bad ones as U+FFFD), no-break spaces as spaces."""
    return (unescape(text) if "&" in text else text).replace("\u00a0", " ")


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


def parse_html(text, source):
    """A page's main text and metadata through trafilatura; all visible text when it finds none."""
    import trafilatura

    lang = known_language(re.search(r"<html[^>]*\blang=[\"']?([A-Za-z]{2})", text[:4096], re.I))
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
        date = parse_date(date)
    except ValueError:
        date = None
    yield make_article(body, title, date, lang, url or None, source)


def parse_feed(text, source):
    """Each entry of an RSS or Atom feed (feedparser on bytes: it never fetches)."""
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
    lang = known_language(re.match(r"([A-Za-z]{2})", feed.feed.get("language", "") or ""))
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
        yield make_article(body, title, date, lang, entry.get("link") or None, source,
                            entry.get("id") or None)


def _no_bad_reference(match):
    """A character reference to a surrogate or beyond Unicode becomes U+FFFD (feedparser crashes)."""
    ref = match.group(1)
    code = int(ref[1:], 16) if ref[0] in "xX" else int(ref)
    return "\ufffd" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group(0)
