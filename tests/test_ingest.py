"""Reading articles: every input format and every kind of bad input, as real files in tmp_path."""

import datetime
import hashlib
import io
import json
import os
import struct
import zipfile
import zlib

import pytest

from actorgraph.graph.errors import DataFileError
from actorgraph.graph.ingest.reader import (Article, InputFailure, detect_language, read_inputs, read_stopwords, strip_markdown)

DAY = datetime.date(2025, 6, 3)
STORY = ("Menteri Luar Negeri Arunia bertemu dengan mitranya dari Belvania di ibu kota pada Selasa. "
         "Keduanya membahas perdagangan dan keamanan di kawasan.")


def read_all(*inputs, **kwargs):
    return list(read_inputs([str(i) for i in inputs], **kwargs))


def only(items, kind=Article):
    assert len(items) == 1 and isinstance(items[0], kind), items
    return items[0]


def png_bytes():
    """A real 1×1 PNG, built here."""
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


# --- plain text --------------------------------------------------------------------------------

def test_plain_text_with_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"Arunia dan Belvania bertemu\n\n{STORY}\n", encoding="utf-8")
    article = only(read_all(path))
    assert article.title == "Arunia dan Belvania bertemu"
    assert article.text == f"Arunia dan Belvania bertemu\n\n{STORY}"  # title is the first paragraph
    assert article.source == str(path) and article.date is None and article.lang is None
    assert article.warnings == []
    digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert article.content_hash == digest
    assert article.iri == "https://w3id.org/actorgraph/id/article/" + digest[:16]


def test_plain_text_without_title_and_with_date_and_lang(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"{STORY}\nA second line of the same paragraph.\n", encoding="utf-8")
    article = only(read_all(path, date=DAY, lang="id"))
    assert article.title is None and article.date == DAY and article.lang == "id"


def test_iri_uses_url_when_known():
    a = Article(text="x", url="https://example.org/n/1")
    assert a.iri.endswith(hashlib.sha256(b"https://example.org/n/1").hexdigest()[:16])


def test_mixed_line_endings_are_normalised(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"Title here\r\n\r\nFirst line\rsecond line\nthird line\r\n")
    article = only(read_all(path))
    assert article.text == "Title here\n\nFirst line\nsecond line\nthird line"
    assert article.title == "Title here"


# --- Markdown ----------------------------------------------------------------------------------

MARKDOWN = """---
date: 2025-05-30
url: https://example.org/md/1
---
Some intro line before the heading.

# Arunia and *Belvania* sign a deal

The **foreign ministers** met in [the capital](https://example.org/capital) on _Tuesday_.

## Background

- trade talks began in `2020`
- > quoted remark

```python
print("not prose")
```

![a photo](pic.png) Snake_case_word stays.
"""


def test_markdown_is_stripped_and_titled(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    article = only(read_all(path))
    assert article.title == "Arunia and Belvania sign a deal"
    assert article.date == datetime.date(2025, 5, 30) and article.url == "https://example.org/md/1"
    text = article.text
    assert text.startswith("Arunia and Belvania sign a deal\n\nSome intro line before the heading.")
    assert "The foreign ministers met in the capital on Tuesday." in text
    assert "\nBackground\n" in text and "trade talks began in 2020" in text
    assert "quoted remark" in text and "a photo Snake_case_word stays." in text
    for markup in ("*", "#", "](", "```", "print(", "---", "date:"):
        assert markup not in text


def test_strip_markdown_setext_and_escapes():
    assert strip_markdown("Heading\n-------\n\n1. item \\*literal\\*").split() == \
        ["Heading", "item", "*literal*"]


def test_markdown_sniffed_without_extension(tmp_path):
    path = tmp_path / "story"
    path.write_text("# A headline\n\nBody text with a [link](https://example.org).\n", encoding="utf-8")
    article = only(read_all(path))
    assert article.title == "A headline" and article.text == "A headline\n\nBody text with a link."


# --- HTML --------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="en"><head><title>Ministers meet | Example News</title>
<meta property="article:published_time" content="2024-03-02T10:00:00Z">
<link rel="canonical" href="https://example.org/news/1"></head>
<body><nav>Home | World | Sport</nav><article><h1>Ministers meet in the capital</h1>
<p>The foreign ministers of Arunia and Belvania met on Saturday in the capital to talk about trade and security, officials said.</p>
<p>They agreed to meet again next month, according to a statement released after the talks ended late in the evening.</p>
</article><footer>Copyright Example News</footer><script>var tracking = 1;</script></body></html>"""


def test_html_page_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = only(read_all(path))
    assert article.title == "Ministers meet in the capital"
    assert article.date == datetime.date(2024, 3, 2)
    assert article.url == "https://example.org/news/1" and article.lang == "en"
    assert article.text.startswith("Ministers meet in the capital\n\nThe foreign ministers")
    assert "late in the evening." in article.text
    for noise in ("Home | World", "Copyright", "tracking"):
        assert noise not in article.text


def test_date_argument_overrides_a_single_article(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text(PAGE, encoding="utf-8")
    assert only(read_all(path, date=DAY)).date == DAY


def test_html_fallback_and_broken_tags(tmp_path):
    short = tmp_path / "short.html"
    short.write_text("<p>Short note <b>only</b>.<p>Second <i>unclosed", encoding="utf-8")
    article = only(read_all(short))
    assert article.text == "Short note only.\n\nSecond unclosed"
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>Nothing</title></head></html>", encoding="utf-8")
    failure = only(read_all(empty), InputFailure)
    assert failure.message == f"{empty}: no text found in the HTML"


def test_html_sniffed_without_extension(tmp_path):
    path = tmp_path / "page.dat"
    path.write_text(PAGE, encoding="utf-8")
    assert only(read_all(path)).title == "Ministers meet in the capital"


# --- JSON Lines --------------------------------------------------------------------------------

def test_jsonl_records_and_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "First", "text": "Body one.", "date": "2025-05-01",
                    "url": "https://example.org/1", "lang": "id"}),
        "{not json",
        "",
        json.dumps({"text": "Body two.", "id": 7}),
        json.dumps(["a list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Body three.", "date": "yesterday"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(path, date=DAY, lang="en")
    assert [type(i).__name__ for i in items] == ["Article", "InputFailure", "Article", "InputFailure",
                                                 "InputFailure", "InputFailure"]
    first, second = items[0], items[2]
    assert first.text == "First\n\nBody one." and first.title == "First" and first.id == "a1"
    assert first.date == datetime.date(2025, 5, 1) and first.lang == "id"  # the record wins
    assert second.date == DAY and second.lang == "en" and second.id == "7"  # the argument fills gaps
    assert items[1].message.startswith(f"{path}:2: not valid JSON")
    assert items[3].message == f"{path}:5: expected a JSON object"
    assert items[4].message == f'{path}:6: no "text"'
    assert items[5].message == f"{path}:7: date 'yesterday' is not YYYY-MM-DD"


def test_jsonl_streams_past_the_size_limit_line_by_line(tmp_path):
    path = tmp_path / "big.ndjson"
    record = json.dumps({"text": "x" * 500}) + "\n"
    path.write_text(record * 30 + json.dumps({"text": "y" * 5000}) + "\n" + record, encoding="utf-8")
    items = read_all(path, max_bytes=2000)  # the file is 21 kB: each line is checked, not the file
    assert sum(isinstance(i, Article) for i in items) == 31
    failure = items[30]
    assert failure.message == f"{path}:31: line longer than the limit of 2000 bytes; skipped"


def test_jsonl_sniffed_from_stdin():
    data = (json.dumps({"text": "Satu."}) + "\n" + json.dumps({"text": "Dua."}) + "\n").encode()
    items = read_all("-", stdin=io.BytesIO(data))
    assert [a.text for a in items] == ["Satu.", "Dua."] and items[0].source == "-"


# --- feeds -------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example</title><link>https://example.org/</link>
<language>en-gb</language><description>News</description>
<item><title>Leaders talk by phone</title><link>https://example.org/n/1</link>
<pubDate>Tue, 03 Jun 2025 08:00:00 GMT</pubDate><guid>n1</guid>
<description>&lt;p&gt;The two leaders spoke by &lt;b&gt;phone&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;More later.&lt;/p&gt;</description></item>
<item><title>Second story</title><link>https://example.org/n/2</link><description>Plain summary.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title><id>urn:x</id><updated>2025-06-01T00:00:00Z</updated>
<entry><title>Envoy visits the capital</title><id>urn:e1</id><link href="https://example.org/a/1"/>
<updated>2025-06-01T09:30:00Z</updated><content type="html">&lt;p&gt;The envoy arrived on Sunday.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_feed_entries(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")
    first, second = read_all(path, date=datetime.date(2000, 1, 1))
    assert first.title == "Leaders talk by phone"
    assert first.text == "Leaders talk by phone\n\nThe two leaders spoke by phone.\n\nMore later."
    assert first.date == DAY and first.url == "https://example.org/n/1" and first.lang == "en"
    assert first.id == "n1"
    assert second.text == "Second story\n\nPlain summary." and second.date == datetime.date(2000, 1, 1)


def test_atom_feed_and_sniffing(tmp_path):
    path = tmp_path / "feed"  # no extension: sniffed
    path.write_text(ATOM, encoding="utf-8")
    article = only(read_all(path))
    assert article.text == "Envoy visits the capital\n\nThe envoy arrived on Sunday."
    assert article.date == datetime.date(2025, 6, 1) and article.url == "https://example.org/a/1"


def test_xml_that_is_not_a_feed(tmp_path):
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><inventory><item>bolts</item></inventory>", encoding="utf-8")
    assert only(read_all(path), InputFailure).message == f"{path}: not an RSS or Atom feed"


# --- directories, stdin, URLs ------------------------------------------------------------------

def test_directory_recursive_sorted_hidden_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "inner.txt").write_text("Inner story.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First story.", encoding="utf-8")
    (tmp_path / "c.md").write_text("# Third\n\nstory", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden story.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Hidden too.", encoding="utf-8")
    (tmp_path / "facts.tsv").write_text("not\tan\tarticle", encoding="utf-8")
    texts = [a.text for a in read_all(tmp_path)]
    assert texts == ["First story.", "Inner story.", "Third\n\nstory"]


def test_directory_symlink_loop_broken_link_and_unreadable_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "story.txt").write_text("A story.", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "sub" / "up")  # a loop back to the top
    os.symlink("self.txt", tmp_path / "self.txt")  # a link to itself
    os.symlink("missing.txt", tmp_path / "broken.txt")
    os.symlink("/proc/self/mem", tmp_path / "mem.txt")  # opens, then every read fails (EIO)
    items = read_all(tmp_path)
    messages = [i.message for i in items if isinstance(i, InputFailure)]
    assert [a.text for a in items if isinstance(a, Article)] == ["A story."]
    assert messages == [f"{tmp_path}/broken.txt: broken symlink; skipped",
                        f"{tmp_path}/mem.txt: cannot read: Input/output error",
                        f"{tmp_path}/self.txt: symlink loop; skipped",
                        f"{tmp_path}/sub/up: symlink loop; skipped"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    assert only(read_all(path), InputFailure).message == f"{path}: cannot read: Permission denied"


def test_stdin_bytes_and_text():
    article = only(read_all("-", stdin=io.BytesIO(f"Judul\n\n{STORY}".encode()), date=DAY))
    assert article.title == "Judul" and article.source == "-" and article.date == DAY
    assert only(read_all("-", stdin=io.StringIO("Teks saja."))).text == "Teks saja."


def test_url_is_not_fetched_and_missing_file(tmp_path):
    failure = only(read_all("https://example.org/news/1"), InputFailure)
    assert failure.message == "https://example.org/news/1: fetching URLs is off; use --fetch"
    assert only(read_all(tmp_path / "nope.txt"), InputFailure).message == f"{tmp_path}/nope.txt: no such file"


def test_reading_is_lazy(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("One.", encoding="utf-8")

    def inputs():
        yield str(path)
        raise AssertionError("the second input was asked for before the first article was used")

    assert next(read_inputs(inputs())).text == "One."


# --- bad input: one failure naming the input, the rest goes on ----------------------------------

def test_bad_inputs_each_fail_alone(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\t\r\n   \n")
    png = tmp_path / "picture.txt"  # the extension lies
    png.write_bytes(png_bytes())
    archive = tmp_path / "bundle"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("story.txt", "inside")
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"text\x00with a NUL")
    good = tmp_path / "good.txt"
    good.write_text("Still read.", encoding="utf-8")
    items = read_all(empty, blank, png, archive, nul, good)
    assert [i.message for i in items[:5]] == [
        f"{empty}: empty input",
        f"{blank}: no text (whitespace only)",
        f"{png}: binary file (PNG image), not text",
        f"{archive}: binary file (ZIP archive), not text",
        f"{nul}: binary file (NUL bytes), not text",
    ]
    assert all(isinstance(i, InputFailure) for i in items[:5])
    assert items[5].text == "Still read."


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Judul Berita\r\n\r\nPresiden tiba di Jenewa.\r\n".encode("utf-16"))
    article = only(read_all(path))
    assert article.text == "Judul Berita\n\nPresiden tiba di Jenewa." and article.warnings == []


def test_latin1_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("José Ramos-Horta arrivé à Genève.".encode("latin-1"))
    article = only(read_all(path))
    assert article.text == "José Ramos-Horta arrivé à Genève."
    assert article.warnings and article.warnings[0].startswith("decoded as latin-1")


def test_too_big_is_skipped_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # sparse: were it read, it would be NUL bytes (binary)
        f.truncate(6 * 1024 * 1024)
    failure = only(read_all(path), InputFailure)
    assert failure.message == f"{path}: 6291456 bytes is more than the limit of 5242880 bytes; skipped"
    stdin = io.BytesIO(b"a" * 3000)
    assert "more than the limit of 2000 bytes" in only(read_all("-", stdin=stdin, max_bytes=2000),
                                                       InputFailure).message


def test_one_megabyte_line_is_fine(tmp_path):
    path = tmp_path / "long.txt"
    line = ("kata " * 210_000).strip()
    path.write_text(line, encoding="utf-8")
    article = only(read_all(path))
    assert len(article.text) == len(line) > 1_000_000


# --- language ----------------------------------------------------------------------------------

def test_detect_language():
    assert detect_language(STORY) == "id"
    assert detect_language("The ministers said that they would meet again after the talks.") == "en"
    assert detect_language("12345") == "en"  # no evidence: the default


def test_stopword_file_errors_name_file_and_line(tmp_path):
    path = tmp_path / "stopwords.tsv"
    path.write_text("word\nthe\nof\nthe\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"stopwords.tsv:4: 'the' is listed twice"):
        read_stopwords(path)
    path.write_text("word\nThe\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"stopwords.tsv:2: 'The' is not one lower-case word"):
        read_stopwords(path)
    path.write_text("words\nthe\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"stopwords.tsv:1: "):
        read_stopwords(path)


def test_jsonl_overlong_line_beyond_the_first_chunk(tmp_path):
    path = tmp_path / "wide.jsonl"
    small = json.dumps({"text": "kecil"}) + "\n"
    path.write_text(small + json.dumps({"text": "z" * 300_000}) + "\n" + small + small.strip(),
                    encoding="utf-8")  # the last line has no newline
    items = read_all(path, max_bytes=100_000)
    assert [type(i).__name__ for i in items] == ["Article", "InputFailure", "Article", "Article"]
    assert items[1].message.startswith(f"{path}:2: line longer than the limit")


def test_corpus_folder_with_index_gives_each_article_its_date(tmp_path):
    from actorgraph.graph.ingest.reader import Article, InputFailure, read_inputs

    (tmp_path / "articles.tsv").write_text("name\tdate\tlang\nfirst\t2024-03-01\ten\nbad\tlater\ten\n"
                                           "second\t2023-12-31\tid\n")
    for name, text in (("first", "Leaders met.\n"), ("second", "Para pemimpin bertemu.\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "article.txt").write_text(text)
    items = list(read_inputs([str(tmp_path)]))
    arts = [i for i in items if isinstance(i, Article)]
    fails = [i for i in items if isinstance(i, InputFailure)]
    assert [(a.date.isoformat(), a.lang) for a in arts] == [("2024-03-01", "en"), ("2023-12-31", "id")]
    assert len(fails) == 1 and "articles.tsv:3" in fails[0].message


def test_estimate_count_for_the_progress_bar(tmp_path):
    from actorgraph.graph.ingest.reader import estimate_count

    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n')
    sub = tmp_path / "dir"
    sub.mkdir()
    (sub / "c.md").write_text("x")
    (sub / ".hidden.txt").write_text("x")
    assert estimate_count([str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"), str(sub)]) == 4
    assert estimate_count(["-"]) is None
