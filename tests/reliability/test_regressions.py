"""One test per bug the fuzzers found, on the session's fuzz server."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from .conftest import Process, check

QUERY = "SELECT * { ?s ?p ?o } LIMIT 1"


@pytest.mark.parametrize("name", ["%22", "a%20b", "%3C%3E", "%22.ttl", "x%7B%7D.html"])
def test_a_resource_name_no_iri_can_have_is_404_not_500(fuzz_server: Process, name: str) -> None:
    for accept in ("application/problem+json", "text/html"):
        answer = fuzz_server.send("GET", f"/resource/{name}", {"Accept": accept})
        check(answer, name)
        assert answer.status == 404


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("value", ["", "not an iri", "relative", "http://e.org/>"])
def test_a_dataset_iri_that_is_no_iri_is_400_not_500(
    fuzz_server: Process, param: str, value: str
) -> None:
    answer = fuzz_server.send(
        "GET", "/sparql?" + urlencode({"query": QUERY, param: value}),
        {"Accept": "application/json"},
    )  # fmt: skip
    check(answer, f"{param}={value!r}")
    assert answer.status == 400
    assert param in json.loads(answer.body)["detail"]


@pytest.mark.parametrize(
    "bad", ["kind: \x1f", "kind: !!int x", "kind: 2025-13-45", "? [a, b]\n: x", "x: !!float y"]
)
def test_yaml_values_yaml_cannot_build_are_annotation_errors(tmp_path, bad: str) -> None:
    from haitikg.annotations import load_annotations
    from haitikg.corpus import discover
    from haitikg.errors import AnnotationError

    from .test_fuzz_inputs import ANN, ANN_TEXT, ROOT

    doc = next(d for d in discover(ROOT / "corpus") if ANN.name.startswith(d.id))
    path = tmp_path / ANN.name
    path.write_text(ANN_TEXT.replace("- kind: statement", bad, 1), encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        load_annotations(path, doc)
    assert caught.value.line > 1 and caught.value.file == ANN.name
