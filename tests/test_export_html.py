"""The interactive HTML page, opened in a real headless Chromium over the DevTools protocol."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from chromium import Browser, chromium_available
from actorgraph.exports.html import render_html, safe_url, script_json, write_html
from actorgraph.graph.network.view import load_network
from network_fixture import load_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate_network import fill_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/actorgraph/id/"
PUTIN, PRABOWO = ID + "person/vladimir-putin", ID + "person/prabowo-subianto"
XSS_ACTOR, XSS_STATE = ID + "person/img-src-x-onerror-alert-1", ID + "state/href"
browser_test = pytest.mark.skipif(not chromium_available(), reason="chromium not installed (make browser)")


@pytest.fixture(scope="module")
def network():
    return load_network(load_store())


@pytest.fixture(scope="module")
def browser():
    if not chromium_available():
        pytest.skip("chromium not installed (make browser)")
    with Browser() as b:
        yield b


def open_page(browser, path):
    browser.open(path)
    browser.wait_for("window.actorgraph && window.actorgraph.drawn && window.actorgraph.stabilized", timeout=60)
    browser.pump(0.3)


def edge_id(browser, relation):
    return browser.evaluate(f"actorgraph.edges.get({{filter: e => e.relation === {relation!r}}})[0].id")


# Offline checks of the Python side.

def test_script_json_cannot_close_the_script_element():
    text = script_json({"a": "</script><!-- & \u2028\u2029 >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text


def test_only_http_urls_are_links():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//example.org",
                "https://exa mple.org", "https://x.org/\nx", None, "vbscript:x", "file:///etc/passwd"):
        assert safe_url(bad) is None, bad


def test_page_is_self_contained(network):
    html = render_html(network, title="t")
    for needle in ("<script src", "<link", "@import", "http-equiv=\"Content-Security-Policy\""):
        assert (needle in html) == (needle.startswith("http-equiv")), needle
    assert "vis-network" in html and "bootstrap" not in html.lower()


def test_trimmed_page_says_what_was_left_out(network):
    import json
    import re

    html = render_html(network, max_nodes=3)
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', html, re.S).group(1))
    assert len(data["nodes"]) == 3
    assert data["omitted"]["nodes"] == 7
    assert "7 actors" in data["notice"] and "--max-nodes" in data["notice"]


def test_help_does_not_import_pyvis_or_networkx():
    code = ("import sys, cli; cli.main(['--help'], standalone_mode=False); "
            "print('pyvis' in sys.modules, 'networkx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False False"


def test_render_command_writes_the_page(tmp_path):
    location = tmp_path / "store"
    load_store(location=location).close()
    out = tmp_path / "putin.html"
    result = CliRunner().invoke(cli.main, ["--store", str(location), "render", "-o", str(out),
                                           "--actor", "Putin", "--relation", "metWith",
                                           "--relation", "plansToMeet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "drew 3 of 3 actors" in result.output
    html = out.read_text("utf-8")
    assert "Prabowo Subianto" in html and "Joe Biden" in html and "Dmitry Medvedev" not in html
    assert "<title>actorgraph: around Putin</title>" in html


def test_render_command_errors(tmp_path):
    location = tmp_path / "store"
    load_store(location=location).close()
    runner = CliRunner()
    bad = runner.invoke(cli.main, ["--store", str(location), "render", "--since", "June"])
    assert bad.exit_code == 2 and "not a date" in bad.output
    unknown = runner.invoke(cli.main, ["--store", str(location), "render", "-o", str(tmp_path / "x.html"),
                                       "--actor", "Nobody"])
    assert unknown.exit_code == 1 and "Error: no actor named 'Nobody'" in unknown.output
    assert not (tmp_path / "x.html").exists()


# In the browser.

@pytest.mark.browser
def test_page_loads_quietly_offline_with_every_node_and_edge(browser, network, tmp_path):
    path = tmp_path / "g.html"
    write_html(network, path, title="Fixture")
    open_page(browser, path)
    assert browser.errors() == []
    assert [u for u in browser.requests() if not u.startswith(("file:", "data:"))] == []
    assert browser.evaluate("[actorgraph.nodeView.length, actorgraph.edgeView.length]") == [10, 12]
    positions = browser.evaluate("Object.keys(actorgraph.network.getPositions()).length")
    assert positions == 10
    assert browser.evaluate("document.getElementById('summary').textContent").startswith("Showing 10 of 10")


@pytest.mark.browser
def test_clicking_shows_the_facts_and_evidence(browser, network, tmp_path):
    path = tmp_path / "g.html"
    write_html(network, path)
    open_page(browser, path)
    # A real mouse click on Putin's node.
    x, y = browser.evaluate(f"""(() => {{
        const p = actorgraph.network.canvasToDOM(actorgraph.network.getPosition({PUTIN!r}));
        const r = document.getElementById('network').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }})()""")
    for kind in ("mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
    browser.wait_for("!document.getElementById('panel').hidden")
    panel = browser.evaluate("document.getElementById('panel-body').textContent")
    assert "Vladimir Putin" in panel and "Q7747" in panel and "Presiden Putin" in panel
    # A click on the metWith edge, through vis-network's own click event.
    met = edge_id(browser, "metWith")
    browser.evaluate(f"void actorgraph.network.body.emitter.emit('click', {{nodes: [], edges: [{met!r}]}})")
    panel = browser.evaluate("document.getElementById('panel-body').textContent")
    assert "US President Joe Biden met Russian President Vladimir Putin in Geneva" in panel
    assert "Occurred" in panel and "2021-06-16" in panel
    links = browser.evaluate("[...document.querySelectorAll('#panel a')].map(a => [a.href, a.textContent])")
    assert ["https://example.org/news/geneva-summit", "Biden and Putin meet in Geneva"] in links


@pytest.mark.browser
def test_search_and_filters(browser, network, tmp_path):
    path = tmp_path / "g.html"
    write_html(network, path)
    open_page(browser, path)
    browser.evaluate("""(() => { const s = document.getElementById('search'); s.value = 'prabowo';
        s.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); })()""")
    assert browser.evaluate("actorgraph.network.getSelectedNodes()") == [PRABOWO]
    assert browser.evaluate("document.querySelector('#panel h2').textContent") == "Prabowo Subianto"
    # The relation checkbox in the legend: actors left without relations disappear too.
    browser.evaluate("document.querySelector('#relation-filters input[data-name=headOfState]').click()")
    assert browser.evaluate("[actorgraph.nodeView.length, actorgraph.edgeView.length]") == [8, 8]
    browser.evaluate("document.getElementById('reset').click()")
    browser.evaluate("actorgraph.setKind('Person', false)")
    assert browser.evaluate("[actorgraph.nodeView.length, actorgraph.edgeView.length]") == [4, 4]
    browser.evaluate("actorgraph.setKind('Person', true); actorgraph.setDates('2022-01-01', '2022-12-31')")
    relations = browser.evaluate("actorgraph.edgeView.get().map(e => e.relation).sort()")
    assert relations == ["inConflictWith", "ministerOf", "sanctions", "supports"]
    browser.evaluate("actorgraph.setDates('', '')")
    assert browser.evaluate("actorgraph.edgeView.length") == 12
    assert browser.errors() == []


@pytest.mark.browser
def test_events_as_nodes(browser, network, tmp_path):
    path = tmp_path / "events.html"
    write_html(network, path, events=True)
    open_page(browser, path)
    assert browser.errors() == []
    counts = browser.evaluate("""[actorgraph.nodeView.length, actorgraph.edgeView.length,
        actorgraph.nodes.get({filter: n => n.kind === 'Event'}).length]""")
    assert counts == [16, 18, 6]  # six events, each linked to its two participants
    event = ID + "event/e3e3e3e3e3e3e3e3"
    browser.evaluate(f"void actorgraph.network.body.emitter.emit('click', {{nodes: [{event!r}], edges: []}})")
    panel = browser.evaluate("document.getElementById('panel-body').textContent")
    assert "Threat" in panel and "Threatened" in panel and "mengancam" in panel


@pytest.mark.browser
def test_screenshot_is_not_blank(browser, network, tmp_path):
    from PIL import Image

    path = tmp_path / "g.html"
    write_html(network, path)
    open_page(browser, path)
    shot = browser.screenshot(tmp_path / "g.png")
    image = Image.open(shot).convert("RGB")
    left = browser.evaluate("document.getElementById('network').getBoundingClientRect().left")
    canvas = image.crop((int(left) + 1, 0, image.width, image.height))
    raw = canvas.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3]))
    drawn = sum(1 for p in pixels if min(p) < 235)
    assert drawn > 0.01 * len(pixels), f"only {drawn} non-background pixels"
    state_red = sum(1 for r, g, b in pixels if abs(r - 0xE4) < 12 and abs(g - 0x57) < 12 and abs(b - 0x56) < 12)
    assert state_red > 200  # the four State squares are drawn


@pytest.mark.browser
def test_hostile_text_is_shown_as_text_and_never_runs(browser, tmp_path):
    G = load_network(load_store("network_xss"))
    path = tmp_path / "xss.html"
    write_html(G, path, title="<img src=x onerror=\"window.__xss='heading'\">", events=False)
    open_page(browser, path)
    browser.evaluate(f"actorgraph.showNode({XSS_ACTOR!r})")
    met = edge_id(browser, "metWith")
    browser.evaluate(f"actorgraph.showEdge({met!r})")
    panel = browser.evaluate("document.getElementById('panel-body').textContent")
    assert "They met <img src=x onerror=" in panel
    assert "<script>window.__xss='title'</script><b>Bold</b> & more" in panel
    links = browser.evaluate("[...document.querySelectorAll('a')].map(a => a.href)")
    assert links == ["https://example.org/fine?a=1&b=2"]  # the javascript: URL stayed text
    browser.evaluate(f"actorgraph.showNode({XSS_STATE!r})")
    wikidata = browser.evaluate("[...document.querySelectorAll('#panel a')].map(a => a.href)")
    assert all(h.startswith("https://www.wikidata.org/wiki/Q1%2522onmouseover") for h in wikidata)
    assert browser.evaluate("document.title") == "<img src=x onerror=\"window.__xss='heading'\">"
    # Hover the hostile actor: vis-network's tooltip must show text, not markup.
    x, y = browser.evaluate(f"""(() => {{
        const p = actorgraph.network.canvasToDOM(actorgraph.network.getPosition({XSS_ACTOR!r}));
        const r = document.getElementById('network').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }})()""")
    browser.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    browser.wait_for("document.querySelector('.vis-tooltip') && "
                     "document.querySelector('.vis-tooltip').style.visibility === 'visible'", timeout=10)
    assert "<img src=x" in browser.evaluate("document.querySelector('.vis-tooltip').textContent")
    browser.pump(0.5)
    assert browser.evaluate("typeof window.__xss") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img, svg script, iframe, object, embed').length") == 0
    assert browser.evaluate("document.querySelectorAll('script').length") == 3
    assert browser.dialogs() == []
    assert browser.errors() == []
    assert [u for u in browser.requests() if not u.startswith(("file:", "data:"))] == []


@pytest.mark.browser
@pytest.mark.slow
def test_big_graph_is_laid_out_in_python_and_drawn(browser, tmp_path):
    from actorgraph.graph.store import open_store

    G = load_network(fill_store(open_store(":memory:"), 5000, 20000))
    path = tmp_path / "big.html"
    write_html(G, path, max_nodes=5000)
    open_page(browser, path)  # drawn within the 60 s limit; bench/bench_render.py measures it
    assert browser.evaluate("actorgraph.data.physics") is False
    assert browser.evaluate("[actorgraph.nodeView.length, actorgraph.edgeView.length]") == [len(G), 20000]
    assert browser.errors() == []


def test_write_html_to_a_text_stream(network):
    stream = io.StringIO()
    write_html(network, stream)
    assert stream.getvalue().startswith("<!DOCTYPE html>")


def test_render_command_with_a_construct_query_to_stdout(tmp_path):
    location = tmp_path / "store"
    load_store(location=location).close()
    query = tmp_path / "sanctions.rq"
    query.write_text("CONSTRUCT { ?s ag:sanctions ?o } WHERE { ?s ag:sanctions ?o }", "utf-8")
    result = CliRunner().invoke(cli.main, ["--store", str(location), "render", "--query", str(query),
                                           "-o", "-", "--title", "Sanctions & <more>"],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert "<title>Sanctions &amp; &lt;more&gt;</title>" in result.output
    assert "The United States imposed sweeping sanctions on Russia." in result.output
    assert "Prabowo" not in result.output


def test_an_event_of_three_is_one_node_linked_once_to_each_participant():
    import networkx as nx

    from actorgraph.exports.html import page_data

    G = nx.MultiDiGraph()
    for name in "abc":
        G.add_node(name, label=name.upper(), kind="Person", degree=2)
    meeting = {"iri": "E", "type": "Meeting", "label": "Meeting: A, B, C", "status": "Occurred",
               "date": "2024-01-02", "start": "2024-01-02", "end": "2024-01-02",
               "participants": ["a", "b", "c"], "evidence": []}
    for u, v in (("a", "b"), ("a", "c"), ("b", "c")):
        G.add_edge(u, v, key="metWith", relation="metWith", symmetric=True, status="Occurred",
                   facts=[meeting], evidence=[], start="2024-01-02", end="2024-01-02")
    data = page_data(G, title="t", events=True)
    assert sorted(n["id"] for n in data["nodes"]) == ["E", "a", "b", "c"]
    assert sorted((e["from"], e["to"]) for e in data["edges"]) == [("E", "b"), ("E", "c"), ("a", "E")]
    assert all(e["arrows"] == "" for e in data["edges"])  # mutual: no arrowheads


# The timeline and source conflicts, over the example series built for real.

@pytest.fixture(scope="module")
def series_page(tmp_path_factory):
    from actorgraph.graph.build import build_articles
    from actorgraph.graph.store import open_store

    folder = tmp_path_factory.mktemp("series-page")
    with open_store(str(folder / "store")) as store:
        assert build_articles(store, [str(ROOT / "examples" / "series")]).failed == 0
        G = load_network(store)
    path = folder / "series.html"
    write_html(G, path, title="Series")
    return path, G


JOKOWI, ANWAR = ID + "person/joko-widodo", ID + "person/anwar-ibrahim"


@pytest.mark.browser
def test_timeline_lists_an_actors_events_in_date_order_with_their_history(browser, series_page):
    path, G = series_page
    open_page(browser, path)
    browser.evaluate(f"actorgraph.showNode({JOKOWI!r})")
    entries = browser.evaluate("[...document.querySelectorAll('#timeline li')].map(li => "
                               "[li.querySelector('.date').textContent, li.querySelector('.item').textContent])")
    days = [d for d, _ in entries]
    assert len(entries) >= 2 and days == sorted(days)
    summit = [text for _, text in entries if text.startswith("Meeting")]
    assert summit and "Planned \u2192 Postponed \u2192 Planned \u2192 Occurred" in summit[0]
    # an entry opens its history and evidence, and selects the edge it backs
    browser.evaluate("[...document.querySelectorAll('#timeline li .item')].find(b => "
                     "b.textContent.startsWith('Meeting')).click()")
    panel = browser.evaluate("document.getElementById('panel-body').textContent")
    assert "History" in panel and "Postponed (2024-06" in panel and "ditunda" in panel.lower()
    assert browser.evaluate("actorgraph.network.getSelectedEdges().length") >= 1
    # the timeline drives the date filter...
    browser.evaluate("[...document.querySelectorAll('#timeline li')].find(li => "
                     "li.textContent.includes('Meeting')).querySelector('.date').click()")
    assert browser.evaluate("[document.getElementById('date-from').value, "
                            "document.getElementById('date-to').value]") == ["2024-06-03", "2024-06-03"]
    # ...and the date filter greys out the entries outside it
    outside = browser.evaluate("[...document.querySelectorAll('#timeline li')].map(li => "
                               "[li.querySelector('.item').textContent.split(' ')[0], li.classList.contains('outside')])")
    assert ["Meeting:", False] in outside and ["Phone", True] in outside
    browser.evaluate("actorgraph.setDates('', '')")
    assert not browser.evaluate("[...document.querySelectorAll('#timeline li.outside')].length")
    # a pair: only the events both take part in
    count = browser.evaluate(f"actorgraph.showTimeline([{JOKOWI!r}, {ANWAR!r}], 'pair')")
    assert count == sum(1 for item in browser.evaluate("actorgraph.data.timeline")
                        if JOKOWI in item["nodes"] and ANWAR in item["nodes"])
    assert browser.errors() == []
    assert [u for u in browser.requests() if not u.startswith(("file:", "data:"))] == []


@pytest.mark.browser
def test_a_source_conflict_is_marked_with_both_sources(browser, series_page):
    path, _G = series_page
    open_page(browser, path)
    marked = browser.evaluate("actorgraph.edges.get({filter: e => e.conflict}).map(e => "
                              "[e.id, e.relation, !!(e.shadow && e.shadow.enabled)])")
    assert len(marked) == 1 and marked[0][1] == "metWith" and marked[0][2]
    plain = browser.evaluate("actorgraph.edges.get({filter: e => !e.conflict && e.shadow}).length")
    assert plain == 0
    browser.evaluate(f"actorgraph.showEdge({marked[0][0]!r})")
    panel = browser.evaluate("document.getElementById('panel-body').textContent")
    assert "Sources conflict" in panel and "Denied (2025-02-11)" in panel and "Occurred (2025-02-11)" in panel
    titles = browser.evaluate("[...document.querySelectorAll('#panel .conflicts .source')].map(p => p.textContent)")
    assert len(titles) == 2 and titles[0] != titles[1]
    timeline = browser.evaluate("document.getElementById('timeline').textContent")
    assert "\u26a0" in timeline
    assert browser.errors() == []


@pytest.mark.browser
def test_hostile_text_in_the_timeline_stays_text(browser, tmp_path):
    G = load_network(load_store("network_xss"))
    path = tmp_path / "xss-timeline.html"
    write_html(G, path)
    open_page(browser, path)
    shown = browser.evaluate(f"actorgraph.showTimeline([{XSS_ACTOR!r}], '<b>x</b>')")
    assert shown == 1
    assert "<svg onload=" in browser.evaluate("document.getElementById('timeline').textContent")
    browser.evaluate("document.querySelector('#timeline li .item').click()")
    assert "<svg onload=" in browser.evaluate("document.getElementById('panel-body').textContent")
    assert "<b>x</b>" in browser.evaluate("document.getElementById('timeline-caption').textContent")
    browser.pump(0.3)
    assert browser.evaluate("typeof window.__xss") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert browser.dialogs() == [] and browser.errors() == []
