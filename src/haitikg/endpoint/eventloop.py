"""waitress's event loop on ``epoll``, asking only the connections that may have changed.

waitress's own loop asks every connection, on every turn, whether it wants to read or write
(``readable()``, ``writable()``: Python calls), and hands the answers to ``poll``. With 1,000
idle connections that is about 1.5 ms a turn; with 16 busy keep-alive clients it is still
most of the loop's time, several turns per request, all holding the GIL the views need.

:class:`EpollLoop` keeps the registrations in the kernel and, before each wait, asks only
the connections whose answer may have changed:

* those that had an event on the last turn (their handlers ran);
* those *touched* since (:meth:`EpollLoop.touch`): opened; served by a task thread, which
  says which connection it served before it pulls waitress's trigger (the end of every
  request, output it could not send, a connection to close) to wake the loop; marked to
  close by the server's maintenance (``connections.install`` touches them);
* the listening socket and the trigger, every turn (two calls).

Every :data:`FULL_SCAN` seconds it asks them all anyway, so that a change nobody announced
(a client gone while its request was served) is noticed within that time.
"""

from __future__ import annotations

import contextlib
import select
import time
from collections import deque
from collections.abc import Mapping
from typing import Any

from waitress import wasyncore
from waitress.channel import HTTPChannel

FULL_SCAN = 0.25  # seconds between looks at every connection
READ = select.EPOLLIN | select.EPOLLPRI
WRITE = select.EPOLLOUT


class EpollLoop:
    """Stands in for the ``wasyncore`` module on a waitress server (``server.asyncore``)."""

    dispatcher = wasyncore.dispatcher

    def __init__(self) -> None:
        # Appended to by any thread (deque.append is atomic), drained by the loop's thread.
        self.touched: deque[int] = deque()
        self.closed: deque[int] = deque()

    def touch(self, fd: int | None) -> None:
        """The connection ``fd`` is new or changed outside the loop: ask it before the
        next wait."""
        if fd is not None:
            self.touched.append(fd)

    def loop(self, timeout: float = 1.0, map: Mapping[int, Any] | None = None, **_: Any) -> None:
        sockets: Mapping[int, Any] = map if map is not None else wasyncore.socket_map
        epoll = select.epoll()
        registered: dict[int, int] = {}  # fd -> flags
        always: set[int] = set()  # the listening socket and the trigger: not connections
        due: set[int] = set()  # fds to ask before the next wait
        next_scan = 0.0
        try:
            while sockets:
                now = time.monotonic()
                # First the server (its readable() runs the maintenance, which may touch
                # connections), then whatever is due.
                self._ask(epoll, sockets, registered, always, always)
                self._drain(epoll, registered, always, due)
                if now >= next_scan:
                    next_scan = now + FULL_SCAN
                    due.update(sockets)
                self._ask(epoll, sockets, registered, due, always)
                due.clear()
                try:
                    events = epoll.poll(timeout)
                except InterruptedError:
                    events = []
                for fd, flags in events:
                    obj = sockets.get(fd)
                    if obj is not None:
                        due.add(fd)
                        wasyncore.readwrite(obj, flags)
        finally:
            epoll.close()

    def _drain(
        self, epoll: select.epoll, registered: dict[int, int], always: set[int], due: set[int]
    ) -> None:
        while self.closed:
            fd = self.closed.popleft()
            registered.pop(fd, None)
            always.discard(fd)
            due.discard(fd)
            with contextlib.suppress(OSError, ValueError):
                epoll.unregister(fd)
        while self.touched:
            due.add(self.touched.popleft())

    @staticmethod
    def _ask(
        epoll: select.epoll,
        sockets: Mapping[int, Any],
        registered: dict[int, int],
        fds: set[int],
        always: set[int],
    ) -> None:
        for fd in list(fds):
            obj = sockets.get(fd)
            if obj is None:
                continue
            flags = READ if obj.readable() else 0
            if obj.writable() and not obj.accepting:
                flags |= WRITE
            known = registered.get(fd)
            if known is None:
                try:
                    epoll.register(fd, flags)
                except FileExistsError:
                    epoll.modify(fd, flags)
                except OSError:
                    continue
                if not isinstance(obj, HTTPChannel):
                    always.add(fd)
            elif known != flags:
                try:
                    epoll.modify(fd, flags)
                except FileNotFoundError:  # closed and its number reused unannounced
                    epoll.register(fd, flags)
                except OSError:  # no longer open: nothing to wait for
                    continue
            registered[fd] = flags
