"""Checks on the packaged registry data (graph/registry/*.ttl), read straight from the files.

The heads of state and government and the foreign ministers of the G20 and ASEAN states come
from Wikidata (CC0 1.0; see graph/registry/sources/README.md). These tests read the Turtle with
rdflib only, so they do not depend on where the project's Python modules live.
"""

import re
from calendar import monthrange
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

REGISTRY = Path(__file__).resolve().parents[1] / "graph" / "registry"
AG = "https://w3id.org/actorgraph/ontology#"
ID = "https://w3id.org/actorgraph/id/"
WD = "http://www.wikidata.org/entity/"
QID = re.compile(r"^Q[1-9][0-9]*$")

G20 = ("ar", "au", "br", "ca", "cn", "fr", "de", "in", "id", "it", "jp", "mx", "ru", "sa", "za", "kr", "tr",
       "gb", "us")
ASEAN = ("bn", "kh", "id", "la", "my", "mm", "ph", "sg", "th", "vn", "tl")
STATES = tuple(dict.fromkeys(G20 + ASEAN))
WINDOW = (date(2015, 1, 1), date(2025, 12, 31))
MAX_GAP = timedelta(days=60)
FAR_PAST, FAR_FUTURE = date(1, 1, 1), date(9999, 12, 31)


@pytest.fixture(scope="module")
def graph():
    g = Graph()
    for name in ("states.ttl", "places.ttl", "organisations.ttl", "persons.ttl"):
        g.parse(REGISTRY / name, format="turtle")
    return g


def first_day(text):
    """The first day of an xsd:date, gYearMonth or gYear value."""
    parts = [int(p) for p in str(text).split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def last_day(text):
    """The last day of an xsd:date, gYearMonth or gYear value."""
    parts = [int(p) for p in str(text).split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        return date(parts[0], parts[1], monthrange(parts[0], parts[1])[1])
    return date(parts[0], 12, 31)


def end_exclusive(text):
    """The first day a role no longer holds: an exact end is the successor's first day; a partial
    end (a month or year) covers the whole month or year, as the registry reads it."""
    return first_day(text) if str(text).count("-") == 2 else last_day(text) + timedelta(days=1)


def roles(graph):
    """(holder, role type, role in, start, end, post) for every ag:Role node."""
    out = []
    for node in graph.subjects(RDF.type, URIRef(AG + "Role")):
        value = lambda p: graph.value(node, URIRef(AG + p))  # noqa: E731
        out.append((str(value("holder")), str(value("roleType")).removeprefix(AG), str(value("roleIn")),
                    value("startDate"), value("endDate"), str(value("post") or "")))
    return out


def wikidata_links(graph):
    return [(str(s), str(o)) for s, o in graph.subject_objects(OWL.sameAs) if str(o).startswith(WD)]


def test_wikidata_ids_are_well_formed(graph):
    links = wikidata_links(graph)
    assert len(links) > 500
    bad = [(s, o) for s, o in links if not QID.match(o[len(WD):])]
    assert bad == []


def test_no_wikidata_id_names_two_actors(graph):
    actors = defaultdict(set)
    for subject, qid in wikidata_links(graph):
        actors[qid[len(WD):]].add(subject)
    assert {q: sorted(s) for q, s in actors.items() if len(s) > 1} == {}


def test_no_actor_has_two_wikidata_ids(graph):
    qids = defaultdict(set)
    for subject, qid in wikidata_links(graph):
        qids[subject].add(qid)
    assert {s: sorted(q) for s, q in qids.items() if len(q) > 1} == {}


def test_roles_start_before_they_end(graph):
    bad = [r for r in roles(graph) if r[3] is not None and r[4] is not None and first_day(r[3]) > last_day(r[4])]
    assert bad == []


def gaps(intervals, window=WINDOW):
    """Stretches of the window longer than MAX_GAP that no interval [start, end) covers."""
    found, covered_to = [], window[0]
    for start, end in sorted(intervals):
        if start > covered_to and start - covered_to > MAX_GAP and covered_to <= window[1]:
            found.append((covered_to, min(start, window[1])))
        covered_to = max(covered_to, end)
    if covered_to <= window[1] and window[1] - covered_to >= MAX_GAP:
        found.append((covered_to, window[1]))
    return found


POSTS = {
    "head of state": lambda r: r[1] == "headOfState",
    "head of government": lambda r: r[1] == "headOfGovernment",
    "foreign minister": lambda r: r[1] == "ministerOf" and "foreign minister" in r[5],
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("post", POSTS)
def test_g20_and_asean_posts_are_held_without_gaps(graph, state, post):
    """Every G20 and ASEAN state has its head of state, head of government and foreign minister
    for the whole of 2015-01-01 .. 2025-12-31, with no gap longer than about two months."""
    held = [(first_day(r[3]) if r[3] is not None else FAR_PAST,
             end_exclusive(r[4]) if r[4] is not None else FAR_FUTURE)
            for r in roles(graph) if r[2] == ID + "state/" + state and POSTS[post](r)]
    assert held, f"no {post} of {state}"
    assert gaps(held) == [], f"{post} of {state}"


@pytest.mark.parametrize("org", ["european-commission", "european-council", "african-union"])
def test_eu_and_au_leaders_are_continuous(graph, org):
    held = [(first_day(r[3]) if r[3] is not None else FAR_PAST,
             end_exclusive(r[4]) if r[4] is not None else FAR_FUTURE)
            for r in roles(graph) if r[1] == "leaderOf" and r[2] == ID + "org/" + org]
    assert held and gaps(held) == []


@pytest.mark.parametrize("of, test, since", [
    ("org/un", lambda r: r[1] == "leaderOf" and "secretary-general" in r[5], date(1946, 2, 2)),
    ("org/nato", lambda r: r[1] == "leaderOf" and "secretary-general" in r[5], date(1995, 12, 5)),
    ("state/us", lambda r: r[1] == "headOfState", date(1945, 4, 12)),
    ("state/gb", lambda r: r[1] == "headOfGovernment", date(1979, 5, 4)),
    ("state/id", lambda r: r[1] == "headOfState", date(1945, 8, 18)),
])
def test_older_lines_of_office_holders_are_continuous(graph, of, test, since):
    """The secretaries-general of the UN and NATO, the US presidents, the UK prime ministers and
    the Indonesian presidents are listed without a gap of more than about two months."""
    held = [(first_day(r[3]) if r[3] is not None else FAR_PAST,
             end_exclusive(r[4]) if r[4] is not None else FAR_FUTURE)
            for r in roles(graph) if r[2] == ID + of and test(r)]
    assert held and gaps(held, (since, WINDOW[1])) == []


def test_gap_finder():
    day = date.fromisoformat
    assert gaps([(day("2010-01-01"), day("2020-01-01")), (day("2020-01-01"), FAR_FUTURE)]) == []
    assert gaps([(day("2010-01-01"), day("2020-01-01")), (day("2020-02-15"), FAR_FUTURE)]) == []
    assert gaps([(day("2010-01-01"), day("2020-01-01")), (day("2020-06-01"), FAR_FUTURE)]) == [
        (day("2020-01-01"), day("2020-06-01"))]
    assert gaps([(day("2016-01-01"), FAR_FUTURE)]) == [(WINDOW[0], day("2016-01-01"))]
    assert gaps([(FAR_PAST, day("2024-01-01"))]) == [(day("2024-01-01"), WINDOW[1])]
    assert end_exclusive("2025-09") == day("2025-10-01") and end_exclusive("2025-09-05") == day("2025-09-05")
