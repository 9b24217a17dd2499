"""Mistakes on the command line, run as a person runs them (a real ``python -m haitikg``
process, output piped): one clear message, exit status 1 or 2, never a traceback, and no
"ready" banner for a server that is not serving."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import haitikg

SRC = Path(haitikg.__file__).absolute().parents[1]
BANNER = "haitikg SPARQL endpoint:"


def haitikg_cli(*args: str, build_dir: Path, cwd: Path | None = None, timeout: float = 120):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(PYTHONPATH=str(SRC), HAITIKG_BUILD_DIR=str(build_dir))
    return subprocess.run([sys.executable, "-m", "haitikg", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=timeout)  # fmt: skip


def clean_failure(result: subprocess.CompletedProcess, *words: str) -> str:
    """The message of a failed command, after checking it failed the way a person expects."""
    output = result.stdout + result.stderr
    assert result.returncode in (1, 2), output
    assert "Traceback" not in output
    assert BANNER not in output
    for word in words:
        assert word in output, output
    return output


@pytest.mark.parametrize("port", ["80000", "65536", "-1", "0"])
def test_serve_refuses_a_port_that_is_not_one(build_dir, port):
    result = haitikg_cli("serve", "--port", port, build_dir=build_dir, timeout=60)
    clean_failure(result, "--port", port)


def test_serve_on_a_port_in_use_says_so_before_anything_starts(build_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = haitikg_cli("serve", "--port", port, build_dir=build_dir, timeout=60)
    clean_failure(result, f"port {port}", "in use", "--port")


def test_query_names_a_missing_file(build_dir, tmp_path):
    result = haitikg_cli("query", "no-such-file.rq", build_dir=build_dir, cwd=tmp_path)
    clean_failure(result, "no such file", "no-such-file.rq")


@pytest.mark.parametrize("name", ["count.sparql", "count.rq", "count.txt"])
def test_query_reads_an_existing_file_whatever_its_name(build_dir, tmp_path, name):
    (tmp_path / name).write_text("SELECT (COUNT(*) AS ?n) WHERE { ?e a sem:Event }\n")
    result = haitikg_cli("query", name, "--format", "csv", build_dir=build_dir, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "n" and int(result.stdout.splitlines()[1]) > 0


@pytest.mark.parametrize("path", ["queries/nope.rq", "./nope.sparql", "nope.txt"])
def test_query_refuses_a_path_that_does_not_exist(build_dir, tmp_path, path):
    result = haitikg_cli("query", path, build_dir=build_dir, cwd=tmp_path)
    clean_failure(result, "no such file", path)


def test_query_explains_an_unknown_prefix_with_line_and_column(build_dir):
    result = haitikg_cli("query", "SELECT ?s WHERE {\n  ?s wdt:P31 ?o\n}", build_dir=build_dir)
    output = clean_failure(result, "line 2, column 6", "unknown prefix `wdt:`")
    assert len([line for line in output.splitlines() if line.strip()]) == 1


def test_query_knows_every_standard_prefix(build_dir):
    result = haitikg_cli(
        "query", "SELECT ?t WHERE { ?e hkg:eventType ?t FILTER(STRSTARTS(STR(?t), STR(voc:))) }",
        "--format", "csv", build_dir=build_dir,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) > 1


def test_query_says_a_folder_is_not_a_query(build_dir, tmp_path):
    result = haitikg_cli("query", str(tmp_path), build_dir=build_dir)
    clean_failure(result, "is a folder")


def test_export_names_a_file_it_cannot_write(build_dir, tmp_path):
    target = tmp_path / "no-such-folder" / "events.csv"
    result = haitikg_cli("export", "events", "--out", str(target), build_dir=build_dir)
    clean_failure(result, str(target), "No such file or directory")


def test_export_refuses_an_unknown_format(build_dir):
    result = haitikg_cli("export", "events", "--format", "pdf", build_dir=build_dir)
    clean_failure(result, "--format", "pdf")
