"""Which HTTP server for a public endpoint: issue 13, item 1, measured.

    python bench/servers.py [--servers waitress,waitress-default,uvicorn,granian]
                            [--idle 1000] [--slow 1000] [--non-readers 64] [--asks 300]

For each server (``bench/serve_with.py`` runs haitikg's site under it) and each of two
scenarios — ``idle``: 1,000 connections that send nothing; ``slow``: 1,000 that send a
header line every 2 s — plus 64 clients that ask for a huge answer and never read it, a
fresh client on 127.0.0.1 sends ``ASK {}`` on a new connection, one after the other, and
we report its p50/p99/max and errors (10 s client timeout). Attack traffic comes from
127.0.0.2. The target: p99 < 100 ms, no error. Results are in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from attackers import LARGE_ANSWER, Target, idle_sockets, non_readers, slow_senders
from common import free_port, machine, summarise, wait

from haitikg.build import dataset_path, ensure_built

HERE = Path(__file__).parent


def fresh_asks(port: int, count: int, seconds: float = 60.0) -> dict[str, float]:
    """``count`` ``ASK {}`` on new connections from 127.0.0.1 (at most ``seconds`` of them);
    their latency summary."""
    url = f"http://127.0.0.1:{port}/sparql"
    latencies, errors, began = [], 0, time.perf_counter()
    for _ in range(count):
        if time.perf_counter() - began > seconds:
            break
        start = time.perf_counter()
        try:
            with requests.Session() as session:
                ok = session.get(url, params={"query": "ASK {}"}, timeout=10).ok
        except requests.RequestException:
            ok = False
        if ok:
            latencies.append(time.perf_counter() - start)
        else:
            errors += 1
    summary = summarise(latencies, time.perf_counter() - began, errors)
    summary["max"] = max(latencies, default=float("nan")) * 1000
    return summary


def run(server: str, scenario: str, args: argparse.Namespace, data: Path) -> dict:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent / "src"), str(HERE)])}
    cmd = [sys.executable, str(HERE / "serve_with.py"), server, str(port), str(data)]
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait(f"http://127.0.0.1:{port}/sparql", process, 120)
        target = Target(port)
        stop = threading.Event()
        results: dict[str, object] = {}

        def attack(name: str, function, *a) -> threading.Thread:
            thread = threading.Thread(target=lambda: results.update({name: function(*a)}))
            thread.start()
            return thread

        threads = [attack("non_readers", non_readers, target, args.non_readers, stop, LARGE_ANSWER)]
        if scenario == "idle":
            threads.append(attack("idle", idle_sockets, target, args.idle, stop))
        else:
            threads.append(attack("slow", slow_senders, target, args.slow, stop))
        time.sleep(args.settle)
        asks = fresh_asks(port, args.asks)
        stop.set()
        for thread in threads:
            thread.join(60)
        return {"asks": asks, **results}
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--servers", default="waitress-default,waitress,uvicorn,granian")
    parser.add_argument("--scenarios", default="idle,slow")
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--slow", type=int, default=1000)
    parser.add_argument("--non-readers", type=int, default=64)
    parser.add_argument("--asks", type=int, default=300)
    parser.add_argument("--settle", type=float, default=20.0,
                        help="seconds for the attack to set up before measuring")  # fmt: skip
    args = parser.parse_args()
    data = dataset_path(ensure_built())
    print(machine(), flush=True)
    print("| server | scenario | ASK p50 ms | p99 ms | max ms | errors | notes |")
    print("|---|---|---|---|---|---|---|")
    for server in args.servers.split(","):
        for scenario in args.scenarios.split(","):
            try:
                result = run(server, scenario, args, data)
            except Exception as exc:  # a server that cannot start is a result too
                print(f"| {server} | {scenario} | – | – | – | – | failed: {exc} |", flush=True)
                continue
            asks = result.pop("asks")
            print(
                f"| {server} | {scenario} | {asks['p50']:.1f} | {asks['p99']:.1f} | "
                f"{asks.get('max', float('nan')):.1f} | {asks['errors']} | {result} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
