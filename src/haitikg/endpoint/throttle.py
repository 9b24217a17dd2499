"""Per-client fairness: a budget of query time and a share of the workers per client address.

Each client has a bucket of ``THROTTLE_BUDGET`` seconds of query time that refills evenly
over ``THROTTLE_WINDOW`` seconds. A query is admitted while the bucket is above zero, and
the whole time limit is *reserved* from it at once; when the query ends, the time it
really held a worker is charged and the rest given back. So concurrent queries cannot
overdraw a budget by more than one query's time limit. A query that kills its worker
(memory, a crash) is charged the whole limit. An empty bucket answers 429 with
``Retry-After``: the seconds until it is above zero again.

A client may also run at most ``CLIENT_QUERIES`` queries at once (default: half the
workers, at least one), so one client cannot take every worker: beyond, 429 at once.

Clients are told apart by address: the TCP peer, or, when the peer is one of
``TRUSTED_PROXIES``, the last address in ``X-Forwarded-For`` that is not a trusted proxy.
Local tools (a loopback peer and no forwarding header) are exempt unless
``THROTTLE_LOOPBACK`` is set; a request that a proxy forwarded is never exempt, trusted
or not (untrusted, all its clients share the proxy's bucket). ``THROTTLE = false`` turns
it all off.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, request

from ..engine.problems import BudgetSpent, TooManyQueries
from ..settings import as_list

MAX_CLIENTS = 100_000  # buckets kept; full ones are dropped first
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Buckets:
    """Thread-safe token buckets of query seconds, and running queries, per address."""

    def __init__(self, budget: float, window: float, concurrent: int = 0) -> None:
        self.budget = max(float(budget), 1e-6)
        self.rate = self.budget / max(float(window), 1e-6)  # seconds refilled per second
        self.concurrent = int(concurrent)  # queries at once per address; 0 = any number
        self.lock = threading.Lock()
        self.level: dict[str, tuple[float, float]] = {}  # address -> (seconds left, when)
        self.running: dict[str, int] = {}

    def _now_level(self, address: str, now: float) -> float:
        left, when = self.level.get(address, (self.budget, now))
        return min(self.budget, left + (now - when) * self.rate)

    def check(self, address: str) -> None:
        """Raise the 429 a query of ``address`` would get now."""
        with self.lock:
            self._refusal(address, time.monotonic())

    def _refusal(self, address: str, now: float) -> float:
        """The seconds ``address`` has left, or raise 429. Hold the lock."""
        running = self.running.get(address, 0)
        if self.concurrent and running >= self.concurrent:
            raise TooManyQueries(
                f"{address} already has {running} queries running, as many as a client "
                "may run at once here; send the next when one has finished",
                Retry_After="1",
            )
        left = self._now_level(address, now)
        if left <= 0:
            wait = max(1, math.ceil(-left / self.rate + 1e-9))
            raise BudgetSpent(
                f"{address} has used its query time: {self.budget:g} s per "
                f"{self.budget / self.rate:g} s; try again in {wait} s",
                Retry_After=str(wait),
            )
        return left

    def admit(self, address: str, reserve: float) -> Ticket:
        """Reserve ``reserve`` seconds for one query of ``address``, or raise 429."""
        now = time.monotonic()
        with self.lock:
            left = self._refusal(address, now)
            self.level[address] = (left - reserve, now)
            self.running[address] = self.running.get(address, 0) + 1
            if len(self.level) > MAX_CLIENTS:
                self._prune(now)
        return Ticket(self, address, reserve)

    def settle(self, address: str, reserved: float, spent: float) -> None:
        """Give back what a query did not spend of its reservation; it is no longer running."""
        now = time.monotonic()
        with self.lock:
            refund = reserved - min(spent, reserved)
            self.level[address] = (self._now_level(address, now) + refund, now)
            running = self.running.get(address, 1) - 1
            if running > 0:
                self.running[address] = running
            else:
                self.running.pop(address, None)

    def _prune(self, now: float) -> None:
        full = [a for a in self.level if self._now_level(a, now) >= self.budget]
        for address in full or list(self.level)[: len(self.level) // 2]:
            if address not in self.running:
                del self.level[address]


@dataclass
class Ticket:
    """One admitted query: :meth:`charge` the time it held a worker, then :meth:`release`."""

    buckets: Buckets
    address: str
    reserved: float
    spent: float | None = field(default=None)

    def charge(self, seconds: float) -> None:
        self.spent = seconds

    def release(self) -> None:
        self.buckets.settle(self.address, self.reserved, self.spent or 0.0)


def _buckets(app: Flask) -> Buckets:
    with _lock:
        buckets = app.extensions.get("haitikg.throttle")
        if buckets is None:
            config = app.config
            concurrent = config.get("CLIENT_QUERIES")
            if concurrent is None:
                concurrent = max(1, int(config["WORKERS"]) // 2)
            buckets = Buckets(config["THROTTLE_BUDGET"], config["THROTTLE_WINDOW"], concurrent)
            app.extensions["haitikg.throttle"] = buckets
        return buckets


_lock = threading.Lock()


def _networks(values: Iterable[str]) -> list[Network]:
    return [ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip()]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().split("%")[0].strip("[]"))
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: str | None, trusted: list[Network]) -> str:
    """The client's address: ``peer``, or behind trusted proxies the last address in
    ``X-Forwarded-For`` (read right to left) that is not one of them."""
    current = peer or ""
    if not forwarded_for or not trusted:
        return current
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    while True:
        parsed = _address(current)
        if parsed is None or not any(parsed in network for network in trusted) or not hops:
            return current
        current = hops.pop()


def _exempt(config: Mapping[str, Any], address: str, proxied: bool) -> bool:
    if proxied or config.get("THROTTLE_LOOPBACK"):
        return False
    parsed = _address(address)
    return parsed is not None and parsed.is_loopback


def _client() -> tuple[Buckets, str] | None:
    """The buckets and the requesting client's address, or None when it is not throttled."""
    # flask types current_app as the Flask it stands for, without the proxy's own method
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    config = app.config
    if not config.get("THROTTLE") or not request.remote_addr:
        return None
    trusted = app.extensions.get("haitikg.trusted-proxies")
    if trusted is None:
        trusted = app.extensions["haitikg.trusted-proxies"] = _networks(
            as_list(config.get("TRUSTED_PROXIES"))
        )
    proxied = any(name in request.headers for name in FORWARDING_HEADERS)
    address = client_address(request.remote_addr, request.headers.get("X-Forwarded-For"), trusted)
    if _exempt(config, address, proxied):
        return None
    return _buckets(app), address


def admit() -> Ticket | None:
    """Admit the requesting client's query (or raise 429); None when it is not throttled."""
    client = _client()
    if client is None:
        return None
    buckets, address = client
    return buckets.admit(address, float(current_app.config["TIMEOUT"]))


def precheck() -> None:
    """Raise the 429 :func:`admit` would raise now, without admitting anything."""
    client = _client()
    if client is not None:
        client[0].check(client[1])
