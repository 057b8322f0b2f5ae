"""The wheel installs one top-level name, `actorgraph`, carries its data files, and runs from a
fresh venv even beside a user's own graph.py, cli.py and ontology.py."""

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    found = list(out.glob("actorgraph-*.whl"))
    assert len(found) == 1
    return found[0]


def test_wheel_has_one_top_level_name(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"actorgraph"}
    dist_info = next(n for n in names if n.endswith(".dist-info/top_level.txt")) if any(
        n.endswith("top_level.txt") for n in names) else None
    if dist_info:
        assert zipfile.ZipFile(wheel).read(dist_info).decode().split() == ["actorgraph"]


def test_wheel_holds_the_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("ontology/actorgraph.ttl", "ontology/shapes.ttl", "ontology/plover.ttl",
                   "graph/registry/persons.ttl", "graph/lexicons/id/titles.tsv",
                   "graph/lexicons/en/cues.tsv", "graph/lexicons/leaders.tsv",
                   "graph/queries/meetings.rq", "exports/templates/graph.html", "cli.py",
                   "__init__.py", "graph/store/embedded.py", "graph/extract/pipeline.py"):
        assert "actorgraph/" + needed in names, needed
    assert not any("/tests/" in n or n.startswith("tests/") for n in names)


def test_every_subpackage_is_in_the_wheel(wheel):
    """A new stage folder that setup.cfg forgets would be silently missing from installs."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for init in ROOT.glob("*/**/__init__.py"):
        rel = init.relative_to(ROOT)
        if rel.parts[0] in ("graph", "ontology", "exports"):
            assert "actorgraph/" + rel.as_posix() in names, rel


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_runs_beside_lookalike_modules(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True,
                   capture_output=True)
    # dependencies come from this test environment; the project itself only from the wheel
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = {p.name for p in Path(site).iterdir() if not p.name.endswith((".dist-info", ".pth"))}
    assert "actorgraph" in installed and not installed & {"graph", "cli", "ontology", "exports"}
    work = tmp_path / "notebook"
    work.mkdir()
    for name in ("graph.py", "cli.py", "ontology.py", "exports.py"):  # a user's own modules
        (work / name).write_text("raise SystemExit('the wrong module was imported')\n")
    run = dict(cwd=work, capture_output=True, text=True, timeout=300)
    api = subprocess.run([str(py), "-c", "import actorgraph, sys; kg = actorgraph.open(':memory:');"
                          "kg.build_texts(['Presiden Rusia Vladimir Putin bertemu Presiden Tiongkok "
                          "Xi Jinping di Beijing.'], date='2024-05-16', lang='id');"
                          "print(actorgraph.__file__, len(kg.query('SELECT * WHERE { ?a ag:metWith ?b }')))"],
                         **run)
    assert api.returncode == 0, api.stderr
    assert str(env_dir) in api.stdout and api.stdout.split()[-1] != "0", api.stdout
    exe = env_dir / "bin" / "actorgraph"
    version = subprocess.run([str(exe), "--version"], **run)
    assert version.returncode == 0 and "actorgraph" in version.stdout, version.stderr
    found = subprocess.run([str(exe), "registry", "search", "Putin", "--date", "2025-01-01"], **run)
    assert found.returncode == 0 and "Vladimir Putin" in found.stdout
    article = work / "a.txt"
    article.write_text("Presiden Rusia Vladimir Putin bertemu Presiden Tiongkok Xi Jinping di Beijing.\n")
    built = subprocess.run([str(exe), "--store", str(tmp_path / "s"), "build", "--date", "2024-05-16",
                            "--lang", "id", str(article)], **run)
    assert built.returncode == 0, built.stderr
    met = subprocess.run([str(exe), "--store", str(tmp_path / "s"), "query",
                          "ASK { ?a ag:metWith ?b }"], **run)
    assert met.stdout.strip() == "true"
