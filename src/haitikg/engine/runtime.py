"""The running parts behind one site: the dataset and its query workers, or a remote backend."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BuildMissing
from ..settings import as_list
from .store import SnapshotStore
from .workers import Pool


@dataclass
class Engine:
    snapshots: SnapshotStore
    pool: Pool

    def close(self) -> None:
        self.pool.close()
        self.snapshots.close()


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


def open_engine(config: Mapping[str, Any]) -> Any:
    """Load the data and start the workers (or reach the remote backend) for ``config``."""
    if config.get("BACKEND"):
        from . import backend

        return backend.start(config)
    for file in as_list(config.get("DATA")):
        if not Path(file).exists():
            raise BuildMissing(f"no such file: {file}")
    snapshots = SnapshotStore(config.get("STORE"), data_files(config))
    isolate = bool(config["ISOLATE_WORKERS"]) and not as_list(config["ALLOW_SERVICE"])
    try:
        pool = Pool(int(config["WORKERS"]), isolate=isolate)
    except BaseException:
        snapshots.close()
        raise
    return Engine(snapshots, pool)
