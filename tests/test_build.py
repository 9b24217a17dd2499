"""The build: hash check, dumps in every format, reproducibility, atomic replacement, VoID."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from haitikg.build import build
from haitikg.errors import AnnotationError, CorpusError

DOC = "kenya-haiti-mss-2025-01-18"


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_corpus_copy_is_the_reference_text():
    from haitikg import paths

    data = (paths.corpus_dir() / f"{DOC}.txt").read_bytes()
    assert (
        hashlib.sha256(data).hexdigest()
        == "c61086fb4c1f71269a0fe81a0033528cc950d5d2e6ced30cc6dbafa9626a8434"
    )
    assert len(data.decode("utf-8")) == 3509


def test_a_changed_text_is_refused(corpus_copy, tmp_path):
    text = corpus_copy / f"{DOC}.txt"
    text.write_bytes(text.read_bytes().replace(b"217", b"218", 1))
    with pytest.raises(CorpusError, match="sha256"):
        build(tmp_path / "out", corpus_copy)


def test_every_dump_parses_to_the_same_union_graph(build_dir, union):
    union_size = len(set(union) | set(_void(build_dir)))
    for name, fmt in [
        ("haitikg.ttl", "turtle"),
        ("haitikg.nt", "nt"),
        ("haitikg.jsonld", "json-ld"),
        ("haitikg.rdf", "xml"),
    ]:
        g = Graph().parse(build_dir / name, format=fmt)
        assert len(g) == union_size, name
    for name, fmt in [("haitikg.trig", "trig"), ("haitikg.nq", "nquads")]:
        ds = Dataset()
        with (build_dir / name).open("rb") as fh:
            ds.parse(fh, format=fmt)
        graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert f"https://w3id.org/haitikg/graph/{DOC}" in graphs
        assert "https://w3id.org/haitikg/graph/inferred" in graphs


def _void(build_dir: Path) -> Graph:
    return Graph().parse(build_dir / "void.ttl", format="turtle")


def test_jsonld_dump_uses_the_context_file(build_dir):
    context = json.loads((build_dir / "context.jsonld").read_text())["@context"]
    assert context["schema"] == "http://schema.org/" and context["hkg"].endswith("ontology#")
    dump = json.loads((build_dir / "haitikg.jsonld").read_text())
    assert dump["@context"] == context


def test_ontology_artefacts_are_written_in_three_syntaxes(build_dir):
    sizes = {
        name: len(Graph().parse(build_dir / "ontology" / name, format=fmt))
        for name, fmt in [
            ("haitikg.ttl", "turtle"),
            ("haitikg.owl", "xml"),
            ("haitikg.jsonld", "json-ld"),
        ]
    }
    assert len(set(sizes.values())) == 1 and sizes["haitikg.ttl"] > 1000


def test_void_counts_triples_and_separates_asserted_from_inferred(build_result, build_dir, union):
    void = _void(build_dir)
    q = """PREFIX void: <http://rdfs.org/ns/void#> PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
           PREFIX dcterms: <http://purl.org/dc/terms/>
           SELECT ?name ?n ?desc WHERE { ?d void:subset ?s . ?s sd:name ?name ; void:triples ?n ;
                                         dcterms:description ?desc }"""
    rows = {str(r.name): (int(r.n), str(r.desc)) for r in void.query(q)}
    inferred = rows["https://w3id.org/haitikg/graph/inferred"]
    assert inferred[0] == build_result.inferred > 0 and inferred[1].startswith("Inferred")
    assert rows[f"https://w3id.org/haitikg/graph/{DOC}"][1].startswith("Asserted")
    total = next(
        iter(
            void.query(
                "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?n WHERE { "
                "<https://w3id.org/haitikg/resource/dataset> void:triples ?n }"
            )
        )
    )
    assert int(total[0]) == len(union)


def test_manifest_lists_every_file_with_its_hash(build_dir):
    manifest = json.loads((build_dir / "manifest.json").read_text())
    on_disk = digest(build_dir)
    on_disk.pop("manifest.json")
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == on_disk


def test_build_is_byte_identical_across_runs_and_hash_seeds(tmp_path):
    runs = {}
    for seed in ("1", "2"):  # the two builds run side by side
        out = tmp_path / f"b{seed}"
        env = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "PYTHONPATH": str(Path(__file__).parents[1] / "src"),
        }
        runs[out] = subprocess.Popen(
            [sys.executable, "-m", "haitikg", "build", "--build-dir", str(out)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
    outs = []
    for out, run in runs.items():
        output, _ = run.communicate(timeout=300)
        assert run.returncode == 0, output.decode(errors="replace")
        outs.append(digest(out))
    assert outs[0] == outs[1]
    assert len(outs[0]) >= 12


def test_a_failed_build_leaves_the_previous_build_intact(corpus_copy, tmp_path):
    out = tmp_path / "build"
    build(out, corpus_copy)
    before = digest(out)
    ann = corpus_copy / f"{DOC}.ann.yaml"
    ann.write_text(
        ann.read_text(encoding="utf-8").replace("qualifier: estimate", "qualifier: x", 1),
        encoding="utf-8",
    )
    with pytest.raises(AnnotationError):
        build(out, corpus_copy)
    assert digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []
