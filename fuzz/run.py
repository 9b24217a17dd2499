"""The long fuzz run: the fuzz tests of ``tests/reliability`` with many more examples.

    python fuzz/run.py --seconds 110

Runs ``tests/reliability/test_fuzz_*.py`` in rounds, each with a fresh random seed and as
many Hypothesis examples per test as fit the time left (measured on the first round), all
against one real server per round. Stops starting rounds when the time is spent; a round
still running 120 s past the deadline is killed and counts as a hang. Prints the inputs
tried (every answer or file checked) and exits 1 on any failure, with pytest's report
(the falsifying example) above it.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = sorted(str(p) for p in (ROOT / "tests" / "reliability").glob("test_fuzz_*.py"))


def one_round(examples: int, seed: int, limit: float) -> tuple[int, int]:
    """(pytest's exit code, inputs tried) for one round."""
    with tempfile.NamedTemporaryFile("r", suffix=".count") as count:
        env = {**os.environ, "HAITIKG_FUZZ_EXAMPLES": str(examples),
               "HAITIKG_FUZZ_COUNT_FILE": count.name}  # fmt: skip
        # -n 0: one process (the suite's xdist workers would each write the count file)
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", "-n", "0",
               f"--hypothesis-seed={seed}", *TESTS]  # fmt: skip
        try:
            code = subprocess.run(cmd, cwd=ROOT, env=env, timeout=limit).returncode
        except subprocess.TimeoutExpired:
            print(f"fuzz: a round did not finish in {limit:.0f} s (a hang?)", flush=True)
            return 1, 0
        text = Path(count.name).read_text().strip()
        return code, int(text or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=110.0, help="time budget")
    parser.add_argument("--examples", type=int, default=30, help="examples per test, round 1")
    parser.add_argument("--seed", type=int, help="seed of the first round (default: random)")
    args = parser.parse_args()
    deadline = time.monotonic() + args.seconds
    rng = random.Random(args.seed)
    examples, tried, rounds = args.examples, 0, 0
    while True:
        seed = rng.randrange(2**32)
        started = time.monotonic()
        code, n = one_round(examples, seed, max(deadline - started, 0) + 120)
        tried += n
        rounds += 1
        spent = time.monotonic() - started
        print(f"fuzz: round {rounds}, seed {seed}, {examples} examples per test, "
              f"{n} inputs, {spent:.0f} s, exit {code}", flush=True)  # fmt: skip
        if code != 0:
            print(f"fuzz: FAILED after {tried} inputs (rerun: --seed-less, pytest "
                  f"--hypothesis-seed={seed})", file=sys.stderr)  # fmt: skip
            return 1
        left = deadline - time.monotonic()
        # the next round's size, from this round's pace (server start-up included)
        examples = int(examples * (left / spent) * 0.7)
        if examples < 20:
            break
    print(f"fuzz: {tried} inputs in {rounds} round(s), no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
