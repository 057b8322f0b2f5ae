"""The embedded store: atomic graph writes, kill -9 safety, one writer at a time, readers."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from actorgraph.graph.errors import QueryError, StoreError
from actorgraph.graph.store.embedded import describe_graphs, lock_holder
from actorgraph.graph.store import open_store
from actorgraph.graph.store.base import syntax_error
from actorgraph.ontology import REGISTRY_GRAPH
from store_fixture import A1, A2, A3, PUTIN, fill_store

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
G = "https://w3id.org/actorgraph/id/article/00000000000000f1"


def nt(graph, version, count):
    """count triples that all carry the version: a torn write would mix versions or counts."""
    return "".join(f'<{graph}#s{i}> <https://w3id.org/actorgraph/ontology#v> "{version}" .\n'
                   for i in range(count))


def triples_of(store, graph):
    return list(store.graph_quads([graph]))


def run_python(code, *args):
    """Start a Python child with the project on its path; stdout is a pipe."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.path.join(ROOT, "tests"))
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_replace_graph_swaps_the_whole_graph(tmp_path):
    with open_store(tmp_path / "store") as store:
        store.replace_graph(G, nt(G, 1, 5))
        store.replace_graph(G, nt(G, 2, 3))
        values = {q.object.value for q in triples_of(store, G)}
        assert values == {"2"} and len(triples_of(store, G)) == 3
        assert store.graph_iris() == [G]


def test_a_malformed_write_leaves_the_old_graph(tmp_path):
    with open_store(tmp_path / "store") as store:
        store.replace_graph(G, nt(G, 1, 4))
        with pytest.raises(StoreError, match="not valid N-Triples"):
            store.replace_graph(G, nt(G, 2, 4) + "<broken> .\n")
        assert {q.object.value for q in triples_of(store, G)} == {"1"}


def test_ntriples_cannot_smuggle_an_update(tmp_path):
    with open_store(":memory:") as store:
        store.replace_graph(G, nt(G, 1, 2))
        evil = '<http://a> <http://b> "x" . } } ; DROP ALL ; INSERT DATA { GRAPH <http://g> {\n'
        with pytest.raises(StoreError):
            store.replace_graph(A1, evil)
        assert store.graph_iris() == [G]
        with pytest.raises(StoreError, match="invalid graph IRI"):
            store.replace_graph("http://g> } ; DROP ALL ; #", nt(G, 1, 1))


def test_empty_ntriples_removes_the_graph_and_remove_reports_presence():
    with open_store(":memory:") as store:
        store.replace_graph(G, nt(G, 1, 2))
        store.replace_graph(G, "")
        assert store.graph_iris() == []
        store.replace_graph(G, nt(G, 1, 2))
        assert store.remove_graph(G) is True
        assert store.remove_graph(G) is False


def test_queries_see_the_union_and_graph_reaches_provenance():
    with open_store(":memory:") as store:
        fill_store(store)
        rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?x ag:metWith ?y } } ORDER BY ?g")
        assert [r["g"].value for r in rows] == [A1, A2, A3]
        assert bool(store.query(f"ASK {{ <{PUTIN}> ag:metWith ?someone }}"))


def test_describe_graphs_lists_articles_and_registry():
    with open_store(":memory:") as store:
        fill_store(store)
        found = {g["iri"]: g for g in describe_graphs(store)}
    assert found[REGISTRY_GRAPH]["kind"] == "registry"
    assert found[A2]["kind"] == "article" and found[A2]["date"] == "2025-08-06"
    assert found[A2]["source"] == "examples/en/trump-putin.txt"
    assert found[A1]["title"] == "Biden and Putin meet in Geneva" and found[A1]["triples"] > 20


def test_data_survives_close_and_reopen(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as store:
        fill_store(store)
    with open_store(path, read_only=True) as store:
        assert store.graph_iris() == sorted([A1, A2, A3, REGISTRY_GRAPH])
        with pytest.raises(StoreError, match="read-only"):
            store.replace_graph(G, nt(G, 1, 1))


def test_read_only_open_of_a_missing_store_says_so(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "nothing", read_only=True)
    assert not (tmp_path / "nothing").exists()


def test_a_file_is_not_a_store(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        open_store(tmp_path / "file")


def test_syntax_errors_name_line_column_and_the_line():
    with open_store(":memory:") as store:
        with pytest.raises(QueryError) as caught:
            store.query("SELECT ?a WHERE {\n  ?a ag:metWith ?b\n  FILTER(?a = ) }")
    message = str(caught.value)
    assert "line 3, column" in message and "FILTER(?a = ) }" in message and "^" in message
    assert caught.value.exit_code == 2
    assert "line 1, column 5" in str(syntax_error("SELECT", "error at 1:5: expected x"))


HOLDER = """
    import sys, time
    from actorgraph.graph.store import open_store
    store = open_store(sys.argv[1])
    print("open", flush=True)
    time.sleep(float(sys.argv[2]))
    store.close()
    print("closed", flush=True)
    time.sleep(30)
"""


def test_a_second_writer_fails_with_the_holders_pid(tmp_path):
    path = tmp_path / "store"
    child = run_python(HOLDER, path, 60)
    try:
        assert child.stdout.readline().strip() == "open"
        assert lock_holder(str(path)) == child.pid
        started = time.monotonic()
        with pytest.raises(StoreError) as caught:
            open_store(path)
        assert time.monotonic() - started < 2
        assert f"is in use by another process (pid {child.pid})" in str(caught.value)
        assert "--wait" in str(caught.value)
        # a reader is not blocked by the writer
        with open_store(path, read_only=True) as reader:
            assert reader.graph_iris() == []
    finally:
        child.kill()
        child.wait()


def test_a_second_writer_can_wait_for_the_first(tmp_path):
    path = tmp_path / "store"
    child = run_python(HOLDER, path, 1.0)
    told = []
    try:
        assert child.stdout.readline().strip() == "open"
        with open_store(path, wait=20, on_wait=told.append) as store:
            store.replace_graph(G, nt(G, 1, 1))
        assert child.stdout.readline().strip() == "closed"
        assert len(told) == 1 and f"pid {child.pid}" in told[0] and "waiting" in told[0]
    finally:
        child.kill()
        child.wait()


def test_waiting_in_vain_fails(tmp_path):
    path = tmp_path / "store"
    child = run_python(HOLDER, path, 60)
    try:
        assert child.stdout.readline().strip() == "open"
        started = time.monotonic()
        with pytest.raises(StoreError, match="in use by another process"):
            open_store(path, wait=0.6)
        assert 0.5 < time.monotonic() - started < 5
    finally:
        child.kill()
        child.wait()


WRITER = """
    import sys
    from actorgraph.graph.store import open_store
    from test_store import nt
    store = open_store(sys.argv[1])
    graphs, size = int(sys.argv[2]), int(sys.argv[3])
    version = 0
    while True:
        version += 1
        for i in range(graphs):
            graph = f"https://w3id.org/actorgraph/id/article/{i:016x}"
            store.replace_graph(graph, nt(graph, version, size + version % 7))
            print(version, i, flush=True)
"""


@pytest.mark.slow
def test_kill_9_leaves_every_article_whole(tmp_path):
    """A writer killed mid-loop: every graph is one complete version, and the store opens."""
    path = tmp_path / "store"
    graphs, size = 40, 300
    child = run_python(WRITER, path, graphs, size)
    try:
        seen = 0
        deadline = time.monotonic() + 60
        while seen < 3 * graphs and time.monotonic() < deadline:  # a few full rewrites first
            assert child.stdout.readline(), child.stderr.read()
            seen += 1
        time.sleep(0.15)  # and kill it in the middle of a later write
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    with open_store(path) as store:
        names = store.graph_iris()
        assert len(names) == graphs
        for name in names:
            values = {q.object.value for q in triples_of(store, name)}
            assert len(values) == 1, f"{name} mixes versions {values}"
            version = int(values.pop())
            assert len(triples_of(store, name)) == size + version % 7
        store.replace_graph(G, nt(G, 1, 1))  # and it takes writes again


def test_cli_reports_the_holder_and_waits_on_request(tmp_path):
    from click.testing import CliRunner

    from actorgraph.cli import main

    path = tmp_path / "store"
    child = run_python(HOLDER, path, 1.5)
    try:
        assert child.stdout.readline().strip() == "open"
        refused = CliRunner().invoke(main, ["--store", str(path), "update", "CLEAR ALL"])
        assert refused.exit_code == 1
        assert f"Error: store {path} is in use by another process (pid {child.pid})" in refused.output
        waited = CliRunner().invoke(main, ["--store", str(path), "--wait", "30", "update",
                                           "CLEAR ALL"], catch_exceptions=False)
        assert waited.exit_code == 0, waited.output
        assert "waiting" in waited.output and "update applied" in waited.output
    finally:
        child.kill()
        child.wait()


def _graph_text(tag, n):
    return "".join(f"<http://example.org/{tag}/s{i}> <http://example.org/p> \"{tag} value {i}\" .\n"
                   for i in range(n))


def _compactions(monkeypatch):
    """Count the compactions closing runs (the real ones still run), with a low threshold so a
    test writes little."""
    from actorgraph.graph.store import embedded

    calls = []
    real = embedded.EmbeddedStore.optimize
    monkeypatch.setattr(embedded, "OPTIMIZE_AFTER", 500)
    monkeypatch.setattr(embedded.EmbeddedStore, "optimize",
                        lambda self: calls.append(self.path) or real(self))
    return calls


def test_closing_compacts_after_a_first_build_or_a_big_share_but_not_after_a_small_addition(
        tmp_path, monkeypatch):
    calls = _compactions(monkeypatch)
    path = tmp_path / "s"
    with open_store(path) as store:       # a first build: compacted
        store.replace_graphs([(f"http://example.org/g{k}", _graph_text(f"a{k}", 100), "", "")
                              for k in range(80)])
    assert len(calls) == 1
    # 600 statements onto 8,000: too small a share (each flush's table files carry a fixed
    # overhead, which a real store dwarfs; here the base is big enough to dwarf it too)
    with open_store(path) as store:
        store.replace_graphs([(f"http://example.org/h{k}", _graph_text(f"b{k}", 100), "", "")
                              for k in range(6)])
    assert len(calls) == 1
    with open_store(path) as store:       # more than the store held: compacted
        store.replace_graphs([(f"http://example.org/i{k}", _graph_text(f"c{k}", 100), "", "")
                              for k in range(120)])
    assert len(calls) == 2
    with open_store(path, read_only=True) as store:   # and nothing was lost on the way
        assert len(store.graph_iris()) == 206
