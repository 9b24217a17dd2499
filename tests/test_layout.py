"""The source keeps its seams: every IRI comes from namespaces.py, and the route table,
settings and layers stay the one place each (layers themselves: ``lint-imports``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import haitikg
from haitikg.app import routes

SRC = Path(haitikg.__file__).parent
IRI = re.compile(r"https?://\S")


def strings(tree: ast.AST) -> list[ast.Constant]:
    """The string literals of a module, without its docstrings."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_no_module_but_namespaces_types_an_iri() -> None:
    typed = [
        f"{path.relative_to(SRC)}:{node.lineno}: {text[:60]!r}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "namespaces.py"
        for node in strings(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(text := node.value, str) and IRI.search(text)
    ]
    assert typed == [], "IRIs belong in namespaces.py:\n" + "\n".join(typed)


def test_the_route_table_names_each_url_once() -> None:
    rules = [route.rule for route in routes()]
    assert len(rules) == len(set(rules))
