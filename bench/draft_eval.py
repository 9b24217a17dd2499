"""The eval tables of the README: `haitikg draft` scored against hand annotations on the
seed article, the development corpus and the held-out briefs.

    python bench/draft_eval.py                # every set but the held-out ones kept apart
    python bench/draft_eval.py --final        # and tests/fixtures/held-out-3 (run it once)
    python bench/draft_eval.py --held-out-4   # and tests/fixtures/held-out-4 (before/after)
    python bench/draft_eval.py --held-out-5   # and tests/fixtures/held-out-5 (before/after)

Each text is drafted with its publication date (``--date``), into a temporary folder,
with the packaged registry only (not the entities the gold files introduce).
"""

from __future__ import annotations

import csv
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from haitikg.draft import draft_file, load_registry  # noqa: E402
from haitikg.evaluate import Score, evaluate_paths  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def draft_folder(folder: Path, out: Path) -> None:
    registry = load_registry()
    with (folder / "index.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            draft_file(folder / row["file"], date.fromisoformat(row["published"]), out, registry)


def table(title: str, scores: dict[str, Score]) -> str:
    lines = [
        f"**{title}**",
        "",
        "| kind | gold | draft | correct | P | R | F1 |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for kind, s in scores.items():
        lines.append(
            f"| {kind} | {s.tp + s.fn} | {s.tp + s.fp} | {s.tp} | {s.precision:.2f} | "
            f"{s.recall:.2f} | {s.f1:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seed_text = ROOT / "corpus" / "kenya-haiti-mss-2025-01-18.txt"
        _, ann = draft_file(seed_text, date(2025, 1, 18), tmp / "seed", load_registry())
        seed = evaluate_paths(ann, ROOT / "corpus" / ann.name)
        seed.update(evaluate_paths(ann, FIXTURES / "seed" / ann.name))
        print(
            table("Seed article (facts: corpus gold; mentions, dates: tests/fixtures/seed)", seed)
        )
        for name, title in (
            ("corpus-dev", "Development corpus, 6 briefs (micro-average)"),
            ("held-out", "Held-out briefs, first set, 3 (micro-average)"),
            ("held-out-2", "Held-out briefs, second set, 3 (micro-average)"),
            ("dev2", "Development briefs, second set, 5 (micro-average)"),
            *(
                [("held-out-3", "Held-out briefs, third set, 8 (micro-average)")]
                if "--final" in sys.argv
                else []
            ),
            *(
                [("held-out-4", "Held-out briefs, fourth set, 6 (micro-average)")]
                if "--held-out-4" in sys.argv
                else []
            ),
            *(
                [("held-out-5", "Held-out briefs, fifth set, 5 (micro-average)")]
                if "--held-out-5" in sys.argv
                else []
            ),
        ):
            draft_folder(FIXTURES / name, tmp / name)
            print(table(title, evaluate_paths(tmp / name, FIXTURES / name)))


if __name__ == "__main__":
    main()
