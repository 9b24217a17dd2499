"""YAML mistakes in the corpus files, said where they are made and in plain words.

PyYAML reports where it *noticed* a mistake: a quote left open swallows the lines after it
until the next quote, so the error lands lines later. A quoted value that runs over several
lines before an error is where the mistake is (annotation values are one line each).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

#: PyYAML's problem (its start) → what to do, in words.
PLAIN = (
    ("could not find expected ':'", "a key needs a `:` after it (`key: value`)"),
    ("mapping values are not allowed here",
     "a `: ` where YAML does not expect one: check the indentation, or put the value in "
     "quotes"),
    ("found character '\\t'", "a tab: YAML indents with spaces only"),
    ("expected <block end>", "this line does not line up with the lines above it (indentation)"),
    ("found unexpected end of stream", "the file ends inside a quoted value: close the quote"),
    ("found duplicate anchor", "an anchor (`&name`) is defined twice"),
    ("found undefined alias", "an alias (`*name`) names no anchor"),
)  # fmt: skip


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, but a value it cannot build (``2025-13-45``, ``!!int x``, a bad
    ``!!timestamp``) is a marked YAML error at its line, not a Python exception."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError, AttributeError) as exc:
            what = repr(node.value) if isinstance(node, yaml.ScalarNode) else node.tag
            # PyYAML raises AttributeError for a !!timestamp its pattern does not match
            why = f"not a {node.tag.rsplit(':', 1)[-1]}" if isinstance(exc, AttributeError) else exc
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {what}: {why}", node.start_mark
            ) from exc


class LineLoader(Loader):
    """Records, in every mapping, the line of the mapping (``__line__``) and of each key
    (``__lines__``), so a mistake found later is reported where it stands."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        return mapping


def read(
    path: Path, error: Callable[[int, str], Exception], loader: type[Loader] = LineLoader
) -> Any:
    """The YAML file at ``path``; a mistake raises ``error(line, what)`` (line 0: the file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise error(0, f"not UTF-8: {exc}") from exc
    try:
        return yaml.load(text, Loader=loader)  # a SafeLoader
    except yaml.MarkedYAMLError as exc:
        line, problem = describe(text, exc)
        raise error(line, f"not valid YAML: {problem}") from exc
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        raise error(line, f"not valid YAML: {exc.reason} {exc.character!r}") from exc


ESCAPE = ' (inside double quotes write `\\"` for a quote mark, or use single quotes)'


def describe(text: str, error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The 1-based line of the mistake in ``text`` and what is wrong there."""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    problem = str(error.problem or error.context or "").strip()
    if problem.startswith("could not find expected ':'") and error.context_mark:
        line = error.context_mark.line + 1  # where the key without its colon starts
    opened, closed_before = _quotes(text, line, mark.column if mark else 0)
    if opened is not None:
        return opened, "this quoted value is not closed on its line" + ESCAPE
    if closed_before and problem.startswith("expected <block end>"):
        return line, "text follows the closing quote" + ESCAPE
    for start, words in PLAIN:
        if problem.startswith(start):
            return line, f"{words} (YAML: {problem})"
    return line, problem or "not valid YAML"


def _quotes(text: str, error_line: int, error_column: int) -> tuple[int | None, bool]:
    """The line where a quoted value starts that runs on over other lines up to the error,
    and whether a quoted value closes on the error's line before its column."""
    opened, closed_before = None, False
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line + 1 > error_line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                if token.end_mark.line > token.start_mark.line:
                    opened = token.start_mark.line + 1
                if token.end_mark.line + 1 == error_line and token.end_mark.column <= error_column:
                    closed_before = True
    except yaml.YAMLError:
        pass
    return (opened if opened is not None and opened < error_line else None), closed_before
