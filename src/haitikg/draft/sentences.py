"""Sentence boundaries, from syntok's rule-based segmenter (no model to load).

syntok keeps an opening quotation mark with the sentence it opens ("“Kenya’s spirit …,” he
remarked"), which spaCy's punctuation sentencizer attaches to the previous sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from syntok import segmenter


def split(text: str) -> list[tuple[int, int]]:
    """``(begin, end)`` code-point offsets of each sentence, in order."""
    spans = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            tokens = [t for t in sentence if t.value]
            if tokens:
                spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
    return spans


class Sentences:
    """The sentences of one text, with a quick lookup of the one around an offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = split(text)
        self._starts = [b for b, _ in self.spans]

    def index(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def around(self, offset: int) -> tuple[int, int]:
        return self.spans[self.index(offset)]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)
