"""The one read-write store, its loading, its updates and the snapshots workers read.

Only this process opens the store read-write (RocksDB allows one writer). After loading
and after every acknowledged update it takes a checkpoint (``Store.backup``: hard links,
cheap) into a new *generation* directory; query workers open the newest generation with
``Store.read_only`` — safe because nobody ever writes a checkpoint. An update is applied
in one transaction and written to the store's log before it is acknowledged, so it
survives ``kill -9``; the next query is sent with the new generation, so it sees it.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from .. import formats
from ..errors import HaitikgError
from ..query import GRAPH_SIZES, TRIPLES, graph_sizes
from ..rdfterms import select
from . import sandbox
from .problems import StoreCannotWrite, UpdateFailed

Progress = Callable[[str], None]


class StoreUnavailable(HaitikgError):
    """The store cannot be opened (missing permissions, read-only disk, locked)."""

    status = 503
    title = "Store unavailable"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class SnapshotStore:
    """The read-write pyoxigraph store on disk (a temporary one when no path is given) and the
    read-only snapshots of it that query workers open, one per generation."""

    def __init__(
        self,
        path: str | Path | None = None,
        files: Iterable[str | Path] = (),
        progress: Progress = _say,
    ) -> None:
        self.temporary: str | None = None
        if path is None:
            self.temporary = tempfile.mkdtemp(prefix="haitikg-endpoint-")
            location = Path(self.temporary, "store")
        else:
            location = Path(path)
        self.path = location
        try:
            self.store = ox.Store(str(location))
            # This process holds the store's lock now: snapshot folders of the same store
            # left by a server that was killed are nobody's, and are removed.
            for stale in location.parent.glob(f".{location.name}-snapshots-*"):
                shutil.rmtree(stale, ignore_errors=True)
            self.snapshots = location.parent / f".{location.name}-snapshots-{os.getpid()}"
            self.snapshots.mkdir()
        except OSError as exc:
            raise StoreUnavailable(f"cannot open the store {location} read-write: {exc}") from None
        self.lock = threading.RLock()
        self.isolate_updates = False  # set by open_engine: updates on a thread with no network
        self.memory_snapshot = 0  # set by open_engine: snapshots up to this size are copied
        self.generation = 0
        self.oldest = 0  # the oldest snapshot generation that may still be on disk
        self.snapshot: Path | None = None
        self.snapshot_bytes = 0  # the current snapshot's size on disk
        paths = [Path(f) for f in files]
        if paths and self.is_empty():
            for file in paths:
                progress(f"loading {file} …")
                load_file(self.store, file)
            self.store.flush()
        elif paths:
            progress(f"{location} already holds data; not loading {len(paths)} file(s) again")
        self.take_snapshot()

    def is_empty(self) -> bool:
        return next(iter(self.store.quads_for_pattern(None, None, None, None)), None) is None

    def take_snapshot(self) -> None:
        """Checkpoint the store as the next generation for the workers to read."""
        with self.lock:
            target = self.snapshots / f"g{self.generation + 1}"
            try:
                self.store.backup(str(target))
            except OSError:
                shutil.rmtree(target, ignore_errors=True)  # so the next attempt can succeed
                raise
            self.generation += 1
            self.snapshot = target
            self.snapshot_bytes = sum(f.stat().st_size for f in target.iterdir() if f.is_file())

    @property
    def in_memory(self) -> bool:
        """Whether workers should copy the current snapshot into memory and query the copy:
        an in-memory store answers in about two thirds of the time RocksDB takes, for a
        copy that costs the first query of each generation ~5 ms per thousand quads."""
        return 0 < self.snapshot_bytes <= self.memory_snapshot

    def forget(self, in_use: set[int]) -> None:
        """Delete snapshots older than the current one that no worker holds open."""
        with self.lock:
            if self.oldest == self.generation:
                return  # nothing older to delete (the case on every read-only query)
            for entry in self.snapshots.iterdir():
                gen = int(entry.name[1:]) if entry.name[1:].isdigit() else None
                if gen is not None and gen < self.generation and gen not in in_use:
                    shutil.rmtree(entry, ignore_errors=True)
            kept = [g for g in in_use if g < self.generation]
            self.oldest = min(kept, default=self.generation)

    def update(self, text: str, base_iri: str | None, *, isolate: bool = False) -> None:
        """Apply a SPARQL Update (one transaction) and publish a new snapshot.

        It runs on a thread of its own with a deep stack and, if ``isolate``, no network
        (``sandbox.on_deep_stack``): the text checks are not the only guard against a
        SERVICE or LOAD, and no nesting the checks let through can overflow the stack.
        """
        with self.lock:
            try:
                sandbox.on_deep_stack(
                    lambda: self.store.update(text, base_iri=base_iri),
                    isolate=isolate,
                    name="haitikg-update",
                )
            except OSError as exc:
                if not _disk_error(exc):  # e.g. what LOAD fetched could not be read
                    raise UpdateFailed(f"{exc}; nothing was changed") from None
                raise StoreCannotWrite(f"{exc}; nothing was changed") from None
            self._publish()

    def write(self, action: Callable[[ox.Store], None]) -> None:
        """Apply a Graph Store Protocol change and publish a new snapshot."""
        with self.lock:
            try:
                action(self.store)
                self.store.flush()
            except OSError as exc:
                raise StoreCannotWrite(f"{exc}; the change may be partly saved") from None
            self._publish()

    def _publish(self) -> None:
        """The snapshot after a saved change; a disk that refuses it is reported, not hidden."""
        try:
            self.take_snapshot()
        except OSError as exc:
            raise StoreCannotWrite(
                f"the change was saved but queries cannot see it yet: the snapshot for the "
                f"query workers failed ({exc}); free space, then any later change publishes it"
            ) from None

    def graph_sizes(self) -> dict[str, int]:
        """Triples in each named graph, for the service description."""
        return graph_sizes(select(self.store, GRAPH_SIZES))

    def triples(self) -> int:
        """Triples in the union of all graphs, for the service description."""
        return int(next(select(self.store, TRIPLES, use_default_graph_as_union=True))["n"].value)

    def close(self) -> None:
        with self.lock:
            self.store = None  # type: ignore[assignment]  # closed: any later use fails loudly
            shutil.rmtree(self.snapshots, ignore_errors=True)
            if self.temporary:
                shutil.rmtree(self.temporary, ignore_errors=True)


_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG}
_DISK_WORDS = ("no space left", "read-only file system", "input/output error", "io error")


def _disk_error(exc: OSError) -> bool:
    """Whether ``exc`` is the disk refusing a write (507), not some other failure."""
    message = str(exc).lower()
    return exc.errno in _DISK_ERRNOS or any(word in message for word in _DISK_WORDS)


def load_file(store: ox.Store, path: Path) -> None:
    """Load one RDF file: pyoxigraph's parsers when they know it, else rdflib's."""
    base = path.resolve().as_uri()
    try:
        fmt = formats.for_path(str(path))
    except KeyError:
        fmt = None
    if fmt is not None:
        store.bulk_load(path=str(path), format=fmt, base_iri=base)
        return
    import rdflib
    from rdflib.util import guess_format

    graph = rdflib.Graph()
    graph.parse(str(path), format=guess_format(str(path)), publicID=base)
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
