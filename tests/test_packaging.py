"""The wheel carries the data files, installs into a fresh venv and runs from there."""

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

import cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    found = list(out.glob("actorgraph-*.whl"))
    assert len(found) == 1
    return found[0]


def test_wheel_holds_the_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("ontology/actorgraph.ttl", "ontology/shapes.ttl", "ontology/plover.ttl",
                   "graph/registry/persons.ttl", "graph/lexicons/id/titles.tsv",
                   "graph/lexicons/en/cues.tsv", "graph/lexicons/leaders.tsv", "graph/queries/meetings.rq",
                   "exports/templates/graph.html", "cli.py"):
        assert needed in names, needed
    assert not any(n.startswith("tests/") for n in names)


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True,
                   capture_output=True)
    # dependencies come from this test environment; the project itself only from the wheel
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    exe = env_dir / "bin" / "actorgraph"
    run = dict(cwd=tmp_path, capture_output=True, text=True, timeout=300)
    version = subprocess.run([str(exe), "--version"], **run)
    assert version.returncode == 0 and cli.__version__ if hasattr(cli, "__version__") else True
    assert "actorgraph" in version.stdout
    where = subprocess.run([str(py), "-c", "import graph; print(graph.__file__)"], **run).stdout
    assert str(env_dir) in where, where
    found = subprocess.run([str(exe), "registry", "search", "Putin", "--date", "2025-01-01"], **run)
    assert found.returncode == 0 and "Vladimir Putin" in found.stdout
    article = tmp_path / "a.txt"
    article.write_text("Presiden Rusia Vladimir Putin bertemu Presiden Tiongkok Xi Jinping di Beijing.\n")
    built = subprocess.run([str(exe), "--store", str(tmp_path / "s"), "build", "--date", "2024-05-16",
                            "--lang", "id", str(article)], **run)
    assert built.returncode == 0, built.stderr
    met = subprocess.run([str(exe), "--store", str(tmp_path / "s"), "query",
                          "ASK { ?a ag:metWith ?b }"], **run)
    assert met.stdout.strip() == "true"
