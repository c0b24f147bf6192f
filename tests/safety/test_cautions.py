"""Cautions reach a person in every face: the calendar, the handout, the plain player and the
voice (issue 13, point 7)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import vobject

from backbeat.catalog.loader import builtin
from backbeat.session.timeline import Step, build
from backbeat.session.voice import SpeechVoice
from tests.cli.test_plan import write_profile
from tests.conftest import Result
from tests.remind.test_calendar import SUNDAY_NOON
from tests.web.conftest import Web

Cli = Callable[..., Result]
CATALOGUE = builtin()


def test_calendar_events_carry_each_movements_cautions(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    write_profile(home)
    path = tmp_path / "plan.ics"
    assert cli("calendar", str(path), "--days", "1", at=SUNDAY_NOON).status == 0
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    events = calendar.contents["vevent"]
    assert events
    for event in events:
        description = event.description.value
        names = [line.split(":")[0] for line in description.splitlines() if ": " in line]
        moves = [m for m in CATALOGUE.movements.values() if m.name in names]
        for caution in {c for m in moves for c in m.cautions}:
            assert caution in description, (event.summary.value, caution)


def test_the_handout_shows_every_caution(web: Web) -> None:
    write_profile(web.home)
    page = web.read("/handout")
    shown = [m for m in CATALOGUE.movements.values() if f"<h3>{m.name}</h3>" in page]
    assert shown
    for movement in shown:
        for caution in movement.cautions:
            assert caution in page, (movement.id, caution)


def test_plain_sessions_give_the_cautions_as_each_movement_is_prepared(cli: Cli) -> None:
    result = cli(
        "session", "knees-to-chest", "knee-rolls", "--plain", "--speed", "200", "--no-checkin"
    )
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    for move in ("knees-to-chest", "knee-rolls"):
        movement = CATALOGUE.movements[move]
        prepare = next(
            n
            for n, line in enumerate(lines)
            if line.startswith("prepare:") and movement.name in line
        )
        after = lines[prepare + 1 : prepare + 1 + len(movement.cautions)]
        assert after == [f"caution: {c}" for c in movement.cautions], move


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a shell")
def test_the_voice_says_the_first_caution_after_getting_ready(tmp_path: Path) -> None:
    said = tmp_path / "said.txt"
    voice = SpeechVoice(["sh", "-c", f'printf "%s\\n" "$1" >> {said}', "sh"])
    timeline = build([Step.of(CATALOGUE.movements["knee-rolls"])])
    first = CATALOGUE.movements["knee-rolls"].cautions[0]
    prepare = next(e for e in timeline.events if e.kind == "prepare")
    ticks = [e for e in timeline.events if e.kind == "tick" and e.step == prepare.step][:3]
    voice.say(prepare, first)
    voice.close()
    for tick in ticks:  # the count after it stays quiet, so the caution is heard whole
        voice.say(tick)
    move = next(e for e in timeline.events if e.kind == "move")
    voice.say(move)
    voice.close()
    deadline = time.monotonic() + 10
    while said.read_text().count("\n") < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    lines = said.read_text().splitlines()
    assert lines == [f"{prepare.text} Take care: {first}", move.text]
