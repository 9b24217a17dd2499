"""Fuzz the file inputs: annotation YAML (build) and RDF files (``haitikg bulkload``).

A bad file must give haitikg's own error naming the file and the line, never another
exception (which the CLI would print as a traceback).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haitikg.annotations import load_annotations
from haitikg.corpus import discover
from haitikg.errors import AnnotationError, HaitikgError
from servers import SRC

from .conftest import EXAMPLES, ROOT
from .strategies import noise

ANN = sorted((ROOT / "corpus").glob("*.ann.yaml"))[0]
_lines = ANN.read_text(encoding="utf-8").splitlines(keepends=True)
# The header and the first dozen facts: parsing the whole file takes 0.4 s an example.
_cut = [i for i, line in enumerate(_lines) if line.startswith("- ")][12]
ANN_TEXT = "".join(_lines[:_cut])
YAML_VALUES = [
    "", "~", "null", "[]", "{}", "[", "{", "'", '"', "- x", "? [a]", "&a x", "*a", "*nope",
    "!!python/object/apply:os.system ['true']", "!!binary x", "!!int x", "!!timestamp 2025-99-99",
    "2025-01-18", "2025-13-45", "1e999", "-1", "0x1F", ".nan", "5,600", "[1, 2]", "{a: 1}",
    "yes", "no", "|", ">", "%TAG", "---", "...", "@", "`", "\t", "x" * 5000, "é", "\u202e",
    "<<: *a", "!!set {a}", "!!omap [a: 1]", "? a", ": x",
]  # fmt: skip


@st.composite
def mutated_yaml(draw: st.DrawFn) -> str:
    lines = ANN_TEXT.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["value", "value", "del", "dup", "swap", "indent", "dedent",
                                   "char", "insert"]))  # fmt: skip
        line = lines[i]
        if op == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(YAML_VALUES))}\n"
        elif op == "del":
            del lines[i]
        elif op == "dup":
            lines.insert(i, line)
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = "  " + line
        elif op == "dedent":
            lines[i] = line.lstrip()
        elif op == "char":
            k = draw(st.integers(0, len(line)))
            lines[i] = (
                line[:k] + draw(st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\t\x00"))) + line[k:]
            )
        else:
            lines.insert(i, draw(st.sampled_from(YAML_VALUES)) + "\n")
        if not lines:
            lines = [""]
    return "".join(lines)


@pytest.fixture(scope="module")
def document():
    return next(d for d in discover(ROOT / "corpus") if ANN.name.startswith(d.id))


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(text=st.one_of(mutated_yaml(), noise), raw=st.booleans())
def test_a_mutated_annotation_file_is_loaded_or_names_file_and_line(
    document, tmp_path_factory, text: str, raw: bool
) -> None:
    path = tmp_path_factory.mktemp("ann") / ANN.name
    data = text.encode("utf-8")
    if raw:  # sometimes not UTF-8 at all
        data = data.replace(b"e", b"\xff", 1)
    path.write_bytes(data)
    try:
        load_annotations(path, document)
    except AnnotationError as exc:
        assert exc.file == ANN.name
        assert isinstance(exc.line, int) and exc.line >= 0
        assert exc.message.strip()


def test_a_broken_annotation_file_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    """The whole build over a corpus copy whose annotation file lost a colon."""
    from haitikg.assemble import assemble

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    target = corpus / ANN.name
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("kind: statement", "kind statement", 1), encoding="utf-8")
    with pytest.raises(HaitikgError) as caught:
        assemble(corpus)
    assert isinstance(caught.value, AnnotationError)
    assert caught.value.file == ANN.name and caught.value.line > 0


# Real N-Triples lines (from the ontology source, present in every checkout), sorted.
NT = sorted(
    ox.serialize(
        ox.parse(path=str(ROOT / "ontology" / "haitikg.ttl"), format=ox.RdfFormat.TURTLE),
        format=ox.RdfFormat.N_TRIPLES,
    )
    .decode("utf-8")
    .splitlines(keepends=True)
)[:40]
TTL_LINES = [
    "@prefix ex: <http://example.org/> .\n", "@base <http://example.org/base/> .\n",
    "ex:a ex:p ex:b ;\n", "  ex:q \"text\"@en ,\n",
    "  \"1\"^^<http://www.w3.org/2001/XMLSchema#int> .\n",
    "ex:c ex:p [ ex:q 1.5e3 ] .\n", "ex:d ex:p ( 1 2 3 ) .\n", "<rel> a ex:T .\n",
    "ex:e ex:p \"\"\"multi\nline\"\"\" .\n", "_:b ex:p ex:a .\n",
]  # fmt: skip
RDF_TOKENS = ["<", ">", '"', ".", ";", ",", "@", "^^", "_:", "[", "]", "(", ")", "\\u00",
              "\\", " ", "\n", "#", "<http://e.org/ x>", "\x00", "é", "\ud7ff", "@prefix",
              "PREFIX", "a", "true", "1e", "'''"]  # fmt: skip


@st.composite
def mutated_rdf(draw: st.DrawFn) -> tuple[str, str]:
    ext = draw(st.sampled_from(["nt", "ttl"]))
    lines = list(NT if ext == "nt" else TTL_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["del", "dup", "swap", "char", "token"]))
        if op == "del" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            cut = draw(st.integers(0, 3)) if op == "char" else 0
            lines[i] = line[:k] + draw(st.sampled_from(RDF_TOKENS)) + line[k + cut :]
    return ext, "".join(lines)


@settings(
    max_examples=max(20, EXAMPLES // 2),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=mutated_rdf())
def test_a_mutated_rdf_file_is_loaded_or_names_file_and_line(tmp_path_factory, case) -> None:
    from haitikg.bulkload import LoadError, bulk_load

    ext, text = case
    folder = tmp_path_factory.mktemp("load")
    source = folder / f"input.{ext}"
    source.write_text(text, encoding="utf-8")
    try:
        bulk_load([source], folder / "store", infer=False)
    except LoadError as exc:
        message = str(exc)
        assert str(source) in message
        if "line" in message.split(str(source), 1)[1]:
            assert re.search(rf"{re.escape(str(source))}:\d+", message), message


def test_haitikg_load_prints_file_and_line_never_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("".join(NT[:5]) + "<http://e.org/a> <http://e.org/p> .\n" + "".join(NT[5:8]))
    done = subprocess.run(
        [sys.executable, "-m", "haitikg", "bulkload", str(bad), "--store", str(tmp_path / "db")],
        capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(SRC), "PATH": ""},
    )  # fmt: skip
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "Traceback" not in out
    assert f"{bad.name}:6" in out.replace("\n", ""), out
