"""Syntax errors a person can act on: the engine's message turned into what went wrong, where.

Oxigraph reports ``error at 1:26: expected one of Prefix not found, ['%'], ['-' | '0' ..=
'9' …`` — the position is right, the rest is its grammar's internals. :func:`explain` keeps
the position (1-based line and column, in characters) and says what to do: declare an
unknown prefix, close what is open, or which words could come next.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .errors import HaitikgError
from .namespaces import PREFIXES

_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(?:expected\s*)?(?:one of\s*)?(.*)$", re.DOTALL)
#: An item of the engine's "expected one of" list that names something a person types.
_READABLE = re.compile(r'^(?:"[^"]+"|[A-Za-z_]+)$')
_PNAME = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%:-]*")
MAX_EXPECTED = 12
END = "the end of the text"
_TOKEN = re.compile(
    r"(?P<string>'{3}(?:[^'\\]|\\.|'(?!''))*'{3}"
    r'|"{3}(?:[^"\\]|\\.|"(?!""))*"{3}'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*")'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<comment>\#[^\n\r]*)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_PAIRS = {"{": "}", "(": ")", "[": "]"}


@dataclass(frozen=True)
class SyntaxProblem:
    """Where a query or update cannot be parsed, and why, in words."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


class MalformedQuery(HaitikgError):
    """A query or update that does not parse, with the problem in words and its position."""

    status = 400
    title = "Malformed query"

    def __init__(self, problem: SyntaxProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem

    def shifted(self, lines: int) -> MalformedQuery:
        """The same problem in a text that had ``lines`` lines put before it, seen without them."""
        p = self.problem
        return MalformedQuery(SyntaxProblem(max(1, p.line - lines), p.column, p.message))

    @classmethod
    def from_engine(cls, text: str, error: Exception | str, update: bool = False) -> MalformedQuery:
        """From the engine's ``SyntaxError`` (or its message) for ``text``."""
        return cls(explain(text, str(error), update=update))


def explain(
    text: str,
    engine_message: str,
    prefixes: dict[str, str] | None = None,
    *,
    update: bool = False,
) -> SyntaxProblem:
    """The problem in ``text`` (a query, or an update) the engine reported as ``engine_message``."""
    prefixes = PREFIXES if prefixes is None else prefixes
    match = _POSITION.match(engine_message.strip())
    if not match:
        return SyntaxProblem(1, 1, engine_message.strip() or "the text is not valid SPARQL")
    line, column = int(match[1]), int(match[2])
    items = _items(match[3])
    if "Prefix not found" in items:
        start, message = _unknown_prefix(text, line, column, prefixes)
        return SyntaxProblem(line, start, message)
    sentences = [i for i in items if " " in i and not i.startswith(("[", "'", '"'))]
    if sentences:
        return SyntaxProblem(line, column, _sentence(sentences[0]))
    left_open = _left_open(text)
    if left_open and (left_open.message.startswith("this string") or _at_end(text, line, column)):
        return left_open  # a string never closed is the mistake wherever the engine stopped
    if _at_end(text, line, column):
        # Oxigraph often reports the end of the text; where rdflib's parser stops is nearer.
        earlier = _second_opinion(text, update)
        if earlier and earlier < (line, column):
            return SyntaxProblem(*earlier, _stops_here(text, *earlier))
    return SyntaxProblem(line, column, _unexpected(text, line, column, items))


def _at_end(text: str, line: int, column: int) -> bool:
    return _found(text, line, column) == END


#: SPARQL's keywords: a word that is one of them is in the right language but the wrong
#: place; any other word where the grammar stops is most likely misspelt.
KEYWORDS = frozenset({
    "ADD", "ALL", "AS", "ASC", "ASK", "BASE", "BIND", "BY", "CLEAR", "CONSTRUCT", "COPY",
    "CREATE", "DATA", "DEFAULT", "DELETE", "DESC", "DESCRIBE", "DISTINCT", "DROP", "EXISTS",
    "FILTER", "FROM", "GRAPH", "GROUP", "HAVING", "IN", "INSERT", "INTO", "LIMIT", "LOAD",
    "MINUS", "MOVE", "NAMED", "NOT", "OFFSET", "OPTIONAL", "ORDER", "PREFIX", "REDUCED",
    "SELECT", "SERVICE", "SILENT", "TO", "UNDEF", "UNION", "USING", "VALUES", "WHERE", "WITH",
    "A", "TRUE", "FALSE",
})  # fmt: skip


def _stops_here(text: str, line: int, column: int) -> str:
    """What to say where the grammar stops reading: a misspelt word, or the words from there."""
    found = _found(text, line, column)
    word = found.strip("`")
    if word.isalpha() and word.upper() not in KEYWORDS:
        return f"unexpected {found}"
    rest = _line(text, line)[column - 1 :].strip()
    snippet = rest if len(rest) <= 40 else rest[:39] + "…"
    return f"the query cannot be read from here: `{snippet}`"


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _left_open(text: str) -> SyntaxProblem | None:
    """A string never closed, or a bracket never closed or closed by the wrong one."""
    stack: list[tuple[str, int]] = []
    for match in _TOKEN.finditer(text):
        char, offset = match.group(), match.start()
        if match.lastgroup != "other":
            continue
        if char in "\"'":
            return SyntaxProblem(*_position(text, offset), "this string is never closed")
        if char in _PAIRS:
            stack.append((char, offset))
        elif char in _PAIRS.values():
            if not stack or _PAIRS[stack[-1][0]] != char:
                what = (
                    f"the `{stack[-1][0]}` at line {_position(text, stack[-1][1])[0]}"
                    if stack
                    else "nothing"
                )
                return SyntaxProblem(*_position(text, offset), f"this `{char}` closes {what}")
            stack.pop()
    if stack:
        char, offset = stack[-1]
        return SyntaxProblem(*_position(text, offset), f"this `{char}` is never closed")
    return None


def _second_opinion(text: str, update: bool) -> tuple[int, int] | None:
    """Where rdflib's SPARQL grammar stops reading ``text``, if it does."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        (parseUpdate if update else parseQuery)(text)
    except ParseBaseException as exc:
        return exc.lineno, exc.col
    except Exception:  # rdflib's own limits are not the user's mistake
        return None
    return None


def _items(listing: str) -> list[str]:
    """The engine's list of what it expected, split at top-level commas."""
    items, depth, current, quote = [], 0, "", ""
    for ch in listing:
        if quote:
            current += ch
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
            continue
        current += ch
    if current.strip():
        items.append(current.strip())
    return items


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _unknown_prefix(text: str, line: int, column: int, prefixes: dict[str, str]) -> tuple[int, str]:
    """The column where the prefixed name starts (the one that ends at, or last before, the
    engine's position) and what to declare."""
    source = _line(text, line)
    found = [m for m in _PNAME.finditer(source) if m.start() < column]
    name = (found[-1][1] or "") if found else ""
    start = found[-1].start() + 1 if found else column
    known = prefixes.get(name)
    if known:
        return start, f"unknown prefix `{name}:` — declare `PREFIX {name}: <{known}>`"
    close = difflib.get_close_matches(name, list(prefixes), n=1, cutoff=0.6)
    hint = f" (did you mean `{close[0]}:`, <{prefixes[close[0]]}>?)" if close else ""
    return start, (
        f"unknown prefix `{name}:` — declare it with `PREFIX {name}: <namespace IRI>`{hint}; "
        f"predeclared: {', '.join(p + ':' for p in prefixes)}"
    )


def _sentence(item: str) -> str:
    text = item.strip().rstrip(".")
    if text == "IRI parsing failed":
        return "this is not a valid IRI (no spaces, quotes or <> inside <…>)"
    return text[0].lower() + text[1:]


def _found(text: str, line: int, column: int) -> str:
    """The word or character at the position, or "the end of the text"."""
    rest = _line(text, line)[column - 1 :]
    lines_after = text.split("\n")[line:]
    if not rest.strip() and not any(part.strip() for part in lines_after):
        return END
    source = _line(text, line)
    start = column - 1
    while 0 < start <= len(source) and (source[start - 1].isalnum() or source[start - 1] == "_"):
        start -= 1  # from the start of the word the position falls in
    token = re.match(r"\s*(\w+|\S)", source[start:])
    return f"`{token[1]}`" if token else "the end of the line"


def _unexpected(text: str, line: int, column: int, items: list[str]) -> str:
    found = _found(text, line, column)
    expected = [i.strip('"') if i.startswith('"') else i for i in items if _READABLE.match(i)]
    expected = [e for e in dict.fromkeys(expected) if e != "_"]
    message = f"unexpected {found}"
    if found == END:
        message = "the text ends too early (is a `{`, `(` or quote left open?)"
    if expected:
        more = len(expected) - MAX_EXPECTED
        shown = ", ".join(f"`{e}`" for e in expected[:MAX_EXPECTED])
        message += f"; expected {'one of ' if len(expected) > 1 else ''}{shown}"
        message += f" or {more} more" if more > 0 else ""
    return message
