"""Keep the endpoint from ever making an outbound request on a client's behalf.

pyoxigraph follows ``SERVICE`` and ``LOAD`` over HTTP and cannot be told not to, so every
query and update is checked here before the engine sees it, in two independent ways:

* a tokenizer that knows SPARQL's strings, IRIs, comments and prefixed names, so that
  ``"service"`` in a literal or ``<http://x/service>`` is not mistaken for the keyword,
  and ``sErViCe`` or ``\\u0053ERVICE`` (SPARQL unescapes codepoints before parsing) is;
* rdflib's grammar-driven SPARQL parser, whenever the text mentions the word at all.

Either finding a ``SERVICE`` outside the operator's allowed prefixes refuses the query.
Query workers also drop into an empty network namespace when the platform allows it
(:func:`isolate_network`), so a check that missed would still reach nothing.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from ..namespaces import prologue_for
from .problems import DatasetConflict, LoadRefused, ServiceRefused

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_TOKEN = re.compile(
    r"""
    (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
   |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
   |(?P<comment>\#[^\n\r]*)
   |(?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
   |(?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%-]|\\.)*(?:[\w.:%-]|\\.)*)
   |(?P<word>[^\W\d][\w]*)
   |(?P<space>\s+)
   |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int  # curly-brace nesting at the token


def unescape_codepoints(text: str) -> str:
    r"""Apply SPARQL's ``\uXXXX`` / ``\UXXXXXXXX`` escapes, as the engine does before parsing."""

    def one(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return _CODEPOINT.sub(one, text)


def tokens(text: str) -> Iterator[Token]:
    """Significant tokens (no whitespace, no comments), each with its brace depth."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        value = match.group()
        if value == "}":
            depth = max(0, depth - 1)
        yield Token(kind, value, match.start(), depth)
        if value == "{":
            depth += 1


def _keyword(token: Token, *words: str) -> bool:
    return token.kind == "word" and token.text.upper() in words


class _Resolver:
    """Tracks PREFIX and BASE declarations to turn IRIs and prefixed names into full IRIs."""

    def __init__(self) -> None:
        self.prefixes: dict[str, str] = {}
        self.base: str | None = None

    def resolve(self, token: Token) -> str | None:
        if token.kind == "iri":
            iri = token.text[1:-1]
            if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
                return iri
            return urljoin(self.base, iri) if self.base else None
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            namespace = self.prefixes.get(prefix)
            return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
        return None


def _operations(text: str) -> Iterator[tuple[str, str | None, Token]]:
    """``(keyword, target IRI or None, token)`` for every SERVICE and LOAD in ``text``."""
    resolver = _Resolver()
    toks = list(tokens(text))
    for i, tok in enumerate(toks):
        if _keyword(tok, "PREFIX") and i + 2 < len(toks) and toks[i + 1].kind == "pname":
            target = resolver.resolve(toks[i + 2])
            if target is not None:
                resolver.prefixes[toks[i + 1].text.rstrip(":")] = target
        elif _keyword(tok, "BASE") and i + 1 < len(toks):
            resolver.base = resolver.resolve(toks[i + 1]) or resolver.base
        elif _keyword(tok, "SERVICE", "LOAD"):
            j = i + 1
            if j < len(toks) and _keyword(toks[j], "SILENT"):
                j += 1
            target = resolver.resolve(toks[j]) if j < len(toks) else None
            yield tok.text.upper(), target, tok


def _allowed(target: str | None, prefixes: tuple[str, ...]) -> bool:
    """True when ``target`` starts with an allowed prefix and cannot climb out of it."""
    if target is None or re.search(r"/\.\.?(?:[/?#]|$)|%2e|\\", target, re.IGNORECASE):
        return False
    return any(target.startswith(prefix) for prefix in prefixes)


def _parser_count(text: str, update: bool, prefixes: dict[str, str] | None = None) -> int:
    """SERVICE and LOAD operations rdflib's grammar finds, or -1 when it cannot parse;
    the standard ``prefixes`` the engine predeclares are declared for it too."""
    from pyparsing import ParseBaseException, ParseResults
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    text = prologue_for(text, prefixes or {}) + text
    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except (ParseBaseException, ValueError, TypeError, RecursionError):
        return -1

    def walk(node: object) -> Iterator[CompValue]:
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, CompValue):
                yield item
                stack.extend(item.values())
            elif isinstance(item, list | tuple | ParseResults):
                stack.extend(item)

    return sum(1 for c in walk(tree) if c.name in ("ServiceGraphPattern", "Load"))


def check(
    text: str,
    *,
    update: bool,
    allow_service: tuple[str, ...] = (),
    allow_load: bool = False,
    prefixes: dict[str, str] | None = None,
):
    """Raise :class:`ServiceRefused` / :class:`LoadRefused` unless ``text`` is safe to run."""
    text = unescape_codepoints(text)
    lowered = text.lower()
    words = ("service", "load") if update else ("service",)
    if not any(w in lowered for w in words):
        return
    found = list(_operations(text))
    for keyword, target, tok in found:
        line = text.count("\n", 0, tok.start) + 1
        if keyword == "LOAD":
            if update and not allow_load:
                raise LoadRefused(
                    f"LOAD at line {line} is refused: this endpoint never fetches remote data "
                    "(start it with --allow-load to permit LOAD)"
                )
            continue
        if not _allowed(target, allow_service):
            shown = f"<{target}>" if target else "a variable or unresolvable endpoint"
            raise ServiceRefused(
                f"SERVICE {shown} at line {line} is refused: this endpoint makes no outbound "
                "requests (the operator can allow endpoint prefixes with --allow-service)"
            )
    if _parser_count(text, update, prefixes) > len(found):
        raise ServiceRefused(
            "the query contains a SERVICE or LOAD operation that this endpoint cannot verify; "
            "it is refused because the endpoint makes no outbound requests"
        )


def add_using(text: str, default: list[str], named: list[str]) -> str:
    """Apply the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` to an update.

    pyoxigraph has no dataset argument for updates, so each ``DELETE``/``INSERT … WHERE``
    operation gets the matching ``USING`` clauses; ``DELETE WHERE {P}`` becomes
    ``DELETE {P} USING … WHERE {P}``. An update that has its own ``USING`` or ``WITH`` is
    a conflict (SPARQL 1.1 Protocol §2.2.3).
    """
    if not default and not named:
        return text
    clauses = "".join(f" USING <{g}>" for g in default) + "".join(
        f" USING NAMED <{g}>" for g in named
    )
    toks = list(tokens(text))
    if any(_keyword(t, "USING", "WITH") and t.depth == 0 for t in toks):
        raise DatasetConflict(
            "the update has its own USING or WITH clause and the request also gives "
            "using-graph-uri / using-named-graph-uri; give the dataset one way only"
        )
    out: list[str] = []
    last = 0
    in_modify = False
    for i, tok in enumerate(toks):
        if tok.depth != 0 or tok.kind != "word":
            continue
        word = tok.text.upper()
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if word in ("INSERT", "DELETE") and nxt is not None and _keyword(nxt, "DATA"):
            continue
        if word == "DELETE" and nxt is not None and _keyword(nxt, "WHERE"):
            close = _matching_brace(toks, i + 2)
            pattern = text[toks[i + 2].start : close.start + 1]
            out.append(text[last : tok.start])
            out.append(f"DELETE {pattern}{clauses} WHERE {pattern}")
            last = close.start + 1
            continue
        if word in ("INSERT", "DELETE"):
            in_modify = True
        elif word == "WHERE" and in_modify:
            out.append(text[last : tok.start])
            out.append(clauses.strip() + " ")
            last = tok.start
            in_modify = False
    out.append(text[last:])
    return "".join(out)


def lenient_clear(text: str) -> str:
    """``CLEAR GRAPH <g>`` of a graph that does not exist succeeds, as in most stores.

    pyoxigraph fails it unless ``SILENT``; the only effect of ``SILENT`` on CLEAR is to
    suppress that error, and clearing an absent graph leaves the store as it was.
    """
    out, last = [], 0
    toks = list(tokens(text))
    for i, tok in enumerate(toks):
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if tok.depth == 0 and _keyword(tok, "CLEAR") and nxt and not _keyword(nxt, "SILENT"):
            end = tok.start + len(tok.text)
            out += [text[last:end], " SILENT"]
            last = end
    out.append(text[last:])
    return "".join(out)


def _matching_brace(toks: list[Token], start: int) -> Token:
    depth = toks[start].depth
    for tok in toks[start + 1 :]:
        if tok.text == "}" and tok.depth == depth:
            return tok
    return toks[-1]


CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def isolate_network() -> bool:
    """Move this process into a new, empty network namespace; True when that worked.

    Must run before the process starts threads. Works as root or where unprivileged
    user namespaces are enabled; elsewhere the parse-level checks above stand alone.
    """
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/ns/net"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    return any(libc.unshare(flags) == 0 for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET))
