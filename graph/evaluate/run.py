"""Build one article alone into an in-memory store and score (and explain) its graph."""

from pathlib import Path

from actorgraph.ontology import ACTORS_GRAPH, AG_NS, REGISTRY_GRAPH, RELATIONS_GRAPH, WD_NS
from actorgraph.graph.evaluate.gold import load_gold
from actorgraph.graph.evaluate.score import compare, score_graph


def export_article_graph(store):
    """The articles' graphs with the description of the actors they mention and the edges they
    state, as an rdflib Graph (what scoring sees)."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    from actorgraph.graph.store.actors import actor_quads
    from actorgraph.graph.store.relations import edge_quads

    def convert(term):
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))

    graph = Graph()
    for prefix, iri in (("ag", AG_NS), ("wd", WD_NS)):
        graph.bind(prefix, iri)
    quads = list(store.graph_quads([g for g in store.graph_iris()
                                    if g not in (REGISTRY_GRAPH, ACTORS_GRAPH, RELATIONS_GRAPH)]))
    for q in quads + actor_quads(store, quads) + edge_quads(store, quads):
        graph.add((convert(q.subject), convert(q.predicate), convert(q.object)))
    return graph


def evaluate_case(case, registry=None, explain=False):
    """Build the case's article alone into an in-memory store, export it and score it.

    ``registry`` is a loaded Registry, a path of an extra registry file, or None (the default).
    With ``explain`` the Score carries the sentences behind each miss (``Score.explanation``).
    """
    gold = load_gold(case.gold_dir)
    from actorgraph.graph.build import build_article
    from actorgraph.graph.errors import InputError
    from actorgraph.graph.ingest.reader import InputFailure, detect_language, read_inputs
    from actorgraph.graph.store import open_store

    if isinstance(registry, (str, Path)):
        from actorgraph.graph.registry import load_registry

        registry = load_registry(extra=(registry,))
    items = list(read_inputs([str(case.article)], date=case.date, lang=case.lang))
    failures = [i for i in items if isinstance(i, InputFailure)]
    if failures:
        raise InputError(failures[0].message)
    if len(items) != 1:
        raise InputError(f"{case.article}: holds {len(items)} articles; a gold folder scores one")
    article = items[0]
    with open_store(":memory:") as store:
        build_article(store, article, registry=registry, lang=case.lang)
        graph = export_article_graph(store)
    if not explain:
        return score_graph(graph, gold, name=case.name)
    from actorgraph.graph.evaluate.explain import explain as explain_comparison

    comparison = compare(graph, gold)
    score = score_graph(graph, gold, name=case.name, comparison=comparison)
    lang = case.lang or article.lang or detect_language(article.text)  # as the build chose
    score.explanation = explain_comparison(comparison, gold, graph, article.text, lang)
    return score
