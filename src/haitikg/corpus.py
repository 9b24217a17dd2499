"""Source documents: their text, metadata, hash check and sentence segmentation."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

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
    meta: dict
    path: Path
    sentences: tuple[Segment, ...] = field(default=())
    paragraphs: tuple[Segment, ...] = field(default=())

    @property
    def date(self) -> date:
        return self.meta["date"]

    @property
    def title(self) -> str:
        return self.meta["title"]

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


def load_document(text_path: Path) -> Document:
    """Read a document and its ``.meta.yaml``; refuse it if the text is not the one described."""
    meta_path = text_path.with_suffix(".meta.yaml")
    if not meta_path.exists():
        raise CorpusError(f"{text_path}: no metadata file {meta_path.name} beside it")
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{meta_path}: not valid YAML: {exc}") from exc
    for key in ("id", "title", "language", "date", "sha256", "type"):
        if key not in meta:
            raise CorpusError(f"{meta_path}: metadata lacks {key!r}")
    if meta["id"] != text_path.stem:
        raise CorpusError(f"{meta_path}: id {meta['id']!r} does not match file {text_path.name}")
    if not isinstance(meta["date"], date):
        raise CorpusError(f"{meta_path}: date must be a day such as 2025-01-18")
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
