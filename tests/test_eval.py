"""`haitikg eval`: the arithmetic on small hand-made cases, where every count is known."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from haitikg.errors import HaitikgError
from haitikg.evaluate import KINDS, Annotated, Score, evaluate_paths, items

TEXT = (
    "Kenya sent 200 officers to Haiti on Monday. "
    "“We are ready,” said Ann Oduya, a sergeant. "
    "The United Nations estimates that over 5,000 people were displaced."
)


def write(folder: Path, name: str, data: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8")
    path = folder / name
    path.write_text(
        yaml.safe_dump({"document": "doc", **data}, allow_unicode=True), encoding="utf-8"
    )
    return path


def score(tmp_path: Path, draft: dict, gold: dict) -> dict[str, Score]:
    return evaluate_paths(
        write(tmp_path / "d", "doc.ann.yaml", draft), write(tmp_path / "g", "doc.ann.yaml", gold)
    )


def test_precision_recall_f1_from_counts():
    s = Score(tp=3, fp=1, fn=2)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score().f1 == 1.0  # nothing to find and nothing found


def test_mentions_pair_by_overlap_and_entity(tmp_path: Path):
    gold = {
        "mentions": [
            {"entity": "kenya", "quote": "Kenya"},
            {"entity": "haiti", "quote": "Haiti"},
            {"entity": "united-nations", "quote": "United Nations"},
        ]
    }
    draft = {
        "mentions": [
            {"entity": "kenya", "quote": "Kenya sent"},  # overlaps: counts
            {"entity": "kenya", "quote": "Haiti"},  # right place, wrong entity
            {"entity": "ann-oduya", "quote": "Ann Oduya"},  # not in the gold
        ]
    }
    s = score(tmp_path, draft, gold)["mentions"]
    assert (s.tp, s.fp, s.fn) == (1, 2, 2)
    assert any("Haiti" in m for m in s.misses) and any("Ann Oduya" in f for f in s.false_alarms)


def test_one_draft_item_pairs_with_one_gold_item(tmp_path: Path):
    gold = {"mentions": [{"entity": "kenya", "quote": "Kenya"}]}
    draft = {
        "mentions": [
            {"entity": "kenya", "quote": "Kenya"},
            {"entity": "kenya", "quote": "Kenya sent"},
        ]
    }
    s = score(tmp_path, draft, gold)["mentions"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)


def test_occurrence_all_is_every_whole_word(tmp_path: Path):
    text_gold = {"mentions": [{"entity": "haiti", "quote": "a", "occurrence": "all"}]}
    draft = {"mentions": []}
    s = score(tmp_path, draft, text_gold)["mentions"]
    assert s.fn == 1  # "a sergeant"; not the a of "Kenya" or "ready"


def test_dates_compare_type_and_value(tmp_path: Path):
    gold = {"dates": [{"quote": "Monday", "type": "xsd:date", "value": "2024-06-24"}]}
    right = {"dates": [{"quote": "on Monday", "type": "xsd:date", "value": "2024-06-24"}]}
    wrong = {"dates": [{"quote": "Monday", "type": "unresolved"}]}
    assert score(tmp_path / "1", right, gold)["dates"].tp == 1
    s = score(tmp_path / "2", wrong, gold)["dates"]
    assert (s.tp, s.fp, s.fn) == (0, 1, 1)


def figure(**over) -> dict:
    item = {
        "kind": "figure",
        "id": "f",
        "label": "f",
        "quote": "over 5,000 people were displaced",
        "wording": "over 5,000 people",
        "value": "5,000",
        "unit": "people",
        "qualifier": "more-than",
        "measure": "displaced",
        "reported-by": "united-nations",
    }
    return {**item, **over}


def test_figures_need_value_qualifier_and_measure(tmp_path: Path):
    gold = {"facts": [figure()]}
    assert score(tmp_path / "1", {"facts": [figure(value=5000)]}, gold)["figures"].tp == 1
    assert score(tmp_path / "2", {"facts": [figure(qualifier="exact")]}, gold)["figures"].tp == 0
    assert score(tmp_path / "3", {"facts": [figure(measure="killed")]}, gold)["figures"].tp == 0
    s = score(tmp_path / "4", {"facts": [figure(**{"reported-by": "haiti"})]}, gold)
    assert (s["figures"].tp, s["attributions"].tp, s["attributions"].fp) == (1, 0, 1)


def quotation(speaker: str) -> dict:
    return {
        "kind": "quotation",
        "id": "q",
        "label": "q",
        "quote": "We are ready",
        "speaker": speaker,
    }


def test_quotations_need_the_speaker(tmp_path: Path):
    gold = {"facts": [quotation("ann-oduya")]}
    assert score(tmp_path / "1", {"facts": [quotation("ann-oduya")]}, gold)["quotations"].tp == 1
    assert score(tmp_path / "2", {"facts": [quotation("kenya")]}, gold)["quotations"].tp == 0


def test_proposed_entities_align_with_the_gold_by_name(tmp_path: Path):
    gold = {
        "entities": {"ann-oduya": {"type": "Person", "label": "Ann Oduya"}},
        "facts": [quotation("ann-oduya")],
    }
    draft = {
        "entities": {"oduya-ann": {"type": "Person", "label": "Ann Oduya", "status": "draft"}},
        "facts": [quotation("oduya-ann")],
    }
    assert score(tmp_path, draft, gold)["quotations"].tp == 1


def event(**over) -> dict:
    item = {
        "kind": "event",
        "id": "e",
        "label": "e",
        "type": "Deployment",
        "quote": "Kenya sent 200 officers to Haiti",
        "date": "2024-06-24",
        "place": "haiti",
        "roles": {"sender": "kenya", "beneficiary": "haiti"},
    }
    return {**item, **over}


def test_events_then_their_roles_places_and_times(tmp_path: Path):
    gold = {"facts": [event()]}
    draft = {
        "facts": [
            event(
                roles={"sender": "kenya", "agent": "kenyan-police"}, place=None, date="2024-06-24"
            )
        ]
    }
    s = score(tmp_path, draft, gold)
    assert (s["events"].tp, s["events"].fp, s["events"].fn) == (1, 0, 0)
    assert (s["event roles"].tp, s["event roles"].fp, s["event roles"].fn) == (1, 1, 1)
    assert (s["event places"].tp, s["event places"].fn) == (0, 1)
    assert s["event times"].tp == 1


def test_an_unpaired_event_misses_all_its_roles(tmp_path: Path):
    s = score(tmp_path, {"facts": [event(type="Pledge")]}, {"facts": [event()]})
    assert (s["events"].fp, s["events"].fn) == (1, 1)
    assert (s["event roles"].tp, s["event roles"].fp, s["event roles"].fn) == (0, 2, 2)


def test_rejected_items_do_not_count(tmp_path: Path):
    gold = {"mentions": [{"entity": "kenya", "quote": "Kenya"}]}
    draft = {
        "mentions": [
            {"entity": "kenya", "quote": "Kenya"},
            {"entity": "haiti", "quote": "Haiti", "status": "rejected"},
        ]
    }
    s = score(tmp_path, draft, gold)["mentions"]
    assert (s.tp, s.fp) == (1, 0)


def test_kinds_the_gold_does_not_annotate_are_left_out(tmp_path: Path):
    kinds = score(
        tmp_path, {"mentions": [{"entity": "kenya", "quote": "Kenya"}]}, {"facts": [event()]}
    )
    assert "mentions" not in kinds and "dates" not in kinds and "events" in kinds


def test_folders_are_micro_averaged(tmp_path: Path):
    for n, found in ((1, ["Kenya"]), (2, ["Kenya", "Haiti"])):
        write(
            tmp_path / "gold",
            f"doc{n}.ann.yaml",
            {
                "mentions": [
                    {"entity": "kenya", "quote": "Kenya"},
                    {"entity": "haiti", "quote": "Haiti"},
                ]
            },
        )
        write(
            tmp_path / "draft",
            f"doc{n}.ann.yaml",
            {"mentions": [{"entity": w.lower(), "quote": w} for w in found]},
        )
    s = evaluate_paths(tmp_path / "draft", tmp_path / "gold")["mentions"]
    assert (s.tp, s.fp, s.fn) == (3, 0, 1)
    assert s.recall == pytest.approx(0.75)  # not the mean of 0.5 and 1.0 per document


def test_a_quote_not_in_the_text_is_an_error(tmp_path: Path):
    with pytest.raises(HaitikgError, match="quote not found"):
        score(tmp_path, {"mentions": [{"entity": "x", "quote": "Jamaica"}]}, {"mentions": []})


def test_the_command_prints_json(tmp_path: Path):
    d = write(tmp_path / "d", "doc.ann.yaml", {"mentions": [{"entity": "kenya", "quote": "Kenya"}]})
    g = write(
        tmp_path / "g",
        "doc.ann.yaml",
        {
            "mentions": [
                {"entity": "kenya", "quote": "Kenya"},
                {"entity": "haiti", "quote": "Haiti"},
            ]
        },
    )
    done = subprocess.run(
        [sys.executable, "-m", "haitikg", "eval", str(d), str(g), "--json"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(Path(__file__).parents[1] / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["mentions"]
    assert (result["tp"], result["fn"], result["recall"]) == (1, 1, 0.5)
    assert result["misses"] == ["'Haiti' → haiti"]


GOLD = sorted((Path(__file__).parent / "fixtures").glob("*/*.ann.yaml"))


@pytest.mark.parametrize("path", GOLD, ids=[p.parent.name + "/" + p.stem for p in GOLD])
def test_every_gold_quote_is_in_its_text(path: Path):
    """The gold files are well formed: each quote, wording and `also` is found."""
    seed_text = Path(__file__).parents[1] / "corpus"
    gold = Annotated(path, [seed_text])
    for kind in KINDS[:7]:
        items(gold, kind, lambda x: x)
    meta = path.with_name(path.name.replace(".ann.yaml", ".meta.yaml"))
    if meta.exists():
        recorded = yaml.safe_load(meta.read_text(encoding="utf-8"))["sha256"]
        text = path.with_name(path.name.replace(".ann.yaml", ".txt")).read_bytes()
        assert hashlib.sha256(text).hexdigest() == recorded
