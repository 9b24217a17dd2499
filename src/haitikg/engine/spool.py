"""Where answers wait for their clients: spool files, counted against one shared limit.

An answer is written whole to a spool before its headers are sent (so the headers are
true), then the server sends it as the client reads. Small answers stay in memory; larger
ones go to an unlinked temporary file, which disappears when the spool is closed — when
the answer is sent, or the client goes away (waitress closes it with the connection).

:class:`Spools` counts the bytes of every open spool: past its limit, a new piece of an
answer is refused (:class:`SpoolFull`), so clients that ask and never read cannot fill
the disk.
"""

from __future__ import annotations

import threading
from tempfile import SpooledTemporaryFile
from types import TracebackType

from .problems import SpoolFull

#: Bytes of an answer kept in memory before it moves to a file; at most this much memory
#: per connection waiting for its client.
IN_MEMORY = 64 * 1024


class Spools:
    """The spools open now, and the bytes they hold, against ``limit`` (0 = no limit)."""

    def __init__(self, limit: int) -> None:
        self.limit = int(limit)
        self.held = 0
        self.lock = threading.Lock()

    def open(self) -> Spool:
        return Spool(self)

    def take(self, count: int) -> None:
        with self.lock:
            if self.limit and self.held + count > self.limit:
                raise SpoolFull(
                    f"answers not yet read by their clients hold {self.held >> 20} MiB, this "
                    f"endpoint's limit (SPOOL_LIMIT {self.limit >> 20} MiB); try again shortly",
                    Retry_After="5",
                )
            self.held += count

    def give(self, count: int) -> None:
        with self.lock:
            self.held -= count


class Spool:
    """One answer's bytes: a file to write, then to read from position 0, then to close."""

    def __init__(self, spools: Spools) -> None:
        self.spools = spools
        self.file = SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - closed by close()
        self.size = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self.spools.take(len(data))
        self.size += len(data)
        return self.file.write(data)

    def read(self, count: int = -1) -> bytes:
        return self.file.read(count)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.file.seek(offset, whence)

    def tell(self) -> int:
        return self.file.tell()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.file.close()
            self.spools.give(self.size)

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
