"""The red-flag screen (NICE NG59, the GIRFT cauda equina pathway, IFOMPT, NICE NG234): every
key, its level, the highest level deciding, bones at risk, and the advice a plan gives."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from backbeat.catalog.loader import builtin
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import Profile
from backbeat.records import MorningRecord
from backbeat.safety import wording
from backbeat.safety.screen import (
    EMERGENCY,
    RED_FLAGS,
    SOON,
    URGENT,
    Screen,
    level_of,
    refer,
    refer_answers,
)

CATALOGUE = builtin()
MONDAY = date(2026, 11, 23)
FRAGILE_TAGS = {"loaded-flexion", "end-range-twist"}


def test_every_question_is_a_key_of_the_screen_and_every_key_is_asked() -> None:
    assert list(wording.QUESTIONS) == list(Screen.model_fields)
    assert set(RED_FLAGS) == set(wording.RED_FLAGS)
    assert set(EMERGENCY) | set(URGENT) | set(SOON) == set(RED_FLAGS)


@pytest.mark.parametrize(
    ("key", "level"),
    [(k, "emergency") for k in EMERGENCY]
    + [(k, "urgent") for k in URGENT]
    + [(k, "soon") for k in SOON],
)
def test_each_red_flag_refers_at_its_level(key: str, level: str) -> None:
    referral = refer(Screen(**{key: True}))
    assert referral is not None and referral.level == level == level_of(key)
    assert referral.urgent == (level != "soon")
    assert referral.reasons == (wording.RED_FLAGS[key],)
    assert referral.as_json() == {
        "urgent": level != "soon",
        "level": level,
        "reasons": [wording.RED_FLAGS[key]],
        "message": referral.message,
    }
    plan = make_plan(Profile(screen=Screen(**{key: True})), CATALOGUE, [], MONDAY, 3)
    assert plan.referral == referral and all(not d.slots for d in plan.days)
    assert plan.as_json()["advice"] == []


def test_the_words_say_how_soon() -> None:
    now = refer(Screen(bladder_bowel=True))
    today = refer(Screen(fever=True))
    weeks = refer(Screen(weight_loss=True))
    assert now is not None and "emergency department" in now.message
    assert today is not None and "today" in today.message and "emergency" not in today.message
    assert weeks is not None and "two weeks" in weeks.message


@pytest.mark.parametrize(
    ("keys", "level"),
    [
        (("weight_loss", "fever"), "urgent"),
        (("night_pain", "saddle_numbness"), "emergency"),
        (("cancer_history", "leg_weakness", "thoracic_pain"), "emergency"),
        (("inflammatory", "thoracic_pain"), "soon"),
        (("infection_risk", "night_pain"), "urgent"),
    ],
)
def test_the_highest_level_present_decides(keys: tuple[str, ...], level: str) -> None:
    referral = refer(Screen(**dict.fromkeys(keys, True)))
    assert referral is not None and referral.level == level
    assert len(referral.reasons) == len(keys)


def test_fragile_bones_alone_adapt_the_plan_instead_of_blocking_it() -> None:
    profile = Profile(screen=Screen(osteoporosis_steroids=True))
    assert refer(profile.screen) is None
    plan = make_plan(profile, CATALOGUE, [], MONDAY, 7)
    assert plan.referral is None and all(d.slots for d in plan.days)
    for day in plan.days:
        assert wording.FRAGILE_BONES in day.notes
        for slot in day.slots:
            for item in slot.items:
                assert not FRAGILE_TAGS & set(CATALOGUE.movements[item.move].tags), item.move
    tagged = {m.id for m in CATALOGUE.movements.values() if FRAGILE_TAGS & set(m.tags)}
    assert {"seated-forward-fold", "seated-twist"} <= tagged


@pytest.mark.parametrize("injury", ["trauma", "minor_injury"])
def test_fragile_bones_with_any_injury_are_urgent(injury: str) -> None:
    referral = refer(Screen(osteoporosis_steroids=True, **{injury: True}))
    assert referral is not None and referral.level == "urgent" and referral.urgent
    assert wording.FRACTURE_RISK in referral.reasons


def test_a_small_fall_alone_does_not_block_a_plan() -> None:
    assert refer(Screen(minor_injury=True)) is None


def test_a_red_flag_is_read_even_when_another_key_is_wrong() -> None:
    referral = refer_answers({"fever": True, "weight_loss": "yes", "nonsense": 3})
    assert referral is not None and referral.level == "urgent"
    assert refer_answers({"fever": "true"}) is None  # only a real true counts
    assert refer_answers(["fever"]) is None


def _gentle(plan_days: list[object]) -> None:
    for day in plan_days:
        for slot in day.slots:  # type: ignore[attr-defined]
            for item in slot.items:
                assert CATALOGUE.movements[item.move].effort <= 2, item.move


def test_very_high_pain_plans_gently_with_advice() -> None:
    plan = make_plan(Profile(pain=9), CATALOGUE, [], MONDAY, 2)
    assert plan.referral is None and all(d.slots for d in plan.days)
    assert plan.advice == (wording.SEVERE_PAIN_ADVICE,)
    _gentle(list(plan.days))


def test_a_very_bad_morning_narrows_that_day_and_the_two_after() -> None:
    morning = MorningRecord(at=datetime(2026, 11, 24, 7, 30), morning_pain=9)
    plan = make_plan(Profile(pain=3), CATALOGUE, [morning], MONDAY, 5)
    severe = [d.severe for d in plan.days]
    assert severe == [False, True, True, True, False]
    _gentle([d for d in plan.days if d.severe])
    assert wording.SEVERE_PAIN_ADVICE in plan.advice
    later = make_plan(Profile(pain=3), CATALOGUE, [morning], MONDAY + timedelta(days=4))
    assert later.advice == () and not later.days[0].severe


@pytest.mark.parametrize(
    ("age", "onset", "advised"),
    [
        (55, "days", True),
        (50, "weeks", True),
        (19, "weeks", True),
        (49, "days", False),
        (20, "weeks", False),
        (70, "months", False),
        (None, "days", False),
        (60, None, False),
    ],
)
def test_new_pain_young_or_older_is_advised_to_see_a_gp(
    age: int | None, onset: str | None, advised: bool
) -> None:
    profile = Profile.model_validate({"age": age, "onset": onset})
    plan = make_plan(profile, CATALOGUE, [], MONDAY)
    assert plan.referral is None and plan.days[0].slots  # advice never blocks the plan
    expected = [wording.NEW_PAIN_AT_AGE.format(age=age)] if advised else []
    assert plan.as_json()["advice"] == expected
