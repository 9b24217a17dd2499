"""Item 8: no link in a page runs a script; item 10: no stored IRI breaks a page.

Before issue 13, ``/query?query=SELECT ?x {BIND(IRI("javascript:…") AS ?x)}`` ran at once and
rendered ``<a href="javascript:…">``, and resource pages did the same for IRIs loaded as
data: one click ran the script. Now only http(s) IRIs and the site's own paths are links.
Playwright drives Debian's Chromium (``/usr/bin/chromium``): the session's ``browser``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from playwright.sync_api import Browser, Page

from haitikg.build import dataset_path

from .conftest import HOSTILE, Server, serving

SCRIPT_QUERY = 'SELECT ?x { BIND(IRI("javascript:alert(document.domain)") AS ?x) }'
RUNNABLE = re.compile(r"""href=["']\s*(javascript|data|vbscript):""", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serving(
        tmp_path_factory, "links",
        "--workers", "2",
        env={"HAITIKG_BUILD_DIR": str(built)},
        data=(dataset_path(built), HOSTILE),
        clean_log=("Traceback",),
    )  # fmt: skip


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    found = context.new_page()
    found.dialogs = []  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        found.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    found.on("dialog", on_dialog)
    yield found
    context.close()


def test_a_javascript_iri_in_results_is_text_and_clicking_it_runs_nothing(
    site: Server, page: Page
) -> None:
    page.goto(f"{site.base}/query?query={quote(SCRIPT_QUERY)}")  # runs at once
    cell = page.locator("#results tbody td").first
    cell.wait_for(timeout=20_000)
    assert "javascript:alert" in cell.inner_text() or cell.locator("[title]").count()
    assert page.locator("#results a[href^='javascript' i]").count() == 0
    cell.locator("*").first.click()
    page.wait_for_timeout(500)
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_resource_pages_link_no_runnable_iri_and_clicking_runs_nothing(
    site: Server, page: Page
) -> None:
    html = requests.get(f"{site.base}/resource/js-test", headers={"Accept": "text/html"}).text
    assert "javascript:alert(4)" in html  # shown …
    assert not RUNNABLE.search(html), RUNNABLE.search(html)  # … never as a link
    page.goto(f"{site.base}/resource/js-test")
    for text in ("javascript:alert(4)", "alert(5)", "alert(6)"):
        page.get_by_text(text).first.click()
        page.wait_for_timeout(300)
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.url.startswith(site.base)


def test_every_page_is_free_of_runnable_links(site: Server) -> None:
    for path in ("/", "/timeline", "/network", "/ontology", "/resource/js-test"):
        html = requests.get(f"{site.base}{path}", headers={"Accept": "text/html"}).text
        assert not RUNNABLE.search(html), (path, RUNNABLE.search(html))


def test_a_stored_iri_holding_a_variable_name_is_a_normal_page(site: Server) -> None:
    """Item 10: the pages bind values with the engine's substitutions, so an IRI that holds
    ``?prefix`` stays an IRI (text substitution made it a 500 and a traceback)."""
    answer = requests.get(
        f"{site.base}/resource/probe%3Fprefix", headers={"Accept": "text/html"}, timeout=30
    )
    assert answer.status_code == 200, answer.text[:500]
    assert "an IRI holding ?prefix" in answer.text
