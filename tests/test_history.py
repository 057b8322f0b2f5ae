"""Event histories, source conflicts and "as of" over examples/series (built for real, on disk)."""

import csv
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from actorgraph.graph.build import build_articles
from actorgraph.graph.history import (CONFLICT_DAYS, Report, contradicts, find_conflicts, latest,
                                      ordered, per_article, status_rules, stored_reports)
from actorgraph.graph.network.view import load_network
from actorgraph.graph.registry import load_registry
from actorgraph.graph.store import open_store
from actorgraph.graph.store.named import run_named_query

SERIES = Path(__file__).resolve().parent.parent / "examples" / "series"
STATUS = {"planned": "Planned", "postponed": "Postponed", "occurred": "Occurred", "imposed": "Occurred",
          "threatened": "Threatened", "lifted": "Lifted", "denied": "Denied", "cancelled": "Cancelled"}


AG = "https://w3id.org/actorgraph/ontology#"
KIND = {"metWith": AG + "Meeting", "plansToMeet": AG + "Meeting", "spokeWith": AG + "PhoneCall",
        "sanctions": AG + "Sanctioning", "threatensSanctions": AG + "Threat"}


def rows(name):
    with open(SERIES / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def labels():
    found = {}
    for path in SERIES.glob("*/actors.tsv"):
        with open(path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                found[row["key"]] = row["label"]
    return found


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    location = str(tmp_path_factory.mktemp("series") / "store")
    store = open_store(location)
    summary = build_articles(store, [str(SERIES)])
    assert summary.failed == 0 and summary.articles == len(rows("articles.tsv"))
    articles = {}
    for row in store.query("SELECT ?a ?s WHERE { ?a a ag:Article ; dcterms:source ?s }"):
        articles[Path(row["s"].value).parent.name] = row["a"].value
    names = {}
    for row in store.query("SELECT ?a ?l WHERE { ?a rdfs:label ?l }"):
        names.setdefault(row["l"].value, row["a"].value)
    yield store, articles, names, location
    store.close()


def expected_histories():
    """event id -> [(article folder, status)] in the gold order, for the events of several articles."""
    found = {}
    for row in sorted(rows("expected.tsv"), key=lambda r: (r["event"], int(r["order"]))):
        found.setdefault(row["event"], []).append(row)
    return {e: r for e, r in found.items() if len({x["article"] for x in r}) > 1}


def our_event(store, names, row):
    """The stored event whose participants include the gold subject and object."""
    who = labels()
    a, b = names[who[row["subject"]]], names[who[row["object"]]]
    found = [r["e"].value for r in store.query(
        "SELECT DISTINCT ?a ?b ?k ?e WHERE { ?e a ?k ; ag:statusReport ?r ; ag:participant ?a, ?b }",
        substitutions=_terms(a=a, b=b, k=KIND[row["relation"]]))]
    return found


def _terms(**iris):
    import pyoxigraph as ox

    return {ox.Variable(k): ox.NamedNode(v) for k, v in iris.items()}


def article_word(reports):
    """Each article's last word on the event, in history order (one status per article)."""
    words = {}
    for r in ordered(reports):
        words[r.article] = r
    return sorted(words.values(), key=Report.order)


@pytest.mark.parametrize("event", sorted(expected_histories()))
def test_history_has_the_gold_order_and_latest_status(series, event):
    store, articles, names, _location = series
    gold = expected_histories()[event]
    reports = stored_reports(store)
    candidates = our_event(store, names, gold[0])
    assert candidates, f"{event}: no event between the gold participants"
    want = [(articles[g["article"]], STATUS[g["status"]]) for g in gold]
    best = max(candidates, key=lambda e: len({r.article for r in reports[e]} & {w[0] for w in want}))
    got = [(r.article, r.status) for r in article_word(reports[best])]
    reported = [w for w in want if w[0] in {g[0] for g in got}]
    # every gold article that reports the event is in our history, in the gold order (articles of
    # one day in either order), with its status
    day = {a: d for a, d in ((r.article, r.reported) for r in reports[best])}
    ours = [g for g in got if g[0] in {w[0] for w in want}]
    assert sorted(ours, key=lambda g: (day[g[0]], g)) == sorted(reported, key=lambda g: (day[g[0]], g))
    assert [day[g[0]] for g in ours] == sorted(day[g[0]] for g in ours)
    assert len(reported) >= 2, f"{event}: the history joined only {got}"
    last_day = day[ours[-1][0]]
    assert latest(reports[best]).status in {s for a, s in reported if day[a] == last_day}


def test_each_gold_conflict_is_found_and_nothing_else(series):
    store, articles, names, _location = series
    gold = {(frozenset((articles[r["article_a"]], articles[r["article_b"]])))
            for r in rows("conflicts.tsv") if r["conflict"] == "yes"}
    progress = {(frozenset((articles[r["article_a"]], articles[r["article_b"]])))
                for r in rows("conflicts.tsv") if r["conflict"] == "no"}
    result = run_named_query(store, "conflicts")
    cols = result.variables
    found = {frozenset((row[cols.index("articleA")].value, row[cols.index("articleB")].value))
             for row in result.rows}
    assert gold and gold <= found
    assert not (found & progress)
    in_python = {frozenset((a.article, b.article)) for reps in stored_reports(store).values()
                 for a, b in find_conflicts(reps)}
    assert in_python == found


def test_conflict_query_pairs_match_the_status_table():
    text = (Path(__file__).resolve().parent.parent / "graph" / "queries" / "conflicts.rq").read_text()
    pairs = set(re.findall(r"\(ag:(\w+) ag:(\w+)\)", text))
    table = {(a, b) for a in status_rules() for b in status_rules() if a < b and contradicts(a, b)}
    assert {tuple(sorted(p)) for p in pairs} == table


def test_progress_is_not_a_conflict_and_latest_follows_article_dates():
    planned = Report("e", "a1", "Planned", "2024-05-13", "2024-04-22")
    held = Report("e", "a2", "Occurred", "2024-05-13", "2024-05-14")
    denied = Report("e", "a3", "Denied", "2024-05-13", "2024-05-15")
    assert find_conflicts([planned, held]) == []
    assert find_conflicts([held, denied]) == [(held, denied)]
    late = Report("e", "a4", "Denied", "2024-05-13", (date(2024, 5, 14) + timedelta(days=CONFLICT_DAYS + 1)).isoformat())
    assert find_conflicts([held, late]) == []
    assert latest([held, planned]) is held
    assert latest([held, planned], as_of="2024-05-01") is planned
    assert latest([held, planned], as_of="2024-04-01") is None


def test_the_edge_follows_the_latest_report_and_as_of(series):
    store, _articles, names, _location = series
    jokowi, anwar = names["Joko Widodo"], names["Anwar Ibrahim"]
    now = load_network(store)
    assert now.has_edge(jokowi, anwar, "metWith") or now.has_edge(anwar, jokowi, "metWith")
    assert not (now.has_edge(jokowi, anwar, "plansToMeet") or now.has_edge(anwar, jokowi, "plansToMeet"))
    then = load_network(store, as_of="2024-05-10")
    assert then.has_edge(jokowi, anwar, "plansToMeet") or then.has_edge(anwar, jokowi, "plansToMeet")
    assert not (then.has_edge(jokowi, anwar, "metWith") or then.has_edge(anwar, jokowi, "metWith"))
    before = load_network(store, as_of="2024-01-01")
    assert jokowi not in before or not before.has_edge(jokowi, anwar)


def _pairs(registry, count):
    """(state, day, holders) from the registry's dated head-of-state roles: a day inside each term."""
    found = []
    for role in sorted(registry.roles(), key=lambda r: (r.of, r.start or date.min)):
        if role.role_type != "headOfState" or not role.of.startswith("https://w3id.org/actorgraph/id/state/"):
            continue
        if role.start is None or role.start.year < 1990:
            continue
        day = role.start + timedelta(days=40)
        if role.end is not None and day >= role.end:
            continue
        found.append((role.of, day))
        if len(found) >= count:
            break
    return found


def test_as_of_holders_match_the_registry_for_many_states_and_days(series):
    store = series[0]
    registry = load_registry()
    pairs = _pairs(registry, 25)
    assert len(pairs) >= 20
    for state, day in pairs:
        result = run_named_query(store, "roles", {"of": state, "role": "ag:headOfState",
                                                     "asOf": day.isoformat()})
        col = result.variables.index("holder")
        got = {row[col].value for row in result.rows}
        want = {h.label for h in registry.holders("headOfState", state, day)}
        assert want <= got, (state, day, got, want)
        assert all(name in want for name in got), (state, day, got, want)


def test_the_series_graphs_conform_to_the_shapes(series):
    """Several reports of one event (statuses, dates, classes) still conform, reports included."""
    from actorgraph.graph.store.rdffiles import graph_from_triples
    from actorgraph.graph.store.validate import validate_graph

    from actorgraph.exports.rdf import collect_quads

    store, articles, _names, _location = series
    # the articles' graphs with their actors' descriptions, as an export gives them
    graph = graph_from_triples(dict.fromkeys(q.triple for q in collect_quads(
        store, articles=list(articles.values()))))
    report = validate_graph(graph)
    assert report.conforms, [(v.focus, v.message) for v in report.errors][:5]
    assert len(list(graph.subjects(predicate=None, object=None))) > 0
    kinds = {str(o) for o in graph.objects()}
    assert "https://w3id.org/actorgraph/ontology#StatusReport" in kinds


def test_as_of_on_the_command_line(series, tmp_path):
    """--as-of on stats, render, path, export, query and ask, and registry search --as-of."""
    import json

    from click.testing import CliRunner

    from actorgraph.cli import main

    _store, articles, _names, location = series
    run = CliRunner()

    def call(*args):
        result = run.invoke(main, ["--store", location, *args])
        assert result.exit_code == 0, result.output
        return result.output

    then = json.loads(call("stats", "--as-of", "2024-05-10", "--format", "json"))
    now = json.loads(call("stats", "--format", "json"))
    assert then["relations"].get("plansToMeet") and not now["relations"].get("plansToMeet", 0) > then["relations"]["plansToMeet"]
    assert len(now["conflicts"]) == 1 and then["conflicts"] == []
    assert "Source conflicts: 1" in call("stats")
    page = tmp_path / "then.html"
    call("render", "--as-of", "2024-05-10", "-o", str(page))
    assert page.exists() and "plansToMeet" in page.read_text("utf-8")
    assert "metWith" in call("path", "Joko Widodo", "Anwar Ibrahim")
    assert "plansToMeet" in call("path", "Joko Widodo", "Anwar Ibrahim", "--as-of", "2024-05-10")
    turtle = call("export", "--format", "nt", "--as-of", "2024-05-10")
    assert articles["a2_id_kuching_ditunda"] in turtle and articles["a4_id_kuching_bertemu"] not in turtle
    bound = call("query", "--as-of", "2024-05-10", "--format", "csv",
                 "SELECT ?asOf (COUNT(?r) AS ?n) WHERE { ?r ag:reportedOn ?d FILTER(?d <= ?asOf) } GROUP BY ?asOf")
    assert bound.splitlines()[1].startswith("2024-05-10,")
    history = call("ask", "history", "--param", "actor=Joko Widodo", "--as-of", "2024-05-10", "--format", "csv")
    reports = list(csv.DictReader(history.splitlines()))
    assert reports and all(r["reported"] <= "2024-05-10" for r in reports)
    assert {"Planned", "Postponed"} <= {r["status"].rsplit("#", 1)[-1] for r in reports}
    bad = run.invoke(main, ["--store", location, "stats", "--as-of", "2024-04-31"])
    assert bad.exit_code == 2 and "is not a date" in bad.output
    other = run.invoke(main, ["--store", location, "ask", "meetings", "--param", "actor=Joko Widodo",
                              "--as-of", "2024-05-10"])
    assert other.exit_code == 1 and "meetings does not take --as-of" in other.output
    registry = load_registry()
    for state, day in _pairs(registry, 22):
        name = registry.get(state).label
        out = CliRunner().invoke(main, ["registry", "search", name, "--as-of", day.isoformat()]).output
        for holder in registry.holders("headOfState", state, day):
            assert f"headOfState: {holder.label}" in out, (name, day)


def test_histories_do_not_depend_on_the_build_order(series, tmp_path):
    """The series built newest article first gives the same histories as in date order."""
    import shutil

    def histories(store, articles):
        folder = {iri: name for name, iri in articles.items()}
        return sorted((tuple(sorted(f"{folder[r.article]}:{r.status}" for r in per_article(reports))),
                       latest(reports).status) for reports in stored_reports(store).values())

    store, articles, _names, _location = series
    copy = tmp_path / "series"
    shutil.copytree(SERIES, copy)
    listed = rows("articles.tsv")
    with open(copy / "articles.tsv", "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(listed[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(reversed(listed))
    with open_store(str(tmp_path / "store")) as reverse:
        assert build_articles(reverse, [str(copy)]).failed == 0
        moved = {}
        for row in reverse.query("SELECT ?a ?s WHERE { ?a a ag:Article ; dcterms:source ?s }"):
            moved[Path(row["s"].value).parent.name] = row["a"].value
        assert histories(reverse, moved) == histories(store, articles)
