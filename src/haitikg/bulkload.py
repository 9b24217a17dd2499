"""``haitikg bulkload``: bulk-load RDF files into an on-disk store, safely.

The files go into a *new* store beside ``--store`` (``.NAME-loading-PID``), with the
ontology graph and the inferred graph of the alignment axioms; only when all of it is on
disk is the new store renamed into place (the previous one first moved aside, then
deleted), so a load that fails half way — bad syntax, disk full, Ctrl-C, ``kill -9`` —
leaves the previous store intact and servable by ``haitikg serve --store``. Leftover
staging folders of dead loads are removed by the next load.

Graphs: N-Quads and TriG keep their own named graphs. A file of triples (N-Triples,
Turtle, RDF/XML, JSON-LD) goes into a named graph of its own,
``https://w3id.org/haitikg/graph/file/<file name>``, so what came from which file stays
known; the served default graph is the union of all graphs anyway. The ontology goes into
``graph/ontology`` and the entailments into ``graph/inferred``, as in the built dataset.
"""

from __future__ import annotations

import gc
import io
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pyoxigraph as ox

from . import formats
from .atomic import recover, replace_dir, staging_dir
from .entailments import Entailments
from .errors import HaitikgError
from .namespaces import GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, VOID_GRAPH

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

FILE_GRAPH = f"{GRAPH}file/"
#: Graphs that are not data: inference reads every other graph.
NOT_DATA = {str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH), str(VOID_GRAPH)}


class LoadError(HaitikgError):
    """A file cannot be loaded; the previous store is left as it was."""

    status = 422
    title = "Load error"


@dataclass
class LoadResult:
    store: Path
    quads: int
    loaded: int
    inferred: int
    bytes: int
    seconds: float
    graphs: int
    phases: dict[str, float]


def file_graph(path: Path) -> str:
    """The named graph the triples of a file without graphs go into."""
    return FILE_GRAPH + quote(path.name, safe="")


class _Counting(io.RawIOBase):
    """A binary file that reports how many bytes (and newlines) have been read from it.

    The parser asks for 2 kB at a time; reading 1 MB chunks ahead keeps the Python calls
    per read and the progress updates cheap.
    """

    CHUNK = 1 << 20

    def __init__(self, path: Path, report: Callable[[int, int], None]) -> None:
        self.raw = path.open("rb", buffering=0)
        self.report = report
        self.buf = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.buf:
            chunk = self.raw.read(self.CHUNK)
            if not chunk:
                return 0
            self.report(len(chunk), chunk.count(b"\n"))
            self.buf = memoryview(chunk)
        n = min(len(buffer), len(self.buf))
        buffer[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


def _format(path: Path) -> ox.RdfFormat:
    try:
        fmt = formats.for_path(str(path))
    except KeyError:
        fmt = None
    if fmt is None:
        raise LoadError(f"{path}: unknown RDF format (extension {path.suffix or 'missing'!r})")
    return fmt


def _line_of(message: str) -> int | None:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else None


def progress_bar(console: Console | None) -> Progress:
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
        disable=console is None,
    )


def bulk_load(
    files: list[Path],
    store_path: Path,
    infer: bool = True,
    console: Console | None = None,
    lenient: bool = False,
) -> LoadResult:
    """Load ``files`` into a new store and switch it in at ``store_path``; see the module doc."""
    started = time.perf_counter()
    files = [Path(f) for f in files]
    kinds = _formats(files)
    target = Path(store_path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    staging = staging_dir(target, "loading")
    total = sum(f.stat().st_size for f in files)
    swapped = False
    phases: dict[str, float] = {}
    try:
        store = ox.Store(str(staging))
        with progress_bar(console) as bar:
            progress = _Progress(bar, total, _unit(kinds))
            stream = _Statements(files, kinds, progress, lenient, infer)
            with _collector_paused():
                store.bulk_extend(stream)
            progress.say("loaded")
            phases["load"] = time.perf_counter() - started
            inferred = 0
            if stream.entail is not None:
                progress.say("adding the ontology, checking the inferences")
                inferred = _finish_inferences(store, stream.entail)
        phases["check"] = time.perf_counter() - started - phases["load"]
        quads = len(store)
        graphs = sum(1 for _ in store.named_graphs())
        store.flush()
        del store
        gc.collect()
        replace_dir(staging, target)
        swapped = True
        phases["switch"] = time.perf_counter() - started - phases["load"] - phases["check"]
    except KeyboardInterrupt:
        raise LoadError(f"interrupted; {target} is unchanged") from None
    except OSError as exc:
        raise LoadError(f"{exc}; {target} is unchanged") from exc
    finally:
        if not swapped:
            gc.collect()
            shutil.rmtree(staging, ignore_errors=True)
    elapsed = time.perf_counter() - started
    return LoadResult(target, quads, stream.count, inferred, total, elapsed, graphs, phases)


def _formats(files: list[Path]) -> dict[Path, ox.RdfFormat]:
    """Each file's RDF format, from its extension; every file must exist."""
    kinds = {f: _format(f) for f in files}
    for f in files:
        if not f.is_file():
            raise LoadError(f"{f}: no such file")
    return kinds


def _unit(kinds: dict[Path, ox.RdfFormat]) -> str:
    """In N-Quads and N-Triples a line is a statement; elsewhere only lines can be counted."""
    line_formats = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
    return "triples" if all(k in line_formats for k in kinds.values()) else "lines"


class _Progress:
    """The progress bar of one load: bytes read, lines seen, and their rate."""

    EVERY = 0.2  # seconds between updates of the rate

    def __init__(self, bar: Progress, total: int, unit: str) -> None:
        self.bar = bar
        self.unit = unit
        self.task = bar.add_task("loading", total=total, rate="")
        self.lines = 0
        self.started = time.perf_counter()
        self.shown = 0.0

    def read(self, n: int, newlines: int) -> None:
        """``n`` more bytes read, holding ``newlines`` line ends."""
        self.lines += newlines
        now = time.perf_counter()
        if now - self.shown > self.EVERY:
            self.shown = now
            rate = self.lines / max(now - self.started, 1e-9)
            self.bar.update(self.task, advance=0, rate=f"{self.lines:,} {self.unit} {rate:,.0f}/s")
        self.bar.advance(self.task, n)

    def file(self, path: Path) -> None:
        self.bar.update(self.task, description=f"loading {path.name}")

    def say(self, what: str) -> None:
        self.bar.update(self.task, description=what, rate=f"{self.lines:,} {self.unit}")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while millions of short-lived quads pass through.

    The stream makes no reference cycles, but the collector's full passes over the
    rules' memory of typed nodes cost as much as the inference itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Statements:
    """Every quad of ``files``, and what the data graphs entail, for one ``bulk_extend``;
    ``count`` is how many quads the files held.

    Inferring here, while the parser streams the files, costs a table lookup per quad;
    reading the quads back out of the store afterwards would cost as much as the load.
    With inference, a file's own ``graph/inferred`` is dropped: it is recomputed.
    """

    def __init__(
        self,
        files: list[Path],
        kinds: dict[Path, ox.RdfFormat],
        progress: _Progress,
        lenient: bool,
        infer: bool,
    ) -> None:
        self.files = files
        self.kinds = kinds
        self.progress = progress
        self.lenient = lenient
        self.entail = _entailments() if infer else None
        self.count = 0

    def __iter__(self) -> Iterator[ox.Quad]:
        for f in self.files:
            self.progress.file(f)
            quads = _parse(f, self.kinds[f], self.progress.read, self.lenient)
            if self.entail is None:
                for quad in quads:
                    self.count += 1
                    yield quad
            else:
                yield from self._with_entailments(quads, self.entail)
        if self.entail is not None:
            yield from self.entail.drain()

    def _with_entailments(self, quads: Iterator[ox.Quad], entail: Entailments) -> Iterator[ox.Quad]:
        default = ox.DefaultGraph()
        not_data = {ox.NamedNode(g) for g in NOT_DATA} | {default}
        inferred, premise = entail.target, entail.rule_for
        for quad in quads:
            self.count += 1
            g = quad.graph_name
            if g == inferred:
                continue
            yield quad
            rule = premise(quad.predicate)
            if rule is None:
                continue
            if g not in not_data:
                yield from rule(quad)
            elif g != default:  # the ontology or VoID graph of a dump: asserted, not data
                entail.note_asserted(quad)


def _parse(
    path: Path, fmt: ox.RdfFormat, report: Callable[[int, int], None], lenient: bool
) -> Iterator[ox.Quad]:
    """The quads of one file; a file of triples gets a named graph of its own."""
    graph = None if fmt.supports_datasets else ox.NamedNode(file_graph(path))
    reader = _Counting(path, report)
    try:
        parsed = ox.parse(
            reader,  # type: ignore[arg-type]  # any binary file object; the stub says IO[bytes]
            format=fmt,
            base_iri=path.resolve().as_uri(),
            lenient=lenient,
            # Blank nodes of different files are different nodes (an RDF merge).
            rename_blank_nodes=True,
        )
        if graph is None:
            yield from parsed
        else:
            for t in parsed:
                yield ox.Quad(t.subject, t.predicate, t.object, graph)
    except SyntaxError as exc:
        message = str(exc)
        line = _line_of(message)
        where = f"{path}:{line}" if line else str(path)
        raise LoadError(f"{where}: {message}") from None
    except ValueError as exc:
        raise LoadError(f"{path}: {exc}") from None
    finally:
        reader.close()


def _entailments() -> Entailments:
    from .entailments import Entailments
    from .inference import Rules
    from .ontology import load_ontology

    return Entailments(Rules(load_ontology()))


def _finish_inferences(store: ox.Store, entail: Entailments) -> int:
    """Add the ontology graph; keep the inferred graph to what nothing asserts; its size."""
    from .entailments import drop_asserted
    from .ontology import load_ontology
    from .rdfterms import canonical, quads

    ontology = list(quads(canonical(load_ontology()), str(ONTOLOGY_GRAPH)))
    store.extend(ontology)
    for quad in ontology:
        entail.note_asserted(quad)
    return drop_asserted(store, known=entail.collisions, complete=entail.complete)
