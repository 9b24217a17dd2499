"""A pool of query worker processes, so a runaway query can be killed without harm.

pyoxigraph has no timeout and ignores signals while it evaluates, so each query runs in
a separate process that reads a read-only snapshot of the store, inside the sandbox of
``sandbox.py`` (no network, bounded memory, a deep stack). The web thread that sent the
job waits on the pipe with the remaining time; past the limit it kills that worker,
answers 503, and a replacement starts in the background while the other workers keep
serving. Workers are forked from a ``forkserver`` that has the engine imported already,
so a replacement is ready in tens of milliseconds, not a second.

A small answer (up to ``INLINE``) comes back with the worker's reply. A larger one the
worker writes straight into a spool file (``spool.py``) that the web thread hands it when it
asks (``SCM_RIGHTS``), so its bytes never pass through this process, nothing large is held
whole in memory, the worker is free again as soon as the
answer is written, a slow client never holds a worker, and the response headers —
status, format, row-limit warning — are always true when they are sent.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import forkserver, reduction
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, TYPE_CHECKING

from . import problems, relay, sandbox
from .problems import (
    EndpointError,
    MemoryLimit,
    Overloaded,
    QueryFailed,
    QueryTimeout,
    SpoolFull,
    WorkerLost,
)
from .spool import Spool, Spools
from .worker import Sandbox, worker_main

if TYPE_CHECKING:
    from .execute import Job  # imported by the workers themselves (PRELOAD)

START_TIMEOUT = 120.0
#: Modules the forkserver imports once, so each worker starts with them loaded.
PRELOAD = ["haitikg.engine.execute", "haitikg.engine.sandbox", "pyoxigraph"]


@dataclass
class Outcome:
    """A finished query: its serialized body and what the headers must say."""

    body: Spool | IO[bytes]  # positioned at 0; a remote backend's is a temporary file
    size: int
    media_type: str
    rows: int
    cut: str | None  # "rows" or "bytes" when a limit cut the answer short
    kind: str

    @property
    def truncated(self) -> bool:
        return self.cut is not None


@dataclass(eq=False)
class Worker:
    process: BaseProcess
    conn: Connection
    isolated: bool
    generation: int | None = None
    jobs: int = field(default=0)


def _context() -> ForkServerContext | SpawnContext:
    context: ForkServerContext | SpawnContext = mp.get_context("spawn")
    if "forkserver" in mp.get_all_start_methods():
        context = mp.get_context("forkserver")
    if context.get_start_method() == "forkserver":
        # The forkserver is a fresh interpreter that ignores this one's sys.path (Python
        # < 3.13): make it import this very haitikg, not another one installed.
        # Only the forkserver gets the changed PYTHONPATH: this process's environment is
        # restored, so its other subprocesses are not affected.
        here = str(Path(__file__).resolve().parents[2])
        before = os.environ.get("PYTHONPATH")
        paths = [p for p in (before or "").split(os.pathsep) if p]
        context.set_forkserver_preload(PRELOAD)
        os.environ["PYTHONPATH"] = os.pathsep.join([here, *(p for p in paths if p != here)])
        try:
            forkserver.ensure_running()
        finally:
            if before is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = before
    return context


class Pool:
    """``size`` worker processes, handed out one job at a time."""

    def __init__(self, size: int, *, sandbox: Sandbox, spools: Spools | None = None) -> None:
        self.size = max(1, size)
        self.sandbox = sandbox
        self.spools = spools or Spools(0)
        self.context = _context()
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.workers: set[Worker] = set()
        self.starting = 0
        self.failures = 0  # replacements in a row that did not start
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

    @property
    def ready(self) -> bool:
        """Able to run queries: a worker is up or one is starting, and starts succeed."""
        with self.lock:
            return not self.closed and self.failures < 3 and bool(self.workers or self.starting)

    def generations(self) -> set[int]:
        """Snapshot generations some worker may still have open."""
        with self.lock:
            return {w.generation for w in self.workers if w.generation is not None}

    def _spawn(self) -> Worker:
        parent, child = self.context.Pipe()
        channel = None
        if self.sandbox.relay:  # made here, before the worker leaves the host's network
            ours, channel = socket.socketpair()
            threading.Thread(
                target=relay.serve_connections, args=(ours, self.sandbox.relay), daemon=True
            ).start()
        process = self.context.Process(
            target=worker_main,
            args=(child, self.sandbox, channel),
            daemon=True,
            name="haitikg-query",
        )
        process.start()
        child.close()
        if channel is not None:
            channel.close()
        if not parent.poll(START_TIMEOUT):
            process.kill()
            raise RuntimeError("a query worker did not start")
        _, info = parent.recv()
        return Worker(process, parent, info["isolated"])

    def _add(self) -> None:
        with self.lock:
            self.starting += 1
        try:
            worker = self._spawn()
        except (RuntimeError, OSError, EOFError):
            with self.lock:
                self.starting -= 1
                self.failures += 1
            return
        with self.lock:
            self.starting -= 1
            self.failures = 0
            if self.closed:
                _stop(worker)
                return
            self.workers.add(worker)
        self.idle.put(worker)

    def _replace(self, worker: Worker, *, dying: bool = False) -> int | None:
        """Stop ``worker`` (``dying``: it is ending by itself), start another; return how the
        stopped one ended (its exit code)."""
        with self.lock:
            self.workers.discard(worker)
        code = _stop(worker, dying=dying)
        if not self.closed:
            threading.Thread(target=self._add, daemon=True).start()
        return code

    def run(
        self, job: Job, timeout: float, charge: Callable[[float], None] | None = None
    ) -> Outcome:
        """Run ``job`` on an idle worker within ``timeout`` seconds of its start; then call
        ``charge`` (if given) with the seconds the job held the worker — the whole time
        limit when the job killed its worker, so a client cannot crash workers for free."""
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
        lost = False
        try:
            return self._run(worker, job, timeout, started + timeout)
        except (WorkerLost, MemoryLimit):
            lost = True
            raise
        finally:
            if charge is not None:
                spent = time.monotonic() - started
                charge(max(spent, timeout) if lost else spent)

    def _run(self, worker: Worker, job: Job, timeout: float, deadline: float) -> Outcome:
        self.spools.check()  # SpoolFull (503) at once when the spools are full
        spool: Spool | None = None
        try:
            worker.generation = job.get("generation")
            worker.conn.send({**job, "spool_room": self.spools.room()})
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
                if kind != "spool":
                    break
                # A large answer: the worker writes on into a spool file of ours.
                try:
                    spool = self.spools.open()
                except SpoolFull:
                    self._replace(worker)  # it waits for a file that will not come
                    raise
                reduction.send_handle(worker.conn, spool.fileno(), worker.process.pid)
            self.idle.put(worker)
            if kind == "error":
                error_type = getattr(problems, payload["type"], QueryFailed)
                raise error_type(payload["detail"])
            if spool is None:  # a small answer came back with the message
                spool = self.spools.memory(check=False)
                spool.write(payload.pop("body"))
                spool.seek(0)
            else:
                spool.written()
            return Outcome(spool, spool.size, **payload)
        except (EOFError, OSError) as exc:
            if spool is not None:
                spool.close()
            raise self._lost(worker, exc) from None
        except EndpointError:
            if spool is not None:
                spool.close()
            raise

    def _lost(self, worker: Worker, exc: BaseException) -> EndpointError:
        """The error for a worker that died under a query, from how it ended."""
        code = self._replace(worker, dying=True)
        if code == sandbox.OUT_OF_MEMORY:
            heap = self.sandbox.heap >> 20
            return MemoryLimit(
                f"the query needed more than the {heap} MiB of memory a query worker may use "
                "(WORKER_MEMORY) and was stopped; build smaller values or fewer rows at once"
            )
        how = f"signal {signal.Signals(-code).name}" if code and code < 0 else type(exc).__name__
        return WorkerLost(
            f"the query worker stopped while running the query ({how}); a new one is "
            "starting: try again shortly",
            Retry_After="1",
        )

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers, self.workers = list(self.workers), set()
        for worker in workers:
            _stop(worker)


def _alive(worker: Worker) -> bool:
    return bool(worker.process.is_alive())


def _stop(worker: Worker, dying: bool = False) -> int | None:
    """End ``worker``'s process: let a dying one finish dying (its exit code tells why),
    kill one still alive; return the exit code."""
    try:
        if dying:
            worker.process.join(1)
        if worker.process.exitcode is None:
            worker.process.kill()
            worker.process.join(5)
        return worker.process.exitcode
    finally:
        worker.conn.close()
