"""Benchmark haitikg's answer cache against ``oxigraph serve-read-only``.

    python bench/cache_bench.py [--data build/haitikg.nq] [--seconds 6] [--rounds 3]

Serves the same N-Quads with both servers on loopback and sends the catalogue mix
(``queries/*.rq``) from 16 clients (``--clients``), in two ways:

* **repeated**: the questions as they are, over and over, as a class or a dashboard
  asks them — haitikg answers all but the first of each from its cache;
* **cold**: each request made unique by a comment, so nothing can come from a cache and
  every answer is evaluated.

``--client node`` (the default) is ``bench/loadgen.mjs``, a keep-alive Node client that
spends little CPU per request, so the servers get the machine; ``--client python`` is the
thread-per-client ``requests`` loop of ``bench/endpoint_bench.py``, which costs more CPU per
request than Oxigraph does and so caps what any server can show (its figures compare with
that script's). Rounds alternate servers and modes and the table gives the median round, so
a burst of load from elsewhere on the machine favours neither server. Targets (issue 15):
repeated ≥ 2× Oxigraph's throughput, cold ≥ 0.7×. Not a test.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from common import (  # bench/common.py, beside this script
    free_port,
    machine,
    run_clients,
    summarise,
    wait,
)

ROOT = Path(__file__).resolve().parents[1]
LOADGEN = Path(__file__).with_name("loadgen.mjs")
MODES = ("repeated", "cold")
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


def start(data: Path, workdir: Path, extra: list[str]) -> dict[str, tuple[str, subprocess.Popen]]:
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    ours = subprocess.Popen(
        [sys.executable, "-m", "haitikg", "serve", "--data", str(data), "--port", str(port),
         *extra],
        env=env, **quiet,
    )  # fmt: skip
    servers = {"haitikg": (f"http://127.0.0.1:{port}/sparql", ours)}
    location = workdir / "oxigraph"
    subprocess.run(["oxigraph", "load", "--location", str(location), "--file", str(data)],
                   check=True, **quiet)  # fmt: skip
    port = free_port()
    theirs = subprocess.Popen(
        ["oxigraph", "serve-read-only", "--location", str(location),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        **quiet,
    )  # fmt: skip
    servers["oxigraph"] = (f"http://127.0.0.1:{port}/query", theirs)
    for url, process in servers.values():
        wait(url, process)
    return servers


def check_same_answers(servers: dict, queries: list[str]) -> None:
    """Both servers give each question the same number of rows (or the same boolean)."""
    accept = {"Accept": "application/sparql-results+json, application/n-triples;q=0.9"}
    for query in queries:
        sizes = []
        for url, _ in servers.values():
            answer = requests.post(url, data={"query": query}, headers=accept, timeout=60)
            answer.raise_for_status()
            if answer.headers["Content-Type"].startswith("application/sparql-results+json"):
                body = answer.json()
                sizes.append(body.get("boolean", len(body.get("results", {}).get("bindings", []))))
            else:
                sizes.append(len([line for line in answer.text.splitlines() if line.strip()]))
        if len(set(map(str, sizes))) != 1:
            raise SystemExit(f"the servers disagree ({sizes}) on:\n{query}")


def load(url: str, queries: Path, clients: int, seconds: float, mode: str, client: str) -> dict:
    if client == "python":
        return python_load(url, json.loads(queries.read_text()), clients, seconds, mode)
    args = ["node", str(LOADGEN), url, str(queries), str(clients), str(seconds)]
    out = subprocess.run([*args, mode], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def python_load(url: str, queries: list[str], clients: int, seconds: float, mode: str) -> dict:
    """The client loop of bench/endpoint_bench.py: one thread and Session per client."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    counter = itertools.count()

    def client(offset: int) -> None:
        session = requests.Session()
        mine: list[float] = []
        i = offset
        while time.monotonic() < stop:
            query = queries[i % len(queries)]
            i += 1
            if mode == "cold":
                query += f"\n# request {next(counter)} {offset}"
            began = time.perf_counter()
            response = session.post(url, data={"query": query}, headers={"Accept": ACCEPT},
                                    timeout=120)  # fmt: skip
            mine.append(time.perf_counter() - began)
            if response.status_code != 200:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    wall = run_clients(clients, client)
    return {**summarise(latencies, wall, errors[0]), "seconds": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "build" / "haitikg.nq")
    parser.add_argument("--seconds", type=float, default=6.0, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--client", choices=("node", "python"), default="node")
    parser.add_argument("--serve-option", action="append", default=[],
                        help="extra option for haitikg serve (repeatable)")  # fmt: skip
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]
    began = datetime.now(UTC)
    rounds: dict[tuple[str, str], list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        mix = Path(tmp, "queries.json")
        mix.write_text(json.dumps(texts), encoding="utf-8")
        servers = start(args.data, Path(tmp), args.serve_option)
        try:
            check_same_answers(servers, texts)
            for url, _ in servers.values():  # warm up: load pages, JIT, first answers
                load(url, mix, args.clients, 1.0, "repeated", args.client)
            for r in range(args.rounds):
                order = list(servers.items()) if r % 2 == 0 else list(servers.items())[::-1]
                for mode in MODES:
                    for name, (url, _) in order:
                        result = load(url, mix, args.clients, args.seconds, mode, args.client)
                        rounds.setdefault((name, mode), []).append(result)
                        print(f"round {r + 1} {mode:8} {name:8} {result['qps']:8.0f} q/s "
                              f"errors {result['errors']}", file=sys.stderr)  # fmt: skip
            stats = requests.get(servers["haitikg"][0].rsplit("/", 1)[0] + "/-/stats", timeout=30)
        finally:
            for _, process in servers.values():
                process.terminate()
                process.wait(30)
    print(f"{began:%Y-%m-%d %H:%M} UTC · {machine()}")
    print(f"{args.data.name}; {len(texts)} catalogue questions; {args.clients} clients "
          f"({args.client}); median of {args.rounds} rounds of {args.seconds:g} s\n")  # fmt: skip
    print("| queries | haitikg q/s | oxigraph q/s | haitikg ÷ oxigraph | per round (min–max) "
          "| target | haitikg p50 / p99 ms | oxigraph p50 / p99 ms | errors |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    targets = {"repeated": 2.0, "cold": 0.7}
    for mode in MODES:
        ours, theirs = (_median(rounds[(n, mode)]) for n in ("haitikg", "oxigraph"))
        # rounds are paired (the two servers one after the other): the median of their ratios
        pairs = zip(rounds[("haitikg", mode)], rounds[("oxigraph", mode)], strict=True)
        paired = sorted(a["qps"] / b["qps"] for a, b in pairs)
        ratio = statistics.median(paired)
        errors = sum(r["errors"] for n in ("haitikg", "oxigraph") for r in rounds[(n, mode)])
        verdict = "met" if ratio >= targets[mode] else "missed"
        print(f"| {mode} | {ours['qps']:,.0f} | {theirs['qps']:,.0f} | {ratio:.2f}× | "
              f"{paired[0]:.2f}–{paired[-1]:.2f}× | ≥ {targets[mode]}× ({verdict}) | "
              f"{ours['p50']:.1f} / {ours['p99']:.1f} | "
              f"{theirs['p50']:.1f} / {theirs['p99']:.1f} | {errors} |")  # fmt: skip
    if stats.ok and "cache" in stats.json():
        print(f"\nhaitikg's answer cache at the end: {stats.json()['cache']}")


def _median(results: list[dict]) -> dict:
    """The round with the median throughput (its latencies with it)."""
    ordered = sorted(results, key=lambda r: r["qps"])
    return ordered[len(ordered) // 2] if len(ordered) % 2 else {
        "qps": statistics.median(r["qps"] for r in ordered),
        "p50": statistics.median(r["p50"] for r in ordered),
        "p99": statistics.median(r["p99"] for r in ordered),
    }  # fmt: skip


if __name__ == "__main__":
    main()
