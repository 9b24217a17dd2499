"""YAML mistakes in the corpus, through ``haitikg build`` as a person runs it: the line where
the mistake is (not where PyYAML noticed it), what to do, one unwrapped line, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import haitikg

SRC = Path(haitikg.__file__).absolute().parents[1]
ANNOTATIONS = "kenya-haiti-mss-2025-01-18.ann.yaml"
META = "kenya-haiti-mss-2025-01-18.meta.yaml"


def build(corpus: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """``haitikg build`` with its output piped (not a terminal), as in CI or a script."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run(
        [sys.executable, "-m", "haitikg", "build", "--corpus", str(corpus),
         "--build-dir", str(tmp_path / "build")],
        capture_output=True, text=True, env={**env, "PYTHONPATH": str(SRC)}, timeout=120,
    )  # fmt: skip


def plant(path: Path, find: str, replace: str) -> int:
    """Replace the first line containing ``find``; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if find in line)
    lines[number] = replace
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize(
    ("find", "replace", "says"),
    [
        (
            'quote: "Port-au-Prince, Haiti’s capital"',
            '  quote: "Port-au-Prince, Haiti’s capital',
            "this quoted value is not closed on its line",
        ),
        (
            'quote: "Port-au-Prince, Haiti’s capital"',
            '  quote: "Port-au-Prince, "Haiti’s" capital"',
            "text follows the closing quote",
        ),
        ("property: hkg:capitalOf", "  property hkg:capitalOf", "a key needs a `:` after it"),
        ("object: haiti", "\tobject: haiti", "a tab: YAML indents with spaces only"),
        ("object: haiti", "    object: haiti", "a `: ` where YAML does not expect one"),
    ],
)
def test_a_yaml_mistake_is_reported_at_its_own_line(corpus_copy, tmp_path, find, replace, says):
    line = plant(corpus_copy / ANNOTATIONS, find, replace)
    result = build(corpus_copy, tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    message = next(m for m in result.stderr.splitlines() if m.startswith("error:"))
    assert message.startswith(f"error: {ANNOTATIONS}:{line}: not valid YAML: ")
    assert says in message, "the whole message is on one line, however long"


def test_a_metadata_mistake_names_file_and_line(corpus_copy, tmp_path):
    line = plant(corpus_copy / META, "language: en", "language en")
    result = build(corpus_copy, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{META}:{line}: not valid YAML: a key needs a `:` after it" in result.stderr


@pytest.mark.parametrize(
    ("file", "find", "replace"),
    [
        (META, "published-not-before:", "published-not-before: 2025-13-45"),
        ("entities.yaml", "label:", "  label: 2025-13-45"),
        (
            ANNOTATIONS,
            'quote: "Port-au-Prince, Haiti’s capital"',
            "  quote: !!timestamp 2025-99-99",
        ),
    ],
)
def test_a_value_yaml_cannot_build_is_named_with_its_line(
    corpus_copy, tmp_path, file, find, replace
):
    line = plant(corpus_copy / file, find, replace)
    result = build(corpus_copy, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{file}:{line}: not valid YAML: cannot read " in result.stderr
