"""`haitikg draft`: each construct on sentences written for these tests, and the files it
writes. The texts are our own, so a rule that only fits the corpus fails here."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from haitikg.draft import draft, load_registry
from haitikg.draft.sentences import split

REGISTRY = load_registry()


def run(text: str, anchor: date | None = None):
    return draft(text, REGISTRY, anchor)


def test_sentences_keep_an_opening_quote_with_its_sentence():
    text = "The minister spoke. “We will stay,” she said. Then she left."
    sentences = [text[b:e] for b, e in split(text)]
    assert sentences == ["The minister spoke.", "“We will stay,” she said.", "Then she left."]


def test_mentions_of_names_demonyms_possessives_and_accents():
    result = run("Kenyan officers met Haiti’s leaders. Alix Didier Fils-Aime thanked Kenya.")
    found = [(result.text[m.begin : m.end], m.entity) for m in result.mentions]
    assert ("Kenyan", "kenya") in found
    assert ("Haiti", "haiti") in found  # the possessive's name, without ’s
    assert ("Alix Didier Fils-Aime", "alix-didier-fils-aime") in found  # label has Fils-Aimé
    assert ("Kenya", "kenya") in found


def test_case_is_kept_so_a_pronoun_is_no_state():
    result = run("The US said it would help us.")
    assert [(result.text[m.begin : m.end], m.entity) for m in result.mentions] == [
        ("US", "united-states")
    ]


def test_a_surname_after_the_full_name_is_the_same_person():
    result = run("Interior Minister Kipchumba Murkomen spoke. Later Murkomen left Nairobi.")
    assert [m.entity for m in result.mentions if result.text[m.begin : m.end] == "Murkomen"] == [
        "kipchumba-murkomen"
    ]


def test_a_new_person_with_a_title_is_proposed_with_the_post():
    result = run("Uganda's defence minister, Jacob Oboth, visited Kampala on Monday.")
    assert result.new["jacob-oboth"][0].type == "Person"
    assert [(h.person, h.post) for h in result.holdings] == [
        ("jacob-oboth", "defence-minister-of-uganda")
    ]
    assert result.new["defence-minister-of-uganda"][0].type == "Post"


def test_a_title_before_the_name_takes_its_state_from_the_sentence():
    result = run("In Nairobi, Interior Cabinet Secretary Kipchumba Murkomen met the officers.")
    assert [(h.person, h.post) for h in result.holdings] == [
        ("kipchumba-murkomen", "interior-minister-of-kenya")
    ]


def test_no_state_in_sight_means_no_post():
    result = run("Prime Minister Jane Doe spoke at length.")
    assert "jane-doe" in result.new
    assert result.holdings == []


def test_a_speaker_of_a_quote_is_a_new_person():
    result = run("“We are tired,” said Paul Desir, a mechanic.")
    assert result.new["paul-desir"][0].type == "Person"
    assert [(q.speaker, result.text[q.begin : q.end]) for q in result.quotations] == [
        ("paul-desir", "We are tired")
    ]


@pytest.mark.parametrize(
    ("words", "kind", "value", "earliest", "latest"),
    [
        ("on 3 May 2024", "xsd:date", "2024-05-03", None, None),
        ("on May 3, 2024", "xsd:date", "2024-05-03", None, None),
        ("in August 2023", "xsd:gYearMonth", "2023-08", None, None),
        ("in 2022 alone", "xsd:gYear", "2022", None, None),
        ("since June 2024", "bounds", None, "2024-06", "publication"),
    ],
)
def test_absolute_dates_need_no_anchor(words, kind, value, earliest, latest):
    (t,) = run(f"It happened {words}.").times
    assert (t.kind, t.value, t.earliest, t.latest) == (kind, value, earliest, latest)
    assert t.basis == "stated"


@pytest.mark.parametrize(
    ("words", "kind", "value", "earliest", "latest"),
    [
        ("on Tuesday", "xsd:date", "2024-03-12", None, None),  # the anchor is a Thursday
        ("in January", "xsd:gYearMonth", "2024-01", None, None),
        ("in November", "xsd:gYearMonth", "2023-11", None, None),
        ("on 2 December", "xsd:date", "2023-12-02", None, None),
        ("last year", "xsd:gYear", "2023", None, None),
        ("in October of last year", "xsd:gYearMonth", "2023-10", None, None),
        ("last week", "bounds", None, "2024-03-04", "2024-03-10"),
        ("earlier this month", "bounds", None, "2024-03-01", "publication"),
        ("since August", "bounds", None, "2023-08", "publication"),
    ],
)
def test_relative_dates_resolve_against_the_date_given(words, kind, value, earliest, latest):
    anchor = date(2024, 3, 14)
    (t,) = run(f"The officers left {words}.", anchor).times
    assert (t.kind, t.value, t.earliest, t.latest) == (kind, value, earliest, latest)
    assert t.basis == "relative"


@pytest.mark.parametrize("words", ["on Tuesday", "last year", "in January", "earlier this month"])
def test_without_a_date_relative_dates_stay_unresolved(words):
    (t,) = run(f"The officers left {words}.").times
    assert (t.kind, t.value, t.earliest, t.latest) == ("unresolved", None, None, None)


def test_durations_are_not_dates():
    assert run("The force was authorised for twelve months, two months after the vote.").times == []


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier", "measure"),
    [
        ("Six hundred police officers arrived in Haiti.", "600", "exact", "personnel-arrived"),
        ("Over 1,200 soldiers have been deployed.", "1,200", "more-than", "personnel-deployed"),
        ("The country pledged up to 300 troops.", "300", "up-to", "personnel-pledged"),
        ("At least 45 people were killed in the attack.", "45", "at-least", "killed"),
        ("Nearly 5.6 thousand people were displaced.", "5,600", "nearly", "displaced"),
        (
            "Gangs control about 60 percent of the city.",
            "60",
            "approximately",
            "territory-controlled",
        ),
    ],
)
def test_figures_with_number_qualifier_and_measure(sentence, value, qualifier, measure):
    (f,) = run(sentence).figures
    assert (f.value, f.qualifier, f.measure) == (value, qualifier, measure)


def test_a_figure_is_attributed_to_who_estimates_it():
    result = run("The United Nations estimates that in 2023 alone, 4,000 lives were lost.")
    (f,) = result.figures
    assert (f.value, f.qualifier, f.measure, f.reporter) == (
        "4,000",
        "estimate",
        "killed",
        "united-nations",
    )


def test_a_number_that_counts_nothing_known_is_left_alone():
    assert run("The shop was robbed three times in a month.").figures == []


def test_a_pronoun_after_a_quote_is_the_last_person_named():
    text = (
        "Interior Minister Kipchumba Murkomen spoke in Nairobi. "
        "“We will not leave,” he remarked, to applause."
    )
    (q,) = run(text).quotations
    assert (q.speaker, text[q.begin : q.end]) == ("kipchumba-murkomen", "We will not leave")


def test_a_quote_after_declaring_belongs_to_the_speaker_before_it():
    text = "President William Ruto spoke to the troops, declaring, “You make us proud.”"
    (q,) = run(text).quotations
    assert q.speaker == "william-ruto"


def test_an_arrival_with_its_day_place_roles_and_contingent():
    result = run(
        "Three hundred Kenyan police officers arrived in Haiti on Friday.", date(2024, 7, 20)
    )
    (event,) = [e for e in result.events if e.type == "ContingentArrival"]
    assert event.time == {"date": "2024-07-19"}
    assert event.place == "haiti"
    assert event.roles == {"sender": ["kenya"], "agent": ["kenyan-contingent-2024-07-19"]}
    assert result.new["kenyan-contingent-2024-07-19"][0].type == "Contingent"


def test_an_event_gets_no_place_or_time_the_text_does_not_give():
    result = run("Kenyan police officers arrived to join the mission.")
    (event,) = [e for e in result.events if e.type == "ContingentArrival"]
    assert event.place is None
    assert event.time == {}
    assert event.roles["agent"] == ["kenyan-police"]  # no day: no contingent is made up


def test_an_unresolved_date_gives_an_event_no_time():
    (event,) = [e for e in run("Kenyan police officers arrived on Friday.").events]
    assert event.time == {}


@pytest.mark.parametrize(
    ("sentence", "kind", "role", "actor"),
    [
        ("Kenya pledged 500 officers to the force.", "Pledge", "pledger", "kenya"),
        (
            "The UN Security Council authorised the mission.",
            "Authorization",
            "agent",
            "un-security-council",
        ),
        ("Kenya’s decision has sparked debate among lawmakers.", "Debate", "participant", "kenya"),
        (
            "Prime Minister Fils-Aime thanked Kenya for its help.",
            "PublicStatement",
            "speaker",
            "alix-didier-fils-aime",
        ),
    ],
)
def test_trigger_words_give_typed_events_with_roles(sentence, kind, role, actor):
    events = [e for e in run(sentence).events if e.type == kind]
    assert len(events) == 1
    assert actor in events[0].roles.get(role, [])


def test_future_words_trigger_nothing():
    assert [e.type for e in run("Kenya deployed officers in June.").events] == []  # no auxiliary
    assert [e.type for e in run("Kenya has deployed officers.").events] == ["Deployment"]
    assert run("Kenya will have deployed officers by June.").events == []


def test_quoted_words_trigger_nothing():
    assert run("“We arrived too late,” said Paul Desir, a driver.").events == []


def _draft_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "haitikg", "draft", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(Path(__file__).parents[1] / "src"), "PATH": "/usr/bin:/bin"},
    )


def test_the_command_writes_drafts_in_the_v2_format(tmp_path: Path):
    article = tmp_path / "test-article.txt"
    article.write_text(
        "Two hundred Kenyan police officers arrived in Haiti on Friday.", encoding="utf-8"
    )
    done = _draft_cli(
        tmp_path, str(article), "--date", "2024-07-20", "--out", str(tmp_path / "out")
    )
    assert done.returncode == 0, done.stderr
    meta = yaml.safe_load((tmp_path / "out" / "test-article.meta.yaml").read_text())
    ann = yaml.safe_load((tmp_path / "out" / "test-article.ann.yaml").read_text())
    assert meta["published"] == date(2024, 7, 20) and "date" not in meta
    assert (tmp_path / "out" / "test-article.txt").read_bytes() == article.read_bytes()
    items = ann["mentions"] + ann["dates"] + ann["facts"] + list(ann["entities"].values())
    assert items and all(
        i["status"] == "draft" and 0 < i["confidence"] <= 1 and i["cue"] for i in items
    )
    (event,) = [f for f in ann["facts"] if f["kind"] == "event"]
    assert event["date"] == "2024-07-19" and event["place"] == "haiti"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt"], "does not exist"),
        (["a.txt", "--date", "2024-13-40"], "is not a day"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path: Path, args, message):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    done = _draft_cli(tmp_path, *args)
    assert done.returncode != 0
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Seventy-five soldiers arrived in Haiti.", "75", "soldiers"),
        ("A 230-strong police contingent arrived in Haiti.", "230", "personnel"),
    ],
)
def test_number_words_and_strong_units(sentence, value, unit):
    (f,) = run(sentence).figures
    assert (f.value, f.unit, f.measure) == (value, unit, "personnel-arrived")


def test_regions_by_name_and_adjective():
    result = run("Caribbean and West African officers joined the force.")
    assert [m.entity for m in result.mentions] == ["caribbean", "west-africa"]


def test_said_is_a_public_statement_only_for_office_holders_and_bodies():
    text = (
        "Uganda's foreign minister, Jeje Odongo, said the troops were ready. "
        "The United Nations said the force needed money. "
        "Residents were afraid, Paul Desir said."
    )
    speakers = [e.roles["speaker"] for e in run(text).events if e.type == "PublicStatement"]
    assert speakers == [["jeje-odongo"], ["united-nations"]]


def test_the_end_of_a_year_is_an_upper_bound():
    (t,) = run("The force should be complete by the end of 2026.").times
    assert (t.kind, t.latest) == ("bounds", "2026-12-31")
