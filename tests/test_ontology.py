"""The ontology files: well-formed, bilingual, consistent with each other and with the contract."""

import subprocess
import sys

import pytest
import rdflib
import rdflib.compare
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from actorgraph.cli import main
from actorgraph.graph.errors import DataFileError
from actorgraph.ontology import AG_NS, PLOVER_NS, SHAPES_NS, terms
from actorgraph.ontology.terms import (AG, EVENT_STATUSES, INTERACTIONS, PLOVER, RELATIONS, ROLE_RELATIONS, ROLE_STATUSES, STATUS, load_ontology, load_plover, load_shapes)

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")

# the relation table of GUIDELINES.md: subject classes -> object classes
CONTRACT = {
    "headOfState": (("Person",), ("State",)),
    "headOfGovernment": (("Person",), ("State",)),
    "leaderOf": (("Person",), ("Organisation",)),
    "ministerOf": (("Person",), ("State",)),
    "spokespersonOf": (("Person",), ("Actor",)),
    "envoyOf": (("Person",), ("Actor",)),
    "memberOf": (("Actor",), ("Organisation",)),
    "partOf": (("Organisation",), ("State", "Organisation")),
    "metWith": (("Actor",), ("Actor",)),
    "spokeWith": (("Actor",), ("Actor",)),
    "plansToMeet": (("Actor",), ("Actor",)),
    "visited": (("Actor",), ("State", "Place")),
    "sanctions": (("Actor",), ("Actor",)),
    "threatensSanctions": (("Actor",), ("Actor",)),
    "inConflictWith": (("Actor",), ("Actor",)),
    "alliedWith": (("Actor",), ("Actor",)),
    "supports": (("Actor",), ("Actor",)),
    "criticises": (("Actor",), ("Actor",)),
}
PLOVER_CATEGORIES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                     "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                     "COERCE", "ASSAULT"}


def ag_subjects(g):
    return sorted({s for s in g.subjects() if str(s).startswith(AG_NS)})


def texts(g, node, predicate):
    return {o.language: str(o) for o in g.objects(node, predicate) if isinstance(o, Literal)}


def test_files_parse_and_ontology_header():
    g = load_ontology()
    onto = URIRef("https://w3id.org/actorgraph/ontology")
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionInfo) is not None
    assert len(g) > 500 and len(load_plover()) > 200 and len(load_shapes()) > 300


def test_every_ag_term_has_english_and_indonesian_label_and_comment():
    g = load_ontology()
    subjects = ag_subjects(g)
    assert len(subjects) > 70
    missing = []
    for s in subjects:
        for predicate in (RDFS.label, RDFS.comment):
            found = texts(g, s, predicate)
            for lang in ("en", "id"):
                if not found.get(lang, "").strip():
                    missing.append(f"{s} {predicate} @{lang}")
    assert missing == []


def test_no_ag_term_is_used_without_being_defined():
    g = load_ontology() + load_plover() + load_shapes()
    defined = set(ag_subjects(load_ontology()))
    used = {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(AG_NS)}
    assert used - defined == set()


def test_required_classes_and_hierarchy():
    g = load_ontology()
    expected = {
        "Person": "Actor", "State": "Actor", "Organisation": "Actor",
        "InternationalOrganisation": "Organisation", "GovernmentBody": "Organisation",
        "PoliticalParty": "Organisation", "ArmedGroup": "Organisation", "MediaOrganisation": "Organisation",
        "Meeting": "Event", "PhoneCall": "Event", "Visit": "Event", "Sanctioning": "Event",
        "Threat": "Event", "Statement": "Event", "Conflict": "Event",
    }
    for child, parent in expected.items():
        assert (AG[child], RDFS.subClassOf, AG[parent]) in g, child
    for cls in ("Actor", "Place", "Article", "Event", "Role", "Evidence", "Status"):
        assert (AG[cls], RDF.type, OWL.Class) in g
    prov_entity = URIRef("http://www.w3.org/ns/prov#Entity")
    assert (AG.Evidence, RDFS.subClassOf, prov_entity) in g
    assert (AG.Article, RDFS.subClassOf, prov_entity) in g


def test_alignments_only_by_subclass_where_declared():
    g = load_ontology()
    assert (AG.Person, RDFS.subClassOf, URIRef("http://xmlns.com/foaf/0.1/Person")) in g
    assert (AG.Organisation, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in g
    assert (AG.Event, RDFS.subClassOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")) in g
    assert (AG.participant, RDFS.subPropertyOf,
            URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor")) in g
    # a state is an actor, not a geographic place: only a close match to schema:Country
    assert (AG.State, RDFS.subClassOf, URIRef("https://schema.org/Country")) not in g
    assert (AG.State, SKOS.closeMatch, URIRef("https://schema.org/Country")) in g


def test_rdfs_closure_reaches_the_aligned_vocabularies(tmp_path):
    """A reasoner sees our data as FOAF/SEM/PROV data through the alignments."""
    import owlrl

    data = rdflib.Graph().parse("tests/data/validate_good.ttl")
    g = data + load_ontology()
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(g)
    biden = URIRef("https://w3id.org/actorgraph/id/person/joe-biden")
    event = URIRef("https://w3id.org/actorgraph/id/event/aaaaaaaaaaaaaaaa")
    evidence = URIRef("https://w3id.org/actorgraph/id/evidence/bbbbbbbbbbbbbbbb")
    assert (biden, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")) in g
    assert (biden, RDF.type, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Actor")) in g
    assert (event, RDF.type, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")) in g
    assert (event, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor"), biden) in g
    assert (evidence, RDF.type, URIRef("http://www.w3.org/ns/prov#Entity")) in g


def test_symmetric_properties_are_declared():
    g = load_ontology()
    symmetric = {str(s)[len(AG_NS):] for s in g.subjects(RDF.type, OWL.SymmetricProperty)}
    assert symmetric == {"metWith", "spokeWith", "inConflictWith", "alliedWith"}
    assert {n for n, r in RELATIONS.items() if r.symmetric} == symmetric


def test_relation_table_matches_the_contract():
    assert set(RELATIONS) == set(CONTRACT)
    assert ROLE_RELATIONS == ("headOfState", "headOfGovernment", "leaderOf", "ministerOf",
                              "spokespersonOf", "envoyOf", "memberOf", "partOf")
    assert set(INTERACTIONS) == set(CONTRACT) - set(ROLE_RELATIONS)
    for name, (domain, range_) in CONTRACT.items():
        rel = RELATIONS[name]
        assert (rel.domain, rel.range) == (domain, range_), name
        assert rel.iri == AG_NS + name
        assert rel.label["en"] and rel.label["id"] and rel.comment["id"]
    assert RELATIONS["metWith"].event_class == "Meeting"
    assert RELATIONS["sanctions"].plover == str(PLOVER.SANCTION)  # IRIs are plain strings
    assert RELATIONS["headOfState"].allows("Person", "State")
    assert not RELATIONS["headOfState"].allows("Person", "Person")
    assert RELATIONS["memberOf"].allows("State", "InternationalOrganisation")
    assert RELATIONS["visited"].allows("GovernmentBody", "Place")
    assert not RELATIONS["visited"].allows("Person", "Person")


def test_statuses():
    assert EVENT_STATUSES == ("Occurred", "Planned", "Possible", "Intended", "Threatened",
                              "Requested", "Lifted", "Denied", "Cancelled", "Postponed")
    assert ROLE_STATUSES == ("Current", "Former")
    g = load_ontology()
    for name, iri in STATUS.items():
        assert (iri, RDF.type, AG.Status) in g, name


def test_closed_namespace_rejects_typos():
    assert AG.Person == URIRef(AG_NS + "Person")
    assert AG["metWith"] == URIRef(AG_NS + "metWith")
    with pytest.raises(AttributeError):
        _ = AG.Persn
    with pytest.raises(KeyError):
        _ = AG["metwith"]
    with pytest.raises(AttributeError):
        _ = PLOVER.CONSULTT
    with pytest.raises(AttributeError):
        _ = terms.NOT_A_TABLE


def test_terms_load_fast():
    code = ("import time; t = time.perf_counter(); from ontology.terms import AG, RELATIONS; "
            "AG.Person; print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", "import rdflib, rdflib.plugins.parsers.notation3; " + code],
                         capture_output=True, text=True, check=True, cwd=".")
    assert float(out.stdout) < 0.5  # measured about 0.05 s once rdflib is imported


def test_plover_scheme():
    p = load_plover()
    scheme = URIRef(PLOVER_NS.rstrip("#"))
    top = {str(c)[len(PLOVER_NS):] for c in p.objects(scheme, SKOS.hasTopConcept)}
    assert top == PLOVER_CATEGORIES
    cameo = URIRef(PLOVER_NS + "CAMEOCode")
    concepts = set(p.subjects(RDF.type, SKOS.Concept))
    for c in concepts:
        for predicate in (SKOS.prefLabel, SKOS.definition):
            assert {"en", "id"} <= set(texts(p, c, predicate)), (c, predicate)
        deprecated = (c, OWL.deprecated, Literal(True)) in p
        if deprecated:
            assert str(p.value(c, DCTERMS.isReplacedBy))[len(PLOVER_NS):] in PLOVER_CATEGORIES
        elif str(c)[len(PLOVER_NS):] not in PLOVER_CATEGORIES:
            assert p.value(c, SKOS.broader) in {URIRef(PLOVER_NS + n) for n in PLOVER_CATEGORIES}, c
    codes = {str(n) for n in p.objects(URIRef(PLOVER_NS + "CONSULT"), SKOS.notation) if n.datatype == cameo}
    assert codes == {"04"}
    assert "13" in {str(n) for n in p.objects(URIRef(PLOVER_NS + "THREATEN"), SKOS.notation)}
    assert {"18", "19", "20"} <= {str(n) for n in p.objects(URIRef(PLOVER_NS + "ASSAULT"), SKOS.notation)}


def test_event_classes_point_to_existing_plover_concepts():
    g, p = load_ontology(), load_plover()
    plover_type = AG.ploverType
    expected = {"Meeting": "CONSULT", "PhoneCall": "CONSULT-phone", "Visit": "CONSULT-visit",
                "Sanctioning": "SANCTION", "Threat": "THREATEN", "Conflict": "ASSAULT"}
    for cls, concept in expected.items():
        assert g.value(AG[cls], plover_type) == URIRef(PLOVER_NS + concept)
    assert g.value(AG.Statement, plover_type) is None  # PLOVER drops bare statements
    for _, target in g.subject_objects(plover_type):
        assert (target, RDF.type, SKOS.Concept) in p
        assert (target, OWL.deprecated, Literal(True)) not in p


def test_each_relation_has_a_shape_with_the_ontology_domain_and_range():
    s = load_shapes()

    def classes(node):
        direct = s.value(node, SH["class"])
        if direct is not None:
            return (str(direct)[len(AG_NS):],)
        members = rdflib.collection.Collection(s, s.value(node, SH["or"]))
        return tuple(str(s.value(m, SH["class"]))[len(AG_NS):] for m in members)

    for name, rel in RELATIONS.items():
        shape = URIRef(SHAPES_NS + name + "Shape")
        assert (shape, SH.targetSubjectsOf, URIRef(rel.iri)) in s, name
        prop = s.value(shape, SH.property)
        assert s.value(prop, SH.path) == URIRef(rel.iri)
        assert classes(shape) == rel.domain, name
        assert classes(prop) == rel.range, name


def test_shapes_sparql_has_no_values_clause():
    s = load_shapes()
    selects = [str(q) for q in s.objects(None, SH.select)]
    assert selects
    assert not any("VALUES" in q.upper() for q in selects)


def broken_copy(tmp_path, name, line_text):
    """A copy of the shipped files in tmp_path with one bad line added to ``name``."""
    from actorgraph.ontology import data_path

    for f in ("actorgraph.ttl", "plover.ttl", "shapes.ttl"):
        text = data_path(f).read_text(encoding="utf-8")
        if f == name:
            bad_line = text.count("\n") + 1
            text += line_text
        (tmp_path / f).write_text(text, encoding="utf-8")
    return bad_line


@pytest.fixture
def fresh_terms(monkeypatch):
    """Empty the caches so the next load reads the (patched) files."""
    from actorgraph.graph.store import validate

    monkeypatch.setattr(terms, "_graphs", {})
    monkeypatch.setattr(terms, "_table", None)
    monkeypatch.setattr(validate, "_ONT", None)


def test_malformed_shapes_file_names_file_and_line(tmp_path, monkeypatch, fresh_terms):
    bad_line = broken_copy(tmp_path, "shapes.ttl", "ags:Broken a sh:NodeShape ; sh:path .\n")
    monkeypatch.setattr(terms, "data_path", lambda name: tmp_path / name)
    with pytest.raises(DataFileError) as err:
        load_shapes()
    assert err.value.line == bad_line
    assert str(err.value).startswith(f"{tmp_path / 'shapes.ttl'}:{bad_line}")
    result = CliRunner().invoke(main, ["validate", "tests/data/validate_good.ttl"])
    assert result.exit_code == 2
    assert f"shapes.ttl:{bad_line}" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_malformed_ontology_file_exits_2(tmp_path, monkeypatch, fresh_terms):
    bad_line = broken_copy(tmp_path, "actorgraph.ttl", 'ag:Broken rdfs:label "unterminated .\n')
    monkeypatch.setattr(terms, "data_path", lambda name: tmp_path / name)
    result = CliRunner().invoke(main, ["ontology", "--format", "nt"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {tmp_path / 'actorgraph.ttl'}:{bad_line}")


def test_unreadable_ontology_file_exits_2(tmp_path, monkeypatch, fresh_terms):
    monkeypatch.setattr(terms, "data_path", lambda name: tmp_path / "missing" / name)
    result = CliRunner().invoke(main, ["ontology"])
    assert result.exit_code == 2
    assert "actorgraph.ttl: cannot read" in result.output


# --- the ontology command ---------------------------------------------------------------------

def test_ontology_command_prints_the_turtle_file():
    result = CliRunner().invoke(main, ["ontology"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.startswith("# actorgraph ontology")
    printed = rdflib.Graph().parse(data=result.output, format="turtle")
    assert rdflib.compare.isomorphic(printed, load_ontology())


@pytest.mark.parametrize("fmt", ["nt", "xml", "json-ld", "trig"])
def test_ontology_command_other_formats(fmt, tmp_path):
    out = tmp_path / f"ontology.{fmt}"
    result = CliRunner().invoke(main, ["ontology", "--format", fmt, "--part", "all", "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0
    g = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    g.parse(out, format=fmt)
    assert len(g) == len(load_ontology() + load_plover() + load_shapes())


def test_ontology_html_page(tmp_path):
    out = tmp_path / "ontology.html"
    result = CliRunner().invoke(main, ["ontology", "--html", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    for cls in ("Actor", "Person", "State", "Organisation", "GovernmentBody", "Meeting", "Role",
                "Evidence", "Status"):
        assert f'id="{cls}"' in page
    for name in RELATIONS:
        assert f'id="{name}"' in page
    assert "kepala negara dari" in page and "Pertemuan" in page  # Indonesian labels
    assert 'id="plover-CONSULT"' in page and "Menyerang" in page
    assert "<script" not in page.lower()
    assert "http://" not in page.split("<style>")[1].split("</style>")[0]


def test_html_page_escapes_text_from_the_files(monkeypatch, fresh_terms):
    from actorgraph.ontology.htmldoc import render_html

    g = rdflib.Graph()
    for t in load_ontology():
        g.add(t)
    g.add((AG.Person, RDFS.comment, Literal('<img src=x onerror="alert(1)"> & co', lang="en")))
    monkeypatch.setitem(terms._graphs, "ontology", g)
    page = render_html()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co" in page
