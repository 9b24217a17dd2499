"""The catalogue of canned SPARQL queries (``queries/*.rq``), read from their header comments.

Each query file starts with a comment block a program can parse::

    # title: Who took part in the arrival of 18 January 2025, and in which role?
    # question: Which actors took part in the arrival ...
    # ... continued on further lines, each starting with "# "
    # answer: one row per actor: actor IRI, label, role label
    # profile: standard

``title``, ``question`` and ``answer`` are required; any of them may run on over several
comment lines. ``profile: standard`` marks a query that uses only the standard vocabularies of
the interoperability profile (no haitikg terms). The header ends at the first line that is not
a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import HaitikgError

FIELDS = ("title", "question", "answer", "profile")
REQUIRED = ("title", "question", "answer")
PROFILES = ("standard",)

_FIELD = re.compile(r"^#\s*(?P<key>[a-z]+):\s*(?P<value>.*)$")


@dataclass
class CatalogueError(HaitikgError):
    """A query file's header is missing a field or is malformed."""

    file: str
    line: int
    message: str

    status = 500
    title = "Query catalogue error"

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class CannedQuery:
    """One competency question: its header fields and the SPARQL text."""

    name: str
    title: str
    question: str
    answer: str
    standard_profile: bool
    text: str
    path: Path


def parse_query(path: Path | str, text: str | None = None) -> CannedQuery:
    """Read one ``.rq`` file (or ``text`` given for it) into a :class:`CannedQuery`."""
    path = Path(path)
    if text is None:
        text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    current: str | None = None
    last_line = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line.startswith("#"):
            break
        last_line = number
        match = _FIELD.match(line)
        if match and match["key"] in FIELDS:
            current = match["key"]
            if current in fields:
                raise CatalogueError(str(path), number, f"header field {current!r} given twice")
            fields[current] = [match["value"].strip()]
        elif current is not None:
            fields[current].append(line.lstrip("#").strip())
        # comment lines before the first field are free text and ignored
    joined = {key: " ".join(part for part in parts if part) for key, parts in fields.items()}
    for key in REQUIRED:
        if not joined.get(key):
            where = last_line or 1
            problem = "is empty" if key in joined else "is missing"
            raise CatalogueError(
                str(path), where, f"header field {key!r} {problem} (expected '# {key}: ...')"
            )
    profile = joined.get("profile", "")
    if profile and profile not in PROFILES:
        line_no = _line_of(text, "profile") or 1
        raise CatalogueError(
            str(path), line_no, f"unknown profile {profile!r} (known: {', '.join(PROFILES)})"
        )
    return CannedQuery(
        name=path.stem,
        title=joined["title"],
        question=joined["question"],
        answer=joined["answer"],
        standard_profile=profile == "standard",
        text=text,
        path=path,
    )


def load_catalogue(directory: Path | str | None = None) -> list[CannedQuery]:
    """Every ``*.rq`` query of ``directory`` (default: haitikg's ``queries/``), sorted by name."""
    folder = Path(directory) if directory is not None else paths.queries_dir()
    return sorted((parse_query(p) for p in folder.glob("*.rq")), key=lambda q: q.name)


def _line_of(text: str, key: str) -> int | None:
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _FIELD.match(raw.strip())
        if match and match["key"] == key:
            return number
    return None
