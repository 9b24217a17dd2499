"""Per-client fairness: a budget of query time per remote address, as Wikidata's query service.

Each address has a bucket of ``THROTTLE_BUDGET`` seconds of query time that refills evenly
over ``THROTTLE_WINDOW`` seconds. A query is admitted while the bucket is above zero and
its worker time (from the moment a worker takes it to the answer or the time-out) is then
taken out, so one client can overdraw by at most one query. An empty bucket answers 429
with ``Retry-After``: the seconds until it is above zero again. Loopback clients are not
throttled unless ``THROTTLE_LOOPBACK`` is set; ``THROTTLE = false`` turns it all off.

Behind a reverse proxy every client has the proxy's address; the endpoint does not trust
``X-Forwarded-For`` (anyone can send it), so throttle at the proxy in that case.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Callable

from flask import Flask, current_app, request

from ..engine.problems import BudgetSpent

MAX_CLIENTS = 100_000  # buckets kept; full ones are dropped first


class Buckets:
    """Thread-safe token buckets of query seconds, one per address."""

    def __init__(self, budget: float, window: float) -> None:
        self.budget = max(float(budget), 1e-6)
        self.rate = self.budget / max(float(window), 1e-6)  # seconds refilled per second
        self.lock = threading.Lock()
        self.level: dict[str, tuple[float, float]] = {}  # address -> (seconds left, when)

    def _now_level(self, address: str, now: float) -> float:
        left, when = self.level.get(address, (self.budget, now))
        return min(self.budget, left + (now - when) * self.rate)

    def admit(self, address: str) -> None:
        """Raise :class:`BudgetSpent` (429) when ``address`` has no query time left."""
        now = time.monotonic()
        with self.lock:
            left = self._now_level(address, now)
        if left <= 0:
            wait = max(1, math.ceil(-left / self.rate + 1e-9))
            raise BudgetSpent(
                f"{address} has used its query time: {self.budget:g} s per "
                f"{self.budget / self.rate:g} s; try again in {wait} s",
                Retry_After=str(wait),
            )

    def charge(self, address: str, seconds: float) -> None:
        now = time.monotonic()
        with self.lock:
            self.level[address] = (self._now_level(address, now) - seconds, now)
            if len(self.level) > MAX_CLIENTS:
                self._prune(now)

    def _prune(self, now: float) -> None:
        full = [a for a in self.level if self._now_level(a, now) >= self.budget]
        for address in full or list(self.level)[: len(self.level) // 2]:
            del self.level[address]


def _buckets(app: Flask) -> Buckets:
    with _lock:
        buckets = app.extensions.get("haitikg.throttle")
        if buckets is None:
            buckets = Buckets(app.config["THROTTLE_BUDGET"], app.config["THROTTLE_WINDOW"])
            app.extensions["haitikg.throttle"] = buckets
        return buckets


_lock = threading.Lock()


def _applies(config: dict, address: str | None) -> bool:
    if not config.get("THROTTLE") or not address:
        return False
    try:
        loopback = ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        loopback = False
    return not loopback or bool(config.get("THROTTLE_LOOPBACK"))


def admit() -> Callable[[float], None] | None:
    """Check the requesting client's budget; return what to call with the time spent."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    address = request.remote_addr
    if not _applies(app.config, address):
        return None
    buckets = _buckets(app)
    buckets.admit(address)  # type: ignore[arg-type]
    return lambda seconds: buckets.charge(address, seconds)  # type: ignore[arg-type]
