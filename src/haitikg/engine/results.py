"""Write query results incrementally, stopping at the row or byte limit and saying why.

Runs inside a query worker. SPARQL solutions are written here (pyoxigraph's own
serializer cannot stop at a row limit); graphs go through ``pyoxigraph.serialize`` fed by
a counting iterator; booleans through pyoxigraph. An answer stops *before* the row (or
triple) that would reach ``max_bytes``, so it always stays a complete document.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterable, Iterator
from json.encoder import encode_basestring as _quote
from typing import Generic, Protocol, TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import SPARQL_RESULTS, XSD
from ..rdfterms import OxTerm, in_memory

XSD_STRING = str(XSD.string)


class Sink(Protocol):
    def write(self, data: bytes) -> int: ...
    def flush(self) -> None: ...


class Counted:
    """A sink that counts the bytes written through it."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.written = 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        return self.sink.write(data)

    def flush(self) -> None:
        self.sink.flush()


#: Bytes kept free for what closes a document after its last row (``]}}``, ``</sparql>``).
TAIL = 64


T = TypeVar("T")


class Limited(Generic[T]):
    """Iterates at most ``limit`` items (0 = no limit) while ``fits(item)``, then notes
    whether more remained and which limit cut (``cut``: ``"rows"`` or ``"bytes"``)."""

    def __init__(
        self, items: Iterable[T], limit: int, fits: Callable[[T], bool] | None = None
    ) -> None:
        self.items = iter(items)
        self.limit = limit
        self.fits = fits
        self.count = 0
        self.cut: str | None = None

    @property
    def truncated(self) -> bool:
        return self.cut is not None

    def __iter__(self) -> Iterator[T]:
        for item in self.items:
            if self.limit and self.count >= self.limit:
                self.cut = "rows"
                return
            if self.fits is not None and not self.fits(item):
                self.cut = "bytes"
                return
            self.count += 1
            yield item


def _json_term(term: OxTerm) -> str:
    """One RDF term as SPARQL JSON, written as text: a dict per term and ``json.dumps``
    per row cost most of a SELECT's time in the worker."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _quote(term.value) + "}"
    if isinstance(term, ox.Literal):
        out = '{"type":"literal","value":' + _quote(term.value)
        if term.language:
            out += ',"xml:lang":' + _quote(term.language)
            if getattr(term, "direction", None) is not None:
                out += ',"its:dir":' + _quote(str(term.direction).rsplit(".", 1)[-1].lower())
        elif term.datatype.value != XSD_STRING:
            out += ',"datatype":' + _quote(term.datatype.value)
        return out + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _quote(term.value) + "}"
    return (
        '{"type":"triple","value":{"subject":' + _json_term(term.subject)
        + ',"predicate":' + _json_term(term.predicate)
        + ',"object":' + _json_term(term.object) + "}}"
    )  # fmt: skip


def _xml_term(term: OxTerm) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _csv_field(term: OxTerm | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        value = f"_:{term.value}"
    elif isinstance(term, ox.NamedNode | ox.Literal):
        value = term.value
    else:
        value = str(term)
    if any(c in value for c in ',"\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def _tsv_field(term: OxTerm | None) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t")


def write_solutions(
    solutions: ox.QuerySolutions, fmt: str, sink: Sink, limit: int, max_bytes: int = 0
) -> Limited[bytes]:
    """Serialize SELECT results as ``json``, ``xml``, ``csv`` or ``tsv``."""
    names = [v.value for v in solutions.variables]
    encoded = _ENCODERS[fmt](names)
    counted = Counted(sink)
    counted.write(next(encoded))
    room = (lambda line: counted.written + len(line) + TAIL <= max_bytes) if max_bytes else None
    rows = Limited(map(encoded.send, solutions), limit, room)
    for line in rows:
        counted.write(line)
    counted.write(encoded.send(None))
    return rows


def _json_rows(names: list[str]) -> Generator[bytes, ox.QuerySolution | None, None]:
    """The document's head, then each row sent in as a line; ``None`` sent: the tail."""
    row = yield b'{"head":{"vars":' + json.dumps(names).encode() + b'},"results":{"bindings":['
    keys = [(i, _quote(n) + ":") for i, n in enumerate(names)]
    separator = "\n"
    while row is not None:
        cells = [key + _json_term(row[i]) for i, key in keys if row[i] is not None]
        row = yield (separator + "{" + ",".join(cells) + "}").encode()
        separator = ",\n"
    yield b"\n]}}\n"


def _xml_rows(names: list[str]) -> Generator[bytes, ox.QuerySolution | None, None]:
    head = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
    row = yield (
        f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}">'.encode()
        + f"<head>{head}</head><results>\n".encode()
    )
    while row is not None:
        cells = "".join(
            f"<binding name={quoteattr(n)}>{_xml_term(row[n])}</binding>"
            for n in names
            if row[n] is not None
        )
        row = yield f"<result>{cells}</result>\n".encode()
    yield b"</results></sparql>\n"


def _csv_rows(names: list[str]) -> Generator[bytes, ox.QuerySolution | None, None]:
    row = yield (",".join(names) + "\r\n").encode()
    while row is not None:
        row = yield (",".join(_csv_field(row[n]) for n in names) + "\r\n").encode()
    yield b""


def _tsv_rows(names: list[str]) -> Generator[bytes, ox.QuerySolution | None, None]:
    row = yield ("\t".join("?" + n for n in names) + "\n").encode()
    while row is not None:
        row = yield ("\t".join(_tsv_field(row[n]) for n in names) + "\n").encode()
    yield b""


_ENCODERS: dict[str, Callable[[list[str]], Generator[bytes, ox.QuerySolution | None, None]]] = {
    "json": _json_rows,
    "xml": _xml_rows,
    "csv": _csv_rows,
    "tsv": _tsv_rows,
}


def write_boolean(answer: ox.QueryBoolean, fmt: ox.QueryResultsFormat, sink: Sink) -> None:
    sink.write(in_memory(answer.serialize(format=fmt)))


def write_graph(
    triples: Iterable[ox.Triple],
    fmt: ox.RdfFormat,
    sink: Sink,
    limit: int,
    prefixes: dict[str, str],
    max_bytes: int = 0,
) -> Limited[ox.Triple]:
    """Serialize CONSTRUCT/DESCRIBE triples; dataset formats put them in the default graph.

    A triple is written only while the bytes so far plus its N-Triples length (what most
    formats spend on it, give or take prefixes and escapes) stay under ``max_bytes``.
    """
    counted = Counted(sink)
    room = (
        (lambda t: counted.written + len(str(t)) + PIECE_SLACK <= max_bytes) if max_bytes else None
    )
    rows = Limited(triples, limit, room)
    items: Iterable[ox.Triple] | Iterable[ox.Quad] = rows
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        items = (ox.Quad(t.subject, t.predicate, t.object) for t in rows)
    use_prefixes = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    chosen = prefixes if use_prefixes else None
    # pyoxigraph writes to any object with write(); its stubs ask for an IO[bytes]
    ox.serialize(items, counted, fmt, prefixes=chosen)  # type: ignore[arg-type]
    return rows


#: The serializer buffers what it writes; keep room for one buffer it has not flushed yet.
PIECE_SLACK = 8 * 1024 + TAIL
