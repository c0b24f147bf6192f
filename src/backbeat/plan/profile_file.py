"""Reading and writing ``profile.toml``: every problem named by key, value and what is allowed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backbeat import disk
from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.loader import TOO_LONG
from backbeat.catalog.problems import Problem, from_validation, read_toml
from backbeat.catalog.vocabulary import KINDS, POSITIONS
from backbeat.plan.profile import Day, Profile, parse_clock
from backbeat.safety.screen import Referral, refer_answers

PROGRAMME_FILE = "programme.json"
"""A clinician's programme, kept beside the profile by ``backbeat programme import``."""


def read_profile(path: Path, catalogue: Catalogue) -> tuple[Profile | None, list[Problem]]:
    """The profile at ``path``, or every problem that keeps it from being used."""
    state = profile_state(path, catalogue)
    return state.profile, list(state.problems)


@dataclass(frozen=True)
class ProfileState:
    """The profile file as it stands: missing, unusable (with why), or a profile; and the
    referral its red-flag answers give, which is read even when another key is wrong, so that
    a red flag always wins over a typing slip elsewhere in the file."""

    path: Path
    exists: bool
    profile: Profile | None = None
    problems: tuple[Problem, ...] = ()
    referral: Referral | None = None
    wake: time = Day().wake  # the wake time as written, when it can be read: the plan day's edge


def profile_state(path: Path, catalogue: Catalogue) -> ProfileState:
    """Read ``path`` once: its profile or its problems, and its referral."""
    if not path.exists():
        return ProfileState(path, exists=False)
    data, problems = read_tables(path)
    if data is None:
        return ProfileState(path, True, None, tuple(problems))
    referral = refer_answers(data.get("screen"))
    try:
        profile = Profile.model_validate(data)
    except ValidationError as error:
        problems = from_validation(str(path), error, Profile)
        return ProfileState(path, True, None, tuple(problems), referral, _wake(data))
    problems = avoid_problems(profile, catalogue, str(path))
    if path.with_name(PROGRAMME_FILE).exists():  # a clinician's, imported: read it (and only
        from backbeat.plan.programme import following, read_beside  # then its models)

        programme, found = read_beside(path, catalogue)
        problems += found
        usable = None if problems else following(profile, programme)
    else:
        usable = None if problems else profile
    return ProfileState(path, True, usable, tuple(problems), referral, profile.day.wake)


def read_tables(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """``read_toml``, and a number of thousands of digits (which Python will not read) named as
    a problem of the file rather than met as a mistake."""
    try:
        return read_toml(path)
    except ValueError as error:  # TOMLDecodeError is caught inside; this is int()'s limit
        if "integer string conversion" not in str(error):
            raise
        return None, [Problem(str(path), "(file)", TOO_LONG)]


def _wake(data: dict[str, object]) -> time:
    """The wake time a file that cannot be used as a whole still gives, so that a referral is
    given for the same plan day as the person's other faces would: the default when even that
    cannot be read."""
    day = data.get("day")
    try:
        found = parse_clock(day.get("wake")) if isinstance(day, dict) else None
    except ValueError:
        found = None
    return found if isinstance(found, time) else Day().wake


def avoid_problems(profile: Profile, catalogue: Catalogue, file: str) -> list[Problem]:
    """Each ``prefs.avoid`` name that is not a movement id, position or kind."""
    return [
        Problem(
            file,
            f"prefs.avoid[{i}]",
            f"{name!r} is not a movement id, position or kind "
            f"(allowed: an id from `backbeat moves`, or one of {', '.join((*POSITIONS, *KINDS))})",
        )
        for i, name in enumerate(profile.prefs.avoid)
        if name not in catalogue.movements and name not in POSITIONS and name not in KINDS
    ]


def write_profile(path: Path, profile: Profile, *, replace: bool = False) -> None:
    """Save the profile where every face reads it (see ``saving_profile``)."""
    with saving_profile(path, profile, replace=replace):
        pass


@contextmanager
def saving_profile(path: Path, profile: Profile, *, replace: bool = False) -> Iterator[None]:
    """Save the profile, making its folder when missing: the file as it stands, with its values
    updated in place so the person's comments and layout stay (``replace``, as ``backbeat init``
    does, writes the documented layout anew). The new file is written beside the old one and
    renamed over it only after the body has run without error, so a full disk, a read-only
    folder or a failure in the body (keeping the version in the journal) leaves the old profile
    whole. Raises ``OSError`` naming ``path``, also when a folder or a FIFO stands there."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        there = disk.check_file(path)
        existing = disk.read_text(path) if there and not replace else None
    except UnicodeDecodeError:
        existing = None  # not text: nothing of it can be kept
    except OSError as error:
        raise disk.named(error, path) from error
    from backbeat.plan.profile_toml import profile_toml  # tomlkit: for writing only

    with disk.staged(path, profile_toml(profile, existing).encode("utf-8")):
        yield
