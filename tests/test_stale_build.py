"""A build older than its inputs is rebuilt, saying why, and never served as if it were new:
``manifest.json`` records the fingerprint of the corpus, ontology, queries and version."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from haitikg import inputs
from haitikg.build import build, ensure_built, stale

SRC = Path(__file__).resolve().parents[1] / "src"
KENYA = "SELECT ?label WHERE { res:kenya rdfs:label ?label }"


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _rename_kenya(corpus: Path, name: str) -> None:
    registry = corpus / "entities.yaml"
    text = registry.read_text(encoding="utf-8")
    assert "  label: Kenya\n" in text
    registry.write_text(text.replace("  label: Kenya\n", f"  label: {name}\n", 1), "utf-8")


@pytest.fixture
def built(corpus_copy: Path, tmp_path: Path) -> Path:
    out = tmp_path / "build"
    build(out, corpus_copy)
    return out


def test_the_manifest_records_the_fingerprint_of_the_inputs(built, corpus_copy):
    recorded = _manifest(built)["inputs"]
    assert recorded == inputs.fingerprint(corpus_copy)
    assert set(recorded) == {"corpus", "ontology", "queries", "version", "corpus_dir"}
    assert recorded["corpus_dir"] == str(corpus_copy.resolve())
    assert recorded["corpus"] != inputs.digest(corpus_copy / "cited")  # the whole folder


def test_an_unchanged_build_is_served_as_it_is(built):
    before = (built / "manifest.json").stat().st_mtime_ns
    assert stale(built) is None
    assert ensure_built(built) == built
    assert (built / "manifest.json").stat().st_mtime_ns == before


def test_a_changed_corpus_is_rebuilt_and_the_query_sees_it(built, corpus_copy):
    _rename_kenya(corpus_copy, "Republic of Kenya")
    assert stale(built) == "corpus changed since it was built"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-m", "haitikg", "query", "--build-dir", str(built), "--format", "csv",
         KENYA],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert "Republic of Kenya" in done.stdout
    assert f"rebuilding {built}: corpus changed since it was built" in done.stderr
    assert stale(built) is None


def test_a_build_without_a_fingerprint_is_rebuilt_with_its_drafts(corpus_copy, tmp_path, caplog):
    out = tmp_path / "build"
    build(out, corpus_copy, drafts=True)
    manifest = _manifest(out)
    del manifest["inputs"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert stale(out) == "it records no fingerprint of its inputs (an older haitikg made it)"
    with caplog.at_level(logging.WARNING, logger="haitikg.build"):
        ensure_built(out)
    assert "no fingerprint" in caplog.text
    rebuilt = _manifest(out)
    assert rebuilt["inputs"] == inputs.fingerprint()  # which corpus it was is not known

    assert rebuilt["drafts_published"] is True


def test_the_fingerprint_follows_every_file_but_hidden_ones(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("one", encoding="utf-8")
    first = inputs.digest(folder)
    (folder / ".a.txt.swp").write_text("editor state", encoding="utf-8")
    assert inputs.digest(folder) == first
    (folder / "a.txt").write_text("two", encoding="utf-8")
    second = inputs.digest(folder)
    assert second != first
    (folder / "a.txt").rename(folder / "b.txt")
    assert inputs.digest(folder) != second  # a renamed file is another input
    assert inputs.changed({"corpus": first}, {"corpus": second}) == ["corpus"]
