"""The relations graph (graph/store/relations.py): each shortcut edge once, whatever the number of
articles stating it; re-builds and removals keep it exactly what the articles in the store state;
exports carry the edges of the articles they cover."""

from pathlib import Path

import pyoxigraph as ox
import pytest

from actorgraph.graph.build import build_article, build_items
from actorgraph.graph.ingest.reader import read_inputs
from actorgraph.graph.store import open_store
from actorgraph.graph.store.relations import EDGE_KEY, STATES, edge_key, edge_quads
from actorgraph.ontology import AG_NS, RELATIONS_GRAPH
from test_actors import article as actors_article

ROOT = Path(__file__).resolve().parent.parent
PUTIN = "https://w3id.org/actorgraph/id/person/vladimir-putin"
XI = "https://w3id.org/actorgraph/id/person/xi-jinping"
DARTO = "https://w3id.org/actorgraph/id/person/darto-wiranegara"
TEXTS = {
    "a": "Talks in Moscow\n\nForeign Minister Darto Wiranegara met Russian President Vladimir Putin "
         "in Moscow on Monday.\n",
    "a2": "Talks in Moscow\n\nRussian President Vladimir Putin met envoys in Moscow on Monday.\n",
    "b": "Talks in Beijing\n\nPresident Putin met Chinese President Xi Jinping in Beijing on "
         "Tuesday.\n",
    "c": "Putin and Xi\n\nChinese President Xi Jinping met Russian President Vladimir Putin in "
         "Beijing on Tuesday, state media said.\n",
}


def article(key, url):
    return actors_article(key, url, TEXTS)


def edges(store):
    return {(q.subject.value, q.predicate.value, q.object.value)
            for q in store.graph_quads([RELATIONS_GRAPH])}


def fresh_edges(registry, keys_and_urls):
    with open_store(":memory:") as store:
        for key, url in keys_and_urls:
            build_article(store, article(key, url), registry=registry)
        return edges(store)


def test_an_edge_two_articles_state_is_stored_once(registry):
    with open_store(":memory:") as store:
        for key in ("b", "c"):
            build_article(store, article(key, f"https://news.example/{key}"), registry=registry)
        met = (PUTIN, AG_NS + "metWith", XI)
        assert met in edges(store) and (XI, AG_NS + "metWith", PUTIN) in edges(store)
        # once in the union, though both articles state it
        count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{PUTIN}> ag:metWith <{XI}> }}")
        assert int(next(iter(count))["n"].value) == 1
        stating = {row["g"].value for row in store.query(
            f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g ag:states <{edge_key(*met)}> }} }}")}
        assert stating == {article(k, f"https://news.example/{k}").iri for k in ("b", "c")}
        from actorgraph.graph.store.embedded import describe_graphs

        kinds = {g["iri"]: g["kind"] for g in describe_graphs(store)}
        assert kinds[RELATIONS_GRAPH] == "relations"  # what `actorgraph graphs` lists
        article_graphs = [g for g in store.graph_iris() if "/article/" in g]
        for g in article_graphs:  # no article graph holds an edge itself
            assert not [q for q in store.graph_quads([g]) if q.predicate.value == AG_NS + "metWith"]


def test_rebuilds_and_removals_keep_the_relations_graph_exact(tmp_path, registry):
    a, b, c = "https://news.example/a", "https://news.example/b", "https://news.example/c"
    with open_store(tmp_path / "store") as store:
        build_items(store, iter([article("a", a), article("b", b), article("c", c)]),
                    registry=registry)
        assert edges(store) == fresh_edges(registry, [("a", a), ("b", b), ("c", c)])
        assert (DARTO, AG_NS + "metWith", PUTIN) in edges(store)

        build_article(store, article("a2", a), registry=registry)  # rewritten: no Darto any more
        assert edges(store) == fresh_edges(registry, [("a2", a), ("b", b), ("c", c)])
        assert (DARTO, AG_NS + "metWith", PUTIN) not in edges(store)

        assert store.remove_graph(article("b", b).iri)  # c still states Putin met Xi
        assert (PUTIN, AG_NS + "metWith", XI) in edges(store)
        assert store.remove_graph(article("c", c).iri)  # nobody does now
        assert edges(store) == fresh_edges(registry, [("a2", a)])
        assert (PUTIN, AG_NS + "metWith", XI) not in edges(store)


def test_an_export_of_one_article_carries_the_edges_it_states(registry):
    from actorgraph.exports.rdf import collect_quads

    with open_store(":memory:") as store:
        build_article(store, article("a", "https://news.example/a"), registry=registry)
        build_article(store, article("b", "https://news.example/b"), registry=registry)
        got = {(q.subject.value, q.predicate.value, q.object.value)
               for q in collect_quads(store, articles=["https://news.example/b"])}
    assert (PUTIN, AG_NS + "metWith", XI) in got
    assert (DARTO, AG_NS + "metWith", PUTIN) not in got  # article a's edge


def test_every_stored_edge_is_stated_and_every_statement_names_an_edge(registry):
    items = read_inputs([str(ROOT / "examples/articles")])
    with open_store(":memory:") as store:
        build_items(store, items, registry=registry)
        stored = edges(store)
        stated = {q.object.value for g in store.graph_iris() if "/article/" in g
                  for q in store.graph_quads([g]) if q.predicate.value == STATES}
        assert len(stored) > 20
        assert {edge_key(*e) for e in stored} == stated
        every = [q for g in store.graph_iris() for q in store.graph_quads([g])]
        assert len(edge_quads(store, every)) == len(stored)


def test_the_key_sparql_computes_is_the_key_python_computes():
    store = ox.Store()
    odd = "https://w3id.org/actorgraph/id/person/j%C3%B3zef-beck-%22x%22"
    store.add(ox.Quad(ox.NamedNode(odd), ox.NamedNode(AG_NS + "metWith"),
                      ox.NamedNode("https://w3id.org/actorgraph/id/person/élise"),
                      ox.NamedNode(RELATIONS_GRAPH)))
    rows = list(store.query(f"SELECT ?s ?p ?o ?key WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                            f"BIND({EDGE_KEY} AS ?key) }}"))
    assert len(rows) == 1
    row = rows[0]
    assert row["key"].value == edge_key(row["s"].value, row["p"].value, row["o"].value)
