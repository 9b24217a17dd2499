"""The review page in a real browser against a real ``haitikg serve`` process: type the
token, see the draft items marked in the text, confirm one, and find the one-word change in
the annotation file. Playwright drives Debian's Chromium; the test fails, never skips,
when the browser is missing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, expect

from haitikg.draft import draft_file, load_registry
from servers import ServerProcess

from .conftest import ARTIFACTS

TOKEN = "browser-review-token"
DOC = "2025-03-05-belizean-medics"
TEXT = (
    "BELMOPAN — Twelve Belizean medics flew to Haiti on Tuesday to join the "
    "Multinational Security Support mission. They were welcomed by Prime Minister "
    "Alix Didier Fils-Aimé."
)


@pytest.fixture
def review_site(tmp_path: Path, build_dir: Path) -> Iterator[tuple[str, Path]]:
    source = tmp_path / f"{DOC}.txt"
    source.write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    draft_file(source, date(2025, 3, 5), corpus, load_registry())
    args = ["--build-dir", str(build_dir), "--workers", "2", "--review-dir", str(corpus),
            "--update-token", TOKEN]  # fmt: skip
    with ServerProcess(*args) as server:
        yield server.base, corpus


def test_a_person_confirms_a_draft_in_the_browser(browser: Browser, review_site) -> None:
    base, corpus = review_site
    path = corpus / f"{DOC}.ann.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    n = next(n for n, f in enumerate(raw["facts"]) if f.get("type") == "ContingentArrival")
    key = f"facts-{n}"
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    offsite: list[str] = []
    page.on(
        "request",
        lambda r: (
            offsite.append(r.url) if urlsplit(r.url).netloc != urlsplit(base).netloc else None
        ),
    )

    page.goto(f"{base}/-/review/{DOC}")
    page.fill('input[name="token"]', TOKEN)
    page.click('button[type="submit"]')
    expect(page.locator("h1")).to_contain_text(DOC)
    expect(page.locator(f'mark[data-items~="facts/{n}"]').first).to_be_visible()
    row = page.locator(f"li#{key}")
    expect(row.locator(".status-draft")).to_have_text("draft")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-before.png"), full_page=True)

    row.get_by_role("button", name="Confirm").click()
    expect(page.locator(f"li#{key} .status-confirmed")).to_have_text("confirmed")
    page.screenshot(path=str(ARTIFACTS / "review-after.png"), full_page=True)

    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert saved["facts"][n]["status"] == "confirmed"
    assert [f["status"] for i, f in enumerate(saved["facts"]) if i != n] == [
        f["status"] for i, f in enumerate(raw["facts"]) if i != n
    ]
    assert offsite == []
    page.close()
