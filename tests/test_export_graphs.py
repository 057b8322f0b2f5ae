"""GraphML, GEXF, CSV, Cytoscape.js and DOT exports, each read back with an independent reader."""

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pydot
import pytest
from lxml import etree

from actorgraph.exports.cytoscape import write_cytoscape
from actorgraph.exports.dot import write_dot
from actorgraph.exports.gexf import write_gexf
from actorgraph.exports.graphml import write_graphml
from actorgraph.exports.tables import table_paths, write_csv
from actorgraph.graph.network.view import load_network
from network_fixture import load_store

SCHEMAS = Path(__file__).parent / "data" / "schemas"
ID = "https://w3id.org/actorgraph/id/"
PUTIN, BIDEN, US, RU = ID + "person/vladimir-putin", ID + "person/joe-biden", ID + "state/us", ID + "state/ru"
TRICKY = 'Say "hi" \\ to <b>&amp;</b>\nand ünïcode'


@pytest.fixture(scope="module")
def G():
    G = load_network(load_store())
    G.nodes[BIDEN]["label"] = TRICKY  # quotes, backslash, markup, line break, accents
    return G


def schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def test_graphml_reads_back_and_matches_the_schema(G, tmp_path):
    path = tmp_path / "g.graphml"
    write_graphml(G, path)
    assert schema("graphml-subset.xsd").validate(etree.parse(str(path)))
    H = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(H, nx.MultiDiGraph)
    assert (H.number_of_nodes(), H.number_of_edges()) == (10, 12)
    assert H.nodes[BIDEN]["label"] == TRICKY
    assert H.nodes[PUTIN]["kind"] == "Person" and H.nodes[PUTIN]["wikidata"] == "Q7747"
    [met] = [d for u, v, d in H.edges(data=True) if d["relation"] == "metWith"]
    assert (met["status"], met["start"], met["symmetric"]) == ("Occurred", "2021-06-16", True)
    assert met["evidence"].startswith("US President Joe Biden met")
    assert met["sources"] == "https://example.org/news/geneva-summit"


def test_schema_check_catches_a_dangling_edge(G, tmp_path):
    path = tmp_path / "g.graphml"
    write_graphml(G, path)
    doc = etree.parse(str(path))
    edge = doc.find(".//{http://graphml.graphdrawing.org/xmlns}edge")
    edge.set("target", ID + "person/nobody")
    assert not schema("graphml-subset.xsd").validate(doc)


def test_gexf_is_dynamic_with_dated_edges(G, tmp_path):
    path = tmp_path / "g.gexf"
    write_gexf(G, path)
    doc = etree.parse(str(path))
    assert schema("gexf-subset.xsd").validate(doc), schema("gexf-subset.xsd").error_log
    graph = doc.find("{http://www.gexf.net/1.2draft}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    H = nx.read_gexf(path)
    assert (H.number_of_nodes(), H.number_of_edges()) == (10, 12)
    assert H.nodes[PUTIN]["label"] == "Vladimir Putin"
    medvedev = [d for u, v, d in H.edges(data=True) if u == ID + "person/dmitry-medvedev"][0]
    assert (medvedev["start"], medvedev["end"], medvedev["status"]) == ("2008-05-07", "2012-05-07", "Former")
    lavrov = [d for u, v, d in H.edges(data=True) if d["relation"] == "ministerOf"][0]
    assert lavrov["start"] == "2004-01-01" and "end" not in lavrov  # still in office: open interval


def test_gexf_schema_rejects_a_bad_date(G, tmp_path):
    path = tmp_path / "g.gexf"
    write_gexf(G, path)
    doc = etree.parse(str(path))
    doc.find(".//{http://www.gexf.net/1.2draft}edge").set("start", "2021-13-45")
    assert not schema("gexf-subset.xsd").validate(doc)


def test_csv_writes_two_tables(G, tmp_path):
    nodes_path, edges_path = write_csv(G, tmp_path / "out.csv")
    assert (nodes_path.name, edges_path.name) == ("out.nodes.csv", "out.edges.csv")
    with open(nodes_path, encoding="utf-8", newline="") as handle:
        nodes = list(csv.DictReader(handle))
    with open(edges_path, encoding="utf-8", newline="") as handle:
        edges = list(csv.DictReader(handle))
    assert len(nodes) == 10 and len(edges) == 12
    assert {n["id"] for n in nodes} >= {e["source"] for e in edges} | {e["target"] for e in edges}
    assert [n["label"] for n in nodes if n["id"] == BIDEN] == [TRICKY]
    threat = [e for e in edges if e["relation"] == "threatensSanctions"][0]
    assert (threat["source_label"], threat["target_label"], threat["status"]) == (
        "United States", "Russia", "Threatened")
    assert threat["evidence"].startswith("Amerika Serikat mengancam")


def test_csv_into_a_directory_and_not_to_a_stream(G, tmp_path):
    assert table_paths(tmp_path) == (tmp_path / "nodes.csv", tmp_path / "edges.csv")
    write_csv(G, tmp_path)
    with open(tmp_path / "edges.csv", encoding="utf-8", newline="") as handle:
        assert len(list(csv.reader(handle))) == 13  # header and 12 edges


def test_csv_to_a_stream_is_one_standalone_edge_table(G):
    stream = io.BytesIO()
    assert write_csv(G, stream) is None
    rows = list(csv.DictReader(io.StringIO(stream.getvalue().decode("utf-8"), newline="")))
    assert len(rows) == 12
    sanctions = [r for r in rows if r["relation"] == "sanctions"][0]
    assert (sanctions["source_kind"], sanctions["target_label"]) == ("State", "Russia")


def test_cytoscape_json(G, tmp_path):
    path = tmp_path / "g.json"
    write_cytoscape(G, path)
    doc = json.loads(path.read_text("utf-8"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    assert len(nodes) == 10 and len(edges) == 12
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == 12
    planned = [e["data"] for e in edges if e["data"]["relation"] == "plansToMeet"][0]
    assert planned["status"] == "Planned" and planned["label"] == "plansToMeet"
    assert planned["evidence"][0]["title"] == "Prabowo akan bertemu Putin di Moskow"


def test_exports_accept_text_and_binary_streams(G):
    text, binary = io.StringIO(), io.BytesIO()
    write_cytoscape(G, text)
    write_cytoscape(G, binary)
    assert json.loads(text.getvalue()) == json.loads(binary.getvalue().decode("utf-8"))
    text = io.StringIO()
    write_graphml(G, text)
    assert nx.read_graphml(io.BytesIO(text.getvalue().encode("utf-8"))).number_of_nodes() == 10


def unquote(value):
    """The text of a DOT double-quoted string."""
    assert value.startswith('"') and value.endswith('"')
    out, chars = [], iter(value[1:-1])
    for c in chars:
        if c == "\\":
            nxt = next(chars)
            out.append({"n": "\n", '"': '"', "\\": "\\"}[nxt])
        else:
            out.append(c)
    return "".join(out)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dot_parses_and_keeps_tricky_labels(G, tmp_path):
    path = tmp_path / "g.dot"
    write_dot(G, path)
    [graph] = pydot.graph_from_dot_data(path.read_text("utf-8"))
    nodes = {unquote(n.get_name()): n for n in graph.get_nodes() if n.get_name() not in ("node", "edge", "graph")}
    assert len(nodes) == 10
    assert unquote(nodes[BIDEN].get("label")) == TRICKY
    assert nodes[US].get("shape").strip('"') == "box"
    edges = graph.get_edges()
    assert len(edges) == 12
    by_relation = {unquote(e.get("relation")): e for e in edges}
    assert by_relation["metWith"].get("dir").strip('"') == "none"
    assert by_relation["plansToMeet"].get("style").strip('"') == "dashed"
    assert by_relation["threatensSanctions"].get("style").strip('"') == "dashed"
    assert by_relation["sanctions"].get("style") is None


def test_network_formats_are_in_the_export_table(tmp_path):
    from actorgraph import exports

    for name in ("graphml", "gexf", "csv", "cytoscape", "dot"):
        assert exports.exporter(name).kind == "network"
    store = load_store()
    path = tmp_path / "recent.graphml"
    exports.export("graphml", store, path, since="2025", include_registry=False)
    H = nx.read_graphml(path, force_multigraph=True)
    assert sorted(d["relation"] for _, _, d in H.edges(data=True)) == [
        "criticises", "headOfState", "ministerOf", "plansToMeet", "threatensSanctions"]
    exports.export("cytoscape", store, tmp_path / "one.json",
                   articles=[ID + "article/a1a1a1a1a1a1a1a1"])
    doc = json.loads((tmp_path / "one.json").read_text("utf-8"))
    assert len(doc["elements"]["edges"]) == 3
