"""The site over the test build plus an XSS probe: in this process for the page and
linked-data tests (``site``), as a real server process for the browser (``live_site``).

The data is the session's build and ``data/xss.ttl`` (a resource whose labels are markup).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import Browser, Page

from inprocess import Client, running
from servers import ServerProcess

DATA = Path(__file__).parent / "data"
XSS = DATA / "xss.ttl"
XSS_LABEL = "<script>alert(1)</script>"
MAX_ROWS = 1000  # small enough for `SELECT * { ?s ?p ?o }` to be cut
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


class HTTP(Protocol):
    def get(self, url: str, **kwargs: Any) -> Any: ...
    def post(self, url: str, **kwargs: Any) -> Any: ...


@dataclass
class Site:
    """The site as a client sees it: ``get`` a path, run a SELECT through ``/sparql``."""

    base: str
    build: Path
    http: HTTP

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path: str, accept: str | None = None, **kwargs: Any) -> Any:
        headers = {"Accept": accept} if accept is not None else {}
        return self.http.get(self.url(path), headers=headers, timeout=30, **kwargs)

    def sparql(self, query: str) -> list[dict[str, Any]]:
        """Rows of a SELECT, through the endpoint like any client."""
        answer = self.http.post(
            self.url("/sparql"),
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        rows: list[dict[str, Any]] = answer.json()["results"]["bindings"]
        return rows


def config(*data: Path, build: Path) -> dict[str, Any]:
    """The site's settings for ``data`` over the build in ``build``."""
    return {"DATA": [str(d) for d in data], "BUILD_DIR": str(build), "MAX_ROWS": MAX_ROWS,
            "WORKERS": 2}  # fmt: skip


@pytest.fixture(scope="session")
def site(build_dir: Path) -> Iterator[Site]:
    """The site in this process (Flask's test client, real query workers)."""
    with running(config(build_dir / "haitikg.nq", XSS, build=build_dir)) as client:
        yield in_process(client, build_dir)


def in_process(client: Client, build: Path) -> Site:
    return Site(client.base, build, client)


@pytest.fixture(scope="session")
def live_site(build_dir: Path) -> Iterator[Site]:
    """The same site as a ``haitikg serve`` process, for a real browser."""
    args = ["--data", str(build_dir / "haitikg.nq"), "--data", str(XSS), "--workers", "2",
            "--max-rows", str(MAX_ROWS), "--build-dir", str(build_dir)]  # fmt: skip
    with ServerProcess(*args) as server:
        yield Site(server.base, build_dir, requests)  # type: ignore[arg-type]


@pytest.fixture
def page(browser: Browser, live_site: Site) -> Iterator[Page]:
    """A fresh page that records dialogs and every request that leaves the server."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.offsite = []  # type: ignore[attr-defined]
    host = urlsplit(live_site.base).netloc

    def on_dialog(dialog: Any) -> None:
        page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    def on_request(request: Any) -> None:
        if urlsplit(request.url).netloc != host and not request.url.startswith("data:"):
            page.offsite.append(request.url)  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    yield page
    assert page.offsite == [], "a page fetched something off the server"  # type: ignore[attr-defined]
    context.close()


def shoot(page: Page, name: str, full: bool = False) -> None:
    """A screenshot into ``test-artifacts/screenshots/``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)
