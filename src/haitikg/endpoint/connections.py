"""How waitress serves thousands of connections and many clients fairly.

:func:`make_dispatcher` gives waitress's threads a :class:`FairQueue`: requests are taken
round-robin by client address, not first come, first served, so one client sending many
requests at once cannot make another wait behind all of them.

:func:`install` changes four things on a waitress server:

* header fields are measured before waitress parses them: more than ``MAX_HEADER_FIELDS``,
  or one longer than ``MAX_HEADER_BYTES``, is 431 at once (waitress's own parser matches
  each field with a regular expression that took about a second for a 185 KB ``Accept``,
  on the thread that serves every connection);
* a connection that takes longer than ``REQUEST_TIMEOUT`` to send one request is closed
  (waitress closes only *idle* ones: a client sending a header line now and then is not
  idle, and could hold its place for ever);
* the event loop (``eventloop.py``): ``epoll``, asking only the connections that may have
  changed; a task thread says which connection it served when it wakes the loop;
* the listening socket accepts up to :data:`ACCEPT_BATCH` waiting connections at a time, so
  a burst of them (an attack) is not taken one per turn of the loop.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Mapping
from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.task import ThreadedTaskDispatcher
from waitress.utilities import RequestHeaderFieldsTooLarge

from .eventloop import EpollLoop

#: Connections accepted at most per turn of the loop.
ACCEPT_BATCH = 64
#: The connection each task thread serves now (to say which one it touched).
_serving = threading.local()


class Channel(HTTPChannel):
    """waitress's connection, noting when its request began to arrive, and telling the
    loop when it opens, closes, and is served by a task thread."""

    request_began: float | None = None

    def received(self, data: bytes) -> bool:
        if self.request is None:
            self.request_began = time.time()
        try:
            return bool(super().received(data))
        finally:
            if self.request is None:
                self.request_began = None

    def service(self) -> None:
        _serving.channel = self  # so that the trigger this thread pulls names it
        try:
            super().service()
        finally:
            _serving.channel = None

    def add_channel(self, map: Mapping[int, socket.socket] | None = None) -> None:
        super().add_channel(map)
        loop = getattr(self.server, "asyncore", None)
        if isinstance(loop, EpollLoop):
            loop.touch(_fd(self))

    def del_channel(self, map: Mapping[int, socket.socket] | None = None) -> None:
        fd = _fd(self)  # gone once deleted
        super().del_channel(map)
        loop = getattr(self.server, "asyncore", None)
        if isinstance(loop, EpollLoop) and fd is not None:
            loop.closed.append(fd)


def _fd(channel: HTTPChannel) -> int | None:
    """The descriptor waitress keeps for ``channel`` (None once closed)."""
    fd = getattr(channel, "_fileno", None)
    return fd if isinstance(fd, int) else None


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
    # waitress uses only append, popleft, len() and truth: a FairQueue is no deque.
    dispatcher.queue = FairQueue()  # type: ignore[assignment]
    dispatcher.set_thread_count(threads)
    return dispatcher


class HeaderLimits(HTTPRequestParser):
    """waitress's request parser, measuring the header fields before parsing them."""

    max_fields = 100
    max_field = 8 * 1024

    def parse_header(self, header_plus: bytes) -> None:
        newline = header_plus.find(b"\n")  # the request line is no field
        fields = header_plus[newline + 1 :] if newline >= 0 else b""
        # Most requests are too short for any field to be over the limit: not split.
        short = len(fields) <= self.max_field + 256 and fields.count(b"\n") < self.max_fields
        if short or not self._refuse(fields.split(b"\n")):
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
    """Give a waitress ``server`` the header limits, the request deadline, the loop and
    batched accepts."""
    loop = EpollLoop() if hasattr(select, "epoll") else None
    if loop is not None:
        server.asyncore = loop
        _name_served_channels(server, loop)
    limits = {"max_fields": max_fields, "max_field": max_field}
    parser = type("Parser", (HeaderLimits,), limits)
    server.channel_class = type("Connection", (Channel,), {"parser_class": parser})
    maintenance = server.maintenance

    def with_deadline(now: float) -> None:
        maintenance(now)
        cutoff = now - request_timeout
        for fd, channel in list(server.active_channels.items()):
            began = getattr(channel, "request_began", None)
            if began is not None and began < cutoff:
                channel.will_close = True
            if channel.will_close and loop is not None:
                loop.touch(fd)  # to be closed on this turn

    server.maintenance = with_deadline
    _accept_in_batches(server)


def _name_served_channels(server: Any, loop: EpollLoop) -> None:
    """A task thread that pulls the trigger first tells ``loop`` which connection it served."""
    pull = server.pull_trigger

    def pull_trigger() -> None:
        channel = getattr(_serving, "channel", None)
        if channel is not None:
            loop.touch(_fd(channel))
        pull()

    server.pull_trigger = pull_trigger


def _accept_in_batches(server: Any) -> None:
    """Accept up to :data:`ACCEPT_BATCH` waiting connections per turn, within the limit."""
    accept_one = server.handle_accept
    limit = int(server.adj.connection_limit)

    def handle_accept() -> None:
        for _ in range(ACCEPT_BATCH):
            before = len(server._map)
            accept_one()
            after = len(server._map)
            if after == before or after >= limit:  # none was waiting, or the limit
                return

    server.handle_accept = handle_accept
