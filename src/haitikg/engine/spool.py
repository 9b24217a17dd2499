"""Where answers wait for their clients: spool files, counted against one shared limit.

An answer is written whole to a spool before its headers are sent (so the headers are
true), then the server sends it as the client reads. A spool is an unlinked temporary
file, which disappears when it is closed — when the answer is sent, or the client goes
away (waitress closes it with the connection).

:class:`Spools` counts the bytes of every open spool: with the spools full, a new answer
is refused (:class:`SpoolFull`, 503), and a worker writing one is told how much room is
left, so clients that ask and never read cannot fill the disk.
"""

from __future__ import annotations

import os
import threading
from tempfile import SpooledTemporaryFile, TemporaryFile
from types import TracebackType
from typing import IO

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
        """A new spool file; 503 when the spools already hold the limit."""
        self.check()
        return Spool(self, TemporaryFile())

    def check(self) -> None:
        """503 (:class:`SpoolFull`) when the spools already hold the limit."""
        with self.lock:
            if self.limit and self.held >= self.limit:
                raise SpoolFull(
                    f"answers not yet read by their clients hold {self.held >> 20} MiB, this "
                    f"endpoint's limit (SPOOL_LIMIT {self.limit >> 20} MiB); try again shortly",
                    Retry_After="5",
                )

    def room(self) -> int:
        """Bytes a new answer may take before the limit (0: no limit)."""
        with self.lock:
            return max(1, self.limit - self.held) if self.limit else 0

    def memory(self, check: bool = True) -> Spool:
        """A spool that stays in memory up to :data:`IN_MEMORY` bytes (this process's own
        answers, such as the dump at ``GET /store``, and a worker's small ones)."""
        if check:
            self.check()
        return Spool(self, SpooledTemporaryFile(max_size=IN_MEMORY))

    def take(self, count: int) -> None:
        with self.lock:
            self.held += count

    def give(self, count: int) -> None:
        with self.lock:
            self.held -= count


class Spool:
    """One answer's bytes: written (here or by a worker), then read from 0, then closed."""

    def __init__(self, spools: Spools, file: IO[bytes]) -> None:
        self.spools = spools
        self.file = file
        self.size = 0
        self.closed = False

    def fileno(self) -> int:
        return self.file.fileno()

    def write(self, data: bytes) -> int:
        self.spools.take(len(data))
        self.size += len(data)
        return self.file.write(data)

    def flush(self) -> None:
        self.file.flush()

    def written(self) -> None:
        """A worker has written the file: count its bytes, and be ready to read from 0."""
        size = os.fstat(self.fileno()).st_size
        self.spools.take(size - self.size)
        self.size = size
        self.file.seek(0)

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
