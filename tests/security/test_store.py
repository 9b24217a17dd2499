"""Items 14, 15 and 16: what the update token allows is checked and confined too.

Before issue 13 updates ran unchecked for nesting and unconfined in the main process, an
RDF/XML body with entity declarations ("billion laughs") took the main process to 657 MiB
in 434 bytes, and ``LOAD <file:…>`` was reported as 507 "Store cannot write".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from .conftest import AUTH, TOKEN, Listener, Server, serving

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e.org/">
<rdf:Description rdf:about="http://e.org/s"><ex:p>&e;</ex:p></rdf:Description>
</rdf:RDF>"""


@pytest.fixture(scope="module", params=["read-only LOAD", "--allow-load"])
def writable(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    extra = ["--allow-load"] if request.param == "--allow-load" else []
    yield from serving(
        tmp_path_factory, "writable",
        "--workers", "2", "--update-token", TOKEN, *extra,
        "--store", str(tmp_path_factory.mktemp("store") / "db"),
        clean_log=("Traceback",),
    )  # fmt: skip


def _put(server: Server, body: bytes, media_type: str) -> requests.Response:
    return requests.put(
        f"{server.base}/store",
        params={"graph": "http://e.org/g"},
        data=body,
        headers={"Content-Type": media_type, **AUTH},
        timeout=60,
    )


def test_rdf_xml_with_entity_declarations_is_refused(writable: Server) -> None:
    answer = _put(writable, LAUGHS.encode(), "application/rdf+xml")
    assert answer.status_code == 400, answer.text[:300]
    assert "ENTITY" in answer.json()["detail"]
    plain = LAUGHS.split("]>", 1)[1].replace("&e;", "laugh").encode()
    assert _put(writable, b'<?xml version="1.0"?>' + plain, "application/rdf+xml").ok


def test_a_body_that_expands_past_the_parse_limit_is_413(writable: Server) -> None:
    long_iri = "http://e.org/" + "x" * 200_000
    triples = "p:a p:a p:a .\n" * 1000  # 600 MB of terms from a 214 KB body
    answer = _put(writable, f"@prefix p: <{long_iri}> .\n{triples}".encode(), "text/turtle")
    assert answer.status_code == 413, answer.text[:300]
    assert "MAX_PARSED_BYTES" in answer.json()["detail"]


def test_load_of_a_local_file_says_why_it_is_refused(writable: Server) -> None:
    for text in ("LOAD <file:///etc/hostname>", "LOAD SILENT <file:///etc/passwd>"):
        answer = writable.update(text)
        assert answer.status_code == 400, answer.text[:300]
        assert "http and https only" in answer.json()["detail"]


def test_an_update_reaching_out_is_stopped(writable: Server, listener: Listener) -> None:
    listener.clear()
    smuggled = (
        "INSERT { <urn:a> <urn:b> ?o } WHERE { BIND(1 AS ?a) "
        f"FILTER(?a <'>') SERVICE <{listener.base}/x> {{ ?s ?p ?o }} }} #'"
    )
    assert writable.update(smuggled).status_code == 400
    assert listener.seen() == []
