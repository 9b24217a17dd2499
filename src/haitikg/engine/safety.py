"""What a query or update may ask of the engine: the checks made before Oxigraph parses it.

pyoxigraph follows ``SERVICE`` and ``LOAD`` over HTTP and cannot be told not to, its parser
recurses once per nesting level, and it drops a query's ``FROM`` when told to use the union
default graph. So every text is read first with :mod:`.lexer` (Oxigraph's own lexical
rules), and :func:`check`

* refuses nesting deeper than ``max_nesting`` (400 with line and column);
* refuses ``SERVICE`` to anything but an allowed prefix, and ``LOAD`` unless allowed (and
  then only ``http``/``https``);
* says whether the query names its own dataset (``FROM``), so that the caller does not
  replace it with the union default graph;
* fails closed: where the text can be read two ways (``lexer.doubts``), or a keyword may be
  glued to a neighbour (``lexer.mentions``), it refuses whatever it cannot prove harmless.

The checks are one layer: query workers (and the thread that runs updates) also have no
network at all (``sandbox.py``), or reach only the allowed endpoints (``relay.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .lexer import Token, doubts, is_keyword, mentions, position, tokens, unescape_codepoints
from .problems import (
    DatasetConflict,
    DatasetUnclear,
    LoadRefused,
    QueryTooDeep,
    ServiceRefused,
)

#: Nesting levels (brackets, braces, parentheses, ``<<``) a text may have.
MAX_NESTING = 256
_OPEN, _CLOSE = frozenset("({["), frozenset(")}]")


@dataclass(frozen=True)
class Shape:
    """What :func:`check` learnt about a text that passed."""

    dataset: bool  # a FROM / FROM NAMED clause: the query names its own dataset


def check(
    text: str,
    *,
    update: bool,
    allow_service: tuple[str, ...] = (),
    allow_load: bool = False,
    base_iri: str | None = None,
    max_nesting: int = MAX_NESTING,
    strict: bool = False,
    prefixes: dict[str, str] | None = None,
) -> Shape:
    """Raise a 400 problem unless ``text`` is safe to hand to the engine; else its shape.

    ``strict``: the text will run where the network is reachable (no namespace could be
    made), so any mention of ``service`` (or of ``load``, unless LOAD is allowed) is
    refused, however it is spelt or quoted. ``prefixes``: those the engine predeclares.
    """
    if strict:
        _refuse_unprovable(
            text,
            update=update,
            load=not allow_load,
            why="will run where this server cannot cut off the network",
        )
    known = dict(prefixes or {})
    shape = _examine(text, update, allow_service, allow_load, base_iri, max_nesting, known)
    if "\\u" in text or "\\U" in text:  # as a parser that unescapes everything first reads it
        _examine(unescape_codepoints(text), update, allow_service, allow_load, base_iri,
                 max_nesting, known)  # fmt: skip
    return shape


def _examine(
    text: str,
    update: bool,
    allow_service: tuple[str, ...],
    allow_load: bool,
    base_iri: str | None,
    max_nesting: int,
    prefixes: dict[str, str],
) -> Shape:
    toks = list(tokens(text))
    doubt = next(doubts(toks), None)
    _check_nesting(text, toks, doubt, max_nesting)
    if doubt is not None:
        why = f"can be read more than one way ({doubt[1]} at {_at(text, doubt[0])})"
        _refuse_unprovable(text, update=update, load=True, why=why)
    resolver = _Resolver(base_iri, prefixes)
    return Shape(dataset=_operations(text, toks, update, allow_service, allow_load, resolver))


def _at(text: str, token: Token) -> str:
    line, column = position(text, token.start)
    return f"line {line}, column {column}"


def _check_nesting(
    text: str, toks: list[Token], doubt: tuple[Token, str] | None, limit: int
) -> None:
    if doubt is not None:  # hidden brackets possible: count every one in the text
        total = sum(text.count(c) for c in _OPEN) + text.count("<<")
        if total > limit:
            raise QueryTooDeep(
                f"the text has {total} opening brackets and cannot be read one way only "
                f"({doubt[1]} at {_at(text, doubt[0])}), so its nesting cannot be bounded "
                f"below this endpoint's limit of {limit}; write that part differently"
            )
        return
    depth = 0
    for token in toks:
        if token.kind != "other":
            continue
        if token.text in _OPEN or (token.text == "<" and text.startswith("<<", token.start)):
            depth += 1
            if depth > limit:
                raise QueryTooDeep(
                    f"nesting deeper than {limit} levels at {_at(text, token)}; "
                    "this endpoint takes at most that many nested brackets, braces and "
                    "parentheses"
                )
        elif token.text in _CLOSE or (token.text == ">" and text.startswith(">>", token.start)):
            depth = max(0, depth - 1)


def _refuse_unprovable(text: str, *, update: bool, load: bool, why: str) -> None:
    """Refuse a text that mentions a sensitive word at all, since it ``why``: SERVICE; LOAD
    in an update (if ``load``); FROM in a query."""
    lowered = text.lower()
    if "service" in lowered:
        raise ServiceRefused(
            f"the text mentions 'service' and {why}, so this endpoint cannot prove it makes "
            "no outbound request; write that part differently"
        )
    if update and load and "load" in lowered:
        raise LoadRefused(f"the update mentions 'load' and {why}; write that part differently")
    if not update and "from" in lowered:
        raise DatasetUnclear(
            f"the query mentions 'from' and {why}, so its dataset is unclear; write that "
            "part differently"
        )


class _Resolver:
    """Tracks PREFIX and BASE declarations to turn IRIs and prefixed names into full IRIs."""

    def __init__(self, base: str | None, prefixes: dict[str, str]) -> None:
        self.prefixes = dict(prefixes)  # the engine's predeclared ones, then the text's
        self.base = base

    def resolve(self, token: Token) -> str | None:
        if token.kind == "iri":
            iri = unescape_codepoints(token.text[1:-1])
            if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
                return iri
            return urljoin(self.base, iri) if self.base else None
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            namespace = self.prefixes.get(prefix)
            return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
        return None


def _operations(
    text: str,
    toks: list[Token],
    update: bool,
    allow_service: tuple[str, ...],
    allow_load: bool,
    resolver: _Resolver,
) -> bool:
    """Refuse SERVICE and LOAD as the settings say; True when the text has FROM."""
    empty_prefix = "" in resolver.prefixes or any(t.kind == "pname" and t.text == ":" for t in toks)
    dataset = False
    for i, tok in enumerate(toks):
        following = toks[i + 1] if i + 1 < len(toks) else None
        if is_keyword(tok, "PREFIX") and following is not None and following.kind == "pname":
            target = resolver.resolve(toks[i + 2]) if i + 2 < len(toks) else None
            if target is not None:
                resolver.prefixes[following.text.rstrip(":")] = target
        elif is_keyword(tok, "BASE") and following is not None:
            resolver.base = resolver.resolve(following) or resolver.base
        elif is_keyword(tok, "SERVICE"):
            j = i + 2 if following is not None and is_keyword(following, "SILENT") else i + 1
            target = resolver.resolve(toks[j]) if j < len(toks) else None
            if not _allowed(target, allow_service):
                shown = f"<{target}>" if target else "a variable or an unresolvable endpoint"
                raise ServiceRefused(
                    f"SERVICE {shown} at {_at(text, tok)} is refused: this endpoint makes no "
                    "outbound requests (the operator can allow endpoint prefixes with "
                    "--allow-service)"
                )
        elif update and is_keyword(tok, "LOAD"):
            j = i + 2 if following is not None and is_keyword(following, "SILENT") else i + 1
            target = resolver.resolve(toks[j]) if j < len(toks) else None
            _check_load(text, tok, target, allow_load)
        elif is_keyword(tok, "FROM"):
            dataset = True
        else:
            _refuse_glued(text, tok, update, empty_prefix)
    return dataset


def _check_load(text: str, tok: Token, target: str | None, allowed: bool) -> None:
    if target is not None and urlsplit(target).scheme.lower() not in ("http", "https"):
        raise LoadRefused(
            f"LOAD <{target}> at {_at(text, tok)} is refused: LOAD reads documents over "
            "http and https only, never local files"
        )
    if not allowed:
        raise LoadRefused(
            f"LOAD at {_at(text, tok)} is refused: this endpoint never fetches remote data "
            "(start it with --allow-load to permit LOAD)"
        )
    if target is None:
        raise LoadRefused(f"LOAD at {_at(text, tok)} names no IRI this endpoint can resolve")


def _refuse_glued(text: str, tok: Token, update: bool, empty_prefix: bool) -> None:
    """A word or prefix that holds a keyword the engine may read on its own."""
    for keyword, error, applies in (
        ("service", ServiceRefused, True),
        ("load", LoadRefused, update),
        ("from", DatasetUnclear, not update),
    ):
        if not applies or not mentions(tok, keyword):
            continue
        exact_prefix = tok.kind == "pname" and tok.text.partition(":")[0].lower() == keyword
        if exact_prefix and not empty_prefix:  # 'service:x' as SERVICE ':x' needs ':' declared
            continue
        raise error(
            f"{tok.text[:40]!r} at {_at(text, tok)} may be read as {keyword.upper()} followed "
            f"by more (keywords need no space after them); write {keyword.upper()} as a word "
            "of its own, or rename"
        )


def _allowed(target: str | None, prefixes: tuple[str, ...]) -> bool:
    """True when ``target`` starts with an allowed prefix and cannot climb out of it."""
    if target is None or re.search(r"/\.\.?(?:[/?#]|$)|%2e|\\", target, re.IGNORECASE):
        return False
    return any(target.startswith(prefix) for prefix in prefixes)


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
    if any(is_keyword(t, "USING", "WITH") and t.depth == 0 for t in toks):
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
        if word in ("INSERT", "DELETE") and nxt is not None and is_keyword(nxt, "DATA"):
            continue
        if word == "DELETE" and nxt is not None and is_keyword(nxt, "WHERE"):
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
        if tok.depth == 0 and is_keyword(tok, "CLEAR") and nxt and not is_keyword(nxt, "SILENT"):
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
