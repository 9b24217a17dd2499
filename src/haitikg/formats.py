"""One registry of the formats haitikg reads and writes.

Content negotiation, the ``format=`` parameter, the dumps, the CLI choices and the
docs all read this table, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

Kind = Literal["graph", "dataset", "results"]


@dataclass(frozen=True)
class Format:
    """A serialisation: its short name, media type, file extension and engine handle."""

    name: str
    label: str
    media_type: str
    extension: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    other_media_types: tuple[str, ...] = ()
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.other_media_types)

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` to send: the media type, with the charset for text formats."""
        return with_charset(self.media_type)

    @property
    def holds_datasets(self) -> bool:
        """True when the format keeps named graphs (TriG, N-Quads)."""
        return self.kind == "dataset"


# fmt: off
FORMATS: tuple[Format, ...] = (
    # RDF graphs and datasets, in order of preference for negotiation.
    Format("ttl", "Turtle", "text/turtle", "ttl", "graph", ("turtle",),
           ("application/x-turtle",), rdf=ox.RdfFormat.TURTLE),
    Format("nt", "N-Triples", "application/n-triples", "nt", "graph", ("ntriples", "n-triples"),
           rdf=ox.RdfFormat.N_TRIPLES),
    Format("jsonld", "JSON-LD", "application/ld+json", "jsonld", "graph", ("json-ld",),
           rdf=ox.RdfFormat.JSON_LD),
    Format("rdfxml", "RDF/XML", "application/rdf+xml", "rdf", "graph", ("rdf", "xml-rdf", "owl"),
           rdf=ox.RdfFormat.RDF_XML),
    Format("trig", "TriG", "application/trig", "trig", "dataset", (), rdf=ox.RdfFormat.TRIG),
    Format("nq", "N-Quads", "application/n-quads", "nq", "dataset", ("nquads", "n-quads"),
           rdf=ox.RdfFormat.N_QUADS),
    # SPARQL query results.
    Format("json", "SPARQL JSON", "application/sparql-results+json", "srj", "results",
           ("srj",), ("application/json",), results=ox.QueryResultsFormat.JSON),
    Format("xml", "SPARQL XML", "application/sparql-results+xml", "srx", "results",
           ("srx",), ("application/xml", "text/xml"), results=ox.QueryResultsFormat.XML),
    Format("csv", "CSV", "text/csv", "csv", "results", (), results=ox.QueryResultsFormat.CSV),
    Format("tsv", "TSV", "text/tab-separated-values", "tsv", "results", (),
           results=ox.QueryResultsFormat.TSV),
)
# fmt: on

RDF_FORMATS = tuple(f for f in FORMATS if f.kind != "results")
GRAPH_FORMATS = tuple(f for f in FORMATS if f.kind == "graph")
RESULT_FORMATS = tuple(f for f in FORMATS if f.kind == "results")


def with_charset(media_type: str) -> str:
    """``; charset=utf-8`` added to textual media types (``text/*``, JSON and XML kinds)."""
    if media_type.startswith("text/") or media_type.endswith(("json", "xml")):
        return f"{media_type}; charset=utf-8"
    return media_type


def by_name(name: str) -> Format:
    """The format with this short name, alias or extension (case-insensitive)."""
    key = name.lower().lstrip(".")
    for fmt in FORMATS:
        if key in (fmt.name, fmt.extension, *fmt.aliases):
            return fmt
    names = ", ".join(f.name for f in FORMATS)
    raise KeyError(f"unknown format {name!r}; known formats: {names}")


def by_media_type(media_type: str) -> Format:
    """The format served under this media type (parameters such as charset ignored)."""
    key = media_type.split(";")[0].strip().lower()
    for fmt in FORMATS:
        if key in fmt.media_types:
            return fmt
    raise KeyError(f"unknown media type {media_type!r}")


def for_path(path: str) -> ox.RdfFormat:
    """The RDF format to parse a file with, from its extension (``.ttl``, ``.nq``, ``.owl`` …)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    try:
        fmt = by_name(suffix)
    except KeyError:
        fmt = None
    if fmt is not None and fmt.rdf is not None:
        return fmt.rdf
    guessed = ox.RdfFormat.from_extension(suffix) if suffix else None
    if guessed is None:
        raise KeyError(f"cannot tell the RDF format of {path!r} from its extension")
    return guessed
