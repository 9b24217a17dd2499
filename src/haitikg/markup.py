"""Markdown emphasis in source texts: kept exact in offsets, dropped from readable literals.

Sources may mark emphasis with ``*…*``. Spans (``nif:anchorOf``, ``oa:exact``,
``schema:text``) keep the text exactly as it is, so offsets stay checkable; every literal
a person reads (labels, titles, wordings, aims) is :func:`plain`. Pages turn the markers
into ``<em>`` with :func:`emphasis_runs`.
"""

from __future__ import annotations

MARK = "*"


def plain(text: str) -> str:
    """The text without emphasis markers (a quote may cut an emphasis in half, so every
    marker goes, paired or not)."""
    return text.replace(MARK, "")


def emphasis_runs(text: str, emphasised: bool = False) -> tuple[list[tuple[str, bool]], bool]:
    """``text`` as (words, emphasised?) runs without the markers, starting in the state
    ``emphasised``; also returns the state at its end, so text cut into pieces (sentences,
    marked spans) renders as one."""
    runs: list[tuple[str, bool]] = []
    for i, piece in enumerate(text.split(MARK)):
        if i:
            emphasised = not emphasised
        if piece:
            runs.append((piece, emphasised))
    return runs, emphasised
