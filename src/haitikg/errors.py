"""Errors as types: each knows what went wrong, where, and the HTTP status it maps to."""

from __future__ import annotations

from dataclasses import dataclass


class HaitikgError(Exception):
    """Base of every error haitikg reports to a user; the CLI prints it and exits 1."""

    status = 500
    title = "Internal error"


class CorpusError(HaitikgError):
    """A source document is missing, unreadable, or not the text its metadata describes."""

    title = "Corpus error"


@dataclass
class AnnotationError(HaitikgError):
    """A fact in an annotation file cannot be turned into RDF."""

    file: str
    line: int
    message: str
    quote: str | None = None

    status = 422
    title = "Annotation error"

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: {self.message}"
        return f"{where}\n    quote: {self.quote!r}" if self.quote is not None else where


class OntologyError(HaitikgError):
    """The ontology source cannot be parsed or breaks a structural rule."""

    title = "Ontology error"


class BuildMissing(HaitikgError):
    """The built dataset is not where it was expected."""

    status = 503
    title = "Graph not built"
