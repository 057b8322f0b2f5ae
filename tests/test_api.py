"""The notebook API (actorgraph.open / KnowledgeGraph) over real stores on disk and in memory."""

import subprocess
import sys

import pytest
import rdflib

import actorgraph

MEETING = ("Presiden Rusia Vladimir Putin bertemu Presiden Tiongkok Xi Jinping di Beijing pada "
           "Kamis (16/5/2024).")
PLANNED = "Trump said he would meet Putin in Alaska next week."


@pytest.fixture
def kg():
    with actorgraph.open(":memory:") as graph:
        graph.build_texts([MEETING], date="2024-05-16", lang="id")
        yield graph


def test_build_texts_then_query_rows_as_dicts(kg):
    rows = kg.query("SELECT DISTINCT ?l WHERE { ?a ag:metWith ?b . ?b rdfs:label ?l FILTER(lang(?l) = 'en') }")
    assert sorted(r["l"] for r in rows) == ["Vladimir Putin", "Xi Jinping"]


def test_ask_and_construct(kg):
    assert kg.query("ASK { ?a ag:metWith ?b }") is True
    assert kg.query("ASK { ?a ag:sanctions ?b }") is False
    g = kg.query("CONSTRUCT { ?a ag:metWith ?b } WHERE { ?a ag:metWith ?b }")
    assert isinstance(g, rdflib.Graph) and len(g) == 2


def test_rdflib_result(kg):
    result = kg.query("SELECT ?a ?b WHERE { ?a ag:metWith ?b }", as_rdflib=True)
    assert isinstance(result, rdflib.query.Result) and result.type == "SELECT"
    assert all(isinstance(row.a, rdflib.URIRef) for row in result) and len(result) == 2
    ask = kg.query("ASK { ?a ag:metWith ?b }", as_rdflib=True)
    assert ask.askAnswer is True


def test_params_are_bound_not_pasted(kg):
    putin = "https://w3id.org/actorgraph/id/person/vladimir-putin"
    assert kg.query("ASK { ?p ag:metWith ?q }", params={"p": putin}) is True
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p "'
    assert kg.query("SELECT ?p WHERE { ?p rdfs:label ?name }", params={"name": hostile}) == []
    assert kg.query("ASK { ?a ag:metWith ?b }") is True


def test_named_query(kg):
    rows = kg.ask("meetings", actor="Putin")
    assert [r["with"] for r in rows] == ["Xi Jinping"]
    assert rows[0]["date"].isoformat() == "2024-05-16"
    with pytest.raises(actorgraph.ActorGraphError):
        kg.ask("no-such-query")


def test_build_records_reports_bad_records_and_keeps_good_ones():
    with actorgraph.open(":memory:") as kg:
        summary = kg.build_records([{"text": MEETING, "date": "2024-05-16", "lang": "id"},
                                    {"title": "no text"}, {"text": PLANNED, "date": "bad"}])
        assert summary.articles == 1 and summary.failed == 2
        assert [f.message for f in summary.failures] == ['records:2: no "text"',
                                                         "records:3: date 'bad' is not YYYY-MM-DD"]
        with pytest.raises(actorgraph.InputError):
            kg.build_texts(["   "])


def test_modality_survives_the_api():
    with actorgraph.open(":memory:") as kg:
        kg.build_texts([PLANNED], date="2025-08-08", lang="en")
        assert kg.query("ASK { ?a ag:plansToMeet ?b }") is True
        assert kg.query("ASK { ?a ag:metWith ?b }") is False


def test_disk_store_persists_and_read_only_opens_beside_nothing(tmp_path):
    location = tmp_path / "kb"
    with actorgraph.open(location) as kg:
        kg.build_texts([MEETING], date="2024-05-16", lang="id")
    with actorgraph.open(location, read_only=True) as kg:
        assert kg.query("ASK { ?a ag:metWith ?b }") is True
        with pytest.raises(actorgraph.StoreError):
            kg.build_texts([PLANNED])


def test_build_files_and_remove(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Talks in Beijing\n\n" + MEETING + "\n")
    with actorgraph.open(":memory:") as kg:
        summary = kg.build(article, tmp_path / "missing.txt", date="2024-05-16", lang="id")
        assert summary.articles == 1 and summary.failed == 1
        removed = kg.remove(str(article))
        assert len(removed) == 1 and kg.query("ASK { ?a ag:metWith ?b }") is False
        with pytest.raises(actorgraph.ActorGraphError):
            kg.remove(str(article))


def test_outputs(kg, tmp_path):
    dataset = kg.to_rdflib()
    assert isinstance(dataset, rdflib.Dataset)
    G = kg.to_networkx()
    labels = sorted(G.nodes[n]["label"] for n in G)
    assert "Vladimir Putin" in labels and "Xi Jinping" in labels
    assert kg.export(tmp_path / "g.ttl", format="turtle") == tmp_path / "g.ttl"
    parsed = rdflib.Graph().parse(tmp_path / "g.ttl")
    assert len(parsed) == len(rdflib.Graph().parse(data=kg.export(format="turtle"), format="turtle"))
    page = kg.render(tmp_path / "g.html", title="<script>x</script>")
    html = page.read_text()
    assert "<script>x</script>" not in html and "Xi Jinping" in html
    with pytest.raises(actorgraph.ActorGraphError):
        kg.export(format="no-such-format")


def test_import_is_fast_and_light():
    """`import actorgraph` must not pull in the RDF engines, networkx or pyvis."""
    code = ("import sys, actorgraph; heavy = {'pyoxigraph', 'rdflib', 'networkx', 'pyvis'} & "
            "set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
