"""Scoring a graph against a gold folder, with hand-written Turtle graphs in tests/data/eval."""

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from actorgraph.graph.errors import DataFileError
from actorgraph.graph.evaluate import (Score, format_report, load_gold, normalise_label, read_eval_set, score_graph)

DATA = Path(__file__).parent / "data" / "eval"
AG = Namespace("https://w3id.org/actorgraph/ontology#")
PERSON = Namespace("https://w3id.org/actorgraph/id/person/")
STATE = Namespace("https://w3id.org/actorgraph/id/state/")


@pytest.fixture(scope="module")
def gold():
    return load_gold(DATA / "gold")


def load_case(name):
    graph = Graph()
    graph.parse(DATA / "actors.ttl")
    graph.parse(DATA / name)
    return graph


def test_load_gold_reads_actors_and_facts(gold):
    assert len(gold.actors) == 7 and len(gold.facts) == 9
    assert gold.actors["russia"].surface_forms == ("Rusia", "Moskow")  # the note is stripped
    threat = [f for f in gold.facts if f.relation == "threatensSanctions"][0]
    assert threat.subjects == ("usa", "trump") and threat.objects == ("russia",)
    assert [f.required for f in gold.facts].count("forbidden") == 2


def test_perfect_graph_scores_one(gold):
    score = score_graph(load_case("perfect.ttl"), gold, name="perfect")
    assert (score.facts_found, score.facts_required) == (6, 6)
    # 7 edges touch gold actors: 3 roles, spokeWith once, plansToMeet, threat, the optional visit.
    assert (score.edges_correct, score.edges) == (7, 7)
    assert score.recall == 1.0 and score.precision == 1.0
    assert score.forbidden_hits == 0 and score.forbidden == 2
    assert (score.actors_found, score.actors_required) == (6, 6)
    assert score.missed == [] and score.wrong == [] and score.actors_missed == []


def test_forbidden_fact_is_counted_and_lowers_precision(gold):
    score = score_graph(load_case("forbidden.ttl"), gold)
    assert score.forbidden_hits == 1
    assert score.forbidden_found[0].startswith("trump metWith putin")
    assert "Donald Trump [trump]" in score.forbidden_found[0]
    # the meeting, written both ways, is one wrong edge
    assert (score.edges_correct, score.edges) == (6, 7)
    assert score.wrong == ["Donald Trump [trump] metWith Vladimir Putin [putin]"] or \
        score.wrong == ["Vladimir Putin [putin] metWith Donald Trump [trump]"]
    assert score.relations["metWith"].forbidden_hits == 1
    assert score.recall == 1.0


def test_reversed_symmetric_and_alternative_ends_match(gold):
    score = score_graph(load_case("reversed.ttl"), gold)
    assert score.missed == []
    assert score.recall == 1.0 and score.precision == 1.0
    assert score.relations["visited"].correct == 1  # russia|moscow: the state is right too


def test_wrong_direction_and_imposed_sanctions(gold):
    score = score_graph(load_case("wrong.ttl"), gold)
    assert score.facts_found == 0
    assert score.edges == 5 and score.edges_correct == 0
    assert "United States [usa] headOfState Donald Trump [trump]" in score.wrong
    assert "Someone Else criticises Donald Trump [trump]" in score.wrong
    assert score.forbidden_hits == 1 and "sanctions" in score.forbidden_found[0]
    assert "trump headOfState usa (current)" in score.missed


def test_label_matching_ignores_case_accents_and_punctuation(gold):
    assert normalise_label("José Ramos-Horta") == normalise_label("JOSE RAMOS HORTA")
    assert normalise_label("U.S.") == normalise_label("US")
    score = score_graph(load_case("perfect.ttl"), gold)
    assert score.relations["headOfState"].found == 3  # the Timorese one found by labels only


def test_wrong_type_is_not_counted(gold):
    graph = load_case("perfect.ttl")
    horta = PERSON["jose-ramos-horta"]
    graph.remove((horta, RDF.type, AG.Person))
    graph.add((horta, RDF.type, AG.Organisation))
    score = score_graph(graph, gold)
    assert score.actors_found == 5
    assert score.actors_missed == ["horta (José Ramos-Horta): found with type Organisation, not Person"]
    assert "horta headOfState timor (current)" in score.missed
    # its edges still touch a gold actor, and no longer match: they are wrong
    assert score.edges == 7 and score.edges_correct == 5


def test_gold_with_wikidata_needs_the_link(gold):
    graph = load_case("perfect.ttl")
    graph.remove((PERSON["vladimir-putin"], OWL.sameAs, None))
    score = score_graph(graph, gold)
    assert "putin (Vladimir Putin): not found" in score.actors_missed
    assert score.recall == 3 / 6


def test_alt_label_matches(gold):
    graph = load_case("perfect.ttl")
    tl = STATE["tl"]
    graph.remove((tl, RDFS.label, None))
    assert score_graph(graph, gold).actors_found == 5
    graph.add((tl, SKOS.altLabel, Literal("timor-leste")))
    assert score_graph(graph, gold).actors_found == 6


def test_scores_add_up_and_report(gold):
    a = score_graph(load_case("perfect.ttl"), gold, name="a")
    b = score_graph(load_case("wrong.ttl"), gold, name="b")
    total = sum([a, b], Score())
    assert (total.facts_found, total.facts_required) == (6, 12)
    assert (total.edges_correct, total.edges) == (7, 12)
    assert total.relations["headOfState"].required == 6
    assert a.articles == 1 and total.articles == 2 and total.to_dict()["articles"] == 2
    report = format_report([a, b])
    assert "a: recall 6/6 1.00, precision 7/7 1.00, forbidden 0/2, actors 6/6 1.00" in report
    assert "  wrong: United States [usa] headOfState Donald Trump [trump]" in report
    assert "micro over 2 article(s): recall 6/12 0.50, precision 7/12 0.58, forbidden 1/4" in report
    assert any(line.startswith("headOfState") and line.split()[1:3] == ["6", "3"]
               for line in report.splitlines())
    json.dumps(total.to_dict())  # plain data


@pytest.mark.parametrize("file, content, line, message", [
    ("actors.tsv", "key\ttype\tlabel\tsurface_forms\twikidata\trequired\nx\tCity\tX\tX\t\tyes\n", 2, "type 'City'"),
    ("actors.tsv", "key\ttype\tlabel\tsurface_forms\twikidata\trequired\n\nx\tPerson\tX\tX\t22686\tyes\n", 3, "Q identifier"),
    ("actors.tsv", "key\ttype\tlabel\n", 1, "header"),
    ("facts.tsv", "subject\trelation\tobject\tstatus\trequired\tqualifiers\tevidence\n"
                  "a\tmetWith\tb\toccurred\tyes\t\t\n", 2, "'b' is not a key"),
    ("facts.tsv", "subject\trelation\tobject\tstatus\trequired\tqualifiers\tevidence\n"
                  "a\tmet\ta\toccurred\tyes\t\t\n", 2, "unknown relation 'met'"),
    ("facts.tsv", "subject\trelation\tobject\tstatus\trequired\tqualifiers\tevidence\n"
                  "a\tmetWith\ta\toccurred\tmaybe\t\t\n", 2, "yes, no or forbidden"),
    ("facts.tsv", "subject\trelation\tobject\tstatus\trequired\tqualifiers\tevidence\n"
                  "a\tmetWith\ta\toccurred\tyes\n", 2, "columns"),
])
def test_bad_gold_row_names_file_and_line(tmp_path, file, content, line, message):
    (tmp_path / "actors.tsv").write_text(
        "key\ttype\tlabel\tsurface_forms\twikidata\trequired\na\tPerson\tA\tA\t\tyes\n", encoding="utf-8")
    (tmp_path / "facts.tsv").write_text(
        "subject\trelation\tobject\tstatus\trequired\tqualifiers\tevidence\n", encoding="utf-8")
    (tmp_path / file).write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_gold(tmp_path)
    assert err.value.line == line and err.value.path.endswith(file)
    assert message in str(err.value) and f"{file}:{line}:" in str(err.value)


def test_missing_gold_file(tmp_path):
    with pytest.raises(DataFileError, match="actors.tsv: cannot read gold file"):
        load_gold(tmp_path)


def test_read_eval_set(tmp_path):
    (tmp_path / "articles.tsv").write_text("name\tdate\tlang\toutlet\none\t2025-05-30\tid\tX\n\n",
                                           encoding="utf-8")
    with pytest.raises(DataFileError, match=r"articles.tsv:2: .*article.txt does not exist"):
        read_eval_set(tmp_path)
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "article.txt").write_text("Judul\n\nIsi.\n", encoding="utf-8")
    [case] = read_eval_set(tmp_path)
    assert case.name == "one" and str(case.date) == "2025-05-30" and case.lang == "id"
    assert case.gold_dir == tmp_path / "one"


def test_export_leaves_out_the_registry_graph():
    from actorgraph.ontology import REGISTRY_GRAPH
    from actorgraph.graph.evaluate import export_article_graph
    from actorgraph.graph.store import open_store

    article = "https://w3id.org/actorgraph/id/article/0123456789abcdef"
    with open_store(":memory:") as store:
        store.replace_graph(REGISTRY_GRAPH, f"<{PERSON['donald-trump']}> <{AG.headOfState}> <{STATE['us']}> .\n")
        store.replace_graph(article, (
            f"<{PERSON['vladimir-putin']}> <{AG.headOfState}> <{STATE['ru']}> .\n"
            f"<{PERSON['vladimir-putin']}> <{RDFS.label}> \"Vladimir Putin\"@en .\n"
            f"<{article}> <http://purl.org/dc/terms/date> \"2025-08-06\"^^<http://www.w3.org/2001/XMLSchema#date> .\n"))
        graph = export_article_graph(store)
    assert len(graph) == 3
    assert (PERSON["donald-trump"], AG.headOfState, STATE["us"]) not in graph
    assert (PERSON["vladimir-putin"], RDFS.label, Literal("Vladimir Putin", lang="en")) in graph
    assert graph.value(URIRef(article), URIRef("http://purl.org/dc/terms/date")).toPython().year == 2025


def write_set(root):
    """A one-article set folder with our own short text and the test gold."""
    (root / "articles.tsv").write_text("name\tdate\tlang\none\t2025-08-06\tid\n", encoding="utf-8")
    folder = root / "one"
    folder.mkdir()
    for name in ("actors.tsv", "facts.tsv"):
        (folder / name).write_bytes((DATA / "gold" / name).read_bytes())
    (folder / "article.txt").write_text(
        "Trump dan Putin berbicara lewat telepon\n\n"
        "Presiden AS Donald Trump berbicara lewat telepon dengan Presiden Rusia Vladimir Putin pada "
        "Selasa. Trump akan bertemu Putin pekan depan. AS mengancam sanksi baru terhadap Rusia.\n\n"
        "Presiden Timor Leste José Ramos-Horta berkunjung ke Moskow.\n", encoding="utf-8")
    return folder


def test_collect_cases(tmp_path):
    from actorgraph.graph.errors import InputError
    from actorgraph.graph.evaluate import collect_cases

    folder = write_set(tmp_path)
    assert [c.name for c in collect_cases(tmp_path)] == ["one"]
    with pytest.raises(InputError, match="'two' is not an article"):
        collect_cases(tmp_path, ["two"])
    [case] = collect_cases(folder)  # one gold folder: its article.txt
    assert case.article == folder / "article.txt" and case.name == "one" and case.date is None
    (folder / "article.txt").unlink()
    with pytest.raises(InputError, match="give exactly one article"):
        collect_cases(folder)
    [case] = collect_cases(folder, ["x.txt"], lang="en")
    assert case.article == Path("x.txt") and case.lang == "en"


def test_eval_command_on_a_set(tmp_path):
    pytest.importorskip("actorgraph.graph.build", reason="graph.build is not written yet")
    from click.testing import CliRunner

    from actorgraph.cli import main

    write_set(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(tmp_path), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [a["name"] for a in report["articles"]] == ["one"]
    assert report["micro"]["facts_required"] == 6 and report["micro"]["forbidden"] == 2
    result = runner.invoke(main, ["eval", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0 and "micro over 1 article(s)" in result.output


def test_eval_command_bad_gold(tmp_path):
    from click.testing import CliRunner

    from actorgraph.cli import main

    folder = write_set(tmp_path)
    (folder / "facts.tsv").write_text("subject\trelation\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(folder), str(folder / "article.txt")])
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and "facts.tsv:1: header" in result.output
