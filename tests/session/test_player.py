"""The player on a simulated clock: cues fall due on time, pauses shift without skipping,
keys skip, stop and end, and late wake-ups never add up to drift."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backbeat.catalog.schema import Movement
from backbeat.session.checkin import CheckIn, records
from backbeat.session.player import OFFER_S, Now, Outcome, Player
from backbeat.session.timeline import Step, Timeline, build
from tests.session.strategies import CATALOGUE, sessions

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
AT = __import__("datetime").datetime(2026, 11, 21, 9, 0)


@dataclass
class Clock:
    now: float = 1000.0
    late: float = 0.0  # every sleep overshoots by up to this much (a busy machine)
    rng: random.Random = field(default_factory=lambda: random.Random(7))

    def __call__(self) -> float:
        return self.now


@dataclass
class Keys:
    """Presses ``script`` keys at session-clock times (seconds after the first reading)."""

    clock: Clock
    script: list[tuple[float, str]] = field(default_factory=list)

    def wait(self, timeout: float | None) -> str | None:
        if self.script:
            at, key = self.script[0]
            due = self.clock.now if at <= self.clock.now - 1000 else 1000 + at
            if timeout is None or due <= self.clock.now + timeout:
                self.script.pop(0)
                self.clock.now = max(self.clock.now, due)
                return key
        if timeout is None:
            raise AssertionError("waited forever for a key that never came")
        self.clock.now += timeout + self.clock.rng.uniform(0, self.clock.late)
        return None


@dataclass
class Face:
    clock: Clock
    refresh: float | None = None
    shown: list[tuple[float, Now]] = field(default_factory=list)
    said: list[str] = field(default_factory=list)

    def show(self, now: Now) -> None:
        self.shown.append((self.clock.now - 1000, now))

    def redraw(self, now: Now) -> None:
        assert 0 <= now.elapsed <= now.total

    def paused(self, now: Now) -> None:
        self.said.append("paused")

    def resumed(self, now: Now) -> None:
        self.said.append("resumed")

    def note(self, text: str) -> None:
        self.said.append(text)

    def stopped(self, text: str) -> None:
        self.said.append(text)

    def finish(self, outcome: Outcome) -> None:
        self.said.append("finished")


def steps_of(*ids: str) -> list[Step]:
    return [Step.of(CATALOGUE.movements[i]) for i in ids]


def easier(movement: Movement) -> Movement | None:
    return next((CATALOGUE.movements[e] for e in movement.easier), None)


def play(
    timeline: Timeline, script: list[tuple[float, str]] | None = None, late: float = 0.0
) -> tuple[Outcome, Face]:
    clock = Clock(late=late)
    face = Face(clock)
    player = Player(timeline, face, Keys(clock, list(script or [])), clock, easier=easier)
    return player.play(), face


def shown_events(face: Face) -> list[tuple[float, str, str]]:
    return [(at, now.event.kind, now.event.text) for at, now in face.shown]


@FAST
@given(sessions)
def test_every_cue_falls_due_on_time(steps: list[Step]) -> None:
    timeline = build(steps)
    outcome, face = play(timeline)
    assert [now.event for _, now in face.shown] == list(timeline.events)
    assert all(abs(at - now.event.t) < 1e-6 for at, now in face.shown)
    assert not outcome.ended_early and face.said[-1] == "finished"


@FAST
@given(sessions, st.data())
def test_a_pause_shifts_the_timeline_and_skips_nothing(
    steps: list[Step], data: st.DataObject
) -> None:
    timeline = build(steps)
    at = data.draw(st.floats(0.5, timeline.duration - 0.01), label="pause at")
    length = data.draw(st.floats(0.1, 600), label="pause for")
    _, face = play(timeline, [(at, " "), (at + length, " ")])
    assert [now.event for _, now in face.shown] == list(timeline.events)
    for shown_at, now in face.shown:
        expected = now.event.t if now.event.t < at else now.event.t + length
        assert abs(shown_at - expected) < 1e-6
    assert face.said[:2] == ["paused", "resumed"]


def test_late_wake_ups_never_add_up() -> None:
    """Each sleep overshoots by up to 20 ms, a thousand times over: every cue is still within
    20 ms of its time, because each deadline is counted from the start, not from the last cue."""
    timeline = build(steps_of("pelvic-rocking", "knee-rolls", "knees-to-chest", "cat-cow"))
    _, face = play(timeline, late=0.020)
    errors = [at - now.event.t for at, now in face.shown]
    assert len(errors) > 150
    assert all(0 <= e <= 0.020 + 1e-9 for e in errors)
    assert max(errors[-20:]) <= 0.020 + 1e-9


def test_s_skips_the_current_movement_and_the_rest_keeps_its_pace() -> None:
    timeline = build(steps_of("pelvic-tilt", "knee-rolls"))
    first_move = next(e for e in timeline.events if e.kind == "move")
    press = first_move.t + 1
    outcome, face = play(timeline, [(press, "s")])
    assert outcome.skipped == ["pelvic-tilt"] and outcome.started[0] == "pelvic-tilt"
    after = [(at, now.event) for at, now in face.shown if at >= press]
    prepare = timeline.events[timeline.first_of(1)]
    assert after[0][1] == prepare and abs(after[0][0] - press) < 1e-6
    for at, event in after:
        assert abs((at - press) - (event.t - prepare.t)) < 1e-6
    assert not any(e.step == 0 for _, e in after)
    assert "Skipped Pelvic tilt." in face.said


def test_q_ends_early_and_keeps_what_was_done() -> None:
    timeline = build(steps_of("pelvic-tilt", "knee-rolls"))
    prepare_two = timeline.events[timeline.first_of(1)]
    outcome, face = play(timeline, [(prepare_two.t + 20, "q")])
    assert outcome.ended_early
    assert outcome.started == ["pelvic-tilt", "knee-rolls"]
    assert outcome.completed == ["pelvic-tilt"]
    assert face.shown[-1][1].event.kind != "done"


def test_h_stops_at_once_offers_the_easier_variation_and_plays_it_when_taken() -> None:
    timeline = build(steps_of("knee-rolls", "pelvic-tilt"))
    first_hold = next(e for e in timeline.events if e.kind == "hold")
    press = first_hold.t + 1
    outcome, face = play(timeline, [(press, "h"), (press + 2, "e")])
    assert outcome.hurt == ["knee-rolls"] and outcome.taken == ["knee-sway"]
    assert any("Stopped Knee rolls" in s and "Knee sway" in s for s in face.said)
    later = [now for at, now in face.shown if at >= press]
    assert later[0].event.kind == "prepare" and later[0].event.move == "knee-sway"
    assert "Instead" in later[0].event.text
    assert not any(now.event.move == "knee-rolls" for now in later)
    assert [n.event.move for n in later if n.event.kind == "prepare"] == [
        "knee-sway",
        "pelvic-tilt",
    ]
    assert later[-1].event.kind == "done"


def test_h_without_taking_the_offer_goes_on_to_the_next_movement() -> None:
    timeline = build(steps_of("knee-rolls", "pelvic-tilt"))
    press = next(e for e in timeline.events if e.kind == "release").t
    outcome, face = play(timeline, [(press, "h")])
    later = [(at, now) for at, now in face.shown if at >= press]
    assert later[0][1].event.move == "pelvic-tilt" and later[0][1].event.kind == "prepare"
    assert abs(later[0][0] - (press + OFFER_S)) < 1e-6
    assert outcome.hurt == ["knee-rolls"] and outcome.taken == []


def test_h_is_recorded_even_without_a_check_in() -> None:
    timeline = build(steps_of("knee-rolls", "pelvic-tilt"))
    press = next(e for e in timeline.events if e.kind == "hold").t
    outcome, _ = play(timeline, [(press, "h")])
    without = records(outcome, None, AT)
    assert [(r.move, r.hurt, r.pain_during) for r in without] == [("knee-rolls", True, None)]
    answered = records(outcome, CheckIn(4, False, "ok"), AT)
    assert {(r.move, r.hurt, r.pain_during) for r in answered} == {
        ("knee-rolls", True, 4),
        ("pelvic-tilt", False, 4),
    }


def test_a_movement_skipped_before_it_began_is_not_recorded() -> None:
    timeline = build(steps_of("pelvic-tilt", "knee-rolls"))
    press = timeline.events[timeline.first_of(1)].t + 1  # during knee-rolls' get-ready
    outcome, _ = play(timeline, [(press, "s")])
    assert outcome.started == ["pelvic-tilt"]
    assert [r.move for r in records(outcome, CheckIn(2, False, "easy"), AT)] == ["pelvic-tilt"]


def test_the_face_is_told_the_session_clock() -> None:
    timeline = build(steps_of("knees-to-chest"))
    _, face = play(timeline)
    for at, now in face.shown:
        assert abs(now.elapsed - at) < 1e-6 and now.total == timeline.duration
        if now.event.kind == "tick":
            assert abs(now.left - int(now.event.text)) < 1e-6 and now.cue.kind in (
                "hold",
                "prepare",
            )


def _two_hurts(timeline: Timeline) -> tuple[float, float]:
    """When to press h in the first movement's hold, and then in the second's: after the first,
    the offer waits OFFER_S, and the second movement begins then."""
    first = next(e for e in timeline.events if e.kind == "hold").t
    begins = timeline.events[timeline.first_of(1)].t
    hold = next(e for e in timeline.events if e.kind == "hold" and e.step == 1).t
    return first, first + OFFER_S + (hold - begins)


def test_a_second_movement_that_hurts_offers_to_end_the_session() -> None:
    timeline = build(steps_of("knee-rolls", "pelvic-tilt", "knees-to-chest"))
    first, second = _two_hurts(timeline)
    outcome, face = play(timeline, [(first, "h"), (second, "h"), (second + 1, "q")])
    assert outcome.hurt == ["knee-rolls", "pelvic-tilt"]
    assert any("two movements that hurt" in s and "q to end" in s for s in face.said)
    assert "knees-to-chest" not in outcome.started  # the person took the offer and stopped


def test_after_a_second_hurt_the_session_goes_on_when_the_offer_is_let_pass() -> None:
    timeline = build(steps_of("knee-rolls", "pelvic-tilt", "knees-to-chest"))
    first, second = _two_hurts(timeline)
    outcome, _ = play(timeline, [(first, "h"), (second, "h")])
    assert outcome.hurt == ["knee-rolls", "pelvic-tilt"] and "knees-to-chest" in outcome.started
