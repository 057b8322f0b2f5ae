"""build --dask: extraction on a real Dask scheduler and worker processes on localhost, the store
written by the one building process; the same store as a local build, even when a worker dies."""

import signal
import socket
import subprocess
import sys
import time

import pytest

from test_hardening import AG, ag, article_count, clean_env, error_line, free_port, graphs_of, write_corpus

distributed = pytest.importorskip("distributed")
pytestmark = [pytest.mark.slow, pytest.mark.server,
              pytest.mark.skipif(not AG.exists(), reason=f"{AG} is not installed (pip install -e .)")]


def _listening(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A `dask scheduler` and two `dask worker` processes (no nanny: a killed worker stays dead)."""
    folder = tmp_path_factory.mktemp("dask")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = dict(cwd=folder, env=clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host",
                               "127.0.0.1", "--port", str(port), "--no-dashboard"], **common)]
    try:
        deadline = time.monotonic() + 60
        while not _listening(port):
            assert procs[0].poll() is None and time.monotonic() < deadline, "no scheduler"
            time.sleep(0.2)
        for name in ("w1", "w2"):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                 "--no-nanny", "--no-dashboard", "--name", name, "--local-directory", str(folder)],
                **common))
        with distributed.Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
        yield {"address": address, "workers": procs[1:]}
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    small = write_corpus(folder / "small.jsonl", 150)
    with open(small, "a", encoding="utf-8") as out:
        out.write("this line is not JSON\n")
    return {"small": small, "big": write_corpus(folder / "big.jsonl", 2000)}


def test_a_dask_build_equals_a_local_build_and_reports_bad_inputs(tmp_path, cluster, inputs):
    local = ag("--store", tmp_path / "local", "build", inputs["small"])
    remote = ag("--store", tmp_path / "dask", "build", "--dask", cluster["address"], inputs["small"])
    assert local.returncode == remote.returncode == 1  # the bad line, reported by both
    assert "small.jsonl:151: not valid JSON" in remote.stderr
    assert "built 150 articles (1 failed)" in remote.stderr
    built = graphs_of(tmp_path / "dask")
    assert sum(g.startswith("https://w3id.org/actorgraph/id/article/") for g in built) == 150
    assert built == graphs_of(tmp_path / "local")


def test_a_local_cluster_of_processes(tmp_path, inputs):
    done = ag("--store", tmp_path / "dask", "build", "-q", "--dask", "local:2", inputs["small"])
    assert done.returncode == 1 and "small.jsonl:151" in done.stderr
    local = ag("--store", tmp_path / "local", "build", "-q", inputs["small"])
    assert graphs_of(tmp_path / "dask") == graphs_of(tmp_path / "local"), local.stderr


def test_bad_addresses_are_one_error_line(tmp_path, inputs):
    done = ag("--store", tmp_path / "s", "build", "--dask", "local:0", inputs["small"])
    assert error_line(done) == "Error: --dask local:0: give local:N with N from 1 to 256 workers"
    done = ag("--store", tmp_path / "s", "build", "--dask", "local:2", "--jobs", "2", inputs["small"])
    assert done.returncode == 2 and "--jobs or --dask" in done.stderr


def test_a_chunk_that_crashes_is_reported_article_by_article(cluster, inputs):
    from actorgraph.graph.cluster import CHUNK, dask_results
    from actorgraph.graph.ingest.reader import InputFailure, read_inputs

    def explode(article, registry, lang):
        """A prepare that crashes (not an ActorGraphError) on one article, as a bug would; local,
        so Dask sends it by value (the workers lack this module)."""
        from actorgraph.graph.build import _prepare_or_fail

        if article.title == "Story 3":
            raise RuntimeError("boom")
        return _prepare_or_fail(article, registry, lang)

    items = list(read_inputs([str(inputs["small"])]))
    out = list(dask_results(iter(items), cluster["address"], explode))
    assert [getattr(o, "source", None) for o in out] == [i.source for i in items]  # input order
    failed = [o for o in out if isinstance(o, InputFailure)]
    crashed = [f for f in failed if "RuntimeError: boom" in f.message]
    assert len(crashed) == CHUNK, [f.message for f in failed][:3]  # Story 3's chunk, by article
    assert all(f.message.startswith("extraction on the Dask cluster failed") for f in crashed)
    assert len(failed) == CHUNK + 1  # and the line that is not JSON, as before
    assert len(out) - len(failed) == 150 - CHUNK


def test_a_worker_killed_mid_build_loses_no_article(tmp_path, cluster, inputs):
    store = tmp_path / "dask"
    child = subprocess.Popen([str(AG), "--store", str(store), "build", "-q", "--dask",
                              cluster["address"], str(inputs["big"])],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             env=clean_env())
    victim = cluster["workers"][0]
    try:
        deadline = time.monotonic() + 120
        while article_count(store) < 100:
            assert child.poll() is None, f"the build ended too soon: {child.stderr.read()}"
            assert time.monotonic() < deadline, "no articles stored after 120 s"
            time.sleep(0.05)
        assert child.poll() is None  # the build is still running when the worker dies
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        _out, err = child.communicate(timeout=600)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err
    local = ag("--store", tmp_path / "local", "build", "-q", inputs["big"])
    assert local.returncode == 0, local.stderr
    built = graphs_of(store)
    assert sum(g.startswith("https://w3id.org/actorgraph/id/article/") for g in built) == 2000
    assert built == graphs_of(tmp_path / "local")


def test_the_notebook_api_builds_on_dask_too(tmp_path, cluster, inputs):
    import actorgraph

    with actorgraph.open(tmp_path / "dask") as kg:
        summary = kg.build(inputs["small"], dask=cluster["address"])
    assert summary.articles == 150 and summary.failed == 1
    ag("--store", tmp_path / "local", "build", "-q", inputs["small"])
    assert graphs_of(tmp_path / "dask") == graphs_of(tmp_path / "local")

