"""The actors graph (graph/store/actors.py): each actor described once; re-builds and removals keep
it exactly what the articles in the store back; queries, the network and exports answer as when
every article graph repeated its actors' descriptions."""

import datetime
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from actorgraph.graph.build import build_article, build_items
from actorgraph.graph.ingest.reader import Article, read_inputs
from actorgraph.graph.registry import load_registry
from actorgraph.graph.store import open_store
from actorgraph.graph.store.actors import actor_quads
from actorgraph.ontology import ACTORS_GRAPH, PREFIXES, REGISTRY_GRAPH, RELATIONS_GRAPH

ROOT = Path(__file__).resolve().parent.parent
DESCRIBING = {PREFIXES["rdf"] + "type", PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "altLabel",
              PREFIXES["owl"] + "sameAs"}
DARTO = "https://w3id.org/actorgraph/id/person/darto-wiranegara"
TEXTS = {
    "a": "Talks in Moscow\n\nForeign Minister Darto Wiranegara met Russian President Vladimir Putin "
         "in Moscow on Monday. Wiranegara said the talks were useful.\n",
    "a2": "Talks in Moscow\n\nRussian President Vladimir Putin met envoys in Moscow on Monday, "
          "officials said.\n",
    "b": "Talks in Beijing\n\nPresident Putin met Chinese President Xi Jinping in Beijing on "
         "Tuesday. Minister Darto Wiranegara met Xi on Tuesday.\n",
}


def article(key, url, texts=TEXTS):
    return Article(text=texts[key], title=None, date=datetime.date(2024, 5, 14), lang="en", url=url,
                   source=url, id=None, warnings=[])


def quads(store, graph):
    return {str(q) for q in store.graph_quads([graph])}


def fresh_actors(registry, keys_and_urls):
    """The actors graph of a new store holding just these articles."""
    with open_store(":memory:") as store:
        for key, url in keys_and_urls:
            build_article(store, article(key, url), registry=registry)
        return quads(store, ACTORS_GRAPH)


def test_each_actor_is_described_once(tmp_path, registry):
    with open_store(tmp_path / "store") as store:
        for key, url in (("a", "https://news.example/a"), ("b", "https://news.example/b")):
            build_article(store, article(key, url), registry=registry)
        mentioned = {row["x"].value for row in store.query(
            "SELECT DISTINCT ?x WHERE { ?a ag:mentions ?x }")}
        assert DARTO in mentioned and len(mentioned) >= 4
        for graph in store.graph_iris():
            if graph in (ACTORS_GRAPH, REGISTRY_GRAPH):
                continue
            said = [q for q in store.graph_quads([graph])
                    if q.subject.value in mentioned and q.predicate.value in DESCRIBING]
            assert said == [], graph
        described = Counter(q.subject.value for q in store.graph_quads([ACTORS_GRAPH]))
        assert described[DARTO] == 3  # type, name, the surname the article also used
        registry_actors = {q.subject.value for q in store.graph_quads([REGISTRY_GRAPH])}
        for q in store.graph_quads([ACTORS_GRAPH]):  # registry actors: only words it lacks
            if q.subject.value in registry_actors:
                assert q.predicate.value == PREFIXES["skos"] + "altLabel"
        labels = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ <{DARTO}> rdfs:label ?l }}")
        assert int(next(iter(labels))["n"].value) == 1  # once, even in Oxigraph 0.5's union


def test_rebuilds_and_removals_keep_the_actors_graph_exact(tmp_path, registry):
    a, b = "https://news.example/a", "https://news.example/b"
    with open_store(tmp_path / "store") as store:
        build_items(store, iter([article("a", a), article("b", b)]), registry=registry)
        assert quads(store, ACTORS_GRAPH) == fresh_actors(registry, [("a", a), ("b", b)])
        assert any(DARTO in q for q in quads(store, ACTORS_GRAPH))

        build_article(store, article("a2", a), registry=registry)  # the same article, rewritten
        assert quads(store, ACTORS_GRAPH) == fresh_actors(registry, [("a2", a), ("b", b)])
        assert f'<{DARTO}> <{PREFIXES["skos"]}altLabel> "Wiranegara"' not in " ".join(
            quads(store, ACTORS_GRAPH))  # only the rewritten article used that word

        assert store.remove_graph(store_article(store, b))
        assert quads(store, ACTORS_GRAPH) == fresh_actors(registry, [("a2", a)])
        assert not any(DARTO in q for q in quads(store, ACTORS_GRAPH))  # nobody mentions him

        assert store.remove_graph(store_article(store, a))
        assert quads(store, ACTORS_GRAPH) == set()
        assert quads(store, REGISTRY_GRAPH)  # the registry stays


def store_article(store, url):
    from actorgraph.graph.store.named import resolve_article

    found = resolve_article(store, url)
    assert len(found) == 1
    return found[0]


def test_an_export_of_one_article_describes_its_actors(registry):
    from actorgraph.exports.rdf import collect_quads

    with open_store(":memory:") as store:
        build_article(store, article("a", "https://news.example/a"), registry=registry)
        build_article(store, article("b", "https://news.example/b"), registry=registry)
        got = {(q.subject.value, q.predicate.value, str(q.object))
               for q in collect_quads(store, articles=["https://news.example/b"])}
    putin = "https://w3id.org/actorgraph/id/person/vladimir-putin"
    assert (putin, PREFIXES["rdf"] + "type", "<https://w3id.org/actorgraph/ontology#Person>") in got
    assert any(s == putin and p == PREFIXES["owl"] + "sameAs" for s, p, _o in got)
    assert (DARTO, PREFIXES["rdfs"] + "label", '"Darto Wiranegara"') in got
    # article a's surname-only form is not this article's
    assert (DARTO, PREFIXES["skos"] + "altLabel", '"Wiranegara"') not in got


# --- the same answers as the model where each article graph repeated its actors' description ----

@pytest.fixture(scope="module")
def both_models(registry):
    """The examples built as now, and the same graphs with each article graph also holding the
    description of every actor it mentions and the edges it states (how the build wrote them
    before)."""
    from actorgraph.graph.store.relations import STATES, edge_quads

    items = read_inputs([str(ROOT / "examples/articles")])
    new = open_store(":memory:")
    summary = build_items(new, items, registry=registry)
    assert summary.articles >= 10
    old = ox.Store()
    for graph in new.graph_iris():
        if graph in (ACTORS_GRAPH, RELATIONS_GRAPH):
            continue
        own = list(new.graph_quads([graph]))
        extra = actor_quads(new, own) + edge_quads(new, own) if graph != REGISTRY_GRAPH else []
        own = [q for q in own if q.predicate.value != STATES]
        g = ox.NamedNode(graph)
        old.extend(own + [ox.Quad(q.subject, q.predicate, q.object, g) for q in extra])
    return new, _Wrapped(old)


class _Wrapped:
    """A raw pyoxigraph store behind the query interface of graph.store."""

    def __init__(self, store):
        from actorgraph.graph.store import EmbeddedStore

        self.inner = EmbeddedStore(None)
        self.inner._store = store

    def __getattr__(self, name):
        return getattr(self.inner, name)


def answers(store, text, binds):
    from actorgraph.graph.store.query import run_query

    result = run_query(store, text, substitutions=binds)
    return Counter(repr(tuple(_unordered(str(t)) for t in row)) for row in result.rows)


def _unordered(value):
    """GROUP_CONCAT's order is the engine's choice: compare the parts as a sorted list."""
    for separator in (", ", " | "):
        if value.startswith('"') and separator in value:
            return sorted(value.strip('"').split(separator))
    return value


def test_named_queries_answer_as_before(both_models):
    from actorgraph.graph.store.named import bind_params, named_queries

    new, old = both_models
    samples = {"actor": "Putin", "other": "Lukashenko", "article": new.graph_iris()[0],
               "text": "pres", "since": "2019-01", "until": "2026-12-31", "type": "ag:Person",
               "asOf": "2023-06-01", "of": "Russia", "role": "ag:headOfState"}
    compared = set()
    for query in named_queries().values():
        for values in ({p.name: samples[p.name] for p in query.params if p.required},
                       {p.name: samples[p.name] for p in query.params}):
            binds = bind_params(new, query, values)
            got = answers(new, query.text, binds)
            assert got == answers(old, query.text, binds), (query.name, values)
            if got:
                compared.add(query.name)
    assert len(compared) >= 7, compared


def test_the_network_and_its_stats_are_as_before(both_models):
    from actorgraph.graph.network.analysis import compute_stats
    from actorgraph.graph.network.view import load_network

    new, old = both_models
    g_new, g_old = load_network(new), load_network(old)
    assert g_new.number_of_edges() > 10
    assert dict(g_new.nodes(data=True)) == dict(g_old.nodes(data=True))
    assert _edges(g_new) == _edges(g_old)
    assert compute_stats(g_new, top=10) == compute_stats(g_old, top=10)


def _edges(graph):
    """Edges with their evidence lists sorted: their order is the store's, not an answer."""
    def tidy(value):
        if isinstance(value, dict):
            return {k: tidy(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((tidy(v) for v in value), key=repr)
        return value

    return sorted((repr((s, o, k, tidy(d))) for s, o, k, d in graph.edges(keys=True, data=True)))


def test_what_the_registry_comes_to_say_leaves_the_actors_graph(tmp_path, registry):
    """A registry file that adds an actor: the next build's registry graph says the label the
    actors graph held, and it is said once again."""
    from actorgraph.graph.build import ensure_registry_graph

    extra = tmp_path / "more.ttl"
    extra.write_text('@prefix ag: <https://w3id.org/actorgraph/ontology#> .\n'
                     '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                     f'<{DARTO}> a ag:Person ; rdfs:label "Darto Wiranegara" .\n', encoding="utf-8")
    with open_store(tmp_path / "store") as store:
        build_article(store, article("a", "https://news.example/a"), registry=registry)
        label = f'<{DARTO}> <{PREFIXES["rdfs"]}label> "Darto Wiranegara"'
        assert label in quads(store, ACTORS_GRAPH).__repr__()
        ensure_registry_graph(store, load_registry(extra=(str(extra),)))
        assert label in repr(quads(store, REGISTRY_GRAPH))
        assert label not in repr(quads(store, ACTORS_GRAPH))
