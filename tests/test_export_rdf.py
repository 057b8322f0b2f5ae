"""RDF exports: every format, the selection options, stable output, atomic files, round trip."""

import difflib
import os

import pytest
import rdflib
import rdflib.compare
from click.testing import CliRunner

from actorgraph.cli import main
from actorgraph.exports import EXPORTERS, atomic_file, export
from actorgraph.exports.rdf import select_graphs
from actorgraph.graph.errors import ActorGraphError
from actorgraph.graph.store import open_store
from actorgraph.ontology import AG_NS, REGISTRY_GRAPH
from store_fixture import A1, A2, A3, REGISTRY, article_ntriples, to_ntriples

RDFLIB_NAMES = {"turtle": "turtle", "trig": "trig", "nt": "nt", "nquads": "nquads",
                "jsonld": "json-ld", "xml": "xml"}


DESCRIBING = (rdflib.RDF.type, rdflib.RDFS.label, rdflib.SKOS.altLabel, rdflib.OWL.sameAs)


def described(graph):
    """The registry's description (types, labels, aliases, sameAs) of the actors the graph mentions."""
    registry = rdflib.Graph().parse(data=to_ntriples(REGISTRY), format="nt")
    out = rdflib.Graph()
    for actor in set(graph.objects(None, rdflib.URIRef(AG_NS + "mentions"))):
        for p in DESCRIBING:
            for o in registry.objects(actor, p):
                out.add((actor, p, o))
    return out


def expected_graph(*graphs, describe=True):
    """The merged content of the given article graphs with the description of the actors they
    mention (an export reads on its own), and the registry, if named."""
    graph = rdflib.Graph()
    texts = dict(article_ntriples(), **{REGISTRY_GRAPH: to_ntriples(REGISTRY)})
    for name in graphs:
        graph.parse(data=texts[name], format="nt")
    if describe:
        graph += described(graph)
    return graph


def assert_isomorphic(got, want):
    """Isomorphism, with the differing triples printed as N-Triples when it fails."""
    if rdflib.compare.isomorphic(got, want):
        return
    _both, only_got, only_want = rdflib.compare.graph_diff(rdflib.compare.to_isomorphic(got),
                                                           rdflib.compare.to_isomorphic(want))
    lines = difflib.unified_diff(sorted(only_want.serialize(format="nt").splitlines()),
                                 sorted(only_got.serialize(format="nt").splitlines()),
                                 "expected", "exported", lineterm="")
    pytest.fail("graphs differ:\n" + "\n".join(lines))


def cli(store, *args, code=0):
    result = CliRunner().invoke(main, ["--store", store, *args], catch_exceptions=code != 0)
    assert result.exit_code == code, result.output
    return result


def test_the_table_feeds_the_cli_and_loads_lazily():
    command = main.get_command(None, "export")
    choices = next(p for p in command.params if p.name == "fmt").type.choices
    assert sorted(choices) == sorted(EXPORTERS)
    for entry in EXPORTERS.values():
        assert callable(entry.load()) and entry.suffix.startswith(".") and entry.description


@pytest.mark.parametrize("fmt", sorted(n for n, e in EXPORTERS.items() if e.kind == "rdf"))
def test_every_rdf_format_holds_the_article_graphs(disk_store, tmp_path, fmt):
    out = tmp_path / f"export{EXPORTERS[fmt].suffix}"
    cli(disk_store, "export", "--format", fmt, "-o", str(out))
    if fmt in ("trig", "nquads"):
        dataset = rdflib.Dataset()
        dataset.parse(out, format=RDFLIB_NAMES[fmt])
        names = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
        assert names == [A1, A2, A3, REGISTRY_GRAPH]  # the actors' description, where it lives
        for name in names[:3]:
            assert_isomorphic(dataset.graph(rdflib.URIRef(name)), expected_graph(name, describe=False))
        assert_isomorphic(dataset.graph(rdflib.URIRef(REGISTRY_GRAPH)),
                          described(expected_graph(A1, A2, A3, describe=False)))
    else:
        got = rdflib.Graph().parse(out, format=RDFLIB_NAMES[fmt])
        assert_isomorphic(got, expected_graph(A1, A2, A3))


def test_stdout_is_the_default_and_turtle_is_stable_and_sorted(disk_store):
    first = cli(disk_store, "export").stdout_bytes
    second = cli(disk_store, "export").stdout_bytes
    assert first == second
    text = first.decode()
    assert "@prefix ag: <https://w3id.org/actorgraph/ontology#> ." in text
    subjects = [line.split()[0] for line in text.splitlines() if line.startswith("<")]
    assert subjects == sorted(subjects) and len(subjects) == len(set(subjects))
    lines = cli(disk_store, "export", "--format", "nt").stdout.splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_the_registry_only_on_request(disk_store):
    with open_store(disk_store, read_only=True) as store:
        assert REGISTRY_GRAPH not in select_graphs(store)
        assert REGISTRY_GRAPH in select_graphs(store, include_registry=True)
    out = cli(disk_store, "export", "--format", "nt", "--include-registry").stdout
    got = rdflib.Graph().parse(data=out, format="nt")
    assert_isomorphic(got, expected_graph(A1, A2, A3, REGISTRY_GRAPH))


def test_articles_and_dates_narrow_the_export(disk_store):
    with open_store(disk_store, read_only=True) as store:
        assert select_graphs(store, articles=["https://news.example/biden-putin"]) == [A1]
        assert select_graphs(store, articles=[A3, "examples/en/trump-putin.txt"]) == [A2, A3]
        assert select_graphs(store, since="2025-01-01") == [A2, A3]
        assert select_graphs(store, until="2025-08-06") == [A1, A2]
        assert select_graphs(store, since="2025-08-07", until="2025-08-07") == [A3]
        with pytest.raises(ActorGraphError, match="no article"):
            select_graphs(store, articles=["nothing.txt"])
    out = cli(disk_store, "export", "--format", "nt", "--since", "2025-08-01",
              "--until", "2025-08-06").stdout
    assert_isomorphic(rdflib.Graph().parse(data=out, format="nt"), expected_graph(A2))
    out = cli(disk_store, "export", "--format", "nt", "--article", A1).stdout
    assert_isomorphic(rdflib.Graph().parse(data=out, format="nt"), expected_graph(A1))


def test_a_failed_export_leaves_the_old_file_and_no_temp(disk_store, tmp_path):
    out = tmp_path / "keep.ttl"
    out.write_text("old content\n")
    result = cli(disk_store, "export", "-o", str(out), "--article", "missing", code=1)
    assert "no article" in result.output
    assert out.read_text() == "old content\n"
    assert os.listdir(tmp_path) == sorted(["keep.ttl", "store"]) or set(os.listdir(tmp_path)) == {
        "keep.ttl", "store"}
    with pytest.raises(RuntimeError):
        with atomic_file(out) as stream:
            stream.write(b"half")
            raise RuntimeError("disk on fire")
    assert out.read_text() == "old content\n" and set(os.listdir(tmp_path)) == {"keep.ttl", "store"}
    with open_store(disk_store, read_only=True) as store:
        export("nt", store, out)
    assert out.read_text().startswith("<https://w3id.org/")
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld", "xml", "nt", "nquads"])
def test_round_trip_through_an_empty_store(disk_store, tmp_path, fmt):
    first = tmp_path / f"first{EXPORTERS[fmt].suffix}"
    cli(disk_store, "export", "--format", fmt, "-o", str(first))
    empty = str(tmp_path / "empty")
    cli(empty, "import", str(first))
    second = tmp_path / "second.ttl"
    cli(empty, "export", "-o", str(second))
    assert_isomorphic(rdflib.Graph().parse(second, format="turtle"), expected_graph(A1, A2, A3))
