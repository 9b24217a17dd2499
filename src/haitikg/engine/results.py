"""Write query results incrementally, stopping at the row limit and saying whether it cut.

Runs inside a query worker. SPARQL solutions are written here (pyoxigraph's own
serializer cannot stop at a row limit); graphs go through ``pyoxigraph.serialize`` fed by
a counting iterator; booleans through pyoxigraph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _quote
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import SPARQL_RESULTS, XSD

XSD_STRING = str(XSD.string)


class Sink(Protocol):
    def write(self, data: bytes) -> int: ...
    def flush(self) -> None: ...


class Limited:
    """Iterates at most ``limit`` items (0 = no limit), then notes whether more remained."""

    def __init__(self, items: Iterable, limit: int) -> None:
        self.items = iter(items)
        self.limit = limit
        self.count = 0
        self.truncated = False

    def __iter__(self) -> Iterator:
        for item in self.items:
            if self.limit and self.count >= self.limit:
                self.truncated = True
                return
            self.count += 1
            yield item


def _json_term(term) -> str:
    """One RDF term as SPARQL JSON, written as text: a dict per term and ``json.dumps``
    per row cost most of a SELECT's time in the worker."""
    kind = type(term)
    if kind is ox.NamedNode:
        return '{"type":"uri","value":' + _quote(term.value) + "}"
    if kind is ox.Literal:
        out = '{"type":"literal","value":' + _quote(term.value)
        if term.language:
            out += ',"xml:lang":' + _quote(term.language)
            if getattr(term, "direction", None) is not None:
                out += ',"its:dir":' + _quote(str(term.direction).rsplit(".", 1)[-1].lower())
        elif term.datatype.value != XSD_STRING:
            out += ',"datatype":' + _quote(term.datatype.value)
        return out + "}"
    if kind is ox.BlankNode:
        return '{"type":"bnode","value":' + _quote(term.value) + "}"
    return (
        '{"type":"triple","value":{"subject":' + _json_term(term.subject)
        + ',"predicate":' + _json_term(term.predicate)
        + ',"object":' + _json_term(term.object) + "}}"
    )  # fmt: skip


def _xml_term(term) -> str:
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


def _csv_field(term) -> str:
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


def _tsv_field(term) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t")


def write_solutions(solutions: ox.QuerySolutions, fmt: str, sink: Sink, limit: int) -> Limited:
    """Serialize SELECT results as ``json``, ``xml``, ``csv`` or ``tsv``."""
    names = [v.value for v in solutions.variables]
    rows = Limited(solutions, limit)
    out = sink.write
    if fmt == "json":
        out(b'{"head":{"vars":' + json.dumps(names).encode() + b'},"results":{"bindings":[')
        keys = [(i, _quote(n) + ":") for i, n in enumerate(names)]
        separator = "\n"
        for row in rows:
            cells = [key + _json_term(row[i]) for i, key in keys if row[i] is not None]
            out((separator + "{" + ",".join(cells) + "}").encode())
            separator = ",\n"
        out(b"\n]}}\n")
    elif fmt == "xml":
        head = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
        out(
            f'<?xml version="1.0"?>\n<sparql xmlns="{SPARQL_RESULTS}">'.encode()
            + f"<head>{head}</head><results>\n".encode()
        )
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(n)}>{_xml_term(row[n])}</binding>"
                for n in names
                if row[n] is not None
            )
            out(f"<result>{cells}</result>\n".encode())
        out(b"</results></sparql>\n")
    elif fmt == "csv":
        out((",".join(names) + "\r\n").encode())
        for row in rows:
            out((",".join(_csv_field(row[n]) for n in names) + "\r\n").encode())
    elif fmt == "tsv":
        out(("\t".join("?" + n for n in names) + "\n").encode())
        for row in rows:
            out(("\t".join(_tsv_field(row[n]) for n in names) + "\n").encode())
    else:  # pragma: no cover - negotiation never offers anything else
        raise ValueError(f"cannot write solutions as {fmt}")
    return rows


def write_boolean(answer: ox.QueryBoolean, fmt: ox.QueryResultsFormat, sink: Sink) -> None:
    sink.write(answer.serialize(format=fmt))


def write_graph(
    triples: Iterable, fmt: ox.RdfFormat, sink: Sink, limit: int, prefixes: dict[str, str]
) -> Limited:
    """Serialize CONSTRUCT/DESCRIBE triples; dataset formats put them in the default graph."""
    rows = Limited(triples, limit)
    items: Iterable = rows
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        items = (ox.Quad(t.subject, t.predicate, t.object) for t in rows)
    use_prefixes = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    ox.serialize(items, sink, fmt, prefixes=prefixes if use_prefixes else None)
    return rows
