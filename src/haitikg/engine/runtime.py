"""The running parts behind one site: the dataset and its query workers, or a remote backend."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from ..errors import BuildMissing, HaitikgError
from ..settings import as_list
from . import relay, sandbox
from .spool import Spools
from .store import SnapshotStore
from .worker import Sandbox
from .workers import Pool

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .backend import RemoteEngine, RemoteStore


class BadSetting(HaitikgError):
    """A setting the engine cannot start with."""


@dataclass
class Engine:
    snapshots: SnapshotStore
    pool: Pool

    def close(self) -> None:
        self.pool.close()
        self.snapshots.close()


#: What answers for a site: the local dataset and its workers, or a remote backend.
Running: TypeAlias = "Engine | RemoteEngine"
#: The data a site reads: the local store, or the remote backend standing for one.
DataStore: TypeAlias = "ox.Store | RemoteStore"


def data_files(config: Mapping[str, Any]) -> list[Path]:
    """The files to load: ``DATA``, or the built graph when neither DATA nor STORE is set."""
    files = [Path(f) for f in as_list(config.get("DATA"))]
    if files or config.get("STORE"):
        return files
    try:
        from ..build import ensure_built
    except ImportError:
        raise BuildMissing(
            "the graph build (haitikg.build) is not available; serve files with --data "
            "or a store with --store"
        ) from None
    build_dir = Path(ensure_built(config.get("BUILD_DIR")))
    return [build_dir / "haitikg.nq"]


def open_engine(config: Mapping[str, Any]) -> Running:
    """Load the data and start the workers (or reach the remote backend) for ``config``."""
    if config.get("BACKEND"):
        from . import backend

        return backend.start(config)
    for file in as_list(config.get("DATA")):
        if not Path(file).exists():
            raise BuildMissing(f"no such file: {file}")
    snapshots = SnapshotStore(config.get("STORE"), data_files(config))
    # Updates run in this process (the only writer) on a thread with no network, unless
    # LOAD may fetch; where no namespace can be made, safety.check(strict=True) stands in.
    snapshots.isolate_updates = (
        bool(config["ISOLATE_WORKERS"])
        and not config.get("ALLOW_LOAD")
        and sandbox.threads_can_be_isolated()
    )
    workers = int(config["WORKERS"])
    heap = config.get("WORKER_MEMORY")
    try:
        allowed = relay.endpoints(as_list(config["ALLOW_SERVICE"]))
    except ValueError as exc:
        snapshots.close()
        raise BadSetting(str(exc)) from None
    confinement = Sandbox(
        isolate=bool(config["ISOLATE_WORKERS"]),
        heap=int(sandbox.default_heap(workers) if heap is None else heap),
        relay=allowed,
    )
    # A copy in a worker's memory takes about its size on disk: at most a quarter of the
    # memory a worker may use, so its queries keep the rest.
    copy = int(config.get("MEMORY_SNAPSHOT") or 0)
    snapshots.memory_snapshot = min(copy, confinement.heap // 4) if confinement.heap else copy
    try:
        pool = Pool(workers, sandbox=confinement, spools=Spools(int(config["SPOOL_LIMIT"])))
    except BaseException:
        snapshots.close()
        raise
    return Engine(snapshots, pool)
