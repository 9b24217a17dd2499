"""The running parts behind one app: the dataset, the worker pool and the settings."""

from __future__ import annotations

import atexit
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from ..errors import BuildMissing
from .store import Dataset
from .throttle import DEFAULTS as THROTTLE_DEFAULTS
from .workers import Pool

DEFAULTS: dict[str, object] = {
    "DATA": [],  # RDF files to serve (default: the built graph)
    "STORE": None,  # an on-disk pyoxigraph store to serve or create
    "TIMEOUT": 30.0,  # seconds per query
    "MAX_ROWS": 100_000,  # result rows (or triples) per response; 0 = no limit
    "MAX_QUERY_LENGTH": 1024 * 1024,  # characters
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,  # bytes per request (Flask's own setting)
    "WORKERS": max(2, os.cpu_count() or 2),  # query worker processes
    "THREADS": 16,  # waitress threads
    "UPDATE_TOKEN": None,  # bearer token that enables SPARQL Update and /store writes
    "ALLOW_SERVICE": [],  # endpoint IRI prefixes SERVICE may call
    "ALLOW_LOAD": False,  # let SPARQL Update LOAD fetch documents
    "ISOLATE_WORKERS": True,  # empty network namespace for workers (when SERVICE not allowed)
    "UNION_DEFAULT_GRAPH": True,  # default graph = union of all graphs
    **THROTTLE_DEFAULTS,  # per-client query-time budget (throttle.py)
    "BACKEND": None,  # a remote SPARQL endpoint to answer from instead (backend.py)
    "BACKEND_MAX_ROWS": 0,  # the backend's own row cap, if known (Virtuoso: 10000)
}


def as_list(value: object) -> list[str]:
    """Settings that hold several values accept a list or a string (os.pathsep / spaces)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        sep = os.pathsep if os.pathsep in value else None
        return [v for v in value.split(sep) if v]
    return [str(v) for v in value]  # type: ignore[union-attr]


@dataclass
class Engine:
    dataset: Dataset
    pool: Pool

    def close(self) -> None:
        self.pool.close()
        self.dataset.close()


_lock = threading.Lock()


def data_files(config: dict) -> list[Path]:
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
    build_dir = Path(ensure_built())
    return [build_dir / "haitikg.nq"]


def start(app: Flask) -> Engine:
    """Load the data and start the workers, once per app."""
    with _lock:
        engine = app.extensions.get("haitikg")
        if engine is None and app.config.get("BACKEND"):
            from . import backend

            engine = app.extensions["haitikg"] = backend.start(app.config)
        if engine is None:
            config = app.config
            for file in as_list(config.get("DATA")):
                if not Path(file).exists():
                    raise BuildMissing(f"no such file: {file}")
            dataset = Dataset(config.get("STORE"), data_files(config))
            isolate = bool(config["ISOLATE_WORKERS"]) and not as_list(config["ALLOW_SERVICE"])
            try:
                pool = Pool(int(config["WORKERS"]), isolate=isolate)
            except BaseException:
                dataset.close()
                raise
            engine = Engine(dataset, pool)
            app.extensions["haitikg"] = engine
            atexit.register(engine.close)
        return engine


def engine() -> Engine:
    return start(current_app._get_current_object())  # type: ignore[attr-defined]
