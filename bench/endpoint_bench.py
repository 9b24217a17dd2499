"""Benchmark haitikg's endpoint against Oxigraph's own server and rdflib-endpoint.

    python bench/endpoint_bench.py [--data build/haitikg.nq] [--seconds 8]

Loads the same N-Quads into the three servers on loopback, runs the ``queries/*.rq``
suite (a fixed mix when the folder is empty) from 1, 4 and 16 concurrent clients for a
bounded time each, and prints throughput and p50/p99 latency side by side, with ratios.
Needs ``oxigraph`` (pip install oxigraph) and ``rdflib-endpoint[cli]`` + ``uvicorn``.
Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import requests
from common import free_port, run_clients, summarise, wait  # bench/common.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
MIX = [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 100",
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a ?type } } "
    "GROUP BY ?type ORDER BY DESC(?n)",
    "ASK { GRAPH ?g { ?s ?p ?o } }",
    "SELECT ?s ?label WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } }"
    " LIMIT 50",
    "SELECT ?s (COUNT(?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ORDER BY DESC(?n)"
    " LIMIT 20",
]


def start_servers(data: Path, workdir: Path) -> dict[str, tuple[str, subprocess.Popen]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    servers = {}
    port = free_port()
    servers["haitikg"] = (
        f"http://127.0.0.1:{port}/sparql",
        subprocess.Popen(
            [sys.executable, "-m", "haitikg", "serve", "--data", str(data),
             "--port", str(port), "--max-rows", "0"],
            env=env, **quiet,
        ),
    )  # fmt: skip
    location = workdir / "oxigraph"
    subprocess.run(
        ["oxigraph", "load", "--location", str(location), "--file", str(data)], check=True, **quiet
    )
    port = free_port()
    servers["oxigraph"] = (
        f"http://127.0.0.1:{port}/query",
        subprocess.Popen(
            ["oxigraph", "serve-read-only", "--location", str(location),
             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
            **quiet,
        ),
    )  # fmt: skip
    if shutil.which("rdflib-endpoint"):
        port = free_port()
        servers["rdflib-endpoint"] = (
            f"http://127.0.0.1:{port}/",
            subprocess.Popen(
                ["rdflib-endpoint", "serve", str(data), "--host", "127.0.0.1", "--port", str(port)],
                **quiet,
            ),
        )
    for url, process in servers.values():
        wait(url, process)
    return servers


#: The catalogue has CONSTRUCT questions too: accept graphs as well as solutions.
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


def run(url: str, queries: list[str], clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        session = requests.Session()
        i = offset
        mine: list[float] = []
        while time.monotonic() < stop:
            query = queries[i % len(queries)]
            i += 1
            began = time.perf_counter()
            response = session.post(
                url, data={"query": query},
                headers={"Accept": ACCEPT}, timeout=120,
            )  # fmt: skip
            mine.append(time.perf_counter() - began)
            if response.status_code != 200:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    wall = run_clients(clients, client)
    return summarise(latencies, wall, errors[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "build" / "haitikg.nq")
    parser.add_argument("--seconds", type=float, default=8.0, help="per server and level")
    parser.add_argument("--clients", default="1,4,16")
    args = parser.parse_args()
    suite = sorted((ROOT / "queries").glob("*.rq"))
    queries = [p.read_text() for p in suite] or MIX
    quads = sum(1 for line in args.data.open() if line.strip())
    with tempfile.TemporaryDirectory() as tmp:
        servers = start_servers(args.data, Path(tmp))
        try:
            results = {
                (name, c): run(url, queries, c, args.seconds)
                for c in map(int, args.clients.split(","))
                for name, (url, _) in servers.items()
            }
        finally:
            for _, process in servers.values():
                process.terminate()
                process.wait(30)
    print(f"{date.today()} · {platform.node()} · {platform.processor() or platform.machine()}"
          f" · {os.cpu_count()} CPUs · Python {platform.python_version()}")  # fmt: skip
    source = "queries/*.rq" if suite else "fixed mix"
    print(f"{args.data.name}: {quads} quads; {len(queries)} queries ({source}); "
          f"{args.seconds:g} s per cell\n")  # fmt: skip
    print("| clients | server | q/s | p50 ms | p99 ms | errors | haitikg ÷ server (q/s) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for c in map(int, args.clients.split(",")):
        ours = results[("haitikg", c)]["qps"]
        for name in servers:
            r = results[(name, c)]
            ratio = "—" if name == "haitikg" else f"{ours / r['qps']:.2f}×"
            print(f"| {c} | {name} | {r['qps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                  f"{r['errors']} | {ratio} |")  # fmt: skip


if __name__ == "__main__":
    main()
