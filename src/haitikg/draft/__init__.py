"""``haitikg draft``: propose annotations for a new text, for a person to review.

The drafter is rules over plain text (no model weights): registry names, titles, date and
number grammars, speech verbs and event triggers. Each proposal is written with
``status: draft``, a confidence and the cue that produced it (see ``writer``).
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from ..errors import HaitikgError
from . import registry as registry_module
from .pipeline import Draft, draft
from .writer import write

__all__ = ["Draft", "draft", "draft_file", "load_registry"]


def load_registry(corpus: Path | None = None) -> registry_module.Registry:
    """The registry of ``corpus`` (default: the packaged corpus) with the entities its
    annotation files introduce, and the gazetteer of states."""
    from ..paths import corpus_dir

    folder = corpus or corpus_dir()
    entities = folder / "entities.yaml"
    extra = sorted(folder.glob("*.ann.yaml"))
    return registry_module.load(entities if entities.exists() else None, extra)


def draft_file(
    text_path: Path,
    anchor: date | None = None,
    out_dir: Path | None = None,
    registry: registry_module.Registry | None = None,
) -> tuple[Path, Path]:
    """Draft ``text_path`` and write its ``.meta.yaml`` and ``.ann.yaml`` (beside it, or
    in ``out_dir`` with a copy of the text, so the folder is a corpus the build reads)."""
    try:
        raw = text_path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise HaitikgError(f"{text_path}: cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise HaitikgError(f"{text_path}: not UTF-8 ({exc})") from exc
    if unicodedata.normalize("NFC", raw) != raw:
        raise HaitikgError(f"{text_path}: text is not in Unicode NFC; normalise it first")
    result = draft(raw, registry or load_registry(), anchor)
    target = out_dir or text_path.parent
    if out_dir is not None and text_path.parent.resolve() != out_dir.resolve():
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / text_path.name).write_bytes(text_path.read_bytes())
    return write(result, text_path, target)
