"""Building articles into the store: provenance, re-builds, merged events, valid RDF."""

import datetime

import pytest
import rdflib

from actorgraph.graph.build import build_article
from actorgraph.graph.ingest.reader import Article
from actorgraph.graph.store import open_store
from actorgraph.ontology import AG_NS

AG = rdflib.Namespace(AG_NS)
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def article(text, day, source, lang="en"):
    return Article(text=text, title=None, date=datetime.date.fromisoformat(day), lang=lang, url=None,
                   source=source, id=None, warnings=[])


FIRST = ("Leaders meet in Beijing\n\nRussian President Vladimir Putin met Chinese President Xi Jinping "
         "in Beijing on Tuesday, officials said.\n")
SECOND = ("Presiden Rusia Vladimir Putin bertemu dengan Presiden Tiongkok Xi Jinping di Beijing "
          "pada Selasa (14/5/2024), kata pejabat.\n")


def dataset(store):
    ds = rdflib.Dataset()
    for q in store.graph_quads():
        g = ds.graph(rdflib.URIRef(q.graph_name.value))
        g.add(tuple(_term(x) for x in (q.subject, q.predicate, q.object)))
    return ds


def _term(t):
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    return rdflib.Literal(t.value, lang=t.language, datatype=None if t.language else rdflib.URIRef(t.datatype.value))


def test_every_event_has_evidence_pointing_into_the_article(registry):
    a = article(FIRST, "2024-05-16", "first.txt")
    with open_store(":memory:") as store:
        build_article(store, a, registry=registry)
        g = dataset(store).graph(rdflib.URIRef(a.iri))
        events = set(g.subjects(AG.relation, AG.metWith))
        assert events
        for ev in events:
            evidence = list(g.objects(ev, AG.evidence))
            assert evidence
            for e in evidence:
                start = int(g.value(e, AG.startOffset))
                end = int(g.value(e, AG.endOffset))
                assert str(g.value(e, AG.sentence)) == a.text[start:end]
                assert g.value(e, PROV.wasDerivedFrom) == rdflib.URIRef(a.iri)
                assert 0 < float(g.value(e, AG.confidence)) <= 1
                assert g.value(e, AG.extractorVersion) is not None
            assert str(g.value(ev, AG.date)) == "2024-05-14"


def test_rebuilding_replaces_instead_of_duplicating(registry):
    a = article(FIRST, "2024-05-16", "first.txt")
    with open_store(":memory:") as store:
        build_article(store, a, registry=registry)
        before = len(list(store.graph_quads([a.iri])))
        build_article(store, a, registry=registry)
        assert len(list(store.graph_quads([a.iri]))) == before > 0


def test_same_meeting_in_two_articles_is_one_event_with_two_sources(registry):
    one = article(FIRST, "2024-05-16", "first.txt")
    two = article(SECOND, "2024-05-15", "second.txt", lang="id")
    with open_store(":memory:") as store:
        build_article(store, one, registry=registry)
        build_article(store, two, registry=registry)
        rows = list(store.query(
            "SELECT DISTINCT ?e ?g WHERE { GRAPH ?g { ?e ag:relation ag:metWith } }"))
        events = {r["e"].value for r in rows}
        graphs = {r["g"].value for r in rows}
        assert len(events) == 1 and graphs == {one.iri, two.iri}
        sources = {r["a"].value for r in store.query(
            "SELECT DISTINCT ?a WHERE { ?e ag:relation ag:metWith ; ag:evidence ?x . ?x prov:wasDerivedFrom ?a }")}
        assert sources == {one.iri, two.iri}


def test_exported_article_passes_the_shapes(registry):
    """The article's graph no longer repeats its actors' descriptions; its export puts them back."""
    from actorgraph.exports.rdf import collect_quads
    from actorgraph.graph.store.validate import validate_graph

    a = article(FIRST, "2024-05-16", "first.txt")
    with open_store(":memory:") as store:
        build_article(store, a, registry=registry)
        g = rdflib.Graph()
        for t in dataset(store).graph(rdflib.URIRef(a.iri)):
            g.add(t)
        assert not validate_graph(g).conforms  # alone it lacks the actors' types
        g = rdflib.Graph()
        for q in collect_quads(store, articles=[a.iri]):
            g.add(tuple(_term(x) for x in (q.subject, q.predicate, q.object)))
    report = validate_graph(g)
    assert report.conforms, report
