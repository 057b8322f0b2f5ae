"""Reading articles: every input format and every kind of bad input, as real files in tmp_path."""

import datetime
import hashlib
import io
import json
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from actorgraph.graph.errors import DataFileError
from actorgraph.graph.ingest.clean import read_boilerplate, remove_boilerplate, split_dateline
from actorgraph.graph.ingest.frontmatter import parse_date, split_front_matter
from actorgraph.graph.ingest.reader import (Article, InputFailure, detect_language, read_inputs, read_records,
                                            read_stopwords, strip_markdown)

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


# --- real input shapes: front matter, HTML in Markdown, boilerplate, datelines -----------------
# tests/data/ingest holds our own short posts in the shapes scrapers and blogs write.

SHAPES = Path(__file__).parent / "data" / "ingest"


def test_jekyll_front_matter_html_and_boilerplate():
    article = only(read_all(SHAPES / "jekyll_post.md"))
    assert article.title == 'Arunia\'s minister: "talks went well"'  # quoted, escaped, comment cut
    assert article.date == datetime.date(2025, 7, 23)
    assert article.url == "https://example.org/world/arunia-belvania-talks"
    assert article.outlet == "Example Daily"
    text = article.text
    assert text.startswith('Arunia\'s minister: "talks went well"\n\nJAKARTA - Menteri Luar Negeri '
                           "Arunia Dewi Lestari bertemu")
    assert "di Jakarta pada Selasa (22/7/2025)." in text  # link text kept, &nbsp; a space
    assert "\n\nKeduanya membahas perdagangan & keamanan di kawasan" in text
    assert "bulan depan.\nBelum ada tanggal pasti." in text  # <br> a line break
    for junk in ("ad_", "var slot", "not text", ".promo", "Baca juga", "ADVERTISEMENT", "SCROLL",
                 "Follow us", "Simak juga", "<", "**", "](", "layout", "politics", "KOMPAS"):
        assert junk not in text, junk
    assert "\n\n\n" not in text


def test_toml_front_matter_and_wire_credit():
    article = only(read_all(SHAPES / "hugo_post.md"))
    assert article.title == "Belvania's envoy visits Arunia"  # '' in single quotes
    assert article.date == datetime.date(2025, 7, 23)  # the date as written, in its own zone
    assert article.url is None  # a relative url is no address of the article
    assert "\n\nA heading that is not the title\n\n" in article.text  # the front matter title wins
    assert "WASHINGTON - Belvania's special envoy" in article.text  # past the heading
    assert article.dateline.place == "WASHINGTON" and article.dateline.outlet == "Reuters"
    assert article.text.endswith("meet the president on Thursday.")
    for junk in ("READ MORE", "Read more", "Reporting by", "Reuters"):
        assert junk not in article.text


def test_folded_title_and_written_date():
    article = only(read_all(SHAPES / "folded_title.md"))
    assert article.title == "Arunia and Belvania agree on a trade corridor"
    assert article.date == datetime.date(2025, 7, 23) and article.lang == "en"
    assert article.url == "https://example.org/news/corridor"
    body = article.text.split("\n\n", 1)[1]
    assert body.startswith("Jakarta - The trade ministers")  # "Liputan6.com, Jakarta -"
    assert (article.dateline.place, article.dateline.outlet) == ("Jakarta", "Liputan6.com")
    assert "Advertisement" not in body and "Share this" not in body


def test_plain_text_junk_before_the_title_and_a_dated_dateline():
    article = only(read_all(SHAPES / "wire_story.txt", lang="en"))
    assert article.title == "Arunia and Belvania leaders speak by phone"  # not "[ad_1]"
    dateline = article.dateline
    assert article.text[dateline.start:dateline.end] == "LONDON, June 3"
    assert dateline.place == "LONDON" and dateline.outlet == "Reuters"
    assert article.text.endswith("Both sides agreed to keep talking, a statement said.")
    assert "Lihat juga" not in article.text and "Editing" not in article.text


def test_a_rule_without_a_closing_fence_is_no_front_matter():
    article = only(read_all(SHAPES / "not_front_matter.md"))
    assert article.title.startswith("A story that opens with a rule")
    assert article.text.endswith("\n\nJakarta -- The foreign minister said the talks would resume.")
    assert article.dateline.outlet == "CNN Indonesia" and "CNN" not in article.text


@pytest.mark.parametrize("given, expected", [
    ("2025-07-23", (2025, 7, 23)),
    ("2025-07-23 10:11:12", (2025, 7, 23)),
    ("2025-07-23T10:11:12+07:00", (2025, 7, 23)),
    ("2025-07-23T23:50:00-05:00", (2025, 7, 23)),
    ("2025-07-23T10:11:12Z", (2025, 7, 23)),
    ("2025/07/23", (2025, 7, 23)),
    ("July 23, 2025", (2025, 7, 23)),
    ("Jul 23, 2025", (2025, 7, 23)),
    ("Wednesday, July 23rd, 2025", (2025, 7, 23)),
    ("23 July 2025", (2025, 7, 23)),
    ("Rabu, 23 Juli 2025 10:11 WIB", (2025, 7, 23)),
    ("23 Agu 2025", (2025, 8, 23)),
    (datetime.datetime(2025, 7, 23, 10, 11), (2025, 7, 23)),
])
def test_date_shapes(given, expected):
    assert parse_date(given) == datetime.date(*expected)


@pytest.mark.parametrize("given", ["yesterday", "2025-13-01", "July 32, 2025", "Juliet 3, 2025", "23/07"])
def test_unreadable_dates_raise(given):
    with pytest.raises(ValueError):
        parse_date(given)


def test_front_matter_date_shapes_in_files(tmp_path):
    for n, (line, day) in enumerate([("date: 2025-07-23 10:11:12", 23), ("post_date: '2025-07-24T10:11:12+07:00'", 24),
                                     ('date: "July 25, 2025"', 25), ("date: 2025-07-26 # edited", 26)]):
        path = tmp_path / f"{n}.md"
        path.write_text(f"---\ntitle: T\n{line}\n---\nBody text here.\n", encoding="utf-8")
        assert only(read_all(path)).date == datetime.date(2025, 7, day), line
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: T\ndate: someday\n---\nBody text here.\n", encoding="utf-8")
    article = only(read_all(path))
    assert article.date is None and article.warnings == ["front matter date 'someday' is not a date; ignored"]


@pytest.mark.parametrize("name", ["post", "post.txt"])
def test_front_matter_without_md_extension(tmp_path, name):
    path = tmp_path / name
    path.write_text("---\ntitle: Sniffed post\ndate: 2025-07-23\n---\nThe *body*.\n", encoding="utf-8")
    article = only(read_all(path))
    assert (article.title, article.date) == ("Sniffed post", datetime.date(2025, 7, 23))
    # sniffed, it is Markdown; named .txt, it stays plain text after its front matter
    assert article.text == ("Sniffed post\n\nThe body." if name == "post" else "Sniffed post\n\nThe *body*.")


def test_split_front_matter_keys():
    meta, rest = split_front_matter('---\nTitle: "A \\u00e9t\\u00e9"\nurl: \'x\'\'s\'\nlist:\n  - a\n'
                                    "map: {a: 1}\nempty:\n---\nBody\n")
    assert meta == {"title": "A été", "url": "x's", "empty": ""} and rest == "Body\n"
    assert split_front_matter("---\n---\nBody") == ({}, "Body")
    assert split_front_matter("No fence\n---\n") == ({}, "No fence\n---\n")


@pytest.mark.parametrize("body, text, place, outlet", [
    ("WASHINGTON (Reuters) - The talks began.", "WASHINGTON - The talks began.", "WASHINGTON", "Reuters"),
    ("JAKARTA, KOMPAS.com - Presiden tiba.", "JAKARTA - Presiden tiba.", "JAKARTA", "KOMPAS.com"),
    ("Jakarta, CNN Indonesia -- Presiden tiba.", "Jakarta -- Presiden tiba.", "Jakarta", "CNN Indonesia"),
    ("JAKARTA (AP) — The talks began.", "JAKARTA — The talks began.", "JAKARTA", "AP"),
    ("LONDON, June 3 (Reuters) - The talks began.", "LONDON, June 3 - The talks began.", "LONDON", "Reuters"),
    ("Liputan6.com, Jakarta - Presiden tiba.", "Jakarta - Presiden tiba.", "Jakarta", "Liputan6.com"),
    ("TEL AVIV, Israel, June 19 (UPI) -- The talks began.", "TEL AVIV, Israel, June 19 -- The talks began.",
     "TEL AVIV, Israel", "UPI"),
    ("WASHINGTON DC, KOMPAS.com --- Presiden tiba.", "WASHINGTON DC --- Presiden tiba.", "WASHINGTON DC",
     "KOMPAS.com"),
    ("WASHINGTON—The talks began.", "WASHINGTON—The talks began.", "WASHINGTON", None),
    ("KOMPAS.com - Presiden tiba.", "Presiden tiba.", None, "KOMPAS.com"),
    ("Medan, Harian Contoh - Presiden tiba.", "Medan - Presiden tiba.", "Medan", "Harian Contoh"),
    ("MEDAN (WASPADA) - Gubernur tiba.", "MEDAN - Gubernur tiba.", "MEDAN", "WASPADA"),
])
def test_datelines_keep_the_place_and_drop_the_outlet(body, text, place, outlet):
    known = "Harian Contoh" if "Harian" in body else None  # as front matter would name it
    new, found_place, span, found_outlet = split_dateline(body, outlet=known)
    assert (new, found_place, found_outlet) == (text, place, outlet)
    if place:
        assert new[span[0]:span[1]].startswith(place.split(",")[0])


@pytest.mark.parametrize("body", [
    "U.S.-China talks began on Monday.", "Presiden Jokowi - yang tiba kemarin - berkata.",
    "The minister said - again - that no deal was near.", "Jakarta - kota terbesar - macet lagi.",
    "Amerika Serikat (AS) - negara adidaya - menolak.",
])
def test_prose_is_no_dateline(body):
    assert split_dateline(body) == (body, None, None, None)


def test_outlet_of_a_dateline_is_no_actor():
    from actorgraph.graph.extract.pipeline import extract_text
    from actorgraph.graph.registry import load_registry

    article = only(list(read_records([{"title": "Prabowo bertemu Ishiba", "text": (
        "Jakarta, CNN Indonesia -- Presiden Prabowo Subianto bertemu Perdana Menteri Jepang Shigeru "
        "Ishiba di Istana pada Selasa.")}])))
    ex = extract_text(article.text, load_registry(), "id")
    labels = {e.label for e in ex.entities.values()}
    assert {"Prabowo Subianto", "Shigeru Ishiba"} <= labels
    assert not any("CNN" in label for label in labels)
    assert article.text[article.dateline.start:article.dateline.end] == "Jakarta"


def test_evidence_offsets_count_in_the_cleaned_text():
    """A built article's evidence sentences are slices of Article.text at their offsets."""
    from actorgraph.graph.build import build_article
    from actorgraph.graph.store import open_store

    article = only(read_all(SHAPES / "kompas_style.txt", lang="id"))
    assert article.text.startswith("Prabowo bertemu Ishiba di Jakarta\n\nJAKARTA - Presiden Prabowo")
    assert "juga" not in article.text and "ADVERTISEMENT" not in article.text
    with open_store(":memory:") as store:
        build_article(store, article)
        rows = list(store.query(
            "PREFIX ag: <https://w3id.org/actorgraph/ontology#> "
            "SELECT ?s ?a ?b WHERE { ?e ag:sentence ?s ; ag:startOffset ?a ; ag:endOffset ?b }"))
    assert len(rows) >= 2
    for row in rows:
        start, end = int(row["a"].value), int(row["b"].value)
        assert article.text[start:end] == row["s"].value


def test_boilerplate_lines():
    text = ("[ad_1]\nTitle\n\nBaca Juga : Berita lain\n\nREAD MORE:\nThe story goes on [ad_2] here.\n\n"
            "ADVERTISEMENT\n\n(Reporting by A B; Editing by C D)\n\nShare on Facebook\n\n"
            "Read more about the talks in a long paragraph that is the story itself " + "word " * 70 + "\n\n"
            "(ant/rds)")
    cleaned = remove_boilerplate(text)
    assert cleaned.startswith("Title\n\nThe story goes on here.\n\nRead more about the talks")
    for junk in ("[ad_", "Baca", "READ MORE", "ADVERTISEMENT", "Reporting", "Share on", "ant/rds"):
        assert junk not in cleaned


def test_all_boilerplate_is_one_clear_failure(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_text("[ad_1]\n\nADVERTISEMENT\n\nBaca juga: lain\n", encoding="utf-8")
    failure = only(read_all(path), InputFailure)
    assert failure.message == f"{path}: no text left once the markup and boilerplate are gone"


@pytest.mark.parametrize("content, line, message", [
    ("kind\tpattern\nline\t(unclosed\n", 2, "bad regular expression"),
    ("# note\nkind\tpattern\nbanner\tx\n", 3, "kind 'banner'"),
    ("kind\tpattern\nstart\tx?\n", 2, "matches the empty line"),
    ("kind\tpattern\nline\n", 2, "2 tab-separated columns"),
    ("kind\tregex\n", 1, "header"),
    ("kind\tpattern\noutlet\t \n", 2, "empty pattern"),
])
def test_boilerplate_file_errors_name_file_and_line(tmp_path, content, line, message):
    path = tmp_path / "boilerplate.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_boilerplate(path)
    assert err.value.line == line and message in str(err.value)
    assert f"boilerplate.tsv:{line}:" in str(err.value)


def test_bundled_boilerplate_loads():
    rules = read_boilerplate()
    assert "kompas.com" in rules.outlets and rules.start.match("Baca juga: x")


def test_html_inside_markdown(tmp_path):
    path = tmp_path / "html.md"
    path.write_text(
        "<!-- a comment with <p>tags</p> -->\n<h1 class=\"x\">Ministers &amp; envoys meet</h1>\n"
        "<div\n  class=\"lead\">The <em>envoys</em> met&#8230; in &ldquo;good faith&rdquo;.</div>\n"
        "<img src=\"a.jpg\" alt=\"photo\">\n<noscript>Enable scripts</noscript>\n"
        "Writing &lt;b&gt; shows a tag as text.\n", encoding="utf-8")
    article = only(read_all(path))
    assert article.title == "Ministers & envoys meet"
    assert article.text == ("Ministers & envoys meet\n\nThe envoys met\u2026 in \u201cgood faith\u201d.\n\n"
                            "Writing <b> shows a tag as text.")


@pytest.mark.parametrize("unit", ["**a ", "~~a ", "__a ", "[a ", "![a ", "[^a ", "[a](", "<h1>a", "{%",
                                  "<!--", "<script>", "(reporting by "])
def test_unclosed_markup_reads_in_linear_time(tmp_path, unit):
    """Openings without their closings, 60,000 times: a regex that scans to the end from each one
    would take minutes; reading must stay well under seconds."""
    import time

    path = tmp_path / "hostile.md"
    path.write_text(unit * 60_000, encoding="utf-8")
    started = time.perf_counter()
    assert len(read_all(path)) == 1
    assert time.perf_counter() - started < 10
