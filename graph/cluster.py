"""Extraction on a Dask cluster (``build --dask ADDRESS``), the store written here, by one writer.

Articles go to the workers in chunks; each chunk comes back as prepared N-Triples (or one
failure per input) and is handed to the writer in input order, so the store ends exactly as a
local build leaves it (merging repeated events depends on the order). At most ``IN_FLIGHT``
chunks per worker are out at once and the results are released as soon as they are written:
memory stays bounded however long the input. Dask re-runs the tasks of a worker that dies on
the others; a chunk that still fails is reported article by article, as any bad input is.

ADDRESS is a scheduler (``tcp://host:8786``) or ``local:N`` for a local cluster of N worker
processes. Workers need actorgraph installed, at the same version; extra registry files are
sent to them with the work, so they need no shared file system.
"""

import hashlib
import os
import tempfile

from actorgraph.graph import __version__
from actorgraph.graph.errors import ActorGraphError

CHUNK = 16          # articles per task: big enough to hide the scheduler's per-task cost
IN_FLIGHT = 3       # chunks per worker submitted and not yet written
CONNECT_SECONDS = 20


def dask_results(items, address, prepare, lang=None, registry_files=()):
    """Prepared articles and InputFailures for ``items``, in input order, extracted on Dask by
    ``prepare(article, registry, lang)`` (a module-level function: workers import it by name)."""
    from actorgraph.graph.ingest.reader import InputFailure

    client, cluster = connect(address)
    try:
        _check_workers(client)
        extra = tuple((os.path.basename(str(p)), _read(p)) for p in registry_files)
        window = IN_FLIGHT * max(1, sum(client.nthreads().values()))
        pending = []    # (future or None, chunk) in input order
        chunk = []

        def submit():
            articles = [a for a in chunk if not isinstance(a, InputFailure)]
            future = (client.submit(prepare_chunk, prepare, articles, lang, extra, pure=False)
                      if articles else None)
            pending.append((future, list(chunk)))
            chunk.clear()

        for item in items:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                submit()
                while len(pending) > window:
                    yield from _collect(pending.pop(0))
        if chunk:
            submit()
        while pending:
            yield from _collect(pending.pop(0))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _collect(entry):
    """The chunk's results in input order: its InputFailures where they stood, and the prepared
    articles, or a failure for each if the chunk could not be extracted."""
    from actorgraph.graph.ingest.reader import InputFailure

    future, chunk = entry
    prepared = []
    if future is not None:
        try:
            prepared = future.result()
        except Exception as exc:  # noqa: BLE001  KilledWorker, a worker's crash: per input
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            prepared = [InputFailure(a.source, f"extraction on the Dask cluster failed ({reason})")
                        for a in chunk if not isinstance(a, InputFailure)]
        finally:
            future.release()
    results = iter(prepared)
    for item in chunk:
        yield item if isinstance(item, InputFailure) else next(results)


def connect(address):
    """(Client, LocalCluster or None) for ``tcp://…`` / ``host:port`` or ``local:N``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ActorGraphError("--dask needs the dask extra: pip install 'actorgraph[dask]'") from None
    address = str(address).strip()
    if address.startswith("local:"):
        try:
            workers = int(address[len("local:"):])
        except ValueError:
            workers = 0
        if not 1 <= workers <= 256:
            raise ActorGraphError(f"--dask {address}: give local:N with N from 1 to 256 workers")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout=CONNECT_SECONDS), None
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ActorGraphError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def _check_workers(client):
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise ActorGraphError(f"the Dask cluster has no workers ({exc})") from None
    versions = client.run(_worker_version)
    wrong = sorted(f"{w}: {v}" for w, v in versions.items() if v != __version__)
    if wrong:
        raise ActorGraphError(f"Dask workers run another actorgraph than this one ({__version__}): "
                              + ", ".join(wrong))


def _worker_version():
    try:
        from actorgraph.graph import __version__ as version
    except ImportError:
        return "not installed"
    return version


def _read(path):
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise ActorGraphError(f"cannot read registry file {path}: {exc.strerror}") from None


_REGISTRIES = {}


def prepare_chunk(prepare, articles, lang, extra):
    """On a worker: extract a chunk of articles with the registry (plus extra files sent along)."""
    registry = _worker_registry(extra)
    return [prepare(a, registry, lang) for a in articles]


def _worker_registry(extra):
    from actorgraph.graph.registry import load_registry

    key = hashlib.sha256(repr(extra).encode("utf-8")).hexdigest()
    if key not in _REGISTRIES:
        paths = []
        if extra:
            folder = tempfile.mkdtemp(prefix="actorgraph-registry-")
            for i, (name, data) in enumerate(extra):
                path = os.path.join(folder, f"{i}-{name}")
                with open(path, "wb") as fh:
                    fh.write(data)
                paths.append(path)
        _REGISTRIES[key] = load_registry(extra=tuple(paths))
    return _REGISTRIES[key]
