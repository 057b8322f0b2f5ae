"""Statistics and paths over the fixture network, and over a generated graph for the sampled case."""

import sys
from pathlib import Path

import pytest

from actorgraph.graph.network import analysis
from actorgraph.graph.network.analysis import compute_stats, find_paths, rank_pages
from actorgraph.graph.errors import ActorGraphError
from actorgraph.graph.network.view import load_network
from network_fixture import load_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate_network import fill_store  # noqa: E402

ID = "https://w3id.org/actorgraph/id/"


@pytest.fixture(scope="module")
def G():
    return load_network(load_store())


def test_counts(G):
    stats = compute_stats(G)
    assert (stats["nodes"], stats["edges"], stats["articles"], stats["components"]) == (10, 12, 3, 1)
    assert stats["kinds"] == {"Person": 5, "State": 4, "Organisation": 1}
    assert stats["relations"]["headOfState"] == 4 and sum(stats["relations"].values()) == 12
    assert stats["statuses"] == {"Occurred": 4, "Current": 4, "Former": 1, "Planned": 1,
                                 "Threatened": 1, "unknown": 1}


def test_central_actors(G):
    stats = compute_stats(G, top=3)
    assert [a["label"] for a in stats["top_degree"]] == ["Russia", "United States", "Vladimir Putin"]
    assert stats["top_degree"][0]["value"] == 6
    assert stats["top_betweenness"][0]["label"] == "Russia"
    assert stats["top_pagerank"][0]["label"] == "Russia"
    assert stats["betweenness_sampled"] is False


def test_communities_cover_every_actor(G):
    stats = compute_stats(G, top=100)
    assert sum(c["size"] for c in stats["communities"]) == 10
    assert stats["community_count"] == len(stats["communities"]) >= 2


def test_pagerank_sums_to_one_and_follows_direction(G):
    ranks = rank_pages(G)
    assert sum(ranks.values()) == pytest.approx(1.0)
    # Medvedev only points at Russia: he gets the minimum share, Russia much more.
    assert ranks[ID + "state/ru"] > 5 * ranks[ID + "person/dmitry-medvedev"]


def test_path_through_putin_with_evidence(G):
    paths = find_paths(G, "prabowo", "Biden")
    assert len(paths) == 2
    first = paths[0]
    assert [(s["source_label"], s["target_label"]) for s in first] == [
        ("Prabowo Subianto", "Vladimir Putin"), ("Vladimir Putin", "Joe Biden")]
    [planned] = first[0]["relations"]
    assert (planned["relation"], planned["status"]) == ("plansToMeet", "Planned")
    assert "dijadwalkan bertemu" in planned["evidence"][0]["sentence"]
    assert first[1]["relations"][0]["relation"] == "metWith"
    assert len(paths[1]) > len(first)  # the next path is longer, through Russia and the US
    step = paths[1][2]
    assert {r["relation"] for r in step["relations"]} == {"sanctions", "threatensSanctions"}


def test_max_paths_and_no_path(G):
    assert len(find_paths(G, "Prabowo", "Biden", max_paths=1)) == 1
    G2 = G.copy()
    G2.add_node(ID + "person/alone", label="Alone", kind="Person", aliases=[])
    assert find_paths(G2, "Prabowo", "alone") == []


def test_path_errors(G):
    with pytest.raises(ActorGraphError, match="same actor"):
        find_paths(G, "Putin", "Vladimir Putin")
    with pytest.raises(ActorGraphError, match="no actor named 'Xi'"):
        find_paths(G, "Putin", "Xi")


def test_big_graph_uses_sampled_betweenness():
    from actorgraph.graph.store import open_store

    G = load_network(fill_store(open_store(":memory:"), 800, 2000))
    assert len(G) > analysis.EXACT_BETWEENNESS_LIMIT
    stats = compute_stats(G, top=5)
    assert stats["betweenness_sampled"] is True
    assert len(stats["top_betweenness"]) == 5 and stats["top_betweenness"][0]["value"] > 0
    assert stats["edges"] == 2000


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    location = tmp_path_factory.mktemp("store") / "store"
    load_store(location=location).close()
    return str(location)


def test_stats_command(store_dir):
    import json

    from click.testing import CliRunner

    import cli

    runner = CliRunner()
    text = runner.invoke(cli.main, ["--store", store_dir, "stats", "--top", "3"], catch_exceptions=False)
    assert text.exit_code == 0
    assert text.output.startswith("10 actors, 12 relations from 3 articles (1 connected component)\n")
    assert "Most relations: Russia (6), United States (3), Vladimir Putin (3)" in text.output
    data = json.loads(runner.invoke(cli.main, ["--store", store_dir, "stats", "--format", "json",
                                               "--relation", "headOfState"], catch_exceptions=False).output)
    assert data["edges"] == 4 and data["relations"] == {"headOfState": 4}


def test_path_command(store_dir):
    import json

    from click.testing import CliRunner

    import cli

    runner = CliRunner()
    text = runner.invoke(cli.main, ["--store", store_dir, "path", "Prabowo", "Joe Biden", "--max-paths", "1"],
                         catch_exceptions=False)
    assert text.exit_code == 0
    assert "Path 1 (2 steps): Prabowo Subianto → Vladimir Putin → Joe Biden" in text.output
    assert "“US President Joe Biden met Russian President Vladimir Putin in Geneva" in text.output
    data = json.loads(runner.invoke(cli.main, ["--store", store_dir, "path", "prabowo", "biden", "--format",
                                               "json"], catch_exceptions=False).output)
    assert len(data["paths"]) == 2
    assert data["paths"][0][0]["relations"][0]["evidence"][0]["url"] == "https://example.id/berita/prabowo-putin"
    none = runner.invoke(cli.main, ["--store", store_dir, "path", "Prabowo", "Biden", "--relation", "sanctions"])
    assert none.exit_code == 1 and "no actor named 'Prabowo' among the actors with relations" in none.output
    missing = runner.invoke(cli.main, ["--store", store_dir, "path", "Prabowo", "Nobody"])
    assert missing.exit_code == 1 and "Error: no actor named 'Nobody'" in missing.output
