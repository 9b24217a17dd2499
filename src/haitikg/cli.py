"""The ``haitikg`` command: build, validate, query and serve the knowledge graph."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.status import Status
from rich.table import Table

from .errors import HaitikgError
from .version import __version__

console = Console(stderr=True)
build_dir_option = click.option(
    "--build-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the build lives (default: build/ of the checkout, or $HAITIKG_BUILD_DIR).",
)


class Group(click.Group):
    """Prints haitikg's own errors as one clear message and exits 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HaitikgError as exc:
            console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
            sys.exit(1)


@click.group(cls=Group)
@click.version_option(__version__, prog_name="haitikg")
def main() -> None:
    """haitikg: a knowledge graph of the MSS mission in Haiti."""


def _progress() -> tuple[Status, Callable[[str], None]]:
    """A rich status line the build reports its steps to."""
    status = console.status("building")

    def step(name: str) -> None:
        status.update(f"building: {name}")

    return status, step


@main.command()
@build_dir_option
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=None,
    help="Corpus folder (default: the packaged corpus/).",
)
@click.option(
    "--drafts",
    is_flag=True,
    help="Also publish drafted items, in graph/drafts/<document-id> (hkg:status voc:status-draft).",
)
def build(build_dir: Path | None, corpus: Path | None, drafts: bool) -> None:
    """Build the dataset, dumps, ontology artefacts and VoID into build/."""
    from .build import build as run_build

    status, step = _progress()
    with status:
        result = run_build(build_dir, corpus, progress=step, drafts=drafts)
    table = Table(title=f"haitikg build → {result.out_dir}", show_lines=False)
    table.add_column("graph")
    table.add_column("triples", justify="right")
    for graph, n in sorted(result.graphs.items()):
        table.add_row(graph.rsplit("/", 1)[-1], f"{n:,}")
    table.add_row("[b]asserted[/b]", f"[b]{result.asserted:,}[/b]")
    table.add_row("[b]inferred[/b]", f"[b]{result.inferred:,}[/b]")
    Console().print(table)
    Console().print(
        f"{len(result.documents)} document(s), {result.facts} facts, "
        f"{result.spans} spans, {len(result.files)} files, "
        f"{result.seconds:.2f} s"
    )
    where = (
        "published in graph/drafts/<document-id>"
        if result.drafts_published
        else "not published; `haitikg build --drafts` publishes them"
    )
    Console().print(f"{result.drafts} draft item(s) awaiting review ({where})")
    if result.tables:
        Console().print(
            f"{result.entries} cited entries in {len(result.tables)} table(s), citing "
            f"{result.cited_sources} pages (document-level provenance)"
        )
    Console().print(
        f"{len(result.duplicates)} likely duplicate event pair(s) proposed for review, none "
        f"merged ({result.out_dir / 'duplicates.tsv'})"
    )


@main.command()
@build_dir_option
@click.option("--no-reasoner", is_flag=True, help="Skip the HermiT consistency check.")
def validate(build_dir: Path | None, no_reasoner: bool) -> None:
    """Check the built graph: SHACL shapes, HermiT, and the *-violation.rq queries."""
    from .query import open_store
    from .validate import validate as run_validate

    with console.status("validating"):
        report = run_validate(open_store(build_dir), run_reasoner=not no_reasoner)
    out = Console()
    for check in report.checks:
        mark = (
            "[yellow]skip[/yellow]"
            if check.skipped
            else ("[green]ok[/green]" if check.passed else "[red]FAIL[/red]")
        )
        out.print(f"{mark}  {check.name}", highlight=False)
        if check.skipped:
            out.print(f"      {check.skipped}", highlight=False)
        for problem in check.problems[:20]:
            out.print(f"      - {problem}", highlight=False, markup=False)
        if len(check.problems) > 20:
            out.print(f"      … and {len(check.problems) - 20} more", highlight=False)
    failed = sum(not c.passed for c in report.checks)
    out.print(f"{len(report.checks)} checks, {failed} failed")
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("query")
@build_dir_option
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    help="table, or a format short name: csv, tsv, json, xml (SELECT/ASK); "
    "ttl, nt, jsonld, rdfxml (CONSTRUCT/DESCRIBE).",
)
def query(query: str, build_dir: Path | None, fmt: str) -> None:
    """Run a SPARQL QUERY (the text, or a file holding it) against the built graph; the
    standard prefixes need no PREFIX line."""
    from .query import open_store, rows, run, serialize

    result = run(_query_text(query), open_store(build_dir))
    if fmt == "table":
        header, cells = rows(result)
        table = Table(*header)
        for row in cells:
            table.add_row(*row)
        Console().print(table)
        Console(stderr=True).print(f"{len(cells)} row(s)")
        return
    try:
        sys.stdout.buffer.write(serialize(result, fmt))
    except (KeyError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


def _query_text(argument: str) -> str:
    """The query an argument stands for: the file it names when there is one; a single word
    (no space, no brace: not a query) that names no file is a mistake, said so."""
    path = Path(argument)
    if path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.BadParameter(f"cannot read {argument}: {exc}", param_hint="QUERY") from None
    if path.is_dir():
        raise click.BadParameter(f"{argument} is a folder, not a query file", param_hint="QUERY")
    if not any(c.isspace() for c in argument) and "{" not in argument:
        raise click.BadParameter(f"no such file: {argument}", param_hint="QUERY")
    return argument


@main.group()
def export() -> None:
    """Tables for other tools (spreadsheets, R, pandas)."""


@export.command("events")
@build_dir_option
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv",
              show_default=True, help="CSV (UTF-8), or an Excel workbook.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")  # fmt: skip
def export_events(build_dir: Path | None, fmt: str, out: Path | None) -> None:
    """One row per event in ACLED-like columns: id, date or bounds, type with CAMEO code,
    actors, place, country, source, evidence sentence, figures."""
    from .citation import citation
    from .export import events, write_csv, write_xlsx
    from .query import open_store

    table = events(open_store(build_dir))
    if out is None and fmt == "xlsx" and sys.stdout.isatty():
        raise click.UsageError("an Excel workbook is not for a terminal: give --out FILE.xlsx")
    try:
        stream = click.open_file(str(out) if out else "-", "wb")
    except OSError as exc:
        raise click.FileError(str(out), hint=exc.strerror or str(exc)) from None
    with stream:
        if fmt == "csv":
            write_csv(table, stream)
        else:
            write_xlsx(table, stream, about=[("cite as", str(citation()))])
    console.print(f"{len(table.rows)} events → {out or 'standard output'}", highlight=False)


@main.command()
@click.option("--triples", type=int, help="About this many triples (±10%).")
@click.option("--events", type=int, help="Exactly this many events.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["nq", "trig", "ttl", "nt"]),
    default=None,
    help="Output format (default: from --out's extension, else nq).",
)
def synth(triples: int | None, events: int | None, out: Path, seed: int, fmt: str | None) -> None:
    """Write a realistic synthetic dataset (many documents' worth) for scale tests."""
    from .synth import synth as run_synth

    if (triples is None) == (events is None):
        raise click.UsageError("give exactly one of --triples or --events")
    with console.status("synthesising") as status:
        result = run_synth(
            out,
            triples,
            events,
            seed,
            fmt,
            progress=lambda n: status.update(f"synthesising: {n:,} triples"),
        )
    console.print(
        f"{result.path}: {result.triples:,} triples, {result.documents:,} documents, "
        f"{result.events:,} events, {result.bytes / 1e6:,.1f} MB"
    )


@main.command("bulkload")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The on-disk store to create or replace (atomically).",
)
@click.option("--no-inference", is_flag=True, help="Skip computing the inferred graph.")
def bulkload(files: tuple[str, ...], store: Path, no_inference: bool) -> None:
    """Bulk-load RDF FILES into a new on-disk store, then switch it in atomically."""
    from .bulkload import bulk_load

    result = bulk_load([Path(f) for f in files], store, infer=not no_inference, console=console)
    console.print(
        f"{store}: {result.quads:,} quads ({result.loaded:,} loaded, {result.inferred:,} "
        f"inferred) in {result.seconds:.1f} s ("
        + ", ".join(f"{k} {v:.1f} s" for k, v in result.phases.items())
        + ")"
    )


@main.command()
@click.option("--to", "to", required=True, help="SPARQL endpoint URL (queries; updates too).")
@click.option("--update-url", help="SPARQL Update URL when not --to (Oxigraph: …/update).")
@click.option("--graph-store", help="Write with the Graph Store HTTP Protocol at this URL.")
@click.option("--token", envvar="HAITIKG_PUBLISH_TOKEN", help="Sent as 'Authorization: Bearer'.")
@click.option("--batch", default=10_000, show_default=True, help="Triples per request.")
@click.option(
    "--file",
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="RDF file to publish instead of the built dataset (build/haitikg.nq).",
)
def publish(
    to: str,
    update_url: str | None,
    graph_store: str | None,
    token: str | None,
    batch: int,
    file: Path | None,
) -> None:
    """Push the dataset (named graphs kept) into a remote store, then verify the counts."""
    from . import publish as pub
    from .bulkload import progress_bar

    if file is None:
        from .build import dataset_path, ensure_built

        ensure_built()
        file = Path(dataset_path())
    target = pub.Target(to, update_url=update_url, graph_store=graph_store, token=token)
    with progress_bar(console) as bar:
        task = bar.add_task(f"publishing {file.name}", total=file.stat().st_size, rate="")

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done)

        sent = pub.publish(file, target, batch=batch, progress=progress)
    console.print(
        f"{to}: {sum(sent.values()):,} triples in {len(sent):,} graph(s) published; "
        "the counts match"
    )


def _register_optional_commands() -> None:
    """Commands that live with the subsystem they drive."""
    from .drafting import draft_command, eval_command
    from .serve import serve

    main.add_command(serve)
    main.add_command(draft_command)
    main.add_command(eval_command)


_register_optional_commands()
