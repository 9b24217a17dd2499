"""Source documents: their text, metadata, hash check and sentence segmentation."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from . import yamlerror
from .errors import CorpusError

# A sentence ends at . ! or ? (optionally followed by a closing quote or asterisk) before
# white space and a capital, an opening quote or an asterisk. The corpus is edited news
# prose without abbreviations such as "Mr." or "U.N.", for which this is enough.
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"*]?(?=\s+[A-Z“\"*])|(?<=[.!?][”\"])(?=\s)")


@dataclass(frozen=True)
class Segment:
    """A sentence or paragraph: code-point offsets into the document text."""

    begin: int
    end: int


@dataclass(frozen=True)
class Document:
    """One source text with its metadata; offsets are code points of the NFC text."""

    id: str
    text: str
    meta: dict[str, Any]
    path: Path
    sentences: tuple[Segment, ...] = field(default=())
    paragraphs: tuple[Segment, ...] = field(default=())

    @property
    def title(self) -> str:
        """haitikg's own descriptive title (see ``headline`` for the source's own)."""
        return str(self.meta["title"])

    @property
    def published(self) -> date | None:
        """The publication day, when it is known."""
        return self.meta.get("published")

    @property
    def published_not_before(self) -> date | None:
        """The earliest day the document can have been published (its day if known)."""
        return self.meta.get("published") or self.meta.get("published-not-before")

    @property
    def published_not_after(self) -> date | None:
        """The latest day the document can have been published (its day if known)."""
        return self.meta.get("published") or self.meta.get("published-not-after")

    def sentence_at(self, offset: int) -> Segment:
        """The sentence containing ``offset``."""
        for seg in self.sentences:
            if seg.begin <= offset < seg.end:
                return seg
        return self.sentences[-1]

    def paragraph_at(self, offset: int) -> Segment:
        for seg in self.paragraphs:
            if seg.begin <= offset < seg.end:
                return seg
        return self.paragraphs[-1]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _strip(text: str, begin: int, end: int) -> Segment:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    return Segment(begin, end)


def paragraphs(text: str) -> tuple[Segment, ...]:
    out, start = [], 0
    for m in re.finditer(r"\n+", text):
        out.append(_strip(text, start, m.start()))
        start = m.end()
    out.append(_strip(text, start, len(text)))
    return tuple(s for s in out if s.end > s.begin)


def sentences(text: str) -> tuple[Segment, ...]:
    """Sentences within paragraphs, so a sentence never crosses a line break."""
    out = []
    for para in paragraphs(text):
        start = para.begin
        for m in _SENTENCE_END.finditer(text, para.begin, para.end):
            out.append(_strip(text, start, m.end()))
            start = m.end()
        out.append(_strip(text, start, para.end))
    return tuple(s for s in out if s.end > s.begin)


#: Metadata keys (docs/model.md, "Document metadata"); the first six are required.
REQUIRED = ("id", "type", "title", "language", "sha256", "added")
OPTIONAL = (
    "headline",
    "published",
    "published-not-before",
    "published-not-after",
    "publisher",
    "url",
    "author",
    "covers",
    "license",
)
DAYS = ("added", "published", "published-not-before", "published-not-after")


def check_metadata(meta: object, path: Path) -> None:
    """Refuse metadata that is incomplete, unknown, or states a day it cannot know."""
    if not isinstance(meta, dict):
        raise CorpusError(f"{path}: metadata must be a mapping of keys to values")
    if "date" in meta:
        raise CorpusError(
            f"{path}: `date` is no longer a metadata key: give the publication day as "
            "`published` when it is known, or bound it with `published-not-before` / "
            "`published-not-after` (docs/model.md)"
        )
    for key in REQUIRED:
        if key not in meta:
            raise CorpusError(f"{path}: metadata lacks {key!r}")
    unknown = sorted(set(meta) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        allowed = ", ".join(REQUIRED + OPTIONAL)
        raise CorpusError(f"{path}: unknown metadata key {unknown[0]!r} (allowed: {allowed})")
    for key in DAYS:
        if key in meta and (not isinstance(meta[key], date) or isinstance(meta[key], datetime)):
            raise CorpusError(f"{path}: {key} must be a day such as 2025-01-18")
    if "published" in meta and ("published-not-before" in meta or "published-not-after" in meta):
        raise CorpusError(f"{path}: give `published` or its bounds, not both")
    low, high = meta.get("published-not-before"), meta.get("published-not-after")
    if low and high and high < low:
        raise CorpusError(f"{path}: published-not-after is before published-not-before")
    texts = ("id", "type", "title", "language", "sha256", "headline", "publisher", "url")
    for key in (*texts, "author", "covers", "license"):
        if key in meta and (not isinstance(meta[key], str) or not meta[key].strip()):
            raise CorpusError(f"{path}: {key} must be a non-empty string")


def _metadata_error(path: Path) -> Callable[[int, str], CorpusError]:
    return lambda line, what: CorpusError(f"{path}:{line}: {what}" if line else f"{path}: {what}")


def load_document(text_path: Path) -> Document:
    """Read a document and its ``.meta.yaml``; refuse it if the text is not the one described."""
    meta_path = text_path.with_suffix(".meta.yaml")
    if not meta_path.exists():
        raise CorpusError(f"{text_path}: no metadata file {meta_path.name} beside it")
    try:
        meta = yamlerror.read(meta_path, _metadata_error(meta_path), yamlerror.Loader) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{meta_path}: not valid YAML: {exc}") from exc
    check_metadata(meta, meta_path)
    if meta["id"] != text_path.stem:
        raise CorpusError(f"{meta_path}: id {meta['id']!r} does not match file {text_path.name}")
    actual = sha256(text_path)
    if actual != meta["sha256"]:
        raise CorpusError(
            f"{text_path}: sha256 is {actual}, but {meta_path.name} records {meta['sha256']}; "
            "the text has changed. Restore it, or review every annotation against the new text "
            "and record the new hash."
        )
    try:
        text = text_path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{text_path}: not UTF-8 ({exc})") from exc
    if unicodedata.normalize("NFC", text) != text:
        raise CorpusError(f"{text_path}: text is not in Unicode NFC; offsets would be ambiguous")
    return Document(
        id=meta["id"],
        text=text,
        meta=meta,
        path=text_path,
        sentences=sentences(text),
        paragraphs=paragraphs(text),
    )


def discover(corpus_dir: Path) -> list[Document]:
    """Every ``*.txt`` document in the corpus folder, sorted by id."""
    return [load_document(p) for p in sorted(corpus_dir.glob("*.txt"))]
