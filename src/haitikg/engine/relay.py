"""SERVICE to the allowed endpoints only, from query workers that have no network.

With ``--allow-service PREFIX`` query workers still live in an empty network namespace
(``sandbox.py``). Inside it, each allowed endpoint's host name is mapped to a loopback
address of its own (a private ``/etc/hosts`` in a private mount namespace) where a relay
listens. For each connection the engine makes there, the relay asks the main process —
over a socket pair made before the worker left the host's network — for a connection to
that endpoint; the main process connects to nothing but the allowed hosts and ports, and
hands the connected socket back (``SCM_RIGHTS``); the relay copies bytes both ways.

For an ``http`` endpoint the relay also checks the request line's path against the
allowed prefixes; ``https`` travels end to end (the engine checks the endpoint's
certificate), so there the host and port are what the network enforces and the path is
checked on the query text (``safety.py``).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import ipaddress
import os
import re
import socket
import struct
import tempfile
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
CONNECT_TIMEOUT = 10.0
_CLIMB = re.compile(r"/\.\.?(?:[/?#]|$)|%2e|\\", re.IGNORECASE)


@dataclass(frozen=True)
class Endpoint:
    """An allowed SERVICE host and port, the path prefixes allowed there, and the loopback
    address it is given inside a worker's namespace."""

    scheme: str
    host: str
    port: int
    paths: tuple[str, ...]
    local: str


def endpoints(prefixes: list[str]) -> tuple[Endpoint, ...]:
    """The endpoints of ``ALLOW_SERVICE`` prefixes (``ValueError`` for one that is not an
    absolute http(s) IRI with a host name or a loopback address)."""
    found: dict[tuple[str, str, int], list[str]] = {}
    for prefix in prefixes:
        parts = urlsplit(prefix)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"--allow-service {prefix}: not an http(s) IRI with a host")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            literal = ipaddress.ip_address(parts.hostname)
        except ValueError:
            literal = None
        if literal is not None and not literal.is_loopback:
            raise ValueError(
                f"--allow-service {prefix}: give a host name (or a loopback address), "
                "not an IP address: workers reach endpoints through names mapped for them"
            )
        key = (parts.scheme, parts.hostname.lower(), port)
        found.setdefault(key, []).append(parts.path or "/")
    result = []
    for i, ((scheme, host, port), paths) in enumerate(sorted(found.items())):
        local = host if _is_ip(host) else f"127.0.{(i + 2) // 256}.{(i + 2) % 256}"
        result.append(Endpoint(scheme, host, port, tuple(paths), local))
    return tuple(result)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# --- the main process side ---------------------------------------------------------------


def serve_connections(channel: socket.socket, allowed: tuple[Endpoint, ...]) -> None:
    """Answer a worker's requests for connections (one byte: the endpoint's index) with a
    socket connected to that endpoint, until the worker goes away. Run on its own thread."""
    with channel:
        while True:
            try:
                request = channel.recv(1)
            except OSError:
                return
            if not request:
                return
            index = request[0]
            try:
                endpoint = allowed[index]
                upstream = socket.create_connection(
                    (endpoint.host, endpoint.port), timeout=CONNECT_TIMEOUT
                )
            except (IndexError, OSError):
                channel.sendall(b"n")
                continue
            with upstream:
                upstream.settimeout(None)
                socket.send_fds(channel, [b"y"], [upstream.fileno()])


# --- the worker side ---------------------------------------------------------------------


def enter(allowed: tuple[Endpoint, ...], channel: socket.socket) -> None:
    """Inside a fresh network and mount namespace: map the endpoints' names, bring up the
    loopback interface and start a relay for each endpoint (daemon threads)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        raise OSError(ctypes.get_errno(), "cannot make the worker's mounts private")
    names = "".join(f"{e.local} {e.host}\n" for e in allowed if e.local != e.host)
    handle, hosts = tempfile.mkstemp(prefix="haitikg-hosts-")
    os.write(handle, f"127.0.0.1 localhost\n::1 localhost\n{names}".encode())
    os.close(handle)
    if libc.mount(hosts.encode(), b"/etc/hosts", None, MS_BIND, None) != 0:
        raise OSError(ctypes.get_errno(), "cannot give the worker its own /etc/hosts")
    os.unlink(hosts)  # the bind mount keeps it for this namespace only
    _loopback_up()
    lock = threading.Lock()
    for index, endpoint in enumerate(allowed):
        listener = socket.create_server((endpoint.local, endpoint.port), backlog=16)
        thread = threading.Thread(
            target=_accept,
            args=(listener, index, endpoint, channel, lock),
            daemon=True,
            name=f"haitikg-relay-{endpoint.host}",
        )
        thread.start()


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))


def _accept(
    listener: socket.socket,
    index: int,
    endpoint: Endpoint,
    channel: socket.socket,
    lock: threading.Lock,
) -> None:
    while True:
        client, _ = listener.accept()
        threading.Thread(
            target=_relay, args=(client, index, endpoint, channel, lock), daemon=True
        ).start()


def _relay(
    client: socket.socket,
    index: int,
    endpoint: Endpoint,
    channel: socket.socket,
    lock: threading.Lock,
) -> None:
    with client:
        head = b""
        if endpoint.scheme == "http":
            line = _request_line(client)
            if line is None or not _path_allowed(line, endpoint.paths):
                return  # not an allowed path: the engine sees the connection close
            head = line
        with lock:
            channel.sendall(bytes([index]))
            reply, fds, _, _ = socket.recv_fds(channel, 1, 1)
        if reply != b"y" or not fds:
            return
        with socket.socket(fileno=fds[0]) as upstream:
            upstream.sendall(head)
            back = threading.Thread(target=_copy, args=(upstream, client), daemon=True)
            back.start()
            _copy(client, upstream)
            back.join()


def _request_line(client: socket.socket) -> bytes | None:
    """What the engine sent up to the end of its request line (at most 8 KiB)."""
    data = b""
    while b"\r\n" not in data:
        piece = client.recv(4096)
        if not piece or len(data) > 8192:
            return None
        data += piece
    return data


def _path_allowed(head: bytes, paths: tuple[str, ...]) -> bool:
    parts = head.split(b"\r\n", 1)[0].split(b" ")
    if len(parts) != 3:
        return False
    target = parts[1].decode("latin-1")
    if _CLIMB.search(target):
        return False
    return any(target.startswith(path) for path in paths)


def _copy(source: socket.socket, target: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            target.sendall(data)
    with contextlib.suppress(OSError):
        target.shutdown(socket.SHUT_WR)
