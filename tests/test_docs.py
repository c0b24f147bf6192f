"""The README cannot drift from the program: every command and flag, every schema key, every
joint and exit code the code knows is documented, and the Quickstart holds exactly two commands."""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Iterator

from backbeat.catalog.schema import Dose, Keyframe, Motion, Movement, Say
from backbeat.catalog.vocabulary import KINDS, PLACES, POSITIONS, REGIONS, TAGS
from backbeat.cli.definition import build
from backbeat.motion.postures import POSTURES
from backbeat.motion.skeleton import JOINTS
from backbeat.status import ExitStatus
from tests.conftest import REPO

README = (REPO / "README.md").read_text()


def _commands(parser: argparse.ArgumentParser, prefix: str) -> Iterator[tuple[str, list[str]]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix} {name}"
                flags = [o for a in sub._actions for o in a.option_strings if o.startswith("--")]
                yield path, [f for f in flags if f != "--help"]
                yield from _commands(sub, path)


def test_every_command_and_flag_is_in_the_readme() -> None:
    parser = build(io.StringIO(), io.StringIO())
    found = list(_commands(parser, "backbeat"))
    assert found
    for command, flags in found:
        rows = [line for line in README.splitlines() if f"`{command}" in line]
        assert rows, f"{command} is not documented in README.md"
        for flag in flags:
            assert any(flag in row for row in rows), f"{command} {flag} is not documented"


def test_every_schema_key_and_word_is_in_the_readme() -> None:
    for model in (Movement, Dose, Motion, Keyframe, Say):
        for key in model.model_fields:
            assert f"`{key}`" in README, key
    for word in (*KINDS, *PLACES, *POSITIONS, *REGIONS, *TAGS, *POSTURES):
        assert f"`{word}`" in README, word
    for joint in JOINTS:
        assert f"`{joint.name}`" in README, joint.name
        for dof in joint.dofs:
            assert f"`{dof.name}`" in README, f"{joint.name}.{dof.name}"


def test_every_session_event_kind_is_in_the_readme() -> None:
    from typing import get_args

    from backbeat.session.timeline import Kind

    for kind in get_args(Kind):
        assert re.search(rf"^\| `{kind}` \|", README, re.M), kind


def test_every_exit_code_is_in_the_readme() -> None:
    for status in ExitStatus:
        assert re.search(rf"^\| {int(status)} \|", README, re.M), status


def test_quickstart_holds_exactly_two_commands_and_ci_runs_the_second() -> None:
    section = README.split("## Quickstart", 1)[1]
    block = section.split("```", 2)[1]
    commands = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert len(commands) == 2, commands
    assert commands[1] in (REPO / ".ci" / "run").read_text()


def test_every_progress_json_key_is_in_the_readme() -> None:
    from datetime import date, datetime

    from backbeat.progress.report import progress_report
    from backbeat.records import MoveRecord, ReviewRecord

    at = datetime(2026, 11, 23, 8, 0)
    records = [
        MoveRecord(at=at, move="knee-rolls", pain_during=2),
        ReviewRecord(at=at, weekly_pain=3, interference=2, activity="walking", activity_ability=6),
    ]
    data = progress_report(records, {at.date(): 3}, date(2026, 11, 23)).as_json()
    nested = [
        data["days"][0],
        data["moves"][0],
        data["reviews"][0],
        data["adherence"],
        data["pain"],
    ]
    for key in {*data, *(k for part in nested for k in part)}:
        assert f"`{key}`" in README, key
