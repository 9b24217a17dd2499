"""Load time and peak memory: ``haitikg bulkload`` versus ``oxigraph load`` on the same file.

    python bench/load_bench.py [--sizes 10000,100000,1000000] [--work DIR] [--markdown FILE]

For each size it writes a synthetic N-Quads file (``haitikg synth``, seed 0), then loads
it into a fresh on-disk store with each tool, in a child process whose peak resident
memory is read from ``wait4``'s rusage. ``haitikg bulkload`` does more than ``oxigraph load``
(ontology graph, inferred graph, atomic switch); its own split is shown as the
streamed parse-and-infer pass, the check (ontology graph, dropping inferred triples
that some graph asserts) and the switch (count, flush, rename). Up to 10^5 triples
each tool runs three times, alternating, and the median run is reported.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from common import machine  # bench/common.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
}


def run(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stderr of a child process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
    if proc.returncode:
        raise SystemExit(f"{cmd} failed ({proc.returncode}):\n{text[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "haitikg-bench")
    parser.add_argument("--markdown", type=Path, help="Append the table to this file.")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    oxigraph = shutil.which("oxigraph") or sys.exit("the oxigraph CLI is not installed")
    version = subprocess.run([oxigraph, "--version"], capture_output=True, text=True).stdout.strip()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        data = args.work / f"synth-{size}.nq"
        if not data.exists():
            run(
                [
                    sys.executable,
                    "-m",
                    "haitikg",
                    "synth",
                    "--triples",
                    str(size),
                    "--out",
                    str(data),
                ]
            )
        mb = data.stat().st_size / 1e6
        triples = sum(1 for _ in data.open("rb"))
        runs: dict[str, list] = {"haitikg": [], "oxigraph": []}
        # Small loads take under a second and vary more: the median of three, alternating.
        for _ in range(3 if size <= 100_000 else 1):
            for tool in runs:
                store = args.work / f"store-{tool}-{size}"
                shutil.rmtree(store, ignore_errors=True)
                if tool == "haitikg":
                    cmd = [sys.executable, "-m", "haitikg", "bulkload", str(data)]
                    cmd += ["--store", str(store)]
                else:
                    cmd = [oxigraph, "load", "--location", str(store), "--file", str(data)]
                runs[tool].append(run(cmd))
                shutil.rmtree(store, ignore_errors=True)
        (ht, hm, herr), (ot, om, _) = (sorted(r)[len(r) // 2] for r in runs.values())
        phases = re.findall(r"(\w+) ([\d.]+) s[,)]", " ".join(herr.split()))
        split = " / ".join(seconds for _, seconds in phases[-3:]) if phases else "?"
        rows.append(
            f"| {triples:,} | {mb:,.0f} | {ht:.1f} | {split} | {ot:.1f} | {ht / ot:.2f}× "
            f"| {hm:,.0f} | {om:,.0f} | {hm / om:.2f}× |"
        )
        print(rows[-1], flush=True)
    table = "\n".join(
        [
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}; {version}.",
            "",
            "| triples | MB | haitikg bulkload s | of which parse+infer / check / switch s "
            "| oxigraph load s | time ratio | haitikg peak MB | oxigraph peak MB | memory ratio |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
    print(table)
    if args.markdown:
        with args.markdown.open("a", encoding="utf-8") as fh:
            fh.write(table + "\n")


if __name__ == "__main__":
    main()
