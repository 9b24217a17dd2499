"""A bare number compared with a figure before it ("up from …") takes that figure's unit,
whether it is written in digits or in words."""

from __future__ import annotations

import pytest

from haitikg.draft import figures
from haitikg.draft.sentences import Sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The mission had 1,000 officers, up from two hundred in May.",
            [("1,000", "officers", "1,000 officers"), ("200", "officers", "two hundred")],
        ),
        (
            "The mission had 1,000 officers, up from 315,000 in May.",
            [("1,000", "officers", "1,000 officers"), ("315,000", "officers", "315,000")],
        ),
    ],
)
def test_a_compared_number_takes_the_unit_of_the_figure_before(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    found = figures.find(text, Sentences(text), [])
    assert [(f.value, f.unit, text[slice(*f.wording)]) for f in found] == expected
