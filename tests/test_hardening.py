"""Hardening: bad input, faults and limits, met the way a user meets them, through real processes.

Complements test_ingest (the readers), test_store / test_remote / test_query / test_imports (store
faults in one process) and test_export_html (escaping in Chromium). Here the installed command
runs as its own process: on a directory of every kind of bad file, on hostile RDF with no way
out to the network, killed with SIGKILL mid-write, beside a second writer, on a read-only or
full disk (a private mount namespace), and with no network at all (a network namespace).
"""

import base64
import http.server
import json
import os
import random
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from actorgraph.graph.store.embedded import lock_holder

ROOT = Path(__file__).resolve().parent.parent
AG = Path(sys.executable).with_name("actorgraph")
ID = "https://w3id.org/actorgraph/id/"
REGISTRY = ID + "graph/registry"
DCT_SOURCE = "http://purl.org/dc/terms/source"
IN_PROGRESS = '"actorgraph: import in progress"'
ACTORS = ID + "graph/actors"
RELATIONS = ID + "graph/relations"
SHARED = (ACTORS, RELATIONS)  # what the articles back: compared to what the articles in the store back
AG_ONT = "https://w3id.org/actorgraph/ontology#"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

pytestmark = pytest.mark.skipif(not AG.exists(), reason=f"{AG} is not installed (pip install -e .)")

GOOD_ID = "Presiden Rusia Vladimir Putin bertemu Presiden Tiongkok Xi Jinping di Beijing pada Kamis.\n"
GOOD_EN = "US President Joe Biden met Russian President Vladimir Putin in Geneva on Wednesday.\n"


def clean_env(**extra):
    """The environment without the user's ACTORGRAPH_* settings, plus extra."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")}
    env.update(extra)
    return env


def ag(*args, env=None, timeout=300, **kwargs):
    """Run the installed command; a traceback anywhere fails the test."""
    done = subprocess.run([str(AG), *map(str, args)], capture_output=True, text=True,
                          env=env or clean_env(), timeout=timeout, **kwargs)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def error_line(done):
    """The command failed with exactly one line on stderr, `Error: …`; return it."""
    lines = done.stderr.splitlines()
    assert done.returncode != 0 and len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    return lines[0]


def graphs_of(location):
    """{graph IRI: set of N-Triples lines} of a store on disk, opened read-only."""
    store = ox.Store.read_only(str(location))
    found = {}
    for quad in store:
        assert not isinstance(quad.subject, ox.BlankNode) and not isinstance(quad.object, ox.BlankNode)
        found.setdefault(quad.graph_name.value, set()).add(str(quad.triple))
    return found


def backed_descriptions(graphs, described):
    """The lines of a clean build's actors graph that the given article graphs back: statements
    about actors they mention, and only the names and aliases their mentions used."""
    mentioned, forms, of = set(), set(), {}
    quads = [q for g, lines in graphs.items() if g not in SHARED for q in _parse_lines(lines)]
    for q in quads:
        if q.predicate.value == AG_ONT + "mentions":
            mentioned.add(q.object.value)
        elif q.predicate.value == AG_ONT + "mentionOf":
            of[q.subject.value] = q.object.value
    for q in quads:
        if q.predicate.value in (AG_ONT + "surfaceForm", AG_ONT + "name") and q.subject.value in of:
            kind = ALT if q.predicate.value == AG_ONT + "surfaceForm" else LABEL
            forms.add((of[q.subject.value], kind, q.object.value))
    kept = set()
    for t in _parse_lines(described):
        if t.subject.value not in mentioned:
            continue
        if t.predicate.value in (ALT, LABEL) and \
                (t.subject.value, t.predicate.value, t.object.value) not in forms:
            continue
        kept.add(str(t))
    return kept


def backed_edges(graphs, edges):
    """The lines of a clean build's relations graph that the given article graphs state."""
    from actorgraph.graph.store.relations import STATES, edge_key

    stated = {q.object.value for g, lines in graphs.items() if g not in SHARED
              for q in _parse_lines(lines) if q.predicate.value == STATES}
    return {str(t) for t in _parse_lines(edges)
            if edge_key(t.subject.value, t.predicate.value, t.object.value) in stated}


def _parse_lines(lines):
    """Triples from graphs_of's lines (str of a pyoxigraph Triple: no closing dot)."""
    text = "".join(f"{line} .\n" for line in lines)
    return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))


def graphs_in_nquads(path):
    found = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        found.setdefault(quad.graph_name.value, set()).add(str(quad.triple))
    return found


def article_count(location):
    """Article graphs in a store another process is writing; 0 while it cannot be read."""
    try:
        store = ox.Store.read_only(str(location))
        return sum(1 for g in store.named_graphs() if g.value.startswith(ID + "article/"))
    except (OSError, RuntimeError):
        return 0


def wait_for(condition, child, timeout=60, what="the condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        assert child.poll() is None, f"the process ended before {what}: {child.stderr.read()}"
        assert time.monotonic() < deadline, f"no {what} after {timeout} s"
        time.sleep(0.05)


PEAK_RSS = textwrap.dedent("""
    import resource, subprocess, sys
    done = subprocess.run(sys.argv[1:], capture_output=True)
    sys.stderr.buffer.write(done.stderr)
    sys.stdout.buffer.write(done.stdout)
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    sys.exit(done.returncode)
""")


def peak_rss(*args, env=None):
    """(peak RSS in MB of the command run alone, its CompletedProcess)."""
    done = subprocess.run([sys.executable, "-c", PEAK_RSS, str(AG), *map(str, args)],
                          capture_output=True, text=True, env=env or clean_env(), timeout=600)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return int(done.stdout.split()[-1]) / 1024, done


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- a generated corpus -------------------------------------------------------------------------

PEOPLE = ["Joe Biden", "Vladimir Putin", "Xi Jinping", "Emmanuel Macron", "Olaf Scholz",
          "Narendra Modi", "Recep Tayyip Erdogan", "Joko Widodo", "Fumio Kishida", "Anthony Albanese"]
NEWCOMERS = [f"{first} {last}" for first in ("Darto", "Selina", "Tomas", "Rudi", "Ilse")
             for last in ("Wiranegara", "Marwick", "Ekvall", "Hartawan", "Brodsky")]
INVENTED = {"en": "Foreign Minister {n} met {a} in {p} on Tuesday.",
            "id": "Menteri Luar Negeri {n} bertemu {a} di {p} pada hari Selasa."}
PLACES = ["Geneva", "Beijing", "Jakarta", "Paris", "Berlin", "Tokyo", "Ankara", "New Delhi"]
EN = ["{a} met {b} in {p} on Monday to discuss trade.", "{a} spoke with {b} by phone about the war.",
      "{a} threatened to impose sanctions on {b}.", "{a} criticised {b} over the talks in {p}.",
      "{a} will meet {b} in {p} next week."]
IDN = ["{a} bertemu {b} di {p} pada hari Senin.", "{a} berbicara dengan {b} melalui telepon.",
       "{a} mengancam akan menjatuhkan sanksi terhadap {b}."]


def write_corpus(path, count, seed=7):
    """count articles as JSON Lines, two English to one Indonesian, dated across 2024."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            lang = "en" if i % 3 else "id"
            sentences = []
            for _ in range(rng.randint(3, 8)):
                a, b = rng.sample(PEOPLE, 2)
                sentences.append(rng.choice(EN if lang == "en" else IDN).format(
                    a=a, b=b, p=rng.choice(PLACES)))
            if i % 3 == 0:  # someone the registry does not know: described in the actors graph
                sentences.append(INVENTED[lang].format(n=rng.choice(NEWCOMERS), a=rng.choice(PEOPLE),
                                                       p=rng.choice(PLACES)))
            out.write(json.dumps({"text": " ".join(sentences) + f" Ref {i}.", "title": f"Story {i}",
                                  "date": f"2024-{1 + i % 9:02d}-{10 + i % 10}", "lang": lang,
                                  "url": f"https://news.example/{i}"}) + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return {n: write_corpus(folder / f"articles-{n}.jsonl", n) for n in (32, 200, 2000)}


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory, corpus):
    """The 2,000 articles built in one uninterrupted run: its graphs and its peak RSS."""
    store = tmp_path_factory.mktemp("clean") / "store"
    rss, _ = peak_rss("--store", store, "build", "-q", corpus[2000])
    return {"graphs": graphs_of(store), "rss": rss}


# --- 1. bad articles, end to end ----------------------------------------------------------------

def test_a_directory_of_bad_inputs_reports_each_and_builds_the_good_ones(tmp_path):
    top = tmp_path / "in"
    top.mkdir()
    good = {"good-id.txt": GOOD_ID, "good-en.txt": GOOD_EN}
    for name, text in good.items():
        (top / name).write_text(text, encoding="utf-8")
    (top / "utf16.txt").write_bytes("Presiden Joko Widodo bertemu Perdana Menteri Jepang Fumio "
                                     "Kishida di Tokyo.".encode("utf-16"))
    (top / "latin1.txt").write_bytes("Emmanuel Macron met Olaf Scholz in Berlin, a café.".encode("latin-1"))
    (top / "crlf.txt").write_bytes(b"Joe Biden met Xi Jinping in Lima.\r\nThey talked.\rAgain.\n")
    (top / "one-line.txt").write_bytes(b"Joe Biden met Vladimir Putin. " + b"x" * (1 << 20) + b"\n")
    (top / "broken.html").write_text("<html><body><p>Narendra Modi met Xi Jinping in New Delhi"
                                     "<div><b>unclosed <i>tags", encoding="utf-8")
    (top / "batch.jsonl").write_text(
        json.dumps({"text": "Joe Biden met Xi Jinping in Bali.", "date": "2022-11-14"})
        + "\n{not json\n" + json.dumps({"text": "Xi Jinping bertemu Vladimir Putin di Moskow.",
                                          "date": "2023-03-21"}) + "\n", encoding="utf-8")
    (top / "dir.txt").mkdir()  # a directory named like a file is walked
    (top / "dir.txt" / "inner.txt").write_text("Fumio Kishida met Joko Widodo in Tokyo.\n")
    bad = {"empty.txt": "empty input", "blank.txt": "no text (whitespace only)",
           "image.txt": "binary file (PNG image)", "archive.txt": "binary file (ZIP archive)",
           "huge.txt": "more than the limit of 5242880 bytes", "nobody.html": "no text found",
           "batch.jsonl:2": "not valid JSON", "not-a-feed.xml": "not an RSS or Atom feed",
           "empty-feed.rss": "the feed has no entries", "fifo.txt": "not a regular file",
           "mem.txt": "cannot read", "loop1": "symlink loop", "loop2": "symlink loop",
           "up": "symlink loop"}
    (top / "empty.txt").write_bytes(b"")
    (top / "blank.txt").write_bytes(b"  \n\t\r\n ")
    (top / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (top / "archive.txt").write_bytes(b"PK\x03\x04\x14\x00" + bytes(64))
    with open(top / "huge.txt", "wb") as handle:  # 50 MB
        handle.write(b"Joe Biden met Vladimir Putin. " * (50 * 1024 * 1024 // 30))
    (top / "nobody.html").write_text("<html><head><title>t</title></head><body></body></html>")
    (top / "not-a-feed.xml").write_text('<?xml version="1.0"?><catalog><book>x</book></catalog>')
    (top / "empty-feed.rss").write_text('<rss version="2.0"><channel><title>t</title></channel></rss>')
    os.mkfifo(top / "fifo.txt")                       # would block a reader for ever
    os.symlink("/proc/self/mem", top / "mem.txt")     # unreadable even for root
    os.symlink("loop2", top / "loop1")
    os.symlink("loop1", top / "loop2")
    (top / "sub").mkdir()
    os.symlink("..", top / "sub" / "up")
    store = tmp_path / "store"

    done = ag("--store", store, "build", top, timeout=120)

    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[-1].startswith("built 10 articles (14 failed)"), done.stderr
    for name, message in bad.items():
        mine = [line for line in lines[:-1] if re.search(rf"/{re.escape(name)}(:|$| )", line)]
        assert len(mine) == 1 and message in mine[0], (name, mine)
    assert len(lines) == len(bad) + 1
    sources = [row["source"] for row in graph_rows(store) if row["kind"] == "article"]
    expected = [str(top / n) for n in ("good-id.txt", "good-en.txt", "utf16.txt", "latin1.txt",
                                       "crlf.txt", "one-line.txt", "broken.html")]
    expected += [str(top / "batch.jsonl")] * 2 + [str(top / "dir.txt" / "inner.txt")]
    assert sorted(sources) == sorted(expected)


def graph_rows(store):
    done = ag("--store", store, "graphs", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- 2. hostile RDF: nothing fetched, no entity read or expanded ----------------------------------

SITECUSTOMIZE = """
import os, socket
_log = os.environ.get("NETWORK_LOG_FOR_TESTS")
if _log:
    _connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex

    def _refuse(real):
        def connect(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6):
                with open(_log, "a") as fh:
                    fh.write(f"{os.getpid()} {address!r}\\n")
                raise OSError(101, "network disabled by the test")
            return real(self, address)
        return connect

    socket.socket.connect, socket.socket.connect_ex = _refuse(_connect), _refuse(_connect_ex)
"""


@pytest.fixture
def no_network(tmp_path):
    """An environment whose Python processes log and refuse every internet socket connect."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "network.log"
    env = clean_env(PYTHONPATH=str(folder), NETWORK_LOG_FOR_TESTS=str(log))
    # the control: the mechanism does catch a real attempt
    probe = subprocess.run([sys.executable, "-c", "import urllib.request; urllib.request.urlopen("
                            "'http://127.0.0.1:9/', timeout=2)"], env=env, capture_output=True)
    assert probe.returncode != 0 and log.read_text().count("127.0.0.1") == 1
    log.unlink()
    return env, log


class Recorder(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.hits.append(self.path)
        body = b'{"@context": {"name": "http://schema.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def context_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def billion_laughs():
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE r [", '<!ENTITY l0 "lollollollollollollollollollol">']
    lines += [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    lines += ["]>", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
              'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">',
              '<rdf:Description rdf:about="http://example.org/a"><rdfs:label>&l9;</rdfs:label>'
              "</rdf:Description>", "</rdf:RDF>"]
    return "\n".join(lines) + "\n"


def test_hostile_rdf_never_reaches_out_reads_entities_or_expands_them(tmp_path, no_network,
                                                                       context_server):
    env, log = no_network
    server, base = context_server
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-" + secrets.token_hex(8))
    files = {
        "context.jsonld": (json.dumps({"@context": f"{base}/context.jsonld", "@id": "http://a",
                                       "name": "x"}), "remote JSON-LD contexts are not fetched"),
        "contexts.jsonld": (json.dumps({"@context": [{"@import": f"{base}/c2.jsonld"},
                                                     f"{base}/c3.jsonld"],
                                        "@id": "http://a", "name": "x"}),
                            "remote JSON-LD contexts are not fetched"),
        "xxe.rdf": ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "'
                    f'{secret.as_uri()}">]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
                    'syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
                    '<rdf:Description rdf:about="http://a"><rdfs:label>&x;</rdfs:label>'
                    "</rdf:Description>\n</rdf:RDF>\n", ":2: XML entity declarations"),
        "laughs.rdf": (billion_laughs(), ":3: XML entity declarations"),
    }
    store = tmp_path / "store"
    for name, (text, message) in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        for args in (["validate", path], ["--store", store, "import", path],
                     ["registry", "search", "Putin", "--registry", path]):
            started = time.monotonic()
            done = ag(*args, env=env, timeout=60, preexec_fn=limit_memory)
            line = error_line(done)
            assert done.returncode == 2 and line.startswith(f"Error: {path}") and message in line, line
            assert secret.read_text() not in done.stdout + done.stderr
            assert time.monotonic() - started < 30
    assert server.hits == [] and not log.exists()
    assert not [row for row in graph_rows(store) if row["kind"] == "import"]


# --- 2b. a big import: streamed, flat memory, wholly in or out under kill -9 ----------------------

def write_ntriples(path, count):
    """count N-Triples about generated actors; one of them is Vladimir Putin by Wikidata IRI."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("<http://example.org/vvp> <http://www.w3.org/2002/07/owl#sameAs> "
                  "<http://www.wikidata.org/entity/Q7747> .\n")
        for i in range(count - 1):
            node, kind = divmod(i, 4)
            if kind == 0:
                out.write(f"<http://example.org/n/{node}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                          "type> <https://w3id.org/actorgraph/ontology#Person> .\n")
            elif kind == 1:
                out.write(f'<http://example.org/n/{node}> <http://www.w3.org/2000/01/rdf-schema#label> '
                          f'"Person number {node}"@en .\n')
            else:
                out.write(f"<http://example.org/n/{node}> <https://w3id.org/actorgraph/ontology#metWith> "
                          f"<http://example.org/n/{(node * 7919 + kind) % (count // 4)}> .\n")
    return path


def import_graphs(location):
    try:
        store = ox.Store.read_only(str(location))
        return [g.value for g in store.named_graphs() if g.value.startswith(ID + "graph/import/")]
    except (OSError, RuntimeError):  # another process is writing it: try again
        return []


@pytest.mark.slow
def test_a_big_import_streams_and_is_all_or_nothing_under_kill_9(tmp_path):
    big = write_ntriples(tmp_path / "big.nt", 500_000)
    small = write_ntriples(tmp_path / "small.nt", 120_000)
    (tmp_path / "putin.txt").write_text(GOOD_EN)
    store = tmp_path / "store"
    assert ag("--store", store, "build", "-q", "--date", "2021-06-16", tmp_path / "putin.txt").returncode == 0
    before = graphs_of(store)

    child = subprocess.Popen([str(AG), "--store", str(store), "import", "--no-validate", str(big)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
    try:
        wait_for(lambda: import_graphs(store), child, what="the first chunk")
        time.sleep(0.5)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    partial = graphs_of(store)
    (graph,) = set(partial) - set(before)
    assert any(IN_PROGRESS in line for line in partial[graph]), "the import had finished"
    assert 0 < len(partial[graph]) < 500_000

    from actorgraph.graph.store import open_store

    with open_store(store):  # the only writer now: what the killed import left goes
        pass
    assert graphs_of(store) == before

    rss_big, done = peak_rss("--store", store, "import", "--no-validate", big)
    assert "500001 triples" in done.stdout and "1 actors merged" in done.stdout, done.stdout
    after = graphs_of(store)
    assert {g: after[g] for g in before} == before
    assert len(after[graph]) == 500_001 and not any(IN_PROGRESS in line for line in after[graph])
    rss_small, done = peak_rss("--store", tmp_path / "other", "import", "--no-validate", small)
    assert "120000 triples" in done.stdout and "0 actors merged" in done.stdout
    print(f"peak RSS: {rss_big:.0f} MB importing 500,000 triples, {rss_small:.0f} MB for 120,000")
    assert rss_big < 1.5 * rss_small and rss_big < 1024

    refused = ag("--store", tmp_path / "other", "import", small)
    assert "120,000 triples are more than the 100,000" in error_line(refused)
    assert "--no-validate" in error_line(refused)


# --- 3. SPARQL: a runaway update stops cleanly and leaves the store as it was -------------------

def test_a_runaway_update_stops_at_its_timeout_and_changes_nothing(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_EN)
    store = tmp_path / "store"
    assert ag("--store", store, "build", "-q", tmp_path / "a.txt").returncode == 0
    before = graphs_of(store)
    started = time.monotonic()
    done = ag("--store", store, "update", "--timeout", "1",
              "INSERT { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/n> ?n } }"
              " WHERE { SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f }"
              " GRAPH ?g3 { ?x ?y ?z } FILTER(?c != ?z) } }")
    assert error_line(done) == "Error: update stopped after 1 s (--timeout SECONDS to allow more)"
    assert done.returncode == 1 and time.monotonic() - started < 10
    assert graphs_of(store) == before
    again = ag("--store", store, "update", "INSERT DATA { GRAPH <http://example.org/h> { "
               "<http://example.org/a> <http://example.org/p> 1 } }")
    assert again.returncode == 0, again.stderr  # the lock went with the process


# --- 5. faults with real processes ----------------------------------------------------------------

@pytest.mark.slow
def test_kill_9_during_build_leaves_whole_articles_and_a_rerun_equals_a_clean_build(
        tmp_path, corpus, clean_build):
    store = tmp_path / "store"
    child = subprocess.Popen([str(AG), "--store", str(store), "build", "-q", str(corpus[2000])],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
    try:
        wait_for(lambda: article_count(store) >= 64, child, what="two batches of articles")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    clean = clean_build["graphs"]
    killed = graphs_of(store)
    articles = [g for g in killed if g.startswith(ID + "article/")]
    assert 64 <= len(articles) < 2000
    for graph, triples in killed.items():  # every article is exactly as a clean build wrote it
        if graph not in SHARED:
            assert triples == clean[graph], graph
    # and the actors graph describes exactly the actors of the articles that made it in, the
    # relations graph holds exactly the edges they state
    assert clean.get(ACTORS) and clean.get(RELATIONS)  # the corpus names people the registry lacks
    assert killed.get(ACTORS, set()) == backed_descriptions(killed, clean.get(ACTORS, set()))
    assert killed.get(RELATIONS, set()) == backed_edges(killed, clean[RELATIONS])
    rerun = ag("--store", store, "build", "-q", corpus[2000])
    assert rerun.returncode == 0, rerun.stderr
    assert graphs_of(store) == clean


@pytest.mark.slow
def test_a_second_build_fails_or_waits_while_readers_go_on(tmp_path, corpus):
    (tmp_path / "a.txt").write_text(GOOD_ID)
    store = tmp_path / "store"
    first = subprocess.Popen([str(AG), "--store", str(store), "build", "-q", str(corpus[2000])],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env())
    try:
        wait_for(lambda: lock_holder(str(store)) == first.pid and article_count(store), first,
                 what="the first build holding the store")
        second = ag("--store", store, "build", tmp_path / "a.txt")
        assert error_line(second) == (f"Error: store {store} is in use by another process (pid "
                                      f"{first.pid}); retry later or pass --wait SECONDS")
        reader = ag("--store", store, "query", "--format", "csv",
                    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ag:Article }")
        assert reader.returncode == 0 and int(reader.stdout.split()[-1]) > 0, reader.stderr
        assert first.poll() is None, "the first build ended too soon to test beside it"
        third = ag("--store", store, "--wait", "300", "build", tmp_path / "a.txt")
        assert third.returncode == 0, third.stderr
        assert "is in use by another process" in third.stderr and "waiting" in third.stderr
        assert first.wait(timeout=300) == 0
    finally:
        first.kill()
        first.wait()
    rows = graph_rows(store)
    assert sum(row["kind"] == "article" for row in rows) == 2001


def can(*command):
    try:
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


MOUNTS = pytest.mark.skipif(not can("unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"),
                            reason="needs root and mount namespaces (unshare -m) for a read-only "
                                   "or full disk")


def in_mount_namespace(script, **paths):
    """Run a bash script in a private mount namespace (its mounts vanish with it)."""
    env = clean_env(AG=str(AG), **{k: str(v) for k, v in paths.items()})
    return subprocess.run(["unshare", "-m", "bash", "-c", script], env=env, capture_output=True,
                          text=True, timeout=600)


@MOUNTS
def test_a_read_only_store_gives_one_clear_line_and_stays_as_it_was(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_EN)
    (tmp_path / "b.txt").write_text(GOOD_ID)
    (tmp_path / "c.ttl").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    store = tmp_path / "store"
    assert ag("--store", store, "build", "-q", tmp_path / "a.txt").returncode == 0
    before = graphs_of(store)
    out = tmp_path / "out"
    out.mkdir()
    done = in_mount_namespace("""
        mount --bind -o ro "$STORE" "$STORE"
        "$AG" --store "$STORE" build "$B" 2> "$OUT/build"; echo $? >> "$OUT/codes"
        "$AG" --store "$STORE" import --no-validate "$C" 2> "$OUT/import"; echo $? >> "$OUT/codes"
        "$AG" --store "$STORE" update 'CLEAR ALL' 2> "$OUT/update"; echo $? >> "$OUT/codes"
        "$AG" --store "$STORE" query --format csv 'ASK { ?s ?p ?o }' > "$OUT/query"; echo $? >> "$OUT/codes"
    """, STORE=store, B=tmp_path / "b.txt", C=tmp_path / "c.ttl", OUT=out)
    assert done.returncode == 0, done.stderr
    assert (out / "codes").read_text().split() == ["1", "1", "1", "0"]
    for name in ("build", "import", "update"):
        text = (out / name).read_text()
        assert "Traceback" not in text and text.count("\n") == 1, text
        assert text.startswith(f"Error: cannot open store {store}: ") and "Read-only file system" in text
    assert (out / "query").read_text().strip().endswith("true")  # readers still read it
    assert graphs_of(store) == before


@MOUNTS
@pytest.mark.slow
def test_a_full_disk_stops_the_build_with_one_line_and_keeps_whole_articles(tmp_path, corpus,
                                                                           clean_build):
    out = tmp_path / "out"
    out.mkdir()
    done = in_mount_namespace("""
        set -e
        mkdir -p "$MNT" && mount -t tmpfs -o size=1g tmpfs "$MNT"
        "$AG" --store "$MNT/store" build -q "$FIRST"
        "$AG" --store "$MNT/store" export --include-registry --format nquads -o "$OUT/before.nq"
        free=$(df -k --output=avail "$MNT" | tail -1)
        dd if=/dev/zero of="$MNT/filler" bs=1k count=$((free - 1024)) 2>/dev/null || true
        set +e
        "$AG" --store "$MNT/store" build "$ALL" > "$OUT/full.out" 2> "$OUT/full.err"; echo $? > "$OUT/code"
        set -e
        rm "$MNT/filler"
        "$AG" --store "$MNT/store" export --include-registry --format nquads -o "$OUT/after.nq"
        "$AG" --store "$MNT/store" build -q "$ALL"
        "$AG" --store "$MNT/store" export --include-registry --format nquads -o "$OUT/rerun.nq"
    """, MNT=tmp_path / "mnt", FIRST=corpus[32], ALL=corpus[2000], OUT=out)
    assert done.returncode == 0, done.stderr
    assert (out / "code").read_text().strip() == "1"
    errors = (out / "full.err").read_text().splitlines()
    assert len(errors) == 1 and errors[0].startswith("Error: write to store "), errors[:3]
    assert "No space left on device" in errors[0]
    # the first 32 articles were built from a file of their own: their dcterms:source differs
    clean = {g: {t for t in triples if DCT_SOURCE not in t} for g, triples in clean_build["graphs"].items()}
    before, after, rerun = ({g: {t for t in triples if DCT_SOURCE not in t}
                             for g, triples in graphs_in_nquads(out / name).items()}
                            for name in ("before.nq", "after.nq", "rerun.nq"))
    assert len(before) == 35 and all(before[g] == clean[g] for g in before if g not in SHARED)
    assert set(before) <= set(after) < set(clean)
    assert all(after[g] == clean[g] for g in after if g not in SHARED)  # what got in is whole
    for partial in (before, after):  # and the actors it mentions are described, exactly
        assert partial[ACTORS] == backed_descriptions(partial, clean[ACTORS])
        assert partial[RELATIONS] == backed_edges(partial, clean[RELATIONS])
    assert rerun == clean


@pytest.mark.slow
def test_build_memory_does_not_grow_with_the_corpus(tmp_path, corpus, clean_build):
    small, _ = peak_rss("--store", tmp_path / "store", "build", "-q", corpus[200])
    print(f"peak RSS: {small:.0f} MB building 200 articles, {clean_build['rss']:.0f} MB for 2,000")
    # Measured 130 MB for 200 articles, 147 MB for 2,000, 175 MB for 10,000 once a build stopped
    # reading the store's event histories per batch (graph/history.py EventIndex); before, RocksDB's
    # index blocks and the rows grew with the store: 131 / 209 / 351 MB
    assert clean_build["rss"] < 1.3 * small and clean_build["rss"] < 200


# --- 6. no network at all -------------------------------------------------------------------------

@pytest.mark.slow
def test_the_demo_runs_with_no_network(tmp_path, no_network):
    env, log = no_network
    env["ACTORGRAPH"] = str(AG)
    command = ["bash", str(ROOT / "examples" / "demo.sh"), str(tmp_path / "out")]
    if can("unshare", "-n", "true"):
        command = ["unshare", "-n"] + command  # a network namespace with no interface at all
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "out" / "actorgraph.html").stat().st_size > 10_000
    assert "metWith" in (tmp_path / "out" / "actorgraph.ttl").read_text()
    assert not log.exists()


# --- 7. credentials never shown ------------------------------------------------------------------

def test_credentials_never_show_when_the_endpoint_is_down(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_EN)
    (tmp_path / "c.ttl").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    password = "pw-" + secrets.token_hex(8)
    url = f"http://127.0.0.1:{free_port()}/query"
    hidden = [password, base64.b64encode(f"alice:{password}".encode()).decode()]
    basic = clean_env(ACTORGRAPH_USER="alice", ACTORGRAPH_PASSWORD=password)
    runs = [(basic, ["query", "ASK { ?s ?p ?o }"]), (basic, ["build", tmp_path / "a.txt"]),
            (basic, ["import", "--no-validate", tmp_path / "c.ttl"]),
            (clean_env(ACTORGRAPH_TOKEN=password), ["graphs"])]
    for env, args in runs:  # each fails after its three tries, and says so in one line
        done = ag("--store", url, *args, env=env)
        assert re.fullmatch(r"Error: SPARQL endpoint http://127\.0\.0\.1:\d+/query failed after "
                            r"3 tries: .*[Rr]efused.*", error_line(done)), done.stderr
        assert not any(secret in done.stdout + done.stderr for secret in hidden)
    in_url = ag("--store", url.replace("//", f"//alice:{password}@"), "graphs")
    assert "not in the store URL" in error_line(in_url) and password not in in_url.stderr


# --- remote endpoints that answer slowly or with a hostile document ------------------------------

class Slow(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.seen += 1
        if self.server.mode == "slow":
            time.sleep(1.5)
            return
        body = billion_laughs().encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rdf+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_a_slow_or_hostile_endpoint_is_a_clear_error():
    from actorgraph.graph.errors import StoreError, StoreUnavailableError
    from actorgraph.graph.store.remote import RemoteStore

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.seen, server.mode = 0, "slow"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store = RemoteStore(f"http://127.0.0.1:{server.server_address[1]}/query", timeout=0.3,
                            tries=2, backoff=0.01)
        started = time.monotonic()
        with pytest.raises(StoreUnavailableError, match=r"failed after 2 tries: no answer within 0.3 s"):
            store.query("ASK { ?s ?p ?o }")
        assert server.seen == 2 and time.monotonic() - started < 3
        server.mode = "laughs"
        with pytest.raises(StoreError, match="unreadable answer .*entity declarations"):
            store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    finally:
        server.shutdown()
        server.server_close()


# --- 8. limits: stated in the README, enforced by the code, shown by --help ---------------------

def readme_limits():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in table.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): (cells[1].strip(), cells[2].strip()) for cells in rows[1:]}


def help_of(*command):
    from click.testing import CliRunner

    from actorgraph.cli import main

    result = CliRunner().invoke(main, [*command, "--help"], catch_exceptions=False)
    return " ".join(result.output.split())


def test_the_limits_in_the_readme_are_those_the_code_enforces():
    from actorgraph.graph.ingest import reader as ingest
    from actorgraph.graph.store import embedded as store
    from actorgraph.graph.store import imports, query, remote

    limits = readme_limits()
    assert limits["article size"][0].startswith("5 MB") and ingest.DEFAULT_MAX_BYTES == 5 << 20
    assert limits["query time"] == ("60 s (also `update` and `ask`)", "`--timeout`")
    assert query.DEFAULT_TIMEOUT == 60
    for command in ("query", "update", "ask"):
        assert re.search(r"--timeout FLOAT RANGE .*\[default: 60(\.0)?; x>=0\]", help_of(command))
    assert limits["nodes drawn in one page"][1] == "`render --max-nodes`"
    assert limits["nodes drawn in one page"][0].startswith("2,000")
    assert "[default: 2000; x>=1]" in help_of("render")
    assert limits["waiting for another writer"][0].startswith("0 s")
    assert re.search(r"--wait FLOAT RANGE .*\[default: 0", help_of())
    checked = limits["import checked against the shapes"]
    assert checked[0].startswith(f"{imports.VALIDATE_MAX_TRIPLES:,} triples")
    assert checked[1] == "`import --no-validate`" and "--no-validate" in help_of("import")
    assert limits["import in one transaction"][0].startswith(f"{imports.CHUNK_TRIPLES:,} triples")
    endpoint = limits["SPARQL endpoint request"][0]
    assert endpoint.startswith(f"{remote.TIMEOUT_SECONDS:g} s, {remote.TRIES} tries")
    assert f"{store.FLUSH_EVERY:,} quads" in limits["memory of `build`"][0]


def test_worker_processes_build_the_same_store_as_one_process(tmp_path):
    """--jobs 2: forked workers share the parent's registry; the store is the same to the quad."""
    corpus = write_corpus(tmp_path / "small.jsonl", 150)
    with open(corpus, "a", encoding="utf-8") as out:
        out.write("this line is not JSON\n")
    one = ag("--store", tmp_path / "one", "build", "-q", corpus)
    two = ag("--store", tmp_path / "two", "build", "-q", "--jobs", "2", corpus)
    assert one.returncode == two.returncode == 1 and "small.jsonl:151" in two.stderr
    built = graphs_of(tmp_path / "two")
    assert sum(g.startswith("https://w3id.org/actorgraph/id/article/") for g in built) == 150
    assert built == graphs_of(tmp_path / "one")
