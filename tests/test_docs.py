"""The README documents every command option, every setting and every route: a new one
that is not documented fails here (as Datasette's ``test_docs.py``)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from haitikg.app import create_app
from haitikg.cli import main
from haitikg.settings import SETTINGS, markdown_table

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The README's text under ``## title`` or ``### title``, up to the next heading."""
    found = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ )", README, re.M | re.S)
    assert found, f"the README has no section {title!r}"
    return found.group(1)


def command_rows() -> dict[str, str]:
    """The command-line table: ``{command: its row}``."""
    rows = re.findall(r"^\| `haitikg (\w+)([^|]*(?:\\\|[^|]*)*)` \|", README, re.M)
    return {name: rest for name, rest in rows}


def test_the_settings_table_is_the_settings_module() -> None:
    assert markdown_table() in README, (
        "the README's settings table differs from src/haitikg/settings.py: "
        "replace it with the output of `python -m haitikg.settings`"
    )
    for setting in SETTINGS:
        assert f"`{setting.env}`" in section("Settings"), setting.name


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_and_option_is_in_the_command_table(name: str) -> None:
    command = main.commands[name]
    rows = command_rows()
    assert name in rows, f"haitikg {name} is not in the README's command table"
    # serve's options are the settings, documented in their own table
    documented = section("Settings") if name == "serve" else rows[name]
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            names = [*param.opts, *param.secondary_opts]
            assert any(opt in documented for opt in names), f"haitikg {name} {names}"


def test_every_route_is_in_the_routes_table() -> None:
    routes = section("Routes")
    app = create_app()
    for rule in app.url_map.iter_rules():
        shown = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        documented = f"`{shown}`" in routes
        if "{" in shown:  # or named by its fixed part: `/ontology` (+ `.ttl` …), `/-/static/…`
            documented |= f"`{shown.split('{')[0].rstrip('.')}" in routes
        assert documented, f"{rule.rule} is not in the README's routes table"
