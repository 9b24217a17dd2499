"""Fuzz the running endpoint: mutated queries, headers, form fields, bodies and paths.

Every answer must satisfy :func:`conftest.check`: no 5xx but the documented 503s, no hang,
no traceback, and an error that says what was wrong.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import EXAMPLES, Process, check
from .strategies import accept, content_type, form, noise, path, sparql

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)
SPARQL_TYPES = ["application/sparql-query", "application/sparql-update"]


@FUZZ
@given(query=sparql, how=st.sampled_from(["get", "form", "body"]), acc=accept)
def test_mutated_queries_get_an_answer_or_a_clear_error(
    fuzz_server: Process, query: str, how: str, acc: str
) -> None:
    headers = {"Accept": acc} if acc else {}
    if how == "get":
        answer = fuzz_server.send("GET", "/sparql?" + urlencode({"query": query}), headers)
    elif how == "form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        answer = fuzz_server.send("POST", "/sparql", headers, urlencode({"query": query}).encode())
    else:
        headers["Content-Type"] = "application/sparql-query"
        answer = fuzz_server.send("POST", "/sparql", headers, query.encode("utf-8"))
    check(answer, f"{how} query {query!r} Accept {acc!r}")


@FUZZ
@given(
    ctype=content_type,
    acc=accept,
    body=st.one_of(sparql.map(lambda s: s.encode("utf-8")), st.binary(max_size=300)),
    encoding=st.sampled_from(["", "gzip", "deflate", "br", "identity", "x-nonsense"]),
    method=st.sampled_from(["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]),
    target=st.sampled_from(
        ["/sparql", "/store", "/store?default", "/store?graph=http://e.org/g", "/query", "/"]
    ),
)
def test_any_body_with_any_headers_is_refused_cleanly(
    fuzz_server: Process,
    ctype: str,
    acc: str,
    body: bytes,
    encoding: str,
    method: str,
    target: str,
) -> None:
    headers = {"Content-Type": ctype, "Accept": acc}
    if encoding:
        headers["Content-Encoding"] = encoding
    answer = fuzz_server.send(method, target, headers, body)
    check(answer, f"{method} {target} Content-Type {ctype!r} Accept {acc!r} body {body[:80]!r}")


@FUZZ
@given(fields=form, acc=accept, where=st.sampled_from(["body", "url", "both"]))
def test_form_fields_in_any_combination(
    fuzz_server: Process, fields: list[tuple[str, str]], acc: str, where: str
) -> None:
    encoded = urlencode(fields)
    target = "/sparql" + ("?" + encoded if where in ("url", "both") else "")
    if where == "url":
        answer = fuzz_server.send("GET", target, {"Accept": acc})
    else:
        headers = {"Accept": acc, "Content-Type": "application/x-www-form-urlencoded"}
        answer = fuzz_server.send("POST", target, headers, encoded.encode())
    check(answer, f"form {fields!r} in {where}, Accept {acc!r}")


@FUZZ
@given(target=path(), acc=accept, method=st.sampled_from(["GET", "GET", "HEAD", "OPTIONS"]))
def test_hostile_paths(fuzz_server: Process, target: str, acc: str, method: str) -> None:
    answer = fuzz_server.send(method, target, {"Accept": acc} if acc else {})
    what = f"{method} {target[:300]!r} Accept {acc!r}"
    if method != "HEAD":
        check(answer, what)
    else:
        assert answer.status < 500 or answer.status == 503, what
    if answer.status == 200 and method == "GET":
        # Nothing outside the build and the package is served, however the path is spelt.
        assert "root:x:0:0" not in answer.text, what


@FUZZ
@given(name=st.one_of(noise, st.text(min_size=1, max_size=2000)), suffix=st.sampled_from(
    ["", ".html", ".ttl", ".jsonld", ".rdf", ".nt", ".json", ".xyz"]))  # fmt: skip
def test_resource_names_of_any_text(fuzz_server: Process, name: str, suffix: str) -> None:
    target = "/resource/" + quote(name, safe="") + suffix
    for acc in ("text/html", "application/problem+json", "text/turtle"):
        check(fuzz_server.send("GET", target, {"Accept": acc}), f"{target[:200]!r} {acc}")


@FUZZ
@given(
    headers=st.dictionaries(
        st.sampled_from(
            [
                "Accept",
                "Accept-Charset",
                "Accept-Encoding",
                "Accept-Language",
                "Content-Type",
                "Authorization",
                "If-None-Match",
                "If-Modified-Since",
                "Range",
                "Host",
                "X-Forwarded-For",
                "Origin",
                "Cookie",
            ]
        ),
        header_text := st.text(
            st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"),
            max_size=60,
        ),
        max_size=6,
    ),
    target=st.sampled_from(
        [
            "/sparql?query=ASK%7B%7D",
            "/",
            "/resource/haiti",
            "/dumps/haitikg.ttl",
            "/store",
            "/-/stats",
            "/query",
        ]
    ),
)
def test_any_header_values(fuzz_server: Process, headers: dict[str, str], target: str) -> None:
    check(fuzz_server.send("GET", target, headers), f"GET {target} {headers!r}")
