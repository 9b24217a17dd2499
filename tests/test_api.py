"""The Python API and the CLI (an install outside the repository: test_install.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import Dataset, URIRef

import haitikg
from haitikg.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_load_returns_the_dataset_with_named_graphs(build_dir):
    ds = haitikg.load(build_dir)
    assert isinstance(ds, Dataset)
    names = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/haitikg/graph/kenya-haiti-mss-2025-01-18" in names
    assert (URIRef("https://w3id.org/haitikg/resource/kenya"), None, None) in ds


def test_query_command_prints_a_table_and_formats(build_dir):
    runner = CliRunner()
    q = "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n } ORDER BY ?n"
    table = runner.invoke(main, ["query", q, "--build-dir", str(build_dir)])
    assert table.exit_code == 0 and "William Ruto" in table.output
    csv = runner.invoke(main, ["query", q, "--build-dir", str(build_dir), "--format", "csv"])
    assert csv.output.splitlines()[0] == "n" and len(csv.output.splitlines()) == 1 + 46  # persons


def test_query_command_reports_a_malformed_query_with_its_position(build_dir):
    result = CliRunner().invoke(
        main, ["query", "SELECT ?x WHERE { ?x ?p }", "--build-dir", str(build_dir)]
    )
    assert result.exit_code != 0
    assert "line 1, column" in result.output and "Traceback" not in result.output


def test_build_command_prints_a_summary(tmp_path):
    result = CliRunner().invoke(main, ["build", "--build-dir", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert "inferred" in result.output and "facts" in result.output
