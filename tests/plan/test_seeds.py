"""What the seed articles ask for is in the plan (issue 13, point 15): a morning routine that
moves on to sitting extension and rotation (seed 001), pelvic tilts in week 1 and knees to chest
a few times a day (seed 002), a twist in the morning and neck tilts before bed (seed 004)."""

from __future__ import annotations

from datetime import date

from backbeat.catalog.loader import builtin
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import Profile

CATALOGUE = builtin()
MONDAY = date(2026, 11, 23)


def _week(pain: int = 2) -> list[dict[str, list[str]]]:
    plan = make_plan(Profile(pain=pain), CATALOGUE, [], MONDAY, 7)
    assert plan.week == 1
    return [{s.moment: [i.move for i in s.items] for s in day.slots} for day in plan.days]


def test_week_one_mornings_hold_pelvic_tilts_and_seated_extension_and_rotation() -> None:
    mornings = [day["morning"] for day in _week()]
    moved = {m for morning in mornings for m in morning}
    assert "pelvic-tilt" in moved
    assert {"seated-rotation", "seated-thoracic-extension"} <= moved
    twists = [m for m in moved if "twist" in CATALOGUE.movements[m].tags]
    assert twists  # a gentle spinal twist to begin the day


def test_knees_to_chest_comes_a_few_times_a_day_and_neck_tilts_end_it() -> None:
    for day in _week():
        assert day["waking"].count("knees-to-chest") == 1
        assert day["bedtime"][-2:] == ["knees-to-chest", "neck-tilts"]
        assert sum(moves.count("knees-to-chest") for moves in day.values()) >= 2


def test_the_extras_follow_safety_limits_and_the_avoid_list() -> None:
    plan = make_plan(Profile(prefs={"avoid": ["neck-tilts"]}), CATALOGUE, [], MONDAY)
    assert all(i.move != "neck-tilts" for s in plan.days[0].slots for i in s.items)
    severe = make_plan(Profile(pain=9), CATALOGUE, [], MONDAY)
    for slot in severe.days[0].slots:
        assert len(slot.items) <= 2
        assert all(CATALOGUE.movements[i.move].effort <= 2 for i in slot.items)
