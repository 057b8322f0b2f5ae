"""The remote store: a real `oxigraph serve` for the SPARQL and Graph Store protocols, and small
local HTTP servers for failures (down, 5xx, garbage, credentials)."""

import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import rdflib
import rdflib.compare
from click.testing import CliRunner

from actorgraph.cli import main
from actorgraph.graph.errors import QueryError, StoreError
from actorgraph.graph.store.named import run_named_query
from actorgraph.graph.store.query import bind_values, run_query
from actorgraph.graph.store.remote import RemoteStore, endpoint_urls
from actorgraph.graph.store import open_store
from actorgraph.ontology import REGISTRY_GRAPH
from store_fixture import A1, A2, A3, PUTIN, TRUMP, article_ntriples, fill_store

ROOT = Path(__file__).resolve().parent.parent
EVIL = 'x" } ; DROP ALL ; #'


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary():
    found = Path(sys.executable).with_name("oxigraph")
    return str(found) if found.exists() else shutil.which("oxigraph")


@pytest.fixture
def server(tmp_path):
    """A fresh `oxigraph serve` on a free loopback port; yields its base URL."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "server"),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph serve did not start: {process.stderr.read()!r}")
            time.sleep(0.1)
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def invoke(store, *args, code=0, **kwargs):
    result = CliRunner().invoke(main, ["--store", store, *args], catch_exceptions=code != 0,
                                **kwargs)
    assert result.exit_code == code, result.output
    return result


def comparable(row):
    """A row as text, with GROUP_CONCAT lists sorted (their order is the engine's choice)."""
    def text(term):
        if term is None:
            return "-"
        for separator in (", ", " | "):
            if separator in term.value:
                return separator.join(sorted(term.value.split(separator)))
        return str(term)

    return str([text(t) for t in row])


# --- against a real SPARQL server ----------------------------------------------------------------

@pytest.mark.server
def test_build_like_writes_queries_and_removal(server):
    store = open_store(server)
    assert isinstance(store, RemoteStore)
    fill_store(store)
    assert store.graph_iris() == sorted([A1, A2, A3, REGISTRY_GRAPH])
    # replacing a graph leaves only the new content
    store.replace_graph(A3, article_ntriples()[A3].replace("Moskwa", "Moskow"))
    store.replace_graph(A3, article_ntriples()[A3])
    assert run_query(store, 'ASK { ?p rdfs:label "Moskwa"@id }').boolean
    assert not run_query(store, 'ASK { ?p rdfs:label "Moskow"@id }').boolean
    rows = run_query(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e a ag:Meeting } } ORDER BY ?g")
    assert [r[0].value for r in rows.rows] == [A1, A2, A3]
    triples = run_query(store, f"CONSTRUCT {{ <{PUTIN}> ag:metWith ?x }} WHERE "
                        f"{{ <{PUTIN}> ag:metWith ?x }}")
    assert len(set(triples.triples)) == 2
    assert store.remove_graph(A3) is True and store.remove_graph(A3) is False
    assert A3 not in store.graph_iris()
    store.update(f"DROP GRAPH <{A2}>")
    assert store.graph_iris() == [A1, REGISTRY_GRAPH]


@pytest.mark.server
def test_named_queries_give_the_same_answers_as_the_embedded_store(server):
    remote = open_store(server)
    fill_store(remote)
    local = open_store(":memory:")
    fill_store(local)
    cases = [("meetings", {"actor": "putin"}), ("meetings", {"actor": "Putin", "since": "2025-08"}),
             ("sanctions", {}), ("sanctions", {"actor": "Tiongkok"}), ("envoys", {}),
             ("roles", {"actor": "Biden"}), ("between", {"actor": "Witkoff", "other": "Putin"}),
             ("top-actors", {"type": "ag:State"}), ("article", {"article": A2}),
             ("planned-meetings", {"actor": "Trump"}), ("search", {"text": "pres"})]
    for name, values in cases:
        ours = run_named_query(local, name, values)
        theirs = run_named_query(remote, name, values)
        assert ours.variables == theirs.variables, name
        assert sorted(map(comparable, ours.rows)) == sorted(map(comparable, theirs.rows)), (
            name, values)
        assert ours.rows, name
    assert run_named_query(remote, "search", {"text": EVIL}).rows == []
    with pytest.raises(QueryError, match="no actor matches"):
        run_named_query(remote, "meetings", {"actor": EVIL})
    assert len(remote.graph_iris()) == 4


@pytest.mark.server
def test_remote_syntax_errors_point_into_the_users_text(server):
    store = open_store(server)
    with pytest.raises(QueryError) as caught:
        store.query("SELECT ?a WHERE {\n  ?a ag:metWith ?b\n  FILTER(?a = ) }")
    assert "line 3, column" in str(caught.value) and "FILTER(?a = ) }" in str(caught.value)


@pytest.mark.server
def test_cli_against_the_server(server, tmp_path):
    fill_store(open_store(server))
    out = invoke(server, "query", "--format", "csv",
                 f"SELECT DISTINCT ?x WHERE {{ <{TRUMP}> ag:plansToMeet ?x }}").output
    assert out.splitlines() == ["x", PUTIN]
    assert "Geneva" in invoke(server, "ask", "meetings", "-p", "actor=Putin", "--format", "csv").output
    # export, import into a second graph of the same server, remove
    exported = tmp_path / "all.ttl"
    invoke(server, "export", "-o", str(exported))
    graph = rdflib.Graph().parse(exported, format="turtle")
    assert len(graph) > 100
    other = tmp_path / "other.ttl"
    other.write_text('<http://example.org/p1> <http://www.w3.org/2000/01/rdf-schema#label> '
                     '"Vladimir Putin"@en ; a <https://w3id.org/actorgraph/ontology#Person> .\n')
    report = invoke(server, "import", "--no-validate", str(other)).output
    assert f"-> <{PUTIN}>" in report
    listing = json.loads(invoke(server, "graphs", "--format", "json").output)
    kinds = sorted(g["kind"] for g in listing)
    assert kinds == ["article", "article", "article", "import", "registry"]
    invoke(server, "remove", "examples/en/trump-putin.txt")
    assert A2 not in open_store(server).graph_iris()
    invoke(server, "update", f"DROP GRAPH <{A1}>")
    assert A1 not in open_store(server).graph_iris()


@pytest.mark.server
def test_build_command_against_the_server(server, tmp_path):
    """The real build writes its articles through the Graph Store Protocol."""
    build = pytest.importorskip("actorgraph.graph.build")
    assert build
    article = tmp_path / "article.txt"
    article.write_text("Biden and Putin meet in Geneva\n\nUS President Joe Biden met Russian "
                       "President Vladimir Putin in Geneva on Wednesday.\n", encoding="utf-8")
    invoke(server, "build", "--quiet", "--lang", "en", "--date", "2021-06-16", str(article))
    graphs = json.loads(invoke(server, "graphs", "--format", "json").output)
    assert [g["kind"] for g in graphs].count("article") == 1
    assert REGISTRY_GRAPH in {g["iri"] for g in graphs}


# --- failures, with small local servers -----------------------------------------------------------

class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers each request with the next (status, content type, body) of the server's script."""

    def log_message(self, *args):
        pass

    def _answer(self):
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        status, kind, body = self.server.script[min(len(self.server.seen), len(self.server.script)) - 1]
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer


@pytest.fixture
def fake():
    """A scripted HTTP server on loopback: set .script, read .seen."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.script, server.seen = [(200, "application/sparql-results+json", b"{}")], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def test_server_down_is_one_clear_line_after_three_tries():
    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query", backoff=0.01)
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        store.query("ASK {}")
    message = str(caught.value)
    assert "failed after 3 tries" in message and "\n" not in message
    assert "refused" in message.lower()
    assert time.monotonic() - started < 5


def test_5xx_is_retried_with_backoff_then_reported(fake):
    fake.script = [(503, "text/plain", b"busy")]
    store = RemoteStore(fake.url, backoff=0.05)
    started = time.monotonic()
    with pytest.raises(StoreError, match="failed after 3 tries: HTTP 503: busy"):
        store.replace_graph(A1, article_ntriples()[A1])
    assert [s[0] for s in fake.seen] == ["PUT"] * 3
    assert time.monotonic() - started >= 0.05 + 0.1  # 0.05 then 0.1 s between the tries


def test_a_5xx_then_success_is_recovered(fake):
    answer = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
        {"x": {"type": "uri", "value": PUTIN}}]}}).encode()
    fake.script = [(500, "text/plain", b"oops"), (200, "application/sparql-results+json", answer)]
    rows = run_query(RemoteStore(fake.url, backoff=0.01), "SELECT ?x WHERE { ?x ?p ?o }")
    assert rows.rows[0][0].value == PUTIN and len(fake.seen) == 2


def test_updates_are_not_retried(fake):
    fake.script = [(502, "text/plain", b"gateway")]
    with pytest.raises(StoreError, match="after 1 try"):
        RemoteStore(fake.url, backoff=0.01).update("CLEAR ALL")
    assert len(fake.seen) == 1


def test_garbage_answers_are_a_store_error(fake):
    fake.script = [(200, "application/sparql-results+json", b'{"head": {"vars": ["x"]}, "resu')]
    with pytest.raises(StoreError, match="unreadable answer"):
        RemoteStore(fake.url).query("SELECT ?x WHERE { ?x ?p ?o }")
    fake.script = [(200, "text/html", b"<html>login</html>")]
    with pytest.raises(StoreError, match="unexpected content type 'text/html'"):
        RemoteStore(fake.url).query("SELECT ?x WHERE { ?x ?p ?o }")


def test_credentials_come_from_the_environment_and_never_show(fake, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_USER", "alice")
    monkeypatch.setenv("ACTORGRAPH_PASSWORD", "s3cret-pw")
    fake.script = [(401, "text/plain", b"who are you")]
    result = invoke(fake.url, "query", "ASK { ?s ?p ?o }", code=1)
    assert "refused access (HTTP 401)" in result.output
    assert "s3cret" not in result.output and "alice" not in result.output
    assert fake.seen[0][2].startswith("Basic ")  # sent, but only as a header
    monkeypatch.setenv("ACTORGRAPH_TOKEN", "tok-123")
    fake.script = [(200, "application/sparql-results+json", b'{"head":{},"boolean":true}')]
    assert RemoteStore(fake.url).query("ASK {}")
    assert fake.seen[-1][2] == "Bearer tok-123"
    with pytest.raises(StoreError, match="ACTORGRAPH_USER") as caught:
        RemoteStore("http://bob:hunter2@127.0.0.1:1/query")
    assert "hunter2" not in str(caught.value)


def test_endpoint_urls(monkeypatch):
    monkeypatch.delenv("ACTORGRAPH_UPDATE_URL", raising=False)
    monkeypatch.delenv("ACTORGRAPH_GSP_URL", raising=False)
    assert endpoint_urls("http://h:7878/query") == (
        "http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert endpoint_urls("https://h/") == ("https://h/query", "https://h/update", "https://h/store")
    assert endpoint_urls("http://h/ds") == ("http://h/ds",) * 3
    monkeypatch.setenv("ACTORGRAPH_UPDATE_URL", "http://h/write")
    assert endpoint_urls("http://h/query")[1] == "http://h/write"


def test_bind_values_opens_the_where_group():
    binds = {"a": rdflib_free_literal(EVIL)}
    text = bind_values("SELECT ?a ?x WHERE { ?x ?p ?a }", binds)
    assert text == ('SELECT ?a ?x WHERE { VALUES (?a) { ("x\\" } ; DROP ALL ; #") }  ?x ?p ?a }')
    sub = bind_values("SELECT * { SELECT ?a WHERE { ?s ?p ?a } }", binds)
    assert sub.startswith("SELECT * { VALUES (?a)") and sub.endswith("{  SELECT ?a WHERE { ?s ?p ?a }  }}")
    construct = bind_values("CONSTRUCT { ?s ?p ?a } WHERE { ?s ?p ?a }", binds)
    assert construct.startswith("CONSTRUCT { ?s ?p ?a } WHERE { VALUES")
    tricky = bind_values('SELECT ?a WHERE # a { comment\n { ?s ?p "{" . ?s ?q ?a }', binds)
    assert '# a { comment\n { VALUES' in tricky
    with pytest.raises(QueryError, match="short form"):
        bind_values("CONSTRUCT WHERE { ?s ?p ?a }", binds)


def rdflib_free_literal(text):
    import pyoxigraph as ox

    return ox.Literal(text)


@pytest.mark.server
def test_an_endpoint_keeps_the_actors_graph_exact_as_the_embedded_store_does(server):
    """Builds, a re-build and a removal against a real server: one UPDATE each, and the actors
    graph ends as in the embedded store."""
    from actorgraph.graph.build import build_article
    from actorgraph.graph.registry import load_registry
    from actorgraph.ontology import ACTORS_GRAPH, RELATIONS_GRAPH
    from test_actors import article

    registry = load_registry()
    remote, local = open_store(server), open_store(":memory:")
    steps = [("a", "https://news.example/a"), ("b", "https://news.example/b"),
             ("a2", "https://news.example/a")]
    for store in (remote, local):
        for key, url in steps:
            build_article(store, article(key, url), registry=registry)

    def described(store):  # the actors graph and the relations graph
        return {str(q.triple) for q in store.graph_quads([ACTORS_GRAPH, RELATIONS_GRAPH])}

    assert described(remote) == described(local)
    assert "darto-wiranegara" in " ".join(described(remote))
    assert "ontology#metWith" in " ".join(described(remote))
    b = article("b", "https://news.example/b").iri
    assert remote.remove_graph(b) and local.remove_graph(b)
    assert described(remote) == described(local)
    assert "darto-wiranegara" not in " ".join(described(remote))
