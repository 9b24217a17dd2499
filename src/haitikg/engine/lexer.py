"""SPARQL's tokens as Oxigraph reads them, and the places where a text can be read two ways.

The checks in ``safety.py`` decide on ``SERVICE``, ``LOAD``, ``FROM`` and nesting from these
tokens, so they must see what the engine's parser (spargebra 0.4, in pyoxigraph 0.5) sees:
its strings with exactly its escapes, IRIs as it accepts them (any IRI it accepts is an
``iri`` token here, with the same end), numbers, variables and prefixed names read greedily
as it reads them, ``#`` comments to the end of the line.

Two things a tokenizer cannot settle alone, and which the checks treat as unverifiable:

* whether ``<`` starts an IRI or is the less-than operator. The operator only follows an
  operand inside parentheses (every SPARQL expression is bracketed); there, an IRI-shaped
  token whose inside holds ``'`` (a string would start), ``#`` (a comment would hide the
  ``>`` and the rest of the line) or brackets (hidden nesting) could be read otherwise;
* keywords glued to what follows: the engine reads ``trueSERVICEex:x`` as ``true``,
  ``SERVICE``, ``ex:x``, so a word (or the prefix of a prefixed name) that merely contains
  a keyword may be that keyword (:func:`mentions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_HEX = "[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_ECHAR = r"""\\[tbnrf"'\\]"""
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + r"_\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = rf"%{_HEX}{_HEX}|\\[_~.\-!$&'()*+,;=/?#@%]"
_VARNAME = rf"[{_PN_CHARS_BASE}_0-9][{_PN_CHARS_BASE}_0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_EXPONENT = "[eE][+-]?[0-9]+"

_TOKEN = re.compile(
    rf"""
    (?P<space>[ \t\r\n]+)
   |(?P<comment>\#[^\r\n]*)
   |(?P<string>'''(?:(?:''|')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*'''
              |\"\"\"(?:(?:""|")?(?:[^"\\]|{_ECHAR}|{_UCHAR}))*\"\"\"
              |'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*'
              |"(?:[^"\\\n\r]|{_ECHAR}|{_UCHAR})*")
   |(?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
   |(?P<var>[?$]{_VARNAME})
   |(?P<bnode>_:[{_PN_CHARS_BASE}_0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
   |(?P<pname>(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:
              (?:(?:[{_PN_CHARS_BASE}_:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?)?)
   |(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
   |(?P<number>[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}
              |[0-9]*\.[0-9]+|[0-9]+)
   |(?P<word>[{_PN_CHARS_BASE}_][{_PN_CHARS}]*)
   |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CODEPOINT = re.compile(rf"\\u({_HEX}{{4}})|\\U({_HEX}{{8}})")
_TWO_WAY = re.compile(r"['#()\[\]]")


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, var, bnode, pname, langtag, number, word or other
    text: str
    start: int
    depth: int  # curly-brace nesting at the token


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of ``text`` (no whitespace, no comments), with brace depth."""
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


_OPERAND_END = frozenset(("var", "string", "number", "iri", "pname", "word", "langtag"))


def doubts(toks: list[Token]) -> Iterator[tuple[Token, str]]:
    """Tokens the engine may read otherwise (see the module's docstring), with why."""
    parens = 0
    previous: Token | None = None
    for token in toks:
        if token.text == "(" and token.kind == "other":
            parens += 1
        elif token.text == ")" and token.kind == "other":
            parens = max(0, parens - 1)
        if token.kind == "iri" and parens and previous is not None:
            after_operand = previous.kind in _OPERAND_END or previous.text in (")", ">")
            if after_operand and _TWO_WAY.search(token.text, 1, len(token.text) - 1):
                yield token, f"{token.text[:40]} could also be read as '<' and more"
        elif token.kind == "other" and token.text in "'\"":
            yield token, "a quote that starts no valid string"
        previous = token


def mentions(token: Token, keyword: str) -> bool:
    """True when the engine may read ``keyword`` in ``token``: a word or the prefix of a
    prefixed name containing it (ASCII case-insensitive), since keywords glue to what
    follows them."""
    if token.kind == "word":
        part = token.text
    elif token.kind == "pname":
        part = token.text.partition(":")[0]
    else:
        return False
    return keyword.lower() in part.lower()


def is_keyword(token: Token, *keywords: str) -> bool:
    return token.kind == "word" and token.text.upper() in keywords


def unescape_codepoints(text: str) -> str:
    r"""Apply ``\uXXXX`` / ``\UXXXXXXXX`` everywhere, as SPARQL 1.1 §19.2 says a parser may
    before parsing (Oxigraph 0.5 does so only inside strings and IRIs)."""

    def one(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except (ValueError, OverflowError):
            return match.group(0)

    return _CODEPOINT.sub(one, text)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
