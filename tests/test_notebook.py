"""The research notebook (docs/notebooks/) runs top to bottom in a real Jupyter kernel.

The kernel is ipykernel's ``python3`` started by nbclient with this checkout on its path and
the session's build as its data; the executed copy is kept in ``test-artifacts/notebooks/``.
"""

from __future__ import annotations

import os
import re
from itertools import pairwise
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import haitikg

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "notebooks" / "research-questions.ipynb"
ARTIFACTS = ROOT / "test-artifacts" / "notebooks"
SRC = Path(haitikg.__file__).absolute().parents[1]


def _run(build_dir: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("HAITIKG_BUILD_DIR", str(build_dir))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})  # fmt: skip
    client.execute()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, ARTIFACTS / NOTEBOOK.name)
    return notebook


def _outputs(notebook: nbformat.NotebookNode, kind: str) -> list[tuple[int, dict]]:
    return [
        (i, output)
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == kind or kind in output.get("data", {})
    ]


def _printed(notebook: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for _, o in _outputs(notebook, "stream"))


def test_the_notebook_answers_its_three_questions_with_plots(build_dir, monkeypatch, select):
    notebook = _run(build_dir, monkeypatch)
    assert _outputs(notebook, "error") == []
    plots = _outputs(notebook, "image/png")
    headings = [i for i, c in enumerate(notebook.cells) if c.source.startswith("## ")]
    assert len(plots) == 3, "one plot per question"
    for (cell, _), (start, end) in zip(plots, pairwise(headings), strict=False):
        assert start < cell < end, "each question's plot is drawn under its heading"
    # The printed counts are the graph's own.
    actors = select("SELECT DISTINCT ?a WHERE { ?e a sem:Event ; hkg:hasRole/rdf:value ?a }")
    said = re.search(r"(\d+) actors, (\d+) events, (\d+) roles", _printed(notebook))
    assert said and int(said[1]) == len(actors)
    dated = re.search(r"(\d+) dated events; (\d+) the sources do not date", _printed(notebook))
    events = select("SELECT DISTINCT ?e WHERE { ?e a sem:Event ; rdfs:label ?l }")
    assert dated and int(dated[1]) + int(dated[2]) == len(events)
