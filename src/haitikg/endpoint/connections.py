"""How waitress serves thousands of connections and many clients fairly.

:func:`make_dispatcher` gives waitress's threads a :class:`FairQueue`: requests are taken
round-robin by client address, not first come, first served, so one client sending many
requests at once cannot make another wait behind all of them.

:func:`install` changes three things on a waitress server:

* header fields are measured before waitress parses them: more than ``MAX_HEADER_FIELDS``,
  or one longer than ``MAX_HEADER_BYTES``, is 431 at once (waitress's own parser matches
  each field with a regular expression that took about a second for a 185 KB ``Accept``,
  on the thread that serves every connection);
* a connection that takes longer than ``REQUEST_TIMEOUT`` to send one request is closed
  (waitress closes only *idle* ones: a client sending a header line now and then is not
  idle, and could hold its place for ever);
* the event loop. waitress's own asks every connection whether it wants to read or write
  on every turn: with 1,000 idle connections that is about 1.5 ms a turn, several turns
  per request, all holding the GIL the views need. :class:`EpollLoop` keeps registrations
  in the kernel and asks only the connections that are *hot* — new, with an event in the
  last :data:`COOL_AFTER` seconds, or busy (a request in progress, output pending) — plus
  the listening socket and the trigger; every :data:`FULL_SCAN` seconds it asks them all,
  so an idle connection that waitress decided to close goes within that time. A task
  thread that changes a connection pulls waitress's trigger, and that connection is busy,
  hence hot, so it is asked on the next turn.
"""

from __future__ import annotations

import contextlib
import select
import time
from collections import OrderedDict, deque
from typing import Any

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.task import ThreadedTaskDispatcher
from waitress.utilities import RequestHeaderFieldsTooLarge

FULL_SCAN = 0.1  # seconds between looks at every connection
COOL_AFTER = 2.0  # seconds without an event before an idle connection is no longer asked
READ = select.EPOLLIN | select.EPOLLPRI
WRITE = select.EPOLLOUT


class EpollLoop:
    """Stands in for the ``wasyncore`` module on a waitress server (``server.asyncore``)."""

    dispatcher = wasyncore.dispatcher

    def __init__(self) -> None:
        self.added: list[int] = []  # connections opened or closed since the last turn
        self.removed: list[int] = []

    def loop(self, timeout: float = 1.0, map: dict | None = None, **_: Any) -> None:
        sockets: dict[int, Any] = map if map is not None else wasyncore.socket_map
        epoll = select.epoll()
        registered: dict[int, int] = {}  # fd -> flags
        hot: dict[int, float] = {}  # fd -> last time it had an event (or was new)
        next_scan = 0.0
        try:
            while sockets:
                now = time.monotonic()
                self._changes(epoll, registered, hot, now)
                if now >= next_scan:
                    next_scan = now + FULL_SCAN
                    self._ask(epoll, sockets, registered, sockets.keys(), hot, now)
                else:
                    self._ask(epoll, sockets, registered, list(hot), hot, now)
                try:
                    events = epoll.poll(timeout)
                except InterruptedError:
                    events = []
                now = time.monotonic()
                for fd, flags in events:
                    obj = sockets.get(fd)
                    if obj is not None:
                        hot[fd] = now
                        wasyncore.readwrite(obj, flags)
        finally:
            epoll.close()

    def _changes(
        self, epoll: select.epoll, registered: dict[int, int], hot: dict[int, float], now: float
    ) -> None:
        while self.removed:
            fd = self.removed.pop(0)
            registered.pop(fd, None)
            hot.pop(fd, None)
            with contextlib.suppress(OSError, ValueError):
                epoll.unregister(fd)
        while self.added:
            hot[self.added.pop(0)] = now

    def _ask(
        self,
        epoll: select.epoll,
        sockets: dict[int, Any],
        registered: dict[int, int],
        fds: Any,
        hot: dict[int, float],
        now: float,
    ) -> None:
        for fd in list(fds):
            obj = sockets.get(fd)
            if obj is None:
                hot.pop(fd, None)
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
                hot.setdefault(fd, now)
            elif known != flags:
                epoll.modify(fd, flags)
            registered[fd] = flags
            if (
                fd in hot
                and now - hot[fd] > COOL_AFTER
                and isinstance(obj, HTTPChannel)
                and not _busy(obj)
            ):
                del hot[fd]


def _busy(channel: HTTPChannel) -> bool:
    return bool(
        channel.requests
        or channel.total_outbufs_len
        or channel.will_close
        or channel.close_when_flushed
        or channel.request is not None
    )


class Channel(HTTPChannel):  # type: ignore[misc]
    """waitress's connection, noting when its request began to arrive, and telling the
    loop when it opens and closes."""

    request_began: float | None = None

    def received(self, data: bytes) -> bool:
        if self.request is None:
            self.request_began = time.time()
        try:
            return bool(super().received(data))
        finally:
            if self.request is None:
                self.request_began = None

    def add_channel(self, map: dict | None = None) -> None:
        super().add_channel(map)
        loop = getattr(self.server, "asyncore", None)
        if isinstance(loop, EpollLoop):
            loop.added.append(self._fileno)

    def del_channel(self, map: dict | None = None) -> None:
        fd = self._fileno
        super().del_channel(map)
        loop = getattr(self.server, "asyncore", None)
        if isinstance(loop, EpollLoop) and fd is not None:
            loop.removed.append(fd)


class FairQueue:
    """waitress's task queue, handing tasks out round-robin by client address."""

    def __init__(self) -> None:
        self.by_client: OrderedDict[str, deque[Any]] = OrderedDict()
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def append(self, task: Any) -> None:
        address = getattr(task, "addr", None)
        client = str(address[0]) if isinstance(address, tuple) and address else ""
        self.by_client.setdefault(client, deque()).append(task)
        self.size += 1

    def popleft(self) -> Any:
        client, tasks = next(iter(self.by_client.items()))
        task = tasks.popleft()
        self.size -= 1
        if tasks:
            self.by_client.move_to_end(client)  # the next client's turn
        else:
            del self.by_client[client]
        return task


def make_dispatcher(threads: int) -> ThreadedTaskDispatcher:
    """waitress's thread pool, taking tasks from a :class:`FairQueue`."""
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.queue = FairQueue()
    dispatcher.set_thread_count(threads)
    return dispatcher


class HeaderLimits(HTTPRequestParser):  # type: ignore[misc]
    """waitress's request parser, measuring the header fields before parsing them."""

    max_fields = 100
    max_field = 8 * 1024

    def parse_header(self, header_plus: bytes) -> None:
        if not self._refuse(header_plus.split(b"\n")[1:]):  # the request line is no field
            super().parse_header(header_plus)

    def _refuse(self, lines: list[bytes]) -> bool:
        longest = max((len(line) for line in lines), default=0)
        if len(lines) <= self.max_fields and longest <= self.max_field + 256:
            return False
        super().parse_header(b"GET / HTTP/1.0\r\n")
        self.error = RequestHeaderFieldsTooLarge(
            f"at most {self.max_fields} fields of {self.max_field} bytes: this request has "
            f"{len(lines)} fields or more, the longest of {longest} bytes or more"
        )
        return True


def install(server: Any, request_timeout: float, max_fields: int, max_field: int) -> None:
    """Give a waitress ``server`` the header limits, the request deadline and the loop."""
    if hasattr(select, "epoll"):
        server.asyncore = EpollLoop()
    limits = {"max_fields": max_fields, "max_field": max_field}
    parser = type("Parser", (HeaderLimits,), limits)
    server.channel_class = type("Connection", (Channel,), {"parser_class": parser})
    maintenance = server.maintenance

    def with_deadline(now: float) -> None:
        maintenance(now)
        cutoff = now - request_timeout
        for channel in list(server.active_channels.values()):
            began = getattr(channel, "request_began", None)
            if began is not None and began < cutoff:
                channel.will_close = True

    server.maintenance = with_deadline
