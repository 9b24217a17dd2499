"""Load test: many concurrent clients against one real endpoint on loopback.

    python bench/load.py [--clients 32] [--seconds 600] [--expensive 2] [--timeout 5]

Starts ``haitikg serve`` (the built graph) on a free loopback port, then:

1. *idle*: one client, cheap requests only, for ``--idle-seconds`` — the unloaded p99;
2. *cheap*: ``--clients`` clients, cheap requests only, for 10% of ``--seconds``;
3. *mixed*: the same clients, of which ``--expensive`` run queries that outlast the
   server's time limit (documented answer: 503), for the rest of ``--seconds``.

Cheap requests are the ``queries/`` catalogue, resource pages (HTML and Turtle), the home
page and the dumps. Reports totals, errors (anything but a 2xx, and the 503s of the
expensive queries, which are counted apart), p50/p99 latency of cheap requests in each
phase, and the server's RSS (main process, and with its query workers) at the start and
end of the loaded phases. Bounded: by time, by ``--max-requests``, and every request has
a client-side timeout. Loopback only. A benchmark, not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from common import free_port  # noqa: E402  (bench/common.py, beside this script)

from haitikg.catalogue import load_catalogue  # noqa: E402

EXPENSIVE = [
    "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT ?a ?d { ?a ?b ?c . ?d ?e ?f . FILTER(STR(?c) < STR(?f)) } ORDER BY ?a ?d",
]
REQUEST_TIMEOUT = 60.0  # seconds, client side: a hang is an error, not a stall


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def memory(pid: int) -> tuple[int, int]:
    """(main process RSS, main + workers RSS) in KiB."""
    main = rss_kib(pid)
    total = main
    for child in children(pid):
        with contextlib.suppress(OSError):
            total += rss_kib(child)
    return main, total


def cheap_requests(base: str) -> list[tuple[str, str, dict]]:
    """(label, method, kwargs) for the cheap mix."""
    reqs: list[tuple[str, str, dict]] = []
    for q in load_catalogue(ROOT / "queries"):
        reqs.append(
            (
                f"query:{q.name}",
                "POST",
                {
                    "url": f"{base}/sparql",
                    "data": q.text.encode(),
                    "headers": {
                        "Content-Type": "application/sparql-query",
                        "Accept": "application/sparql-results+json, text/turtle;q=0.9",
                    },
                },
            )
        )
    names = ["haiti", "kenya", "dataset", "kenya-haiti-mss-2025-01-18"]
    text = (ROOT / "build" / "haitikg.nt").read_text(encoding="utf-8")
    prefix = "<https://w3id.org/haitikg/resource/"
    more = sorted({line[len(prefix) :].split(">")[0] for line in text.splitlines()
                   if line.startswith(prefix)})  # fmt: skip
    names += [n for n in more if "#" not in n][:40]
    for name in names:
        reqs.append(("page:html", "GET", {"url": f"{base}/resource/{name}",
                                          "headers": {"Accept": "text/html"}}))  # fmt: skip
        reqs.append(("page:ttl", "GET", {"url": f"{base}/resource/{name}.ttl"}))
    reqs.append(("page:home", "GET", {"url": f"{base}/"}))
    for dump in ("haitikg.ttl", "haitikg.nq", "manifest.json"):
        reqs.append(("dump", "GET", {"url": f"{base}/dumps/{dump}"}))
    return reqs


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {}
        self.status: Counter[str] = Counter()
        self.errors: list[str] = []
        self.count = 0

    def add(self, phase: str, kind: str, status: str, seconds: float, ok: bool, what: str) -> None:
        with self.lock:
            self.count += 1
            self.status[f"{phase}/{kind}/{status}"] += 1
            if kind == "cheap" and ok:
                self.latency.setdefault(phase, []).append(seconds)
            expected = kind == "expensive" and status == "503"
            if not ok and not expected and len(self.errors) < 50:
                self.errors.append(f"{phase} {what}: {status}")


def one(session: requests.Session, method: str, kwargs: dict) -> tuple[str, bool]:
    try:
        response = session.request(method, timeout=REQUEST_TIMEOUT, **kwargs)
        response.content  # noqa: B018 - read the whole body
    except requests.RequestException as exc:
        return type(exc).__name__, False
    return str(response.status_code), response.ok


def run_phase(
    name: str,
    base: str,
    cheap: list,
    clients: int,
    expensive: int,
    seconds: float,
    rec: Recorder,
    max_requests: int,
) -> None:
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        rnd = random.Random(index)
        session = requests.Session()
        heavy = index < expensive
        while time.monotonic() < stop and rec.count < max_requests:
            if heavy:
                query = rnd.choice(EXPENSIVE)
                kwargs = {"url": f"{base}/sparql", "data": {"query": query},
                          "headers": {"Accept": "application/sparql-results+json"}}  # fmt: skip
                what, method, kind = "expensive", "POST", "expensive"
            else:
                what, method, kwargs = rnd.choice(cheap)
                kind = "cheap"
            t0 = time.perf_counter()
            status, ok = one(session, method, kwargs)
            rec.add(name, kind, status, time.perf_counter() - t0, ok, what)
        session.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--expensive", type=int, default=2, help="clients sending slow queries")
    parser.add_argument("--timeout", type=float, default=5.0, help="server's query time limit")
    parser.add_argument("--workers", type=int, default=4, help="server's query workers")
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "haitikg", "serve", "--host", "127.0.0.1",
           "--port", str(port), "--timeout", str(args.timeout),
           "--workers", str(args.workers)]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            try:
                if requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=5).ok:
                    break
            except requests.RequestException:
                time.sleep(0.3)
        cheap = cheap_requests(base)
        rec = Recorder()
        for _what, method, kwargs in cheap:  # warm every cache once
            one(requests.Session(), method, kwargs)
        run_phase("idle", base, cheap, 1, 0, args.idle_seconds, rec, args.max_requests)
        mem_start = memory(server.pid)
        cheap_seconds = max(5.0, args.seconds * 0.1)
        run_phase("cheap", base, cheap, args.clients, 0, cheap_seconds, rec, args.max_requests)
        mem_warm = memory(server.pid)
        run_phase(
            "mixed", base, cheap, args.clients, args.expensive,
            args.seconds - cheap_seconds, rec, args.max_requests,
        )  # fmt: skip
        mem_end = memory(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()

    print(f"# haitikg bulkload test, {datetime.now(UTC):%Y-%m-%d %H:%M UTC}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, "
          f"Python {platform.python_version()}")  # fmt: skip
    print(f"clients: {args.clients} ({args.expensive} sending expensive queries), "
          f"{args.seconds:g} s loaded + {args.idle_seconds:g} s idle, server: "
          f"{args.workers} workers, {args.timeout:g} s query limit")  # fmt: skip
    total = sum(rec.status.values())
    expensive_503 = sum(n for k, n in rec.status.items() if k.endswith("/expensive/503"))
    expensive_all = sum(n for k, n in rec.status.items() if "/expensive/" in k)
    print(f"total requests: {total}")
    print(f"expensive queries: {expensive_all} ({expensive_503} answered 503 as documented)")
    print(f"errors (excluding those 503s): {len(rec.errors)}"
          + ("".join(f"\n  {e}" for e in rec.errors[:20])))  # fmt: skip
    idle99 = pct(rec.latency.get("idle", []), 99)
    for phase in ("idle", "cheap", "mixed"):
        lat = rec.latency.get(phase, [])
        print(f"{phase:>5}: {len(lat)} cheap ok, p50 {pct(lat, 50) * 1000:.1f} ms, "
              f"p99 {pct(lat, 99) * 1000:.1f} ms"
              + (f", mean {statistics.fmean(lat) * 1000:.1f} ms" if lat else ""))  # fmt: skip
    cheap99, mixed99 = pct(rec.latency.get("cheap", []), 99), pct(rec.latency.get("mixed", []), 99)
    print(f"p99 ratio mixed/cheap (same load, expensive on vs off): {mixed99 / cheap99:.2f}")
    print(f"p99 ratio mixed/idle (32 clients + expensive vs one client): {mixed99 / idle99:.2f}")
    growth_main = (mem_end[0] - mem_start[0]) / mem_start[0] * 100
    growth_total = (mem_end[1] - mem_start[1]) / mem_start[1] * 100
    print(f"server RSS: main {mem_start[0] / 1024:.1f} → {mem_end[0] / 1024:.1f} MiB "
          f"({growth_main:+.1f}%); with workers {mem_start[1] / 1024:.1f} → "
          f"{mem_end[1] / 1024:.1f} MiB ({growth_total:+.1f}%)")  # fmt: skip
    growth_warm = (mem_end[0] - mem_warm[0]) / mem_warm[0] * 100
    print(f"server RSS, main, from the end of the cheap phase (threads warm) to the end: "
          f"{mem_warm[0] / 1024:.1f} → {mem_end[0] / 1024:.1f} MiB "
          f"({growth_warm:+.1f}%)")  # fmt: skip
    print("by status:", dict(sorted(rec.status.items())))


if __name__ == "__main__":
    main()
