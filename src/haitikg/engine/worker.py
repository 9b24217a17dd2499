"""The query worker process (started by ``workers.Pool``): it enters the sandbox, then
answers jobs from its pipe until the pipe closes, each into an :class:`AnswerSink`."""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass
from multiprocessing import reduction
from multiprocessing.connection import Connection
from typing import IO, TYPE_CHECKING

from . import relay, sandbox
from .problems import AnswerTooLarge, EndpointError, SpoolFull

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .execute import Written

PIECE = 64 * 1024
#: An answer up to this size comes back with the worker's reply; a larger one is written
#: into a spool file the worker asks for.
INLINE = 64 * 1024
#: What an answer may pass ``max_bytes`` by before it is stopped (the writers stop before
#: the limit; only a single row larger than the limit gets here).
HARD_SLACK = 1024 * 1024


@dataclass(frozen=True)
class Sandbox:
    """How workers are confined: see ``sandbox.py``."""

    isolate: bool = True  # an empty network namespace
    heap: int = 0  # bytes of memory a worker may use (0 = no limit)
    relay: tuple[relay.Endpoint, ...] = ()  # allowed SERVICE endpoints, reached via relay.py


class AnswerSink:
    """Where a worker writes an answer: in memory up to :data:`INLINE` bytes, sent back
    with the reply (most answers: no file, no descriptor passed); beyond that, a spool file
    of the server's, asked for over the pipe and written through a buffer. It refuses to
    grow past the room left in the spools or one row past the answer's byte limit."""

    def __init__(self, conn: Connection, room: int, max_bytes: int) -> None:
        self.conn = conn
        self.memory: bytearray | None = bytearray()
        self.file: IO[bytes] | None = None
        self.room = room
        self.hard_limit = max_bytes + HARD_SLACK if max_bytes else 0
        self.written = 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        if self.room and self.written > self.room:
            raise SpoolFull(
                "answers not yet read by their clients fill the space this endpoint may use "
                "(SPOOL_LIMIT); try again shortly",
                Retry_After="5",
            )
        if self.hard_limit and self.written > self.hard_limit:
            raise AnswerTooLarge(
                f"one row of the answer is larger than the {(self.hard_limit - HARD_SLACK) >> 20}"
                " MiB an answer may have (MAX_ANSWER_BYTES), so it cannot be cut at a row; "
                "select less (SUBSTR, fewer variables)"
            )
        if self.memory is not None:
            if self.written <= INLINE:
                self.memory += data
                return len(data)
            self.conn.send(("spool", None))
            self.file = open(reduction.recv_handle(self.conn), "wb", buffering=PIECE)  # noqa: SIM115
            self.file.write(self.memory)
            self.memory = None
        assert self.file is not None
        return self.file.write(data)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def finish(self, outcome: Written) -> None:
        """Send the reply: with the answer's bytes when they stayed in memory."""
        if self.memory is not None:
            self.conn.send(("end", {**outcome, "body": bytes(self.memory)}))
        else:
            self.close()
            self.conn.send(("end", outcome))

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def worker_main(conn: Connection, confinement: Sandbox, channel: socket.socket | None) -> None:
    """The worker process: enter the sandbox, then answer jobs until the pipe closes."""
    sandbox.quiet_aborts()
    isolated = False
    if confinement.isolate:
        isolated = sandbox.isolate_network(mounts=bool(confinement.relay))
    if isolated and confinement.relay and channel is not None:
        relay.enter(confinement.relay, channel)
    sandbox.limit_memory(confinement.heap)
    conn.send(("ready", {"isolated": isolated, "pid": os.getpid()}))
    sandbox.on_deep_stack(lambda: _serve(conn))


def _open(snapshot: str, *, in_memory: bool) -> ox.Store:
    """The snapshot read-only from disk, or copied whole into an in-memory store (graphs
    without quads too), which answers in about two thirds of the time."""
    import pyoxigraph as ox

    on_disk = ox.Store.read_only(snapshot)
    if not in_memory:
        return on_disk
    copy = ox.Store()
    copy.extend(on_disk)  # as fast here as bulk_extend, whose 200 MB batch passes a small limit
    for graph in on_disk.named_graphs():
        copy.add_graph(graph)
    return copy


def _serve(conn: Connection) -> None:
    from .execute import run_job

    store: ox.Store | None = None
    generation = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        sink = AnswerSink(conn, job["spool_room"], job["max_bytes"])
        try:
            if job["generation"] != generation or store is None:
                store = None
                store = _open(job["snapshot"], in_memory=job.get("in_memory", False))
                generation = job["generation"]
            sink.finish(run_job(store, job, sink))
        except EndpointError as exc:
            conn.send(("error", {"type": type(exc).__name__, "detail": exc.detail}))
        except SyntaxError as exc:
            conn.send(("error", {"type": "QuerySyntaxError", "detail": str(exc)}))
        except MemoryError:
            detail = "the query needed more memory than a query worker may use (WORKER_MEMORY)"
            conn.send(("error", {"type": "MemoryLimit", "detail": detail}))
        except Exception as exc:  # the engine's own failures become a 500 with its message
            conn.send(("error", {"type": "QueryFailed", "detail": f"{type(exc).__name__}: {exc}"}))
        finally:
            with contextlib.suppress(OSError, ValueError):
                sink.close()
