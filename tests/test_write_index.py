"""The writer's memory of stored events (history.EventIndex): a build that answers the merge
look-ups from it stores exactly what one asking the store every batch stores."""

import dataclasses
import datetime
from pathlib import Path

import pytest

import actorgraph.graph.write as write
from actorgraph.graph.build import (build_items, ensure_registry_graph, prepare_article, renamed,
                                    store_batch, write_all)
from actorgraph.graph.errors import ActorGraphError
from actorgraph.graph.history import EventIndex
from actorgraph.graph.ingest.reader import Article, read_inputs
from actorgraph.graph.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def articles():
    """The series and the example articles; copies of the series two days later (other URLs:
    other articles reporting the same events); those copies again, half a year later (the same
    URLs: rebuilt with other content, one twice in a row); copies five days after the first."""
    found = [a for a in read_inputs([str(EXAMPLES / "series"), str(EXAMPLES / "articles")])
             if isinstance(a, Article)]
    series = [a for a in found if "series" in a.source and a.date]

    def copies(name, days):
        return [dataclasses.replace(a, url=f"https://example.org/{name}/{k}",
                                    date=a.date + datetime.timedelta(days=days))
                for k, a in enumerate(series)]

    moved = copies(2, 200)
    twice = dataclasses.replace(moved[6], date=moved[6].date + datetime.timedelta(days=1))
    return found + copies(2, 2) + moved[:7] + [twice] + moved[7:] + copies(3, 5)


def quads(store):
    return sorted(str(q) for q in store.graph_quads())


def build(store, articles, registry, index):
    """write_all as build_items runs it, with or without the index."""
    write_all(store, (prepare_article(a, registry) for a in articles), lambda r: None,
              lambda s, m: pytest.fail(m), index)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(write, "BATCH_STATEMENTS", 800)   # a few articles a batch


@pytest.mark.parametrize("limit", [EventIndex.LIMIT, 40])   # 40: it starts over now and then
def test_index_builds_the_same_store_as_asking_the_store(articles, registry, small_batches, limit):
    with open_store(":memory:") as asked, open_store(":memory:") as indexed:
        asked.bulk = indexed.bulk = True
        build(asked, articles, registry, None)
        build(indexed, articles, registry, EventIndex(empty=True, limit=limit))
        assert quads(indexed) == quads(asked)
        merged = next(asked.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e ag:statusReport ?r } "
                                  "FILTER NOT EXISTS { ?r prov:wasDerivedFrom ?g } }"))
        assert int(merged["n"].value) == 0
        shared = next(asked.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g1 { ?e a ag:Event } "
                                  "GRAPH ?g2 { ?e a ag:Event } FILTER(?g1 != ?g2) }"))
        assert int(shared["n"].value) > 3       # events did merge across articles and batches
        # a second build into the store holding data: the index asks for what it has not seen
        again = articles[5:40][::-1]
        asked.bulk = indexed.bulk = False
        build(asked, again, registry, None)
        build(indexed, again, registry, EventIndex(empty=False, limit=limit))
        assert quads(indexed) == quads(asked)


def test_build_items_on_an_empty_store_never_asks_for_events(articles, registry, small_batches):
    with open_store(":memory:") as store:
        asked = []
        query = store.query
        store.query = lambda q, *a: (asked.append(q), query(q, *a))[1]
        build_items(store, iter(articles[:12]), registry=registry)
        assert not [q for q in asked if "eventKey" in q or "statusReport" in q]
        store.query = query
        with open_store(":memory:") as plain:
            plain.bulk = True
            ensure_registry_graph(plain, registry)
            build(plain, articles[:12], registry, None)
            assert quads(plain) == quads(store)


def test_an_article_twice_in_one_batch(articles, registry):
    """Stored twice in one batch, an article graph already in the store keeps the second version
    only: the reports of the first must not count for the articles after it."""
    series = [a for a in articles if "series" in a.source and not a.url]

    def shifted(days, name):
        return [prepare_article(dataclasses.replace(a, url=f"https://example.org/{name}/{k}",
                                                    date=a.date + datetime.timedelta(days=days)),
                                registry) for k, a in enumerate(series)]

    batches = [shifted(0, "a"), [p for pair in zip(shifted(200, "a"), shifted(201, "a")) for p in pair],
               shifted(197, "b")]
    with open_store(":memory:") as asked, open_store(":memory:") as indexed:
        index = EventIndex(empty=True)
        for batch in batches:
            store_batch(asked, batch)
            store_batch(indexed, batch, index)
        assert quads(indexed) == quads(asked)


def test_a_failed_batch_makes_the_index_start_over(articles, registry):
    preps = [prepare_article(a, registry) for a in articles[:6]]
    with open_store(":memory:") as store:
        index = EventIndex(empty=True)
        store_batch(store, preps[:3], index)
        assert index.size and index.empty
        replace = store.replace_graphs

        def broken(items):
            raise ActorGraphError("disk trouble")

        store.replace_graphs = broken
        with pytest.raises(ActorGraphError):
            store_batch(store, preps[3:], index)
        assert not index.empty and index.size == 0 and not index.keys
        store.replace_graphs = replace
        store_batch(store, preps[3:], index)
        with open_store(":memory:") as plain:
            store_batch(plain, preps[:3])
            store_batch(plain, preps[3:])
            assert quads(plain) == quads(store)


def test_renames_are_the_replacements_one_after_the_other():
    text = "<a> <p> <b> .\n<b> <p> <c> .\n<c> <q> <ab> .\n"
    renames = {"a": "b", "b": "x", "c": "c", "ab": "a"}
    expected = text
    for own, chosen in renames.items():
        if chosen != own:
            expected = expected.replace(f"<{own}>", f"<{chosen}>")
    assert renamed(text, renames) == expected == "<x> <p> <x> .\n<x> <p> <c> .\n<c> <q> <a> .\n"
    assert renamed(text, {"a": "a"}) is text


def test_a_line_separator_in_the_text_does_not_break_the_graph(registry):
    """U+2028 and U+0085 end a line for str.splitlines but not in N-Triples: an article holding
    one (text copied from web pages) was not stored at all ('not valid N-Triples')."""
    text = ("Leaders meet\n\nRussian President Vladimir Putin met Chinese President Xi Jinping in "
            "Beijing on Tuesday,\u2028 officials said.\x85 Talks went on.\n")
    a = Article(text=text, date=datetime.date(2024, 5, 16), lang="en", source="sep.txt")
    with open_store(":memory:") as store:
        for _ in range(2):   # a first build (a load) and a rebuild (a replace)
            summary = build_items(store, iter([a]), registry=registry)
            assert summary.articles == 1 and not summary.failures
        sentences = [row["s"].value for row in store.query(
            "SELECT DISTINCT ?s WHERE { ?e ag:sentence ?s FILTER(CONTAINS(?s, 'Tuesday')) }")]
        assert sentences == ["Russian President Vladimir Putin met Chinese President Xi Jinping in "
                             "Beijing on Tuesday,\u2028 officials said."]


def test_the_index_keeps_the_reports_many_articles_share_once():
    """Thousands of articles reporting one event the same way cost one entry, which stays while
    one of them is in the store."""
    from actorgraph.graph.history import Report

    index = EventIndex(empty=True)
    for k in range(1000):
        index.add(f"https://example.org/a/{k}", "key", f"report-{k}",
                  Report("https://example.org/event/1", f"https://example.org/a/{k}", "Occurred",
                         "2024-05-14", "2024-05-15"))
    index.add("https://example.org/b", "key", "report-b",
              Report("https://example.org/event/1", "https://example.org/b", "Planned", "2024-05-14",
                     "2024-05-10"))
    assert index.size == 2
    assert [r.status for r in index.keys["key"]["https://example.org/event/1"]] == ["Occurred",
                                                                                   "Planned"]
    assert index.previous(["https://example.org/a/7"]) == {
        ("https://example.org/a/7", "report-7"): "https://example.org/event/1"}
    index.forget([f"https://example.org/a/{k}" for k in range(999)])
    assert index.size == 2       # one article still says it
    index.forget(["https://example.org/a/999"])
    assert index.size == 1 and [r.status for r in index.keys["key"]["https://example.org/event/1"]] \
        == ["Planned"]
