"""Property-based tests: random and mutated input never crashes the tool's parsers or extractor.

Extraction and ingest see whatever the web gives; the data loaders see what users write. Each
property says what must hold for every input: no exception but the tool's own, and output that
parses (and, for a sample, conforms to the SHACL shapes). Example counts are fixed so the suite
stays fast and repeatable (``derandomize``); ACTORGRAPH_FUZZ=N searches N random examples.
"""

import datetime
import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actorgraph.graph.build import prepare_article, registry_lines
from actorgraph.graph.errors import ActorGraphError, DataFileError, QueryError
from actorgraph.graph.extract.pipeline import extract_text
from actorgraph.graph.ingest.reader import Article, InputFailure, read_inputs
from actorgraph.graph.registry import Source, load_registry
from actorgraph.graph.registry.table import read_table

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
DAY = datetime.date(2024, 5, 16)
# ACTORGRAPH_FUZZ=2000 searches longer, with a fresh random seed each run
SEARCH = int(os.environ.get("ACTORGRAPH_FUZZ", "0"))
FAST = settings(max_examples=SEARCH or 80, deadline=None, derandomize=not SEARCH,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SHACL = settings(FAST, max_examples=max(SEARCH // 10, 15))  # pySHACL: 0.2-0.4 s an article


def example_articles():
    """(language, text) of every bundled example article."""
    rows = (EXAMPLES / "articles.tsv").read_text(encoding="utf-8").splitlines()[1:]
    found = []
    for row in rows:
        name, _day, lang = row.split("\t")[:3]
        found.append((lang, (EXAMPLES / name / "article.txt").read_text(encoding="utf-8")))
    return found


ARTICLES = example_articles()
REGISTRY = load_registry()

# --- strategies ---------------------------------------------------------------------------------

NASTY = ['"', "'", "“", "”", "‘", "’", "«", "»", "(", ")", "[", "]", "{", "}", "<", ">", "\\",
         "\n", "\n\n", "\r", "\t", "\u00a0", "\u200b", "\ufeff", "\u202e", "\x00", "…", ".", "..",
         "?!", " - ", "—", "Mr.", "Dr.", "Presiden", "President", "Menteri", "met", "bertemu",
         "sanksi", "sanctions", "Putin", "Biden", "Xi", "Prabowo", "AS", "U.S.", "PBB", "NATO",
         "pada", "on", "Monday", "Senin", "2024", "13/05", "di", "in", "'s", "dan", "and", ","]
pieces = st.one_of(st.sampled_from(NASTY), st.text(max_size=12),
                   st.text(alphabet="xyzXYZ", min_size=500, max_size=3000))  # very long tokens


@st.composite
def mutated_article(draw):
    """A bundled example article with characters inserted, deleted and replaced, sentences
    shuffled or repeated: (language, text)."""
    lang, text = draw(st.sampled_from(ARTICLES))
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "shuffle", "repeat", "cut"]))
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:at] + draw(pieces) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(0, 40)):]
        elif op == "replace":
            text = text[:at] + draw(st.text(min_size=1, max_size=20)) + text[at + 5:]
        elif op == "shuffle":
            sentences = re.split(r"(?<=[.!?])\s+", text)
            text = " ".join(draw(st.permutations(sentences)))
        elif op == "repeat":
            text = text[:at] + text[max(0, at - 200):at] + text[at:]
        else:
            text = text[:at]
    return lang, text


random_text = st.tuples(st.sampled_from(["en", "id"]),
                        st.one_of(st.text(max_size=400),
                                  st.lists(pieces, max_size=60).map(" ".join)))
any_article = st.one_of(mutated_article(), random_text)


def parse_ntriples(text):
    return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))


# --- extraction and build -----------------------------------------------------------------------

@FAST
@given(any_article)
def test_extraction_never_crashes_and_writes_valid_ntriples(case):
    lang, text = case
    extraction = extract_text(text, REGISTRY, lang, DAY)
    for mention in extraction.mentions:
        assert 0 <= mention.start < mention.end <= len(extraction.doc.tokens)
    prepared = prepare_article(Article(text=text, date=DAY, lang=lang, source="fuzz"), REGISTRY)
    triples = parse_ntriples(prepared.ntriples)
    assert 0 < len(triples) <= prepared.result.statements  # the count includes repeated lines
    for sentence in extraction.doc.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)


@SHACL
@given(any_article)
def test_built_article_graphs_conform_to_the_shapes(case):
    from actorgraph.graph.store.validate import validate_graph

    lang, text = case
    prepared = prepare_article(Article(text=text, date=DAY, lang=lang, source="fuzz",
                                       url="https://news.example/a?b=1&c=<2>"), REGISTRY)
    # the article's graph with the description of its actors (the actors graph's part of it and
    # the registry's) and the edges it states, as an export of the article gives it
    describing = ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
                  "<http://www.w3.org/2000/01/rdf-schema#label>",
                  "<http://www.w3.org/2004/02/skos/core#altLabel>", "<http://www.w3.org/2002/07/owl#sameAs>")
    described = {line for line in registry_lines(REGISTRY)
                 if line.split(" ", 2)[1] in describing and line.split(" ", 1)[0] in prepared.ntriples}
    graph = rdflib.Graph().parse(data=prepared.ntriples + prepared.actors + prepared.edges
                                 + "\n".join(described) + "\n", format="nt")
    report = validate_graph(graph)
    assert report.conforms, [f"{v.focus} {v.path}: {v.message}" for v in report.errors][:5]


# --- ingest: random bytes as every kind of input -------------------------------------------------

MARKUP = ["<html>", "<body>", "</body>", "<p>", "</p>", "<div", ">", "<title>", "</title>", "<br/>",
          "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;",
          "&nbsp;", "<rss version=\"2.0\">", "<channel>", "<item>", "<description>", "</item>",
          "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "<entry>", "<!DOCTYPE x [<!ENTITY a \"b\">]>",
          "{", "}", "\"text\":", "\"date\":", "\"title\":", "\"2024-13-45\"", "null", "[1]", "\n",
          "\r\n", "\r", "# ", "---\n", "title: x\n", "```", "[a](b)", "**", "_", "\\", "\x00",
          "\xff\xfe", "\ufeff", "Presiden Joko Widodo bertemu Xi Jinping.", "Biden met Putin."]
markup_text = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=20)), max_size=80) \
    .map("".join)
encoded = st.tuples(markup_text, st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"])) \
    .map(lambda pair: pair[0].encode(pair[1], errors="replace"))
raw_bytes = st.one_of(st.binary(max_size=3000), encoded)


@FAST
@given(raw_bytes, st.sampled_from([".txt", ".md", ".html", ".jsonl", ".xml", ""]))
def test_ingest_yields_only_articles_or_one_line_failures(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "input" + suffix)
        with open(path, "wb") as handle:
            handle.write(data)
        items = list(read_inputs([path], max_bytes=2000))
    assert items
    for item in items:
        assert isinstance(item, (Article, InputFailure))
        if isinstance(item, InputFailure):
            assert item.message.startswith(path) and "\n" not in item.message
        else:
            assert isinstance(item.text, str) and item.text.strip()
            assert item.iri.startswith("https://w3id.org/actorgraph/id/article/")


@FAST
@given(raw_bytes)
def test_standard_input_is_sniffed_without_crashing(data):
    import io

    for item in read_inputs(["-"], stdin=io.BytesIO(data)):
        assert isinstance(item, (Article, InputFailure))


# --- the data loaders and the SPARQL checks the tool owns ---------------------------------------

HEADER = "name,type,aliases,wikidata,role,of,start,end"
CSV_CELLS = ["Person", "State", "Organisation", "Place", "Planet", "Q42", "Qx", "headOfState",
             "memberOf", "United States", "Russia", "2020-01-01", "2020-13-01", "", '"', ";", ",",
             "\n", "#", "Vladimir Putin", "a;b", "\ufeff", "\x00"]
csv_text = st.lists(st.lists(st.one_of(st.sampled_from(CSV_CELLS), st.text(max_size=10)),
                             max_size=10).map(",".join), max_size=8)


@FAST
@given(csv_text, st.booleans(), st.sampled_from(["csv", "tsv"]))
def test_registry_tables_fail_only_with_file_and_line(rows, with_header, fmt):
    text = "\n".join(([HEADER] if with_header else []) + rows)
    if fmt == "tsv":
        text = text.replace(",", "\t")
    try:
        read_table(Source(f"user.{fmt}", text.encode("utf-8", "surrogatepass"), fmt), REGISTRY)
    except DataFileError as exc:
        assert str(exc).startswith(f"user.{fmt}") and exc.exit_code == 2


sparql_words = st.sampled_from(["SELECT", "ASK", "CONSTRUCT", "WHERE", "{", "}", "?s", "?p", "?o",
                                "SERVICE", "LOAD", "INSERT", "DATA", "DELETE", "GRAPH", "<http://x>",
                                "'''", '"', "#", "\n", ".", ";", "FILTER", "(", ")", "ag:metWith",
                                "PREFIX", "x:", "<", ">", "\\", "VALUES", "*"])
sparql_text = st.one_of(st.text(max_size=200), st.lists(sparql_words, max_size=40).map(" ".join))


@FAST
@given(sparql_text, st.booleans())
def test_sparql_checks_raise_only_query_errors(text, update):
    from actorgraph.graph.store.query import check_sparql, scan

    for token in scan(text):  # every token is the very text at its offset
        assert text[token.start:token.start + len(token.text)] == token.text
    try:
        check_sparql(text, update=update)
    except QueryError:
        pass


@FAST
@given(sparql_text)
def test_queries_on_the_store_fail_only_with_the_tools_errors(text):
    from actorgraph.graph.store.query import run_query
    from actorgraph.graph.store import open_store

    with open_store(":memory:") as store:
        try:
            run_query(store, text, timeout=5)
        except ActorGraphError:
            pass


@pytest.mark.parametrize("text", ["", "#", "# d\n# param x: actor, required. H\nSELECT ?y {}",
                                  "\udcff", "# d\n# param x: nope, optional. H\n"])
def test_named_query_headers_fail_with_file_and_line(tmp_path, text):
    from actorgraph.graph.store.named import load_named_query

    path = tmp_path / "q.rq"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(DataFileError) as caught:
        load_named_query(path)
    assert str(caught.value).startswith(str(path))
