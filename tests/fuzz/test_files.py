"""Fuzzing the files a person keeps or brings: a profile, a movement file of their own and a
journal export, each damaged in one to three places. Every face that reads them answers without
a traceback or a 500, a bad movement file is skipped (the catalogue still loads), a refused
import stores nothing, and Settings saved over a damaged profile leaves one that can be read."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given, note
from hypothesis import strategies as st

from backbeat.catalog.loader import BUILTIN_DIR
from backbeat.web.guard import CSRF_FIELD
from tests.cli.test_plan import DESK
from tests.fuzz.conftest import Browser, Person, answered, calm
from tests.fuzz.odd import DEEP, HUGE, fuzz, json_text, json_values_with, mutated_toml, shown
from tests.fuzz.test_web_forms import SETTINGS

PROFILE = "# my back, my day\n" + DESK.replace(
    "[prefs]\n", '[prefs]  # what suits me\nquiet = ["12:30-13:30"]\nsnooze = 15\n'
)
PAGES = ("/", "/settings", "/session", "/api/v1/today")


@fuzz(40)
@given(text=mutated_toml(PROFILE))
@example(text=PROFILE.replace("pain = 4", "pain = " + "9" * 5000))  # found by this fuzz
def test_a_damaged_profile_is_named_on_every_face_and_settings_mend_it(
    person: Person, browser: Browser, text: str
) -> None:
    note(shown(text))
    person.give_profile(text)
    journal, profile = person.journal(), person.profile()
    for argv in (("plan", "--json"), ("remind", "--dry-run"), ("now", "--dry-run")):
        person.refused_changes_nothing(person.run(*argv), journal, profile)
    for path in PAGES:
        answered(browser.client.get(path))
    saved = browser.post("/settings", SETTINGS)
    answered(saved)
    if saved.status_code == 303:  # saved: a profile that every face can read
        mended = person.run("plan")
        assert mended.status == 0, mended.err
        assert browser.client.get("/").status_code == 200
    else:
        assert person.profile() == profile


def _own_movement() -> str:
    text = (BUILTIN_DIR / "knee-rolls.toml").read_text()
    return text.replace('id = "knee-rolls"', 'id = "my-rolls"', 1).replace(
        'name = "Knee rolls"', 'name = "My knee rolls"', 1
    )


@fuzz(30)
@given(text=mutated_toml(_own_movement()))
@example(text=_own_movement().replace("effort = 2", "effort = " + "9" * 5000))
def test_a_damaged_movement_file_is_skipped_and_the_catalogue_still_loads(
    person: Person, text: str
) -> None:
    note(shown(text))
    folder = person.home / "movements"
    folder.mkdir(exist_ok=True)
    (folder / "my-rolls.toml").write_text(text)
    listed = person.run("moves", "--json")
    calm(listed)
    assert listed.status == 0 and '"knee-rolls"' in listed.out
    checked = person.run("catalog", "check", str(folder / "my-rolls.toml"))
    calm(checked)
    assert checked.status in (0, 1)
    journal, profile = person.journal(), person.profile()
    for argv in (
        ("moves", "show", "my-rolls", "--json", "--svg", "figure.svg"),
        ("session", "my-rolls", "--dry-run", "--json"),
        ("plan", "--days", "7"),
    ):
        person.refused_changes_nothing(person.run(*argv), journal, profile)


import_values = json_values_with(HUGE)  # a number of 5,000 digits among them


@st.composite
def exports(draw: st.DrawFn, base: str) -> str:
    """An export file with one to three changes to its records or heading, or its text cut
    short, or nesting deeper than any parser goes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["[" * DEEP, '{"records": ' + "[" * DEEP, "", base[:-7]]))
    data: dict[str, Any] = json.loads(base)
    for _ in range(draw(st.integers(1, 3))):
        records = data["records"]
        kept = [r for r in records if isinstance(r, dict)] if isinstance(records, list) else []
        how = draw(st.integers(0, 9))
        if how < 7 and kept:
            record = draw(st.sampled_from(kept))
            key = draw(st.sampled_from([*sorted(record), "extra", "ended", "session"]))
            record[key] = draw(import_values)
        elif how < 9 or not isinstance(records, list):
            key = draw(st.sampled_from(["format", "version", "records", "extra"]))
            data[key] = draw(import_values)
        else:
            records.append(draw(import_values))
    return json_text(data)


EXPORT = json.dumps(
    {
        "format": "backbeat-journal",
        "version": 1,
        "records": [
            {"at": "2026-11-20T07:10:00+01:00", "morning_pain": 4, "stiffness": 3},
            {
                "at": "2026-11-20T07:20:00+01:00",
                "move": "knee-rolls",
                "pain_during": 2,
                "pain_after": 1,
                "sharp": False,
                "difficulty": "ok",
                "hurt": False,
            },
            {
                "at": "2026-11-20T08:00:00+01:00",
                "ended": "2026-11-20T08:05:00+01:00",
                "slot": "waking",
                "session": ["knee-rolls", "cat-cow"],
                "done": ["knee-rolls"],
                "skipped": [],
                "stopped": ["cat-cow"],
                "ended_early": True,
            },
            {
                "at": "2026-11-20T20:00:00+01:00",
                "weekly_pain": 4,
                "interference": 3,
                "activity": "gardening",
                "activity_ability": 6,
            },
        ],
    }
)


@fuzz(120)
@given(text=exports(EXPORT))
def test_a_damaged_import_is_refused_whole_on_both_faces(
    person: Person, browser: Browser, text: str
) -> None:
    note(shown(text))
    path = person.folder / "journal.json"
    path.write_text(text)
    journal, profile = person.journal(), person.profile()
    result = person.run("import", str(path))
    person.refused_changes_nothing(result, journal, profile)
    assert result.status in (0, 1)
    journal = person.journal()
    sent = browser.client.post(
        "/settings/import",
        data={CSRF_FIELD: browser.site.csrf},
        files={"file": ("journal.json", text.encode(), "application/json")},
    )
    answered(sent)
    if sent.status_code >= 400:
        assert browser.journal() == journal and person.profile() == profile


def test_an_import_with_a_number_of_5000_digits_is_refused_and_changes_nothing(
    person: Person, browser: Browser
) -> None:
    text = EXPORT.replace('"morning_pain": 4', '"morning_pain": ' + "9" * 5000)
    path = person.folder / "journal.json"
    path.write_text(text)
    journal = person.journal()
    result = person.run("import", str(path))
    calm(result)
    assert result.status == 1 and person.journal() == journal
    sent = browser.client.post(
        "/settings/import",
        data={CSRF_FIELD: browser.site.csrf},
        files={"file": ("journal.json", text.encode(), "application/json")},
    )
    assert sent.status_code == 400 and browser.journal() == journal
