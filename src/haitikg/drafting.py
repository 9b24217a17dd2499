"""The ``haitikg draft`` and ``haitikg eval`` commands (registered by ``haitikg.cli``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a day such as 2025-01-18") from None


@click.command("draft")
@click.argument("article", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--date",
    "anchor",
    callback=_day,
    default=None,
    help="The document's date (YYYY-MM-DD), against which relative dates are resolved. "
    "Without it they are left unresolved.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for the drafts (default: beside the article); the text is copied there.",
)
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="Corpus whose registry the draft links to (default: the packaged corpus/).",
)
def draft_command(
    article: Path, anchor: date | None, out: Path | None, corpus: Path | None
) -> None:
    """Propose annotations for ARTICLE.txt, every one marked `status: draft`."""
    from .draft import draft_file, load_registry

    meta, ann = draft_file(article, anchor, out, load_registry(corpus))
    Console(stderr=True).print(f"wrote {meta} and {ann}: review them, then `haitikg build`")


@click.command("eval")
@click.argument("draft", type=click.Path(path_type=Path, exists=True))
@click.argument("gold", type=click.Path(path_type=Path, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--quiet", is_flag=True, help="Only the table, not the misses and false alarms.")
def eval_command(draft: Path, gold: Path, as_json: bool, quiet: bool) -> None:
    """Score DRAFT annotations against GOLD ones (two .ann.yaml files, or two folders)."""
    from .evaluate import evaluate_paths

    scores = evaluate_paths(draft, gold)
    if as_json:
        click.echo(
            json.dumps(
                {
                    kind: {
                        "tp": s.tp,
                        "fp": s.fp,
                        "fn": s.fn,
                        "precision": round(s.precision, 3),
                        "recall": round(s.recall, 3),
                        "f1": round(s.f1, 3),
                        "misses": s.misses,
                        "false_alarms": s.false_alarms,
                    }
                    for kind, s in scores.items()
                },
                indent=1,
                ensure_ascii=False,
            )
        )
        return
    console = Console()
    table = Table(title=f"haitikg eval {draft} against {gold}")
    for column in ("kind", "gold", "draft", "correct", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, s in scores.items():
        table.add_row(
            kind,
            str(s.tp + s.fn),
            str(s.tp + s.fp),
            str(s.tp),
            f"{s.precision:.2f}",
            f"{s.recall:.2f}",
            f"{s.f1:.2f}",
        )
    console.print(table)
    if not quiet:
        for kind, s in scores.items():
            for line in s.misses:
                console.print(f"[yellow]miss[/yellow] {kind}: {escape(line)}", highlight=False)
            for line in s.false_alarms:
                console.print(f"[red]false alarm[/red] {kind}: {escape(line)}", highlight=False)
