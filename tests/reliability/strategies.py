"""Hypothesis strategies for hostile input: mutated text, headers, paths, form fields.

Shared by the fuzz tests in this folder and by the longer run in ``fuzz/run.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = sorted((ROOT / "queries").glob("*.rq"))
QUERIES = [p.read_text(encoding="utf-8") for p in CATALOGUE]

SPARQL_TOKENS = [
    "{", "}", "(", ")", ".", ";", ",", "?x", "$y", "<", ">", '"', "'", '"""', "#", "@en", "^^",
    "*", "a", "_:b", "[]", "SELECT", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH",
    "SERVICE", "BIND", "VALUES", "LIMIT", "OFFSET", "ORDER BY", "GROUP BY", "HAVING", "COUNT",
    "DISTINCT", "DESCRIBE", "CONSTRUCT", "ASK", "INSERT", "DELETE", "DATA", "LOAD", "CLEAR",
    "DROP", "PREFIX", "BASE", "FROM", "NAMED", "REGEX(", "STR(", "LANG(", "xsd:integer",
    "<file:///etc/passwd>", "<http://127.0.0.1:1/>", "1e999", "-0", "99999999999999999999",
    "\\", "\\u0000", "\x00", "\u202e", "\U0001f600", "%", "&", "\r\n", "\t", "ü", "|", "/",
    "^", "!", "+", "=", "!=", "<=", "&&", "||", "SUBSTR(", "BNODE()", "NOW()", "RAND()",
    "<<", ">>", "<< ?s ?p ?o >>", "TRIPLE(", "ADJUST(", "(1,2,3)", "\"\"\"\"",
]  # fmt: skip
_TOKEN = re.compile(r"\s+|[A-Za-z_][\w:-]*|\?\w+|<[^>\s]*>|\"[^\"]*\"|.", re.S)

#: Text a hostile client might send: any characters a URL or a UTF-8 body can carry.
_chars = st.characters(blacklist_categories=("Cs",))
noise = st.text(_chars, max_size=40)


@st.composite
def mutated(draw: st.DrawFn, corpus: list[str], tokens: list[str] = SPARQL_TOKENS) -> str:
    """One of ``corpus``, with a few deletions, insertions, swaps and duplications."""
    text = draw(st.sampled_from(corpus))
    for _ in range(draw(st.integers(0, 6))):
        parts = _TOKEN.findall(text) or [""]
        op = draw(st.sampled_from(["del_char", "ins_char", "del_tok", "ins_tok", "swap", "dup",
                                   "cut", "case"]))  # fmt: skip
        i = draw(st.integers(0, max(0, len(parts) - 1)))
        if op == "del_char" and text:
            k = draw(st.integers(0, len(text) - 1))
            text = text[:k] + text[k + 1 :]
            continue
        if op == "ins_char":
            k = draw(st.integers(0, len(text)))
            text = text[:k] + draw(_chars) + text[k:]
            continue
        if op == "del_tok":
            del parts[i]
        elif op == "ins_tok":
            parts.insert(i, draw(st.sampled_from(tokens)) + draw(st.sampled_from(["", " "])))
        elif op == "swap":
            j = draw(st.integers(0, len(parts) - 1))
            parts[i], parts[j] = parts[j], parts[i]
        elif op == "dup":
            parts.insert(i, parts[i])
        elif op == "cut":
            parts = parts[:i]
        elif op == "case":
            parts[i] = parts[i].swapcase()
        text = "".join(parts)
    return text


sparql = st.one_of(
    mutated(QUERIES),
    st.lists(st.sampled_from(SPARQL_TOKENS), max_size=30).map(" ".join),
    noise,
)

MEDIA_TYPES = [
    "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
    "text/tab-separated-values", "text/turtle", "application/n-triples", "application/ld+json",
    "application/rdf+xml", "application/n-quads", "application/trig", "text/html",
    "application/json", "application/problem+json", "text/plain", "*/*", "text/*",
    "application/*", "image/png", "application/xhtml+xml", "application/sparql-query",
    "application/sparql-update", "application/x-www-form-urlencoded", "multipart/form-data",
    "", "garbage", "text/", "/", ";;;", "*/json", "application/sparql-results+json;q=x",
]  # fmt: skip
PARAMS = ["q=0", "q=1", "q=0.5", "q=-1", "q=abc", "charset=utf-8", "charset=UTF8",
          "charset=latin-1", "charset=utf-16", "charset=", "charset=\"utf-8\"", "profile=x",
          "boundary=xyz", "q=0.0000001", "level=1"]  # fmt: skip


@st.composite
def media_range(draw: st.DrawFn) -> str:
    base = draw(st.one_of(st.sampled_from(MEDIA_TYPES), noise.filter(lambda s: s.isprintable())))
    params = draw(st.lists(st.sampled_from(PARAMS), max_size=3))
    return ";".join([base, *params])


def header_value(draw_from: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Values a header can carry on the wire: latin-1, no CR/LF."""
    return draw_from.map(
        lambda s: (
            s.encode("latin-1", "replace").decode("latin-1").replace("\r", "").replace("\n", "")
        )
    )


accept = header_value(st.lists(media_range(), min_size=0, max_size=4).map(", ".join))
content_type = header_value(media_range())

PATH_PREFIXES = [
    "/", "/resource/", "/vocab/", "/dumps/", "/ontology", "/ontology.", "/store",
    "/store?graph=", "/store?default&graph=", "/-/", "/-/health", "/-/stats", "/-/version",
    "/-/static/", "/query", "/query?query=", "/timeline", "/network", "/downloads",
    "/.well-known/void", "/context.jsonld", "/sparql?query=", "/sparql?update=", "/resource",
]  # fmt: skip
PATH_PIECES = [
    "..", "../", "..%2f", "%2e%2e/", "%2e%2e%2f", "%252e%252e%252f", "%00", "%ff", "%c0%af",
    "%", "%%", "%zz", "/", "//", "\\", "haiti", "kenya", "dataset", "manifest.json",
    "haitikg.ttl", "etc/passwd", "..;/", ".html", ".ttl", ".jsonld", ".rdf", ".nt", ".xyz",
    "?", "#", "&", "=", ";", "%20", "+", "ü", "%C3%BC", "%E2%80%AE", "~", "'", "<script>",
    "kenya-haiti-mss-2025-01-18#char=0,10", "%23", "graph/x", "a" * 300,
]  # fmt: skip


@st.composite
def path(draw: st.DrawFn) -> str:
    """A request target: a known prefix and hostile pieces, sometimes very long."""
    prefix = draw(st.sampled_from(PATH_PREFIXES))
    pieces = draw(st.lists(st.one_of(st.sampled_from(PATH_PIECES), noise), max_size=8))
    text = prefix + "".join(pieces)
    if draw(st.booleans()) and draw(st.booleans()):
        text += "x" * draw(st.sampled_from([1000, 8000, 60000]))
    # On the wire: percent-encode what a request line cannot carry raw.
    return "".join(c if 0x21 <= ord(c) < 0x7F else _pct(c) for c in text)


def _pct(c: str) -> str:
    return "".join(f"%{b:02X}" for b in c.encode("utf-8"))


FIELD_NAMES = ["query", "update", "default-graph-uri", "named-graph-uri", "using-graph-uri",
               "using-named-graph-uri", "format", "output", "timeout", "graph", "default",
               "", "query ", "QUERY", "query[]"]  # fmt: skip
form = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(FIELD_NAMES), noise),
        st.one_of(
            sparql,
            noise,
            st.sampled_from(["", "http://example.org/g", "not an iri", "<>", "json", "%41%"]),
        ),
    ),
    max_size=5,
)
