"""The actor network loaded from a store built from the hand-written fixture graphs."""

import pytest

from actorgraph.graph.errors import ActorGraphError, QueryError
from actorgraph.graph.network.view import load_network, parse_date, resolve_actor
from network_fixture import load_store

ID = "https://w3id.org/actorgraph/id/"
BIDEN, PUTIN, PRABOWO = ID + "person/joe-biden", ID + "person/vladimir-putin", ID + "person/prabowo-subianto"
RU, US, UA, INDONESIA = ID + "state/ru", ID + "state/us", ID + "state/ua", ID + "state/id"
ARTICLE_2 = ID + "article/b2b2b2b2b2b2b2b2"


@pytest.fixture(scope="module")
def store():
    return load_store()


def triples(G):
    return {(G.nodes[u]["label"], k, G.nodes[v]["label"]) for u, v, k in G.edges(keys=True)}


def test_loads_every_article_relation_once(store):
    G = load_network(store)
    assert triples(G) == {
        ("Joe Biden", "metWith", "Vladimir Putin"),
        ("Joe Biden", "headOfState", "United States"),
        ("Vladimir Putin", "headOfState", "Russia"),
        ("Prabowo Subianto", "plansToMeet", "Vladimir Putin"),
        ("Prabowo Subianto", "headOfState", "Indonesia"),
        ("United States", "threatensSanctions", "Russia"),
        ("Sergey Lavrov", "criticises", "NATO"),
        ("United States", "sanctions", "Russia"),
        ("Russia", "inConflictWith", "Ukraine"),
        ("NATO", "supports", "Ukraine"),
        ("Sergey Lavrov", "ministerOf", "Russia"),
        ("Dmitry Medvedev", "headOfState", "Russia"),
    }
    assert G.number_of_nodes() == 10


def test_node_attributes(store):
    G = load_network(store)
    putin = G.nodes[PUTIN]
    assert putin["label"] == "Vladimir Putin" and putin["kind"] == "Person"
    assert putin["wikidata"] == "Q7747"
    assert set(putin["aliases"]) == {"Putin", "Presiden Putin"}
    assert putin["degree"] == 3
    assert G.nodes[ID + "org/nato"]["kind"] == "Organisation"
    assert G.nodes[RU]["label"] == "Russia"  # English label preferred over "Rusia"@id


def test_symmetric_relation_is_one_edge_with_its_evidence(store):
    G = load_network(store)
    edges = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == "metWith"]
    assert len(edges) == 1
    _, _, data = edges[0]
    assert data["symmetric"] is True and data["status"] == "Occurred"
    assert data["dates"] == ["2021-06-16"]
    [evidence] = data["evidence"]
    assert evidence["sentence"].startswith("US President Joe Biden met Russian President")
    assert evidence["title"] == "Biden and Putin meet in Geneva"
    assert evidence["url"] == "https://example.org/news/geneva-summit"
    assert evidence["date"] == "2021-06-16"
    assert [f["type"] for f in data["facts"]] == ["Meeting"]


def test_status_comes_from_the_event_or_role(store):
    G = load_network(store)
    assert G.edges[PRABOWO, PUTIN, "plansToMeet"]["status"] == "Planned"
    assert G.edges[US, RU, "threatensSanctions"]["status"] == "Threatened"
    medvedev = G.edges[ID + "person/dmitry-medvedev", RU, "headOfState"]
    assert medvedev["status"] == "Former"
    assert (medvedev["start"], medvedev["end"]) == ("2008-05-07", "2012-05-07")
    bare = G.edges[ID + "org/nato", UA, "supports"]
    assert bare["status"] is None and bare["evidence"] == [] and bare["start"] == "2022-02-26"


def test_registry_relations_only_on_request(store):
    assert ID + "org/white-house" not in load_network(store)
    G = load_network(store, include_registry=True)
    assert ("White House", "partOf", "United States") in triples(G)
    assert G.number_of_edges() == 13


def test_relation_filter(store):
    G = load_network(store, relations=["headOfState", "sanctions"])
    assert {k for _, _, k in G.edges(keys=True)} == {"headOfState", "sanctions"}
    assert G.number_of_edges() == 5
    with pytest.raises(ActorGraphError, match="unknown relation meets"):
        load_network(store, relations=["meets"])


def test_date_window_keeps_facts_that_overlap_it(store):
    recent = load_network(store, since="2025")
    assert {k for _, _, k in recent.edges(keys=True)} == {
        "headOfState", "plansToMeet", "threatensSanctions", "criticises", "ministerOf"}
    assert recent.number_of_edges() == 5  # Lavrov's open-ended role since 2004 is still current
    early = load_network(store, until="2021-12")
    assert triples(early) == {
        ("Joe Biden", "metWith", "Vladimir Putin"), ("Joe Biden", "headOfState", "United States"),
        ("Vladimir Putin", "headOfState", "Russia"), ("Dmitry Medvedev", "headOfState", "Russia"),
        ("Sergey Lavrov", "ministerOf", "Russia")}
    month = load_network(store, since="2022-02", until="2022-02")
    assert {k for _, _, k in month.edges(keys=True)} == {"sanctions", "inConflictWith", "supports",
                                                          "ministerOf"}


def test_article_filter_keeps_its_edges_and_evidence(store):
    G = load_network(store, articles=[ARTICLE_2])
    assert G.number_of_edges() == 4
    for _, _, data in G.edges(data=True):
        assert data["articles"] == [ARTICLE_2]
        assert all(ev["article"] == ARTICLE_2 for ev in data["evidence"])


def test_ego_network_by_name_and_depth(store):
    one = load_network(store, actors=["prabowo"], depth=1)
    assert set(one) == {PRABOWO, PUTIN, INDONESIA}
    two = load_network(store, actors=["Prabowo Subianto"], depth=2)
    assert set(two) == {PRABOWO, PUTIN, INDONESIA, BIDEN, RU}
    assert two.number_of_edges() == 4
    assert load_network(store, actors=["Geneva"]).number_of_nodes() == 1  # no relations of its own


def test_resolver_is_case_insensitive_and_reports_ambiguity(store):
    G = load_network(store)
    assert resolve_actor(G.nodes, "presiden putin") == PUTIN
    assert resolve_actor(G.nodes, "  JOE   biden ") == BIDEN
    assert resolve_actor(G.nodes, "Sérgey Lavrov") == ID + "person/sergey-lavrov"
    assert resolve_actor(G.nodes, RU) == RU
    with pytest.raises(ActorGraphError, match="ambiguous.*Anna Smith.*Bob Smith"):
        load_network(store, actors=["smith"])
    with pytest.raises(ActorGraphError, match="no actor named 'Nobody'"):
        load_network(store, actors=["Nobody"])


def test_construct_query_gives_the_edges(store):
    G = load_network(store, query="CONSTRUCT { ?s ag:sanctions ?o } WHERE { ?s ag:sanctions ?o }")
    assert triples(G) == {("United States", "sanctions", "Russia")}
    assert G.edges[US, RU, "sanctions"]["evidence"][0]["sentence"].startswith("The United States imposed")


def test_select_query_gives_the_nodes_and_the_relations_among_them(store):
    G = load_network(store, query="SELECT ?x WHERE { ?x a ag:State }")
    assert set(G) == {RU, US, UA, INDONESIA}
    assert {k for _, _, k in G.edges(keys=True)} == {"sanctions", "threatensSanctions", "inConflictWith"}


def test_bad_queries_are_query_errors(store):
    with pytest.raises(QueryError, match="CONSTRUCT or a SELECT"):
        load_network(store, query="ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="syntax"):
        load_network(store, query="SELECT WHERE {")


def test_parse_date_bounds():
    assert parse_date("2024") == "2024-01-01"
    assert parse_date("2024", end=True) == "2024-12-31"
    assert parse_date("2024-02", end=True) == "2024-02-29"
    assert parse_date("2024-02-03T10:00:00Z") == "2024-02-03"
    with pytest.raises(ActorGraphError, match="not a date"):
        parse_date("last week")
