"""A small store shaped as docs/model.md says: three article graphs (two English, one
Indonesian) and a registry graph, written with the store API as the build would write them."""

import pytest
import rdflib

from actorgraph.graph.store import open_store
from actorgraph.ontology import REGISTRY_GRAPH

ID = "https://w3id.org/actorgraph/id/"
A1 = ID + "article/00000000000000a1"
A2 = ID + "article/00000000000000a2"
A3 = ID + "article/00000000000000a3"
PUTIN = ID + "person/vladimir-putin"
BIDEN = ID + "person/joe-biden"
TRUMP = ID + "person/donald-trump"
WITKOFF = ID + "person/steve-witkoff"

HEAD = """
@prefix ag: <https://w3id.org/actorgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix plover: <https://w3id.org/actorgraph/plover#> .
@prefix wd: <http://www.wikidata.org/entity/> .
@base <https://w3id.org/actorgraph/id/> .
"""

ACTORS = {
    "putin": """<person/vladimir-putin> a ag:Person ; rdfs:label "Vladimir Putin"@en ;
        skos:altLabel "Putin", "Presiden Putin"@id ; owl:sameAs wd:Q7747 .""",
    "biden": """<person/joe-biden> a ag:Person ; rdfs:label "Joe Biden"@en ;
        skos:altLabel "Biden" ; owl:sameAs wd:Q6279 .""",
    "trump": """<person/donald-trump> a ag:Person ; rdfs:label "Donald Trump"@en ;
        skos:altLabel "Trump", "Presiden Trump"@id ; owl:sameAs wd:Q22686 .""",
    "witkoff": """<person/steve-witkoff> a ag:Person ; rdfs:label "Steve Witkoff"@en ;
        skos:altLabel "Witkoff" .""",
    "us": """<state/us> a ag:State ; rdfs:label "United States"@en ;
        skos:altLabel "Amerika Serikat"@id ; owl:sameAs wd:Q30 .""",
    "ru": """<state/ru> a ag:State ; rdfs:label "Russia"@en ; skos:altLabel "Rusia"@id ;
        owl:sameAs wd:Q159 .""",
    "cn": """<state/cn> a ag:State ; rdfs:label "China"@en ; skos:altLabel "Tiongkok"@id ;
        owl:sameAs wd:Q148 .""",
    "geneva": """<place/geneva> a ag:Place ; rdfs:label "Geneva"@en ; rdfs:label "Jenewa"@id .""",
}

ARTICLES = {
    A1: ("2021-06-16", "en", ["putin", "biden", "geneva", "us", "ru"], """
<article/00000000000000a1> a ag:Article ; dcterms:title "Biden and Putin meet in Geneva" ;
    dcterms:date "2021-06-16"^^xsd:date ; dcterms:language "en" ; ag:contentHash "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01" ;
    schema:url <https://news.example/biden-putin> ; dcterms:source "https://news.example/biden-putin" ;
    ag:mentions <person/vladimir-putin>, <person/joe-biden> .
<person/joe-biden> ag:metWith <person/vladimir-putin> ; ag:headOfState <state/us> .
<person/vladimir-putin> ag:metWith <person/joe-biden> ; ag:headOfState <state/ru> .
<state/us> ag:sanctions <state/ru> .
<event/e000000000000001> a ag:Meeting ; rdfs:label "Meeting: Joe Biden, Vladimir Putin" ;
    ag:relation ag:metWith ; ag:participant <person/joe-biden>, <person/vladimir-putin> ;
    ag:status ag:Occurred ; ag:place <place/geneva> ; ag:date "2021-06"^^xsd:gYearMonth ;
    ag:eventType plover:CONSULT ; ag:evidence <evidence/v000000000000001> .
<evidence/v000000000000001> a ag:Evidence ; ag:sentence "Joe Biden met Vladimir Putin in Geneva." ;
    ag:startOffset 0 ; ag:endOffset 39 ; prov:wasDerivedFrom <article/00000000000000a1> ;
    ag:confidence 0.9 ; ag:extractorVersion "0.1.0" .
<event/e000000000000002> a ag:Sanctioning ; ag:relation ag:sanctions ;
    ag:participant <state/us>, <state/ru> ; ag:agent <state/us> ; ag:target <state/ru> ;
    ag:status ag:Occurred ; ag:date "2021-06-15"^^xsd:date ; ag:evidence <evidence/v000000000000002> .
<evidence/v000000000000002> a ag:Evidence ; ag:sentence "The United States imposed sanctions on Russia." ;
    ag:startOffset 0 ; ag:endOffset 40 ;
    prov:wasDerivedFrom <article/00000000000000a1> ; ag:confidence 0.8 .
<role/r000000000000001> a ag:Role ; ag:holder <person/joe-biden> ; ag:roleType ag:headOfState ;
    ag:roleIn <state/us> ; ag:status ag:Former ; ag:startDate "2021-01-20"^^xsd:date ;
    ag:endDate "2025-01-20"^^xsd:date ; ag:evidence <evidence/v000000000000001> .
"""),
    A2: ("2025-08-06", "en", ["putin", "trump", "witkoff", "us", "cn"], """
<article/00000000000000a2> a ag:Article ; dcterms:title "Trump plans to meet Putin" ;
    dcterms:date "2025-08-06"^^xsd:date ; dcterms:language "en" ; ag:contentHash "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa02" ;
    dcterms:source "examples/en/trump-putin.txt" ;
    ag:mentions <person/vladimir-putin>, <person/donald-trump>, <person/steve-witkoff> .
<person/donald-trump> ag:plansToMeet <person/vladimir-putin> ; ag:threatensSanctions <state/cn> .
<person/steve-witkoff> ag:envoyOf <person/donald-trump> ; ag:metWith <person/vladimir-putin> .
<person/vladimir-putin> ag:metWith <person/steve-witkoff> .
<event/e000000000000003> a ag:Meeting ; rdfs:label "Meeting: Donald Trump, Vladimir Putin" ;
    ag:relation ag:plansToMeet ; ag:participant <person/donald-trump>, <person/vladimir-putin> ;
    ag:status ag:Planned ; ag:date "2025-08"^^xsd:gYearMonth ; ag:evidence <evidence/v000000000000003> .
<evidence/v000000000000003> a ag:Evidence ; ag:sentence "Trump said he plans to meet Putin." ;
    ag:startOffset 0 ; ag:endOffset 40 ;
    prov:wasDerivedFrom <article/00000000000000a2> ; ag:confidence 0.7 .
<event/e000000000000004> a ag:Meeting ; ag:relation ag:metWith ;
    ag:participant <person/steve-witkoff>, <person/vladimir-putin> ; ag:status ag:Occurred ;
    ag:date "2025-08-06"^^xsd:date ; ag:place <place/moscow> ; ag:evidence <evidence/v000000000000004> .
<evidence/v000000000000004> a ag:Evidence ; ag:sentence "Witkoff met Putin in Moscow on Wednesday." ;
    ag:startOffset 0 ; ag:endOffset 40 ;
    prov:wasDerivedFrom <article/00000000000000a2> ; ag:confidence 0.9 .
<event/e000000000000005> a ag:Threat ; ag:relation ag:threatensSanctions ;
    ag:participant <person/donald-trump>, <state/cn> ; ag:agent <person/donald-trump> ;
    ag:target <state/cn> ; ag:status ag:Threatened ; ag:date "2025-08-06"^^xsd:date ;
    ag:evidence <evidence/v000000000000005> .
<evidence/v000000000000005> a ag:Evidence ; ag:sentence "Trump threatened China with secondary sanctions." ;
    ag:startOffset 0 ; ag:endOffset 40 ;
    prov:wasDerivedFrom <article/00000000000000a2> .
<role/r000000000000002> a ag:Role ; ag:holder <person/steve-witkoff> ; ag:roleType ag:envoyOf ;
    ag:roleIn <person/donald-trump> ; ag:status ag:Current ; ag:evidence <evidence/v000000000000004> .
"""),
    A3: ("2025-08-07", "id", ["putin", "witkoff", "ru"], """
<article/00000000000000a3> a ag:Article ; dcterms:title "Putin bertemu Witkoff di Moskwa" ;
    dcterms:date "2025-08-07"^^xsd:date ; dcterms:language "id" ; ag:contentHash "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa03" ;
    dcterms:source "examples/id/putin-witkoff.txt" ;
    ag:mentions <person/vladimir-putin>, <person/steve-witkoff> .
<person/steve-witkoff> ag:metWith <person/vladimir-putin> .
<person/vladimir-putin> ag:metWith <person/steve-witkoff> ; ag:headOfState <state/ru> .
<event/e000000000000004> a ag:Meeting ; ag:relation ag:metWith ;
    ag:participant <person/steve-witkoff>, <person/vladimir-putin> ; ag:status ag:Occurred ;
    ag:date "2025-08-06"^^xsd:date ; ag:evidence <evidence/v000000000000006> .
<evidence/v000000000000006> a ag:Evidence ; ag:sentence "Presiden Putin bertemu utusan Witkoff di Moskwa." ;
    ag:startOffset 0 ; ag:endOffset 40 ;
    prov:wasDerivedFrom <article/00000000000000a3> ; ag:confidence 0.8 .
<place/moscow> a ag:Place ; rdfs:label "Moskwa"@id .
"""),
}

REGISTRY = "\n".join(ACTORS.values()) + """
<state/ru> ag:capital <place/moscow> .
<place/moscow> a ag:Place ; rdfs:label "Moscow"@en .
"""


def to_ntriples(turtle):
    """N-Triples of a Turtle snippet (with the shared prefixes), as the build hands to the store."""
    graph = rdflib.Graph().parse(data=HEAD + turtle, format="turtle")
    return graph.serialize(format="nt")


def actor_iri(key):
    return ID + ACTORS[key].split(">", 1)[0].lstrip("<")


def article_ntriples():
    """{article IRI: N-Triples}: what the article states and the actors it mentions; their
    descriptions live once, in the registry graph (graph/store/actors.py)."""
    return {iri: to_ntriples(body + "".join(f"<{iri}> ag:mentions <{actor_iri(a)}> .\n" for a in actors))
            for iri, (_date, _lang, actors, body) in ARTICLES.items()}


def fill_store(store, registry=True):
    """Write the registry and the three articles into store; returns the graph IRIs written."""
    written = []
    if registry:
        store.replace_graph(REGISTRY_GRAPH, to_ntriples(REGISTRY))
        written.append(REGISTRY_GRAPH)
    items = [(iri, ntriples, "") for iri, ntriples in article_ntriples().items()]
    store.replace_graphs(items)
    written += [iri for iri, _nt, _actors in items]
    return written


def rdflib_dataset():
    """The same content as an rdflib Dataset with the union as default graph."""
    dataset = rdflib.Dataset(default_union=True)
    for iri, ntriples in article_ntriples().items():
        dataset.graph(rdflib.URIRef(iri)).parse(data=ntriples, format="nt")
    dataset.graph(rdflib.URIRef(REGISTRY_GRAPH)).parse(data=to_ntriples(REGISTRY), format="nt")
    return dataset


@pytest.fixture
def disk_store(tmp_path):
    """An on-disk store holding the fixture graphs; its path."""
    path = tmp_path / "store"
    with open_store(path) as store:
        fill_store(store)
    return str(path)
