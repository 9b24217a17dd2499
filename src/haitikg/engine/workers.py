"""A pool of query worker processes, so a runaway query can be killed without harm.

pyoxigraph has no timeout and ignores signals while it evaluates, so each query runs in
a separate process (``spawn``) that reads a read-only snapshot of the store. The web
thread that sent the job waits on the pipe with the remaining time; past the limit it
kills that worker, answers 503, and a replacement starts in the background while the
other workers keep serving.

Results travel back in 64 KiB pieces and are spooled (memory up to 1 MiB, then a
temporary file), so nothing is held whole in memory, the worker is free again as soon as
the results are written, a slow client never holds a worker, and the response headers —
status, format, row-limit warning — are always true when they are sent.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from tempfile import SpooledTemporaryFile
from typing import Any

from . import problems
from .problems import EndpointError, Overloaded, QueryFailed, QueryTimeout, WorkerLost

PIECE = 64 * 1024
SPOOL_IN_MEMORY = 1024 * 1024
START_TIMEOUT = 120.0


@dataclass
class Outcome:
    """A finished query: its serialized body and what the headers must say."""

    body: Any  # a SpooledTemporaryFile positioned at 0
    size: int
    media_type: str
    rows: int
    truncated: bool
    kind: str


@dataclass(eq=False)
class Worker:
    process: Any
    conn: Connection
    isolated: bool
    generation: int | None = None
    jobs: int = field(default=0)


class Pool:
    """``size`` worker processes, handed out one job at a time."""

    def __init__(self, size: int, *, isolate: bool) -> None:
        self.size = max(1, size)
        self.isolate = isolate
        self.context = mp.get_context("spawn")
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.workers: set[Worker] = set()
        self.lock = threading.Lock()
        self.closed = False
        threads = [threading.Thread(target=self._add) for _ in range(self.size)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if len(self.workers) < self.size:
            self.close()
            raise RuntimeError("query workers failed to start")

    @property
    def isolated(self) -> bool:
        return bool(self.workers) and all(w.isolated for w in self.workers)

    def generations(self) -> set[int]:
        """Snapshot generations some worker may still have open."""
        with self.lock:
            return {w.generation for w in self.workers if w.generation is not None}

    def _spawn(self) -> Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_worker_main, args=(child, self.isolate), daemon=True, name="haitikg-query"
        )
        process.start()
        child.close()
        if not parent.poll(START_TIMEOUT):
            process.kill()
            raise RuntimeError("a query worker did not start")
        _, info = parent.recv()
        return Worker(process, parent, info["isolated"])

    def _add(self) -> None:
        try:
            worker = self._spawn()
        except (RuntimeError, OSError, EOFError):
            return
        with self.lock:
            if self.closed:
                _stop(worker)
                return
            self.workers.add(worker)
        self.idle.put(worker)

    def _replace(self, worker: Worker) -> None:
        with self.lock:
            self.workers.discard(worker)
        _stop(worker)
        if not self.closed:
            threading.Thread(target=self._add, daemon=True).start()

    def run(
        self, job: dict, timeout: float, charge: Callable[[float], None] | None = None
    ) -> Outcome:
        """Run ``job`` on an idle worker within ``timeout`` seconds of its start; then call
        ``charge`` (if given) with the seconds the job held the worker."""
        while True:
            try:
                worker = self.idle.get(timeout=timeout)
            except queue.Empty:
                raise Overloaded(
                    f"every query worker stayed busy for {timeout:g} s; try again shortly",
                    Retry_After="5",
                ) from None
            if _alive(worker):
                break
            self._replace(worker)  # died while idle (killed from outside): use another
        started = time.monotonic()
        deadline = started + timeout
        spool = SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - handed on
        try:
            return self._run(worker, job, timeout, deadline, spool)
        finally:
            if charge is not None:
                charge(time.monotonic() - started)

    def _run(
        self, worker: Worker, job: dict, timeout: float, deadline: float, spool: Any
    ) -> Outcome:
        try:
            worker.generation = job.get("generation")
            worker.conn.send(job)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not worker.conn.poll(remaining):
                    self._replace(worker)
                    raise QueryTimeout(
                        f"the query ran longer than the {timeout:g} s limit and was cancelled; "
                        "narrow it (LIMIT, more specific patterns) or ask the operator for a "
                        "longer --timeout"
                    )
                kind, payload = worker.conn.recv()
                if kind == "data":
                    spool.write(payload)
                    continue
                self.idle.put(worker)
                if kind == "end":
                    spool.write(payload.pop("tail"))
                if kind == "error":
                    error_type = getattr(problems, payload["type"], QueryFailed)
                    raise error_type(payload["detail"])
                size = spool.tell()
                spool.seek(0)
                return Outcome(spool, size, **payload)
        except (EOFError, OSError) as exc:
            self._replace(worker)
            spool.close()
            raise WorkerLost(
                f"the query worker stopped while running the query ({type(exc).__name__}); "
                "a new one is starting: try again shortly",
                Retry_After="1",
            ) from None
        except EndpointError:
            spool.close()
            raise

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers, self.workers = list(self.workers), set()
        for worker in workers:
            _stop(worker)


def _alive(worker: Worker) -> bool:
    return worker.process.is_alive()


def _stop(worker: Worker) -> None:
    try:
        worker.process.kill()
        worker.process.join(5)
    finally:
        worker.conn.close()


class _PipeSink:
    """A binary file-like object that sends what it is given in pieces of ``PIECE`` bytes."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= PIECE:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.conn.send(("data", self.take()))

    def take(self) -> bytes:
        """What is not sent yet: it rides on the final message (one pipe write, not two)."""
        data = bytes(self.buffer)
        self.buffer.clear()
        return data


def _worker_main(conn: Connection, isolate: bool) -> None:
    """The worker process: isolate, then answer jobs until the pipe closes."""
    from . import safety

    isolated = safety.isolate_network() if isolate else False
    import pyoxigraph as ox

    from .execute import run_job

    conn.send(("ready", {"isolated": isolated, "pid": os.getpid()}))
    store = None
    generation = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if job["generation"] != generation:
                store = None
                store = ox.Store.read_only(job["snapshot"])
                generation = job["generation"]
            sink = _PipeSink(conn)
            outcome = run_job(store, job, sink)
            conn.send(("end", {**outcome, "tail": sink.take()}))
        except EndpointError as exc:
            conn.send(("error", {"type": type(exc).__name__, "detail": exc.detail}))
        except SyntaxError as exc:
            conn.send(("error", {"type": "QuerySyntaxError", "detail": str(exc)}))
        except Exception as exc:  # the engine's own failures become a 500 with its message
            conn.send(("error", {"type": "QueryFailed", "detail": f"{type(exc).__name__}: {exc}"}))
