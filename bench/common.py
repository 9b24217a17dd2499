"""What the benchmarks share: the machine line for the tables, the client runner, and (from
``tests/servers.py``) a free port and the wait for a server to answer."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

# The one free_port and readiness check, shared with the tests (tests/servers.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from servers import free_port, wait_until_answers

__all__ = ["free_port", "machine", "run_clients", "summarise", "wait"]


def machine() -> str:
    """CPU model, cores, memory, OS, Python and the load average (benchmarks share a machine)."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def run_clients(clients: int, client: Callable[[int], None]) -> float:
    """Run ``client(k)`` in ``clients`` threads at once; return the wall-clock seconds."""
    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - began


def summarise(latencies: list[float], wall: float, errors: int) -> dict[str, float]:
    """Throughput and p50/p99 (ms) of the successful requests."""
    latencies = sorted(latencies)
    if not latencies:
        return {"qps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": errors, "n": 0}
    return {
        "qps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors,
        "n": len(latencies),
    }


def wait(url: str, process: subprocess.Popen, seconds: float = 600) -> None:
    """Until the SPARQL endpoint at ``url`` answers ``ASK {}``; fail if ``process`` exits."""
    wait_until_answers(url, process, str(process.args), seconds)
