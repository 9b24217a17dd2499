"""The review page (``/-/review``) through Flask's test client: the token guards reading
and writing, each decision is a one-word change of the YAML, a stale page is refused, and
nothing outside the review folder can be reached."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
import yaml

from haitikg.app import create_app
from haitikg.draft import draft_file, load_registry

TOKEN = "review-token-for-tests"
TEXT = (
    "PORT-AU-PRINCE — Forty Jamaican soldiers landed in Port-au-Prince on Tuesday. "
    "They were greeted by Prime Minister Alix Didier Fils-Aimé. "
    "“We came to help,” said Captain Andre Brown."
)
DOC = "2025-03-05-jamaicans-land"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A review folder with one drafted text of our own."""
    source = tmp_path / "incoming" / f"{DOC}.txt"
    source.parent.mkdir()
    source.write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    draft_file(source, date(2025, 3, 5), corpus, load_registry())
    (tmp_path / "secret.ann.yaml").write_text("document: secret\n", encoding="utf-8")
    return corpus


@pytest.fixture
def client(folder: Path, build_dir: Path):
    app = create_app(
        {"REVIEW_DIR": str(folder), "UPDATE_TOKEN": TOKEN, "BUILD_DIR": str(build_dir)}
    )
    return app.test_client()


def bearer() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def page(client) -> str:
    answer = client.get(f"/-/review/{DOC}", headers=bearer())
    assert answer.status_code == 200, answer.text
    return answer.text


def version(folder: Path) -> str:
    return hashlib.sha256((folder / f"{DOC}.ann.yaml").read_bytes()).hexdigest()


def first_fact(folder: Path) -> tuple[str, dict]:
    raw = yaml.safe_load((folder / f"{DOC}.ann.yaml").read_text(encoding="utf-8"))
    n, fact = next((n, f) for n, f in enumerate(raw["facts"]) if f.get("kind") == "event")
    return f"facts/{n}", fact


def test_without_a_token_configured_the_page_is_closed(folder: Path, build_dir: Path):
    app = create_app({"REVIEW_DIR": str(folder), "BUILD_DIR": str(build_dir)})
    answer = app.test_client().get(f"/-/review/{DOC}", headers=bearer())
    assert answer.status_code == 403
    assert "update-token" in answer.text


def test_a_reader_without_the_token_gets_the_form_and_a_wrong_token_is_refused(client):
    answer = client.get(f"/-/review/{DOC}")
    assert answer.status_code == 401
    assert 'name="token"' in answer.text
    assert TEXT[:20] not in answer.text
    wrong = client.post("/-/review/login", data={"token": "guess", "next": f"/-/review/{DOC}"})
    assert wrong.status_code == 403


def test_the_form_sets_a_cookie_for_the_review_pages_only(client):
    answer = client.post("/-/review/login", data={"token": TOKEN, "next": f"/-/review/{DOC}"})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/-/review/{DOC}")
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/-/review" in cookie
    assert client.get(f"/-/review/{DOC}").status_code == 200


def test_the_page_marks_each_item_in_the_text(client, folder: Path):
    html = page(client)
    key, _ = first_fact(folder)
    marks = re.findall(r'<mark data-items="([^"]+)"', html)
    assert any(key in m.split() for m in marks)
    assert f'value="{key}"' in html
    assert version(folder) in html
    shown = re.search(r'<div class="review-text">(.*?)</div>', html, re.S).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", shown)) == TEXT  # the whole text, once


def test_a_decision_changes_one_word_of_the_file(client, folder: Path):
    path = folder / f"{DOC}.ann.yaml"
    before = path.read_text(encoding="utf-8")
    key, _ = first_fact(folder)
    answer = client.post(
        f"/-/review/{DOC}",
        data={"item": key, "decision": "confirmed", "version": version(folder)},
        headers=bearer(),
    )
    assert answer.status_code == 303
    after = path.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert len(changed) == 1
    assert changed[0][0].replace("status: draft", "status: confirmed") == changed[0][1]
    raw = yaml.safe_load(after)
    assert raw["facts"][int(key.split("/")[1])]["status"] == "confirmed"
    row = re.search(rf'<li id="{key.replace("/", "-")}".*?</li>', page(client), re.S).group()
    assert '<span class="status-confirmed">confirmed</span>' in row  # the page reads the file


def test_a_stale_page_is_refused_and_the_file_is_kept(client, folder: Path):
    path = folder / f"{DOC}.ann.yaml"
    stale = version(folder)
    key, _ = first_fact(folder)
    path.write_text(path.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    kept = path.read_bytes()
    answer = client.post(
        f"/-/review/{DOC}",
        data={"item": key, "decision": "rejected", "version": stale},
        headers=bearer(),
    )
    assert answer.status_code == 409
    assert path.read_bytes() == kept


def test_a_decision_without_the_token_is_forbidden(client, folder: Path):
    path = folder / f"{DOC}.ann.yaml"
    kept = path.read_bytes()
    key, _ = first_fact(folder)
    answer = client.post(
        f"/-/review/{DOC}", data={"item": key, "decision": "rejected", "version": version(folder)}
    )
    assert answer.status_code == 403
    assert path.read_bytes() == kept


@pytest.mark.parametrize(
    ("item", "decision", "status"),
    [("facts/0", "maybe", 400), ("facts/999", "confirmed", 400), ("nothing/0", "rejected", 400)],
)
def test_a_bad_decision_is_a_clear_error(client, folder: Path, item, decision, status):
    kept = (folder / f"{DOC}.ann.yaml").read_bytes()
    answer = client.post(
        f"/-/review/{DOC}",
        data={"item": item, "decision": decision, "version": version(folder)},
        headers=bearer(),
    )
    assert answer.status_code == status
    assert (folder / f"{DOC}.ann.yaml").read_bytes() == kept


@pytest.mark.parametrize("doc", ["../secret", "..%2Fsecret", ".hidden", "secret", "nope"])
def test_only_files_of_the_review_folder_are_reached(client, doc: str):
    assert client.get(f"/-/review/{doc}", headers=bearer()).status_code == 404
    answer = client.post(
        f"/-/review/{doc}", data={"item": "facts/0", "decision": "rejected"}, headers=bearer()
    )
    assert answer.status_code in (403, 404)


def test_the_index_counts_the_drafts_left(client, folder: Path):
    answer = client.get("/-/review", headers=bearer())
    assert answer.status_code == 200
    raw = yaml.safe_load((folder / f"{DOC}.ann.yaml").read_text(encoding="utf-8"))
    left = sum(
        1
        for section in ("facts", "mentions", "dates")
        for i in raw[section]
        if i.get("status") == "draft"
    ) + sum(1 for e in raw["entities"].values() if e.get("status") == "draft")
    assert f"{left} drafts left" in answer.text
