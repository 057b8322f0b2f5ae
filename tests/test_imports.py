"""Importing other people's RDF: own graph, safe parsing, refusal of bad files, actor linking."""

import json

import pytest
from click.testing import CliRunner

from actorgraph.cli import main
from actorgraph.graph.errors import DataFileError
from actorgraph.graph.store.imports import IMPORT_GRAPH_NS, import_file
from actorgraph.graph.store.named import run_named_query
from actorgraph.graph.store.query import run_query
from actorgraph.graph.store import open_store
from store_fixture import BIDEN, PUTIN, fill_store

THEIR_FILE = """
@prefix ex: <http://example.org/people/> .
@prefix ag: <https://w3id.org/actorgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:vvp a ag:Person ; rdfs:label "V. V. Putin"@en ; owl:sameAs <http://www.wikidata.org/entity/Q7747> .
ex:biden rdfs:label "Joe Biden"@en .
ex:nobody a ag:Person ; rdfs:label "Nobody Known"@en .
ex:vvp ag:metWith ex:nobody .
"""


@pytest.fixture
def store():
    with open_store(":memory:") as opened:
        fill_store(opened)
        yield opened


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_import_gets_its_own_graph_and_links_actors(store, tmp_path):
    path = write(tmp_path, "theirs.ttl", THEIR_FILE)
    before = set(store.graph_iris())
    report = import_file(store, path, validate=False)
    assert report.graph_iri.startswith(IMPORT_GRAPH_NS) and len(report.graph_iri) == len(
        IMPORT_GRAPH_NS) + 16
    assert set(store.graph_iris()) == before | {report.graph_iri}
    links = {link.theirs: (link.ours, link.how) for link in report.links}
    assert links == {"http://example.org/people/vvp": (PUTIN, "wikidata"),
                     "http://example.org/people/biden": (BIDEN, "label")}
    # their statements now speak of our actors, and the original IRIs are kept with owl:sameAs
    assert run_query(store, f"ASK {{ GRAPH <{report.graph_iri}> {{ <{PUTIN}> ag:metWith "
                            "<http://example.org/people/nobody> ; owl:sameAs "
                            "<http://example.org/people/vvp> } }").boolean
    found = run_named_query(store, "top-actors", {})
    assert any(row[0].value == PUTIN for row in found.rows)
    # importing the same file again replaces its graph instead of adding a second
    again = import_file(store, path, validate=False)
    assert again.graph_iri == report.graph_iri and len(store.graph_iris()) == len(before) + 1
    assert store.remove_graph(report.graph_iri)
    assert not run_query(store, "ASK { ?x owl:sameAs <http://example.org/people/vvp> }").boolean


def test_ambiguous_labels_are_reported_not_merged(store, tmp_path):
    store.replace_graph("https://w3id.org/actorgraph/id/article/00000000000000c1",
                        '<https://w3id.org/actorgraph/id/person/joe-biden-2> '
                        '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                        '<https://w3id.org/actorgraph/ontology#Person> .\n'
                        '<https://w3id.org/actorgraph/id/person/joe-biden-2> '
                        '<http://www.w3.org/2000/01/rdf-schema#label> "Joe Biden"@en .\n')
    report = import_file(store, write(tmp_path, "t.ttl", THEIR_FILE), validate=False)
    assert [link.theirs for link in report.links] == ["http://example.org/people/vvp"]
    assert report.ambiguous == [("http://example.org/people/biden",
                                 [BIDEN, "https://w3id.org/actorgraph/id/person/joe-biden-2"])]


def test_a_label_never_links_across_kinds(store, tmp_path):
    text = ('<http://example.org/russia-the-person> a <https://w3id.org/actorgraph/ontology#Person> ;'
            ' <http://www.w3.org/2000/01/rdf-schema#label> "Russia"@en .\n')
    report = import_file(store, write(tmp_path, "p.ttl", text), validate=False)
    assert report.links == []


@pytest.mark.parametrize("name,text,line,column,words", [
    ("bad.ttl", '@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', 3, None,
     "end of file"),
    ("bad.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> c .\n", 2, 23, "object"),
    ("bad.jsonld", '{"@context": {"ex": "http://e/"},\n "@id": "ex:a", "ex:b": }', 2, 25, "curly"),
])
def test_malformed_files_are_refused_whole_with_line_and_column(store, tmp_path, name, text, line,
                                                                  column, words):
    before = sorted(store.graph_iris())
    with pytest.raises(DataFileError) as caught:
        import_file(store, write(tmp_path, name, text), validate=False)
    assert caught.value.line == line and words in str(caught.value).lower()
    if column:
        assert caught.value.column == column
    assert f"{name}:{line}:" in str(caught.value)
    assert sorted(store.graph_iris()) == before


def test_remote_jsonld_contexts_are_never_fetched(store, tmp_path):
    text = '{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://a", "name": "x"}'
    with pytest.raises(DataFileError, match="remote JSON-LD contexts are not fetched"):
        import_file(store, write(tmp_path, "remote.jsonld", text), validate=False)


def test_xml_entities_are_refused(store, tmp_path):
    text = ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://e/">\n<rdf:Description rdf:about="http://a"><ex:p>&xxe;</ex:p>'
            '</rdf:Description>\n</rdf:RDF>\n')
    with pytest.raises(DataFileError, match="entity declarations") as caught:
        import_file(store, write(tmp_path, "xxe.rdf", text), validate=False)
    assert caught.value.line == 2


def test_plain_rdfxml_and_jsonld_import(store, tmp_path):
    xml = ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
           ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
           '<rdf:Description rdf:about="http://example.org/x"><rdfs:label xml:lang="en">Vladimir '
           'Putin</rdfs:label></rdf:Description>\n</rdf:RDF>\n')
    assert import_file(store, write(tmp_path, "x.rdf", xml), validate=False).links[0].ours == PUTIN
    doc = {"@context": {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
           "@id": "http://example.org/y", "rdfs:label": "Joe Biden"}
    report = import_file(store, write(tmp_path, "y.jsonld", json.dumps(doc)), validate=False)
    assert report.links[0].ours == BIDEN


def test_unknown_suffix_and_empty_file(store, tmp_path):
    with pytest.raises(DataFileError, match="cannot tell the RDF format"):
        import_file(store, write(tmp_path, "data.csv", "a,b\n"))
    with pytest.raises(DataFileError, match="no triples"):
        import_file(store, write(tmp_path, "empty.ttl", "# nothing\n"))


def test_files_that_break_the_shapes_are_refused_unless_told(store, tmp_path):
    broken = ('@prefix ag: <https://w3id.org/actorgraph/ontology#> .\n'
              '<http://example.org/e1> a ag:Meeting ; ag:status ag:Occurred .\n')
    path = write(tmp_path, "broken.ttl", broken)
    before = sorted(store.graph_iris())
    with pytest.raises(DataFileError, match="does not conform to the shapes"):
        import_file(store, path)
    assert sorted(store.graph_iris()) == before
    report = import_file(store, path, validate=False)
    assert report.validated is False and report.graph_iri in store.graph_iris()


def test_cli_import_reports_merges_and_remove_takes_it_out(tmp_path):
    location = str(tmp_path / "store")
    with open_store(location) as opened:
        fill_store(opened)
    path = write(tmp_path, "theirs.ttl", THEIR_FILE)
    runner = CliRunner()
    result = runner.invoke(main, ["--store", location, "import", "--no-validate", path],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "not validated, 2 actors merged" in result.output
    assert f"merged <http://example.org/people/vvp> -> <{PUTIN}> (same wikidata" in result.output
    graph = result.output.split("triples into <")[1].split(">")[0]
    bad = runner.invoke(main, ["--store", location, "import", write(tmp_path, "b.ttl", "<a> <b")])
    assert bad.exit_code == 2 and "b.ttl:1:" in bad.output and "Traceback" not in bad.output
    gone = runner.invoke(main, ["--store", location, "remove", graph], catch_exceptions=False)
    assert gone.exit_code == 0 and f"removed <{graph}>" in gone.output
    missing = runner.invoke(main, ["--store", location, "remove", "no/such/article.txt"])
    assert missing.exit_code == 1 and "no article or graph" in missing.output
