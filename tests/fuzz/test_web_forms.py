"""Fuzzing the web app's forms: each form as its page sends it, with one to three fields made
odd (or left out, sent twice, or joined by a field no page has), answers without a 500, and a
refusal (4xx) stores nothing and leaves the profile as it was. Every page still opens after.

The forms are posted as a hand-made request would: the browser's own checks (``required``,
``maxlength``, ``type="number"``) are not there to help."""

from __future__ import annotations

from hypothesis import given, note
from hypothesis import strategies as st

from backbeat.safety.wording import QUESTIONS
from tests.fuzz.conftest import Browser, Person, answered
from tests.fuzz.odd import fuzz, sent_texts, short_texts, shown

SAFE = {f"screen-{key}": "no" for key in QUESTIONS}
DAY = {
    "age": "41", "onset": "weeks", "pain": "4", "wake": "07:00", "sleep": "23:00",
    "work_place": "desk", "work_start": "09:00", "work_end": "17:30",
    "work_days": ["mon", "tue", "wed"], "moment-0-name": "TV", "moment-0-at": "21:00",
    "moment-0-place": "sofa", "minutes_per_day": "20", "walk": "yes",
}  # fmt: skip
SETTINGS = {
    "pain": "4", "age": "41", "onset": "", "wake": "07:00", "sleep": "23:00",
    "work-0-start": "09:00", "work-0-end": "17:30", "work-0-place": "desk",
    "work-0-days": ["mon", "tue", "wed", "thu", "fri"], "work-1-start": "", "work-1-end": "",
    "work-1-place": "car", "moment-0-name": "TV", "moment-0-at": "21:00",
    "moment-0-place": "sofa", "moment-1-name": "", "minutes_per_day": "20",
    "break_every": "30", "walk": "yes", "avoid": ["bird-dog"], **SAFE,
}  # fmt: skip
FORMS: dict[str, dict[str, object]] = {
    "/journal/log": {
        "move": "knee-rolls",
        "pain_during": "2",
        "pain_after": "1",
        "sharp": "yes",
        "difficulty": "ok",
        "at": "2026-11-23T08:00",
    },
    "/journal/checkin": {"morning_pain": "3", "stiffness": "2", "at": "2026-11-23T07:00"},
    "/progress/review": {
        "weekly_pain": "3",
        "interference": "2",
        "activity": "gardening",
        "activity_ability": "6",
        "rescreen": "no",
        "flag": [],
    },
    "/session/checkin": {
        "started": "knee-rolls cat-cow",
        "completed": "knee-rolls",
        "skipped": "",
        "hurt": "cat-cow",
        "taken": "",
        "ended_early": "yes",
        "seconds": "95",
        "planned": "knee-rolls cat-cow",
        "slot": "desk",
        "answered": "yes",
        "pain": "2",
        "pain_after": "1",
        "sharp": "no",
        "difficulty": "ok",
    },
    "/start": {**SAFE, "replace": "yes"},
    "/start/day": {**SAFE, **DAY, "replace": "yes"},
    "/settings": SETTINGS,
}
ODD = st.one_of(sent_texts, short_texts, st.lists(sent_texts, min_size=2, max_size=3))
PAGES = ("/", "/plan", "/journal", "/progress", "/settings", "/session", "/handout")


@st.composite
def forms(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A form as its page sends it, then one to three of its fields changed: an odd value, a
    name left out, or a name no page sends."""
    action = draw(st.sampled_from(sorted(FORMS)))
    form = dict(FORMS[action])
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from([*sorted(form), "moment-4-name", "screen-fever", "extra"]))
        if draw(st.integers(0, 5)) == 0:
            form.pop(name, None)
        else:
            form[name] = draw(ODD)
    return action, form


@fuzz(250)
@given(sent=forms())
def test_any_form_is_answered_and_a_refusal_changes_nothing(
    person: Person, browser: Browser, sent: tuple[str, dict[str, object]]
) -> None:
    action, form = sent
    note(f"POST {action} {shown(form)}")
    journal, profile = browser.journal(), person.profile()
    response = browser.post(action, form)
    answered(response)
    if 400 <= response.status_code < 500:
        assert browser.journal() == journal, "refused, yet stored"
        assert person.profile() == profile, "refused, yet the profile changed"
    elif action in ("/settings", "/start/day"):  # a profile saved is one that can be read
        assert browser.client.get("/").status_code == 200
    person.give_profile()


@fuzz(40)
@given(action=st.sampled_from(sorted(FORMS)), token=st.one_of(st.none(), sent_texts, short_texts))
def test_a_form_without_this_apps_token_is_refused_and_changes_nothing(
    person: Person, browser: Browser, action: str, token: str | None
) -> None:
    journal, profile = browser.journal(), person.profile()
    form = dict(FORMS[action], **({} if token is None else {"csrf": token}))
    response = browser.client.post(action, data=form)
    assert response.status_code == 403
    assert browser.journal() == journal and person.profile() == profile


def test_every_page_opens_after_the_forms_were_fuzzed(person: Person, browser: Browser) -> None:
    for action, form in FORMS.items():
        answered(browser.post(action, form))
    for path in PAGES:
        answered(browser.client.get(path))
