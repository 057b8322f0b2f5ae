"""SHACL validation: the shapes accept a model.md graph and catch hand-made mistakes."""

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from actorgraph.cli import main
from actorgraph.graph.errors import DataFileError
from actorgraph.graph.store import open_store
from actorgraph.graph.store.validate import (format_report, validate_file, validate_graph, validate_store)
from actorgraph.graph.store.rdffiles import graph_from_triples, read_graph

GOOD = "tests/data/validate_good.ttl"
BAD = "tests/data/validate_bad.ttl"
ID = "https://w3id.org/actorgraph/id/"
PREFIXES = """
@prefix ag: <https://w3id.org/actorgraph/ontology#> .
@prefix agid: <https://w3id.org/actorgraph/id/> .
@prefix plover: <https://w3id.org/actorgraph/plover#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def good_graph():
    return rdflib.Graph().parse(GOOD)


def with_turtle(g, turtle):
    """A copy of g with the Turtle snippet added (prefixes above are predeclared)."""
    out = rdflib.Graph()
    for t in g:
        out.add(t)
    out.parse(data=PREFIXES + turtle, format="turtle")
    return out


def results(report, severity="Violation"):
    return {(v.focus, v.path, v.message) for v in report.violations if v.severity == severity}


def has(report, focus, fragment, severity="Violation"):
    return any(f == focus and fragment in m for f, _, m in results(report, severity))


# --- the fixtures -----------------------------------------------------------------------------

def test_good_graph_following_the_model_conforms():
    report = validate_file(GOOD)
    assert report.conforms, format_report(report)
    assert report.violations == []
    assert report.triples == len(good_graph())


EXPECTED_IN_BAD = [
    ("agid:person/a", "object of ag:headOfState must be a State"),          # Person headOfState Person
    ("agid:event/1111111111111111", "an event needs an ag:status"),  # event without status
    ("agid:event/1111111111111111", "agid:person/b is an agent or target of the event but not a participant"),
    ("agid:event/3333333333333333", "only for events whose status is ag:Occurred"),
    ("agid:event/4444444444444444", "ag:relation must be an interaction"),
    ("agid:role/5555555555555555", "a role needs exactly one ag:status, ag:Current or ag:Former"),
    ("agid:role/5555555555555555", "the role's shortcut edge agid:person/b ag:leaderOf agid:org/nolabel is missing"),
    ("agid:evidence/2222222222222222", "ag:startOffset must not be after ag:endOffset"),
    ("agid:evidence/2222222222222222", "ag:confidence must be one number from 0 to 1"),
    ("agid:state/xx", "must state exactly one base type"),
    ("agid:state/xx", "cannot be more than one of Person, State, Organisation and Place"),
    ("agid:org/nolabel", "needs at least one rdfs:label"),
    ("agid:article/0123456789abcdef", "needs exactly one ag:contentHash"),
    ("agid:person/a", "symmetric relation ag:metWith to agid:person/b is not written back"),
]


def test_bad_graph_reports_each_mistake():
    report = validate_file(BAD)
    assert not report.conforms
    for focus, fragment in EXPECTED_IN_BAD:
        assert has(report, focus, fragment), (focus, fragment, format_report(report))
    assert len(report.errors) == len(EXPECTED_IN_BAD)   # and nothing else
    warnings = results(report, "Warning")
    assert {(f, p) for f, p, _ in warnings} == {("agid:event/1111111111111111", "ag:eventType")}


def test_messages_in_indonesian():
    report = validate_file(BAD, lang="id")
    assert has(report, "agid:person/a", "objek ag:headOfState harus Negara")
    # messages pySHACL fills in (SPARQL constraints) lose their language tag: still told apart
    assert has(report, "agid:person/a", "relasi simetris ag:metWith ke agid:person/b tidak ditulis balik")
    assert not has(report, "agid:person/a", "symmetric relation")


# --- single rules on small variations of the good graph ---------------------------------------

def test_person_as_head_of_state_of_a_person():
    g = with_turtle(good_graph(), "agid:person\\/joe-biden ag:headOfState agid:person\\/vladimir-putin .")
    report = validate_graph(g)
    assert has(report, "agid:person/joe-biden", "object of ag:headOfState must be a State")


def test_state_as_subject_of_head_of_state():
    g = with_turtle(good_graph(), "agid:state\\/us ag:headOfState agid:state\\/ru .")
    report = validate_graph(g)
    assert has(report, "agid:state/us", "subject of ag:headOfState must be a Person")


def test_state_may_be_member_of_an_organisation_subclass():
    g = with_turtle(good_graph(), """
        agid:org\\/nato a ag:Organisation , ag:InternationalOrganisation ; rdfs:label "NATO" .
        agid:state\\/us ag:memberOf agid:org\\/nato .""")
    assert validate_graph(g).conforms


def test_subclass_without_base_type_is_caught_without_inference():
    g = with_turtle(good_graph(), 'agid:org\\/army a ag:ArmedGroup ; rdfs:label "Army" .')
    report = validate_graph(g)
    assert has(report, "agid:org/army", "must state exactly one base type")


def test_event_without_evidence_or_participant():
    g = with_turtle(good_graph(), """
        agid:event\\/eeeeeeeeeeeeeeee a ag:Visit ; ag:status ag:Planned .""")
    report = validate_graph(g)
    assert has(report, "agid:event/eeeeeeeeeeeeeeee", "needs at least one ag:participant")
    assert has(report, "agid:event/eeeeeeeeeeeeeeee", "needs at least one ag:evidence")


def test_event_date_must_be_a_date_type():
    g = with_turtle(good_graph(), """
        agid:event\\/aaaaaaaaaaaaaaaa ag:date "June 2021" .""")
    report = validate_graph(g)
    assert has(report, "agid:event/aaaaaaaaaaaaaaaa", "ag:date must be a valid")


def test_planned_meeting_with_plans_to_meet_conforms():
    g = with_turtle(good_graph(), """
        agid:event\\/ffffffffffffffff a ag:Meeting ; ag:relation ag:plansToMeet ;
            ag:status ag:Planned ; ag:participant agid:person\\/joe-biden ;
            ag:agent agid:person\\/joe-biden ; ag:eventType plover:CONSULT ;
            ag:evidence agid:evidence\\/bbbbbbbbbbbbbbbb .""")
    assert validate_graph(g).conforms


def test_deprecated_plover_type_is_only_a_warning():
    g = with_turtle(good_graph(), """
        agid:event\\/aaaaaaaaaaaaaaaa ag:eventType plover:FIGHT .""")
    g.remove((rdflib.URIRef(ID + "event/aaaaaaaaaaaaaaaa"), rdflib.URIRef(
        "https://w3id.org/actorgraph/ontology#eventType"),
        rdflib.URIRef("https://w3id.org/actorgraph/plover#CONSULT-third-party")))
    report = validate_graph(g)
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]


def test_unknown_event_type_concept():
    g = with_turtle(good_graph(), """
        agid:event\\/aaaaaaaaaaaaaaaa ag:eventType plover:NOT_A_CONCEPT .""")
    report = validate_graph(g)
    assert has(report, "agid:event/aaaaaaaaaaaaaaaa", "ag:eventType must be one SKOS concept")


def test_role_dates_in_order():
    g = with_turtle(good_graph(), """
        agid:role\\/cccccccccccccccc ag:endDate "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .""")
    report = validate_graph(g)
    assert has(report, "agid:role/cccccccccccccccc", "is after ag:endDate")


def test_validation_leaves_the_data_graph_alone():
    g = good_graph()
    before = len(g)
    validate_graph(g)
    assert len(g) == before


# --- reading files ----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,ext", [("nt", "nt"), ("xml", "rdf"), ("json-ld", "jsonld"),
                                     ("trig", "trig"), ("nquads", "nq")])
def test_other_formats_guessed_from_the_extension(tmp_path, fmt, ext):
    path = tmp_path / f"graph.{ext}"
    if fmt in ("trig", "nquads"):
        ds = rdflib.Dataset()
        named = ds.graph(rdflib.URIRef(ID + "article/0123456789abcdef"))
        for t in good_graph():
            named.add(t)
        ds.serialize(path, format=fmt)
    else:
        good_graph().serialize(path, format=fmt)
    report = validate_file(str(path))
    assert report.conforms and report.triples == len(good_graph())


def test_format_forced_for_an_unknown_extension(tmp_path):
    path = tmp_path / "graph.data"
    path.write_bytes(Path(GOOD).read_bytes())
    with pytest.raises(DataFileError, match="cannot tell the RDF format"):
        read_graph(str(path))
    assert validate_file(str(path), format="turtle").conforms


@pytest.mark.parametrize("name,text,line,column", [
    ("bad.ttl", '@prefix ag: <https://w3id.org/actorgraph/ontology#> .\n\nag:a ag:b "no end ;\nag:c ag:d ag:e .\n', 3, None),
    ("bad.ttl", '@prefix ag: <https://w3id.org/actorgraph/ontology#> .\nag:a ag:b """long\n\n\nstring""" .\nag:a ag:b .\n', 6, None),
    ("bad.nt", "<http://a/> <http://b/> <http://c/> .\n<http://a/> <http://b/> c .\n", 2, 25),
    ("bad.jsonld", '{\n  "@id": "http://a/",\n  "http://b/":\n}\n', 4, 1),
    ("bad.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>\n', 3, None),
])
def test_malformed_files_name_their_line(tmp_path, name, text, line, column):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_graph(str(path))
    assert err.value.line == line, str(err.value)
    if column is not None:
        assert err.value.column == column
    assert str(err.value).startswith(f"{path}:{line}")
    assert err.value.exit_code == 2


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="cannot read"):
        read_graph(str(tmp_path / "none.ttl"))


def test_graph_from_oxigraph_triples_keeps_terms():
    triples = [ox.Triple(ox.NamedNode("http://a/"), ox.NamedNode("http://b/"), ox.Literal("x")),
               ox.Triple(ox.NamedNode("http://a/"), ox.NamedNode("http://b/"), ox.Literal("y", language="id")),
               ox.Triple(ox.BlankNode("n1"), ox.NamedNode("http://b/"),
                         ox.Literal("2021", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")))]
    g = graph_from_triples(triples)
    assert (rdflib.URIRef("http://a/"), rdflib.URIRef("http://b/"), rdflib.Literal("x")) in g
    assert (rdflib.URIRef("http://a/"), rdflib.URIRef("http://b/"), rdflib.Literal("y", lang="id")) in g
    year = rdflib.Literal("2021", datatype=rdflib.XSD.gYear)
    assert (rdflib.BNode("n1"), rdflib.URIRef("http://b/"), year) in g


# --- the store and the CLI ----------------------------------------------------------------------

def fill_store(path, *files):
    with open_store(str(path)) as store:
        for i, f in enumerate(files):
            nt = rdflib.Graph().parse(f).serialize(format="nt")
            store.replace_graph(f"{ID}article/{i:016x}", nt)


def test_validate_store_over_the_union(tmp_path):
    fill_store(tmp_path / "store", GOOD)
    with open_store(str(tmp_path / "store"), read_only=True) as store:
        report = validate_store(store)
    assert report.conforms and report.triples == len(good_graph())


def test_cli_validate_good_file():
    result = CliRunner().invoke(main, ["validate", GOOD], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.strip() == f"{GOOD}: conforms ({len(good_graph())} triples)"


def test_cli_validate_bad_file_groups_results():
    result = CliRunner().invoke(main, ["validate", BAD])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{BAD}: does not conform: {len(EXPECTED_IN_BAD)} violation(s), 1 warning(s)")
    heads = [line for line in lines if line.startswith("[Violation]")]
    assert len(heads) == len(EXPECTED_IN_BAD)
    assert "  agid:person/a ag:headOfState -> agid:person/b" in lines
    assert any(line.startswith("[Warning] ag:eventType is a deprecated PLOVER category") for line in lines)


def test_cli_validate_malformed_file_exits_2(tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix ag: <https://w3id.org/actorgraph/ontology#> .\nag:a ag:b ag:c ;\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {path}:")
    assert len(result.output.strip().splitlines()) == 1
    line = int(result.output.split(f"{path}:")[1].split(":")[0])
    assert line in (2, 3)


def test_cli_validate_with_forced_format(tmp_path):
    path = tmp_path / "graph.txt"
    good_graph().serialize(path, format="nt")
    result = CliRunner().invoke(main, ["validate", "--format", "nt", str(path)], catch_exceptions=False)
    assert result.exit_code == 0 and "conforms" in result.output
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 2


def test_cli_validate_whole_store(tmp_path):
    store = tmp_path / "store"
    fill_store(store, GOOD)
    result = CliRunner().invoke(main, ["--store", str(store), "validate"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "conforms" in result.output
    fill_store(store, GOOD, BAD)
    result = CliRunner().invoke(main, ["--store", str(store), "validate", "--lang", "id"])
    assert result.exit_code == 1
    assert "objek ag:headOfState harus Negara (ag:State)" in result.output
