"""The ``queries/`` catalogue as the query page shows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Entry:
    name: str
    title: str
    question: str
    text: str


def catalogue() -> list[Entry]:
    """Every canned query (empty when the catalogue module is not installed)."""
    try:
        from ..catalogue import load_catalogue
    except ImportError:
        return []
    entries = [Entry(q.name, q.title or q.name, q.question or "", q.text) for q in load_catalogue()]
    return sorted(entries, key=lambda e: e.name)
