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


# --- eval --explain: the sentences behind each miss --------------------------------------------

EXPLAIN = DATA / "explain"
ID = Namespace("https://w3id.org/actorgraph/id/")


def explain_graph(text):
    """The graph a build could write for tests/data/eval/explain: actors, one right role, a role
    no fact allows and a visit the gold forbids, each with its evidence sentence and offsets."""
    graph = Graph()
    people = {"nordmann": "Kari Nordmann", "virtanen": "Matti Virtanen", "koski": "Liisa Koski"}
    for key, label in people.items():
        graph.add((PERSON[key], RDF.type, AG.Person))
        graph.add((PERSON[key], RDFS.label, Literal(label)))
    graph.add((PERSON["nordmann"], SKOS.altLabel, Literal("Nordmann")))
    for key, label in (("no", "Norway"), ("fi", "Finland")):
        graph.add((STATE[key], RDF.type, AG.State))
        graph.add((STATE[key], RDFS.label, Literal(label, lang="en")))

    def evidence(owner, sentence):
        start = text.index(sentence)
        node = ID[f"evidence/{start}"]
        graph.add((owner, AG.evidence, node))
        graph.add((node, AG.sentence, Literal(sentence)))
        graph.add((node, AG.startOffset, Literal(start)))
        graph.add((node, AG.endOffset, Literal(start + len(sentence))))

    for n, (holder, kind, of, sentence) in enumerate([
            ("nordmann", AG.headOfGovernment, STATE["no"], "Norway's Prime Minister Kari Nordmann met "
             "Finnish President Matti Virtanen in Oslo on Monday, the first such visit in years."),
            ("koski", AG.spokespersonOf, STATE["no"],
             "A spokesperson, Liisa Koski, said the talks with the president were useful.")]):
        role = ID[f"role/{n}"]
        graph.add((PERSON[holder], kind, of))
        for p, o in ((AG.holder, PERSON[holder]), (AG.roleType, kind), (AG.roleIn, of)):
            graph.add((role, p, o))
        evidence(role, sentence)
    visit = ID["event/visit"]
    graph.add((PERSON["nordmann"], AG.visited, STATE["fi"]))
    for p, o in ((AG.relation, AG.visited), (AG.agent, PERSON["nordmann"]), (AG.target, STATE["fi"])):
        graph.add((visit, p, o))
    evidence(visit, "Nordmann will travel to Helsinki next month, her office said.")
    return graph


@pytest.fixture(scope="module")
def explained():
    from actorgraph.graph.evaluate.explain import explain
    from actorgraph.graph.evaluate.score import compare

    text = (EXPLAIN / "article.txt").read_text(encoding="utf-8").strip()
    gold = load_gold(EXPLAIN)
    graph = explain_graph(text)
    comparison = compare(graph, gold)
    score = score_graph(graph, gold, name="explain", comparison=comparison)
    score.explanation = explain(comparison, gold, graph, text, "en")
    return text, score


def items_of(score, kind):
    return {i.what: i for i in score.explanation.items if i.kind == kind}


def test_explain_lists_what_the_score_counts(explained):
    text, score = explained
    assert sorted(items_of(score, "missed")) == sorted(score.missed)
    assert sorted(items_of(score, "wrong")) == sorted(score.wrong)
    assert sorted(items_of(score, "forbidden")) == sorted(score.forbidden_found)
    assert sorted(items_of(score, "actor")) == sorted(score.actors_missed)
    assert score.missed and score.wrong and score.forbidden_found and score.actors_missed
    for item in score.explanation.items:
        for p in item.passages:  # offsets count in the article text
            assert text[p.start:p.end] == p.text
            assert all(p.start <= a < b <= p.end for a, b in p.marks)


def test_missed_fact_found_by_its_evidence_words(explained):
    text, score = explained
    [item] = [i for w, i in items_of(score, "missed").items() if "metWith" in w]
    assert item.line == 3 and item.gold_evidence.startswith("Kari Nordmann met")
    [passage] = item.passages  # both fragments around the ellipsis, in one sentence
    assert passage.found_by == "gold evidence"
    assert passage.text.startswith("Norway's Prime Minister") and passage.text.endswith("in years.")
    assert [text[a:b] for a, b in passage.marks] == ["Kari Nordmann met", "in Oslo on Monday"]
    assert "«Kari Nordmann met» Finnish" in passage.shown()


def test_missed_fact_found_by_both_ends_or_shared_words(explained):
    text, score = explained
    missed = items_of(score, "missed")
    head = missed["virtanen headOfState finland (current)"]
    assert head.notes[0] == "the gold evidence is not in the text"
    assert [p.found_by for p in head.passages] == ["both ends"]
    assert sorted(text[a:b] for a, b in head.passages[0].marks) == ["Finnish", "Matti Virtanen"]
    assert not any("not in the graph" in n for n in head.notes)  # both ends are, the relation is not
    spokesperson = missed["koski spokespersonOf finland (current)"]
    [passage] = spokesperson.passages
    assert passage.found_by == "shared words" and passage.text.startswith("A spokesperson")


def test_wrong_edge_shows_the_graph_evidence(explained):
    text, score = explained
    wrong = items_of(score, "wrong")  # a role no fact allows, and the forbidden visit
    assert sorted(wrong) == ["Kari Nordmann [nordmann] visited Finland [finland]",
                             "Liisa Koski [koski] spokespersonOf Norway [norway]"]
    item = wrong["Liisa Koski [koski] spokespersonOf Norway [norway]"]
    [passage] = item.passages
    assert passage.found_by == "graph" and passage.text.startswith("A spokesperson, Liisa Koski")
    assert [text[a:b] for a, b in passage.marks] == ["Liisa Koski"]


def test_forbidden_fact_shows_gold_and_graph_sentences(explained):
    text, score = explained
    [item] = items_of(score, "forbidden").values()
    assert item.what.startswith("nordmann visited finland|helsinki: Kari Nordmann [nordmann] visited")
    assert [p.found_by for p in item.passages] == ["both ends", "both ends", "graph"]
    assert item.passages[-1].text.startswith("Nordmann will travel")
    assert [text[a:b] for a, b in item.passages[1].marks] == ["Nordmann", "Helsinki"]


def test_actor_not_found_shows_where_its_forms_occur(explained):
    text, score = explained
    [item] = items_of(score, "actor").values()
    assert item.what == "oslo (Oslo): not found"
    assert [p.text[:9] for p in item.passages] == ["Ministers", "Norway's "]
    assert all(text[a:b] == "Oslo" for p in item.passages for a, b in p.marks)


def test_explained_report_and_json(explained):
    text, score = explained
    report = format_report([score])
    assert "  MISSED nordmann metWith virtanen (occurred)  (facts.tsv:3)" in report
    assert '      gold evidence: "the trip is only planned"' in report
    assert "      graph [" in report and "«Liisa Koski»" in report
    assert "  ACTOR oslo (Oslo): not found" in report
    assert "  missed:" not in report  # the explained blocks replace the plain lists
    data = json.loads(json.dumps(score.to_dict()))
    assert [i["what"] for i in data["explain"]["actor"]] == ["oslo (Oslo): not found"]
    assert data["explain"]["missed"][0]["sentences"][0]["start"] >= 0
    assert "explain" not in sum([score], Score()).to_dict()


def test_eval_command_explain_on_a_built_article(tmp_path):
    from click.testing import CliRunner

    from actorgraph.cli import main

    write_set(tmp_path)
    text = (tmp_path / "one" / "article.txt").read_text(encoding="utf-8").strip()
    result = CliRunner().invoke(main, ["eval", str(tmp_path), "--explain", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    [article] = json.loads(result.output)["articles"]
    shown = [i["what"] for items in article["explain"].values() for i in items]
    assert sorted(shown) == sorted(article["missed"] + article["wrong"] + article["forbidden_found"]
                                   + article["actors_missed"])
    for items in article["explain"].values():
        for item in items:
            for s in item["sentences"]:
                assert text[s["start"]:s["end"]] == s["text"]
    result = CliRunner().invoke(main, ["eval", str(tmp_path), "--explain"], catch_exceptions=False)
    assert result.exit_code == 0 and "micro over 1 article(s)" in result.output


DEV2 = Path("/work/shared/eval/dev2")


@pytest.mark.skipif(not (DEV2 / "articles.tsv").is_file(), reason="the shared dev2 set is not here")
def test_explain_on_dev2_locates_evidence_in_the_article_text():
    from actorgraph.graph.evaluate import collect_cases, evaluate_case
    from actorgraph.graph.ingest.reader import read_inputs

    located = total = 0
    for case in collect_cases(DEV2):
        score = evaluate_case(case, explain=True)
        [article] = read_inputs([str(case.article)], date=case.date, lang=case.lang)
        for item in score.explanation.items:
            for p in item.passages:
                assert article.text[p.start:p.end] == p.text, (case.name, item.what)
            if item.kind == "missed":
                total += 1
                located += bool(item.passages)
    assert total and located / total >= 0.9
