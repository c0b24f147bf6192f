"""Who needs a clinician's attention first: the rules' order as properties over any journal,
and each rule's threshold at its edge. Pure: no database."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from backbeat.clinic.attention import (
    ADHERENCE_DROP,
    INACTIVE_DAYS,
    MORNING_RISE,
    RULES,
    Attention,
    Recent,
    assess,
    ordered,
    recent_of,
)
from backbeat.records import MorningRecord, MoveRecord, PlanRecord, Record, SessionRecord

TODAY = date(2026, 11, 23)  # a Monday
ZONE = timezone(timedelta(hours=2))
NAMES = {"knee-rolls": "Knee rolls", "cat-cow": "Cat and cow"}
MOVES = ("knee-rolls", "cat-cow")


def at(days_ago: int, hour: int = 8) -> datetime:
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)


def plan(days_ago: int, items: int) -> PlanRecord:
    day = (TODAY - timedelta(days=days_ago)).isoformat()
    slot = {"id": f"{day}/waking", "time": "07:00", "items": [{"move": "cat-cow"}] * items}
    return PlanRecord(at=at(days_ago, 6), plan={"days": [{"date": day, "slots": [slot]}]})


@st.composite
def journals(draw: st.DrawFn) -> list[Record]:
    """Any two weeks and a bit of a journal: check-ins, movements (now and then one that hurt
    or was sharp), sessions with a movement stopped, and plans given."""
    records: list[Record] = []
    for n in draw(st.sets(st.integers(0, 16), max_size=17)):
        if draw(st.booleans()):
            records.append(MorningRecord(at=at(n), morning_pain=draw(st.integers(0, 10))))
        for k in range(draw(st.integers(0, 3))):
            hurt = draw(st.integers(0, 9)) == 0
            records.append(
                MoveRecord(
                    at=at(n, 9 + k),
                    move=draw(st.sampled_from(MOVES)),
                    pain_during=None if hurt else draw(st.integers(0, 10)),
                    hurt=hurt,
                    sharp=draw(st.integers(0, 9)) == 0,
                )
            )
        if draw(st.integers(0, 5)) == 0:
            records.append(
                SessionRecord(
                    at=at(n, 18),
                    ended=at(n, 19),
                    session=list(MOVES),
                    stopped=[draw(st.sampled_from(MOVES))],
                )
            )
        if draw(st.booleans()):
            records.append(plan(n, draw(st.integers(0, 6))))
    return records


SCREENS: st.SearchStrategy[dict[str, bool] | None] = st.one_of(
    st.none(),
    st.just({}),
    st.just({"osteoporosis_steroids": True}),  # adapts the plan, refers only with an injury
    st.just({"night_pain": True}),
    st.just({"bladder_bowel": True, "fever": True}),
)


@st.composite
def patients(draw: st.DrawFn) -> Recent:
    joined = TODAY - timedelta(days=draw(st.integers(0, 60)))
    return recent_of(draw(journals()), TODAY, screen=draw(SCREENS), joined=joined)


def place(recents: list[Recent], who: int) -> int:
    found = ordered((f"p{n:03}", n, assess(r, TODAY, NAMES)) for n, r in enumerate(recents))
    return [n for _, n, _ in found].index(who)


@settings(max_examples=150, deadline=None)
@given(st.lists(patients(), min_size=1, max_size=6), st.data())
def test_a_red_flag_never_moves_a_patient_down(recents: list[Recent], data: st.DataObject) -> None:
    who = data.draw(st.integers(0, len(recents) - 1))
    before = place(recents, who)
    flagged = list(recents)
    flagged[who] = Recent(**{**vars(recents[who]), "screen": {"leg_weakness": True}})
    assert place(flagged, who) <= before
    assert assess(flagged[who], TODAY, NAMES).concerns[0].rule == "red-flag"


@settings(max_examples=150, deadline=None)
@given(st.lists(patients(), min_size=1, max_size=6), st.data())
def test_saying_this_hurts_never_moves_a_patient_down(
    recents: list[Recent], data: st.DataObject
) -> None:
    who = data.draw(st.integers(0, len(recents) - 1))
    days_ago = data.draw(st.integers(0, 6))
    before = place(recents, who)
    hurt = MoveRecord(at=at(days_ago, 21), move="knee-rolls", hurt=True)
    again = list(recents)
    mine = recents[who]
    extra = recent_of([hurt], TODAY)
    again[who] = Recent(**{**vars(mine), "hurts": (*mine.hurts, *extra.hurts)})
    assert place(again, who) <= before
    rules = [c.rule for c in assess(again[who], TODAY, NAMES).concerns]
    assert "hurt" in rules


@settings(max_examples=200, deadline=None)
@given(st.lists(patients(), min_size=1, max_size=8))
def test_the_order_goes_by_the_highest_rule_and_each_reason_is_its_first_concern(
    recents: list[Recent],
) -> None:
    found = ordered((f"p{n:03}", n, assess(r, TODAY, NAMES)) for n, r in enumerate(recents))
    ranks = [a.rank() for _, _, a in found]
    assert ranks == sorted(ranks)
    for _, _, seen in found:
        rules = [RULES.index(c.rule) for c in seen.concerns]
        assert rules == sorted(rules) and len(set(rules)) == len(rules)
        assert seen.needed == (seen.reason is not None)
        assert seen.reason is None or "\n" not in seen.reason


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 8),
    st.lists(st.integers(0, 1), min_size=15, max_size=15),
    st.lists(st.integers(1, 3), min_size=15, max_size=15),
    st.integers(0, INACTIVE_DAYS - 1),
    st.sampled_from([None, {}, {"osteoporosis_steroids": True}, {"minor_injury": True}]),
)
def test_a_patient_with_nothing_notable_has_no_reason(
    base: int, wobble: list[int], moves: list[int], rest: int, screen: object
) -> None:
    """Mornings within a point of each other, movements that did not hurt, every plan kept,
    something recorded in the last few days, and no red flag: nothing to say."""
    records: list[Record] = []
    for n in range(rest, 15):
        records.append(MorningRecord(at=at(n), morning_pain=base + wobble[n]))
        records += [
            MoveRecord(at=at(n, 9 + k), move="cat-cow", pain_during=2) for k in range(moves[n])
        ]
        records.append(plan(n, moves[n]))
    seen = assess(recent_of(records, TODAY, screen=screen), TODAY, NAMES)
    assert seen == Attention((), at(rest, 9 + moves[rest] - 1))
    assert seen.reason is None and not seen.needed


def _reason(
    records: list[Record], *, screen: object = None, joined: date | None = None
) -> str | None:
    return assess(recent_of(records, TODAY, screen=screen, joined=joined), TODAY, NAMES).reason


def test_this_hurts_is_said_with_the_movement_and_the_day() -> None:
    records: list[Record] = [MoveRecord(at=at(0, 7), move="cat-cow", pain_during=1)]
    records.append(MoveRecord(at=at(6), move="knee-rolls", hurt=True))
    assert _reason(records) == 'Said "this hurts" during knee rolls on Tuesday'
    records.append(MoveRecord(at=at(1), move="cat-cow", pain_during=5, sharp=True))
    assert _reason(records) == "Felt sharp pain during cat and cow yesterday (2 times this week)"
    stopped = SessionRecord(
        at=at(6), ended=at(6, 9), session=["knee-rolls"], stopped=["knee-rolls"]
    )
    assert _reason([*records, stopped]) == _reason(records)  # the session's stop, counted once
    old = [MoveRecord(at=at(7), move="knee-rolls", hurt=True), *records[:1]]
    assert _reason(old) is None  # a week ago: last week's


def test_morning_pain_rising_by_the_threshold() -> None:
    def mornings(before: list[int], now: list[int]) -> list[Record]:
        found: list[Record] = [
            MorningRecord(at=at(7 + n), morning_pain=p) for n, p in enumerate(before)
        ]
        return found + [MorningRecord(at=at(n), morning_pain=p) for n, p in enumerate(now)]

    assert MORNING_RISE == 2
    assert _reason(mornings([3, 3], [5, 4])) is None  # up 1.5
    assert _reason(mornings([3, 3], [5, 5])) == (
        "Morning pain up from 3.0 to 5.0 out of 10 (this week's check-ins against the week before)"
    )
    assert _reason(mornings([3], [5, 5])) is None  # one check-in the week before is too few


def test_adherence_falling_by_the_threshold() -> None:
    def weeks(before: int, now: int) -> list[Record]:
        found: list[Record] = [plan(n, 10) for n in range(1, 15)]
        for n in range(1, 15):
            done = now if n <= 7 else before
            found += [
                MoveRecord(at=at(n, 8) + timedelta(minutes=k), move="cat-cow", pain_during=1)
                for k in range(done)
            ]
        return [*found, MorningRecord(at=at(0), morning_pain=2)]

    assert ADHERENCE_DROP == 30
    assert _reason(weeks(8, 6)) is None  # 80% to 60%
    assert _reason(weeks(9, 6)) == (
        "Did 60% of their planned movements in the last 7 days, down from 90% the week before"
    )
    assert _reason(weeks(9, 6)[14:]) is None  # no plans given: nothing to measure against


def test_nothing_recorded_for_five_days() -> None:
    assert INACTIVE_DAYS == 5
    assert _reason([MorningRecord(at=at(4), morning_pain=2)]) is None
    assert _reason([MorningRecord(at=at(5), morning_pain=2)]) == (
        "Nothing recorded for 5 days (the last: a morning check-in on Wednesday)"
    )
    assert _reason([], joined=TODAY - timedelta(days=3)) is None  # invited lately
    assert _reason([], joined=TODAY - timedelta(days=9)) == (
        "Nothing recorded in the 9 days since they joined"
    )
    assert _reason([], joined=TODAY - timedelta(days=40)) == "Nothing recorded in the last 2 weeks"


def test_a_red_flag_names_the_answer_and_how_soon() -> None:
    said = _reason([], screen={"bladder_bowel": True, "night_pain": True})
    assert said == (
        'Red flag in their safety answers: "new trouble passing urine or controlling your '
        'bladder or bowel" and 1 more (needs a doctor now)'
    )
    assert _reason([], screen={"osteoporosis_steroids": True}, joined=TODAY) is None
