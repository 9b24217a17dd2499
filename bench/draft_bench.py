"""How fast `haitikg draft` is: articles per second over the development corpus, and the
time to draft one article of about 4,000 characters (the target is under one second).

    python bench/draft_bench.py [--rounds 20]

Timings are of the drafting itself (registry already loaded, files not written), as a
person drafting fifty articles in one process would see them; the one-off start-up
(imports and registry) is reported apart.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from common import machine  # noqa: E402

DEV = ROOT / "tests" / "fixtures" / "corpus-dev"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    began = time.perf_counter()
    from haitikg.draft import draft, load_registry

    registry = load_registry()
    startup = time.perf_counter() - began

    with (DEV / "index.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    articles = [
        ((DEV / r["file"]).read_text(encoding="utf-8"), date.fromisoformat(r["published"]))
        for r in rows
    ]
    chars = sum(len(t) for t, _ in articles)
    draft(*articles[0][:1], registry)  # warm the regular expressions
    rounds = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for text, anchor in articles:
            draft(text, registry, anchor)
        rounds.append(time.perf_counter() - t0)
    per_round = statistics.median(rounds)

    seed = (ROOT / "corpus" / "kenya-haiti-mss-2025-01-18.txt").read_text(encoding="utf-8")
    long = seed + "\n" + articles[3][0]  # about 4.6 k characters
    singles = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        draft(long, registry, date(2025, 1, 18))
        singles.append(time.perf_counter() - t0)

    print(f"machine: {machine()}")
    print(f"start-up (imports, registry): {startup:.2f} s")
    print(
        f"dev corpus: {len(articles)} articles, {chars:,} characters; median of "
        f"{args.rounds} rounds {per_round * 1000:.0f} ms: "
        f"{len(articles) / per_round:.0f} articles/s, {chars / per_round / 1000:.0f} k chars/s"
    )
    print(
        f"one {len(long):,}-character article: median {statistics.median(singles) * 1000:.0f} ms, "
        f"max {max(singles) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
