"""The workbench's documentation keeps up with the code: the README lists every standard
prefix, docs/workbench.md every column of the events table and only tests that exist."""

from __future__ import annotations

import re
from pathlib import Path

from haitikg.export import COLUMNS
from haitikg.namespaces import PREFIXES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
WORKBENCH = (ROOT / "docs" / "workbench.md").read_text(encoding="utf-8")


def test_the_readme_lists_every_standard_prefix():
    section = README.split("## Standard prefixes", 1)[1].split("\n## ", 1)[0]
    listed = dict(re.findall(r"^\| `([\w-]+):` \| `([^`]+)` \|$", section, re.M))
    assert listed == PREFIXES


def test_the_events_columns_are_documented():
    for name, meaning in COLUMNS:
        assert f"| `{name}` | {meaning} |" in WORKBENCH, name


def test_the_error_table_names_tests_that_exist():
    named = set(re.findall(r"`(tests/[\w/]+\.py)`", WORKBENCH))
    assert named
    for path in named:
        assert (ROOT / path).exists(), path
