"""The profile writer (issue 17, point 6): a real TOML library writes ``profile.toml``, a save
keeps the person's comments and layout, a new file has the documented layout, and the file is
replaced whole or not at all."""

from __future__ import annotations

import os
import tempfile
import tomllib
from datetime import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backbeat.plan.profile import WEEKDAYS, Day, Moment, Prefs, Profile, WorkBlock
from backbeat.plan.profile_file import (
    read_profile,
    saving_profile,
    write_profile,
)
from backbeat.plan.profile_toml import profile_toml
from backbeat.safety.screen import Screen
from tests.cli.test_plan import DESK
from tests.plan.strategies import CATALOGUE, avoidables

times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
# Anything a person can type on one line: quotes, backslashes, TOML's own signs, any script;
# control characters are refused by the profile itself (``backbeat.inputs.plain_text``).
printable = st.characters(blacklist_categories=("Cc", "Cs"))
names = st.text(st.one_of(st.sampled_from("\"\\'#=[]{}., éß中😀\u2028"), printable), min_size=1)
names = names.filter(lambda name: len(name) <= 40)
spans = st.tuples(times, times).filter(lambda span: span[0] != span[1])
profiles = st.builds(
    Profile,
    pain=st.integers(0, 10),
    age=st.none() | st.integers(12, 120),
    onset=st.none() | st.sampled_from(["days", "weeks", "months"]),
    day=st.builds(
        Day,
        wake=times,
        sleep=times,
        work=st.lists(
            st.builds(
                WorkBlock,
                start=times,
                end=times,
                place=st.sampled_from(["desk", "car", "standing"]),
                days=st.lists(st.sampled_from(WEEKDAYS), unique=True).map(tuple),
            ),
            max_size=3,
        ).map(tuple),
        moments=st.lists(
            st.builds(
                Moment,
                name=names,
                at=times,
                place=st.sampled_from(["bed", "floor", "desk", "car", "sofa", "standing"]),
            ),
            max_size=4,
        ).map(tuple),
    ),
    prefs=st.builds(
        Prefs,
        minutes_per_day=st.integers(2, 180),
        break_every=st.integers(10, 240),
        walk=st.booleans(),
        avoid=st.lists(avoidables, max_size=3).map(tuple),
        quiet=st.lists(spans, max_size=2).map(tuple),
        snooze=st.integers(1, 60),
    ),
    screen=st.builds(Screen, **{key: st.booleans() for key in Screen.model_fields}),
)
COMMENTED = """\
# My profile: the physio said to keep the walks.
pain = 4  # it was 6 in March

[day]
wake = "07:00"   # the alarm
sleep = "23:00"
# the office days
[[day.work]]
start = "09:00"
end = "17:30"
days = ["mon", "tue", "wed", "thu", "fri"]

[prefs]  # mine
walk = true  # after dinner
quiet = ["12:30-13:30"]  # lunch
snooze = 15

[screen]
fever = false  # asked in May
"""


def _read(text: str) -> Profile:
    return Profile.model_validate(tomllib.loads(text))


@settings(deadline=None, max_examples=200)
@given(profiles)
def test_a_profile_written_reads_back_as_itself(profile: Profile) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.toml"
        write_profile(path, profile)
        assert read_profile(path, CATALOGUE) == (profile, [])
        write_profile(path, profile)  # again, over itself: the same bytes
        assert path.read_text(encoding="utf-8") == profile_toml(profile)


@settings(deadline=None, max_examples=200)
@given(profiles, profiles)
def test_a_profile_written_over_another_reads_back_as_the_new_one(
    old: Profile, new: Profile
) -> None:
    assert _read(profile_toml(new, profile_toml(old))) == new
    assert _read(profile_toml(new, COMMENTED)) == new


@settings(deadline=None, max_examples=100)
@given(profiles)
def test_the_comments_on_tables_that_stay_are_kept(profile: Profile) -> None:
    text = profile_toml(profile, COMMENTED)
    assert text.startswith("# My profile: the physio said to keep the walks.\n")
    assert "[prefs]  # mine\n" in text


def test_a_save_changes_only_the_values_that_changed() -> None:
    """Each value in its place with its comment; the answers the file left to their defaults
    are written out at the end of their tables (a save writes every answer)."""
    before = _read(COMMENTED)
    after = before.model_copy(
        update={"pain": 2, "prefs": before.prefs.model_copy(update={"quiet": (), "snooze": 5})}
    )
    lines = profile_toml(after, COMMENTED).splitlines()
    assert lines[:17] == [
        "# My profile: the physio said to keep the walks.",
        "pain = 2  # it was 6 in March",
        "",
        "[day]",
        'wake = "07:00"   # the alarm',
        'sleep = "23:00"',
        "# the office days",
        "[[day.work]]",
        'start = "09:00"',
        'end = "17:30"',
        'days = ["mon", "tue", "wed", "thu", "fri"]',
        'place = "desk"',
        "",
        "[prefs]  # mine",
        "walk = true  # after dinner",
        "quiet = []  # lunch",
        "snooze = 5",
    ]
    assert lines[17:21] == ["minutes_per_day = 20", "break_every = 30", "avoid = []", ""]
    assert lines[21:23] == ["[screen]", "fever = false  # asked in May"]
    assert profile_toml(before, profile_toml(before, COMMENTED)) == profile_toml(before, COMMENTED)


def test_every_answer_is_written_so_settings_shows_each_one() -> None:
    """A save writes every key, so a safety question the file left out is answered in it."""
    text = profile_toml(_read(COMMENTED), COMMENTED)
    data = tomllib.loads(text)
    assert set(data["screen"]) == set(Screen.model_fields)
    assert "fever = false  # asked in May" in text


def test_a_new_file_has_the_documented_layout() -> None:
    profile = _read(DESK)
    assert profile_toml(profile) == (
        'pain = 4\nage = 41\n\n[day]\nwake = "07:00"\nsleep = "23:00"\n\n'
        '[[day.work]]\nstart = "09:00"\nend = "17:30"\nplace = "desk"\n'
        'days = ["mon", "tue", "wed", "thu", "fri"]\n\n'
        '[[day.moments]]\nname = "TV"\nat = "21:00"\nplace = "sofa"\n\n'
        "[prefs]\nminutes_per_day = 20\nbreak_every = 30\nwalk = true\navoid = []\nquiet = []\n"
        "snooze = 10\n\n[screen]\n" + "".join(f"{key} = false\n" for key in Screen.model_fields)
    )


ODD = [
    'day.wake = "07:00"\nday.sleep = "22:00"\npain = 3\n',  # dotted keys
    "pain = 3\nprefs = {walk = true, avoid = []}\n",  # an inline table
    '[day]\nmoments = [{name = "TV", at = "21:00"}]\n',  # moments inline
    "[[day.work]]\nstart = '09:00'\nend = '17:00'\n[day]\nwake = '07:00'\n",  # out of order
    '[prefs]\nquiet = [\n  "12:00-13:00", # lunch\n  "18:00-19:00",\n]\n',  # one per line
    "day = 3\nprefs = []\n[screen]\nfever = 'no'\n",  # wrong types, as Settings may mend
    "\ufeffpain = 3\n",  # a byte-order mark
]


@settings(deadline=None, max_examples=50)
@given(profiles, st.sampled_from(ODD))
def test_any_layout_a_person_left_reads_back_as_the_profile_saved(
    profile: Profile, existing: str
) -> None:
    assert _read(profile_toml(profile, existing)) == profile


def test_text_that_is_not_toml_is_replaced_by_the_layout() -> None:
    profile = _read(DESK)
    assert profile_toml(profile, "pain = = 4\n[[[") == profile_toml(profile)


def test_a_failure_before_the_rename_leaves_the_old_profile_whole(tmp_path: Path) -> None:
    path = tmp_path / "profile.toml"
    path.write_text(COMMENTED)
    with pytest.raises(RuntimeError), saving_profile(path, Profile(pain=9)):
        raise RuntimeError("the journal could not keep the version")
    assert path.read_text() == COMMENTED
    assert os.listdir(tmp_path) == ["profile.toml"]  # no temporary file left beside it


def test_a_new_profile_is_private_and_an_old_one_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "profile.toml"
    write_profile(path, Profile())
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o640)
    write_profile(path, Profile(pain=5))
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_profile_behind_a_symbolic_link_is_written_through_it(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "profile.toml"
    real.parent.mkdir()
    real.write_text(COMMENTED)
    link = tmp_path / "profile.toml"
    link.symlink_to(real)
    write_profile(link, Profile(pain=1))
    assert link.is_symlink() and "pain = 1  # it was 6 in March" in real.read_text()


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_folder_or_a_fifo_where_the_profile_should_be_is_named(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "profile.toml"
    if kind == "folder":
        path.mkdir()
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this platform")
        os.mkfifo(path)
    with pytest.raises(OSError) as raised:
        write_profile(path, Profile())
    assert raised.value.filename == str(path)
    profile, problems = read_profile(path, CATALOGUE)  # answers at once: never waits
    assert profile is None and "cannot be read (it is a" in str(problems[0])
