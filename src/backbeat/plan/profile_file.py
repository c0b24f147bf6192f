"""Reading and writing ``profile.toml``: every problem named by key, value and what is allowed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.problems import Problem, from_validation, read_toml
from backbeat.catalog.vocabulary import KINDS, POSITIONS
from backbeat.plan.profile import Profile
from backbeat.safety.screen import Referral, refer_answers


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


def profile_state(path: Path, catalogue: Catalogue) -> ProfileState:
    """Read ``path`` once: its profile or its problems, and its referral."""
    if not path.exists():
        return ProfileState(path, exists=False)
    data, problems = read_toml(path)
    if data is None:
        return ProfileState(path, True, None, tuple(problems))
    referral = refer_answers(data.get("screen"))
    try:
        profile = Profile.model_validate(data)
    except ValidationError as error:
        return ProfileState(
            path, True, None, tuple(from_validation(str(path), error, Profile)), referral
        )
    problems = avoid_problems(profile, catalogue, str(path))
    return ProfileState(path, True, None if problems else profile, tuple(problems), referral)


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


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def write_profile(path: Path, profile: Profile) -> None:
    """Save the profile where every face reads it, making its folder when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(profile_toml(profile), encoding="utf-8")


def profile_toml(profile: Profile) -> str:
    """The profile as TOML in the documented layout (times as "HH:MM")."""
    data = profile.model_dump(mode="json")
    day = data["day"]
    lines = [f"pain = {profile.pain}"]
    if profile.age is not None:
        lines.append(f"age = {profile.age}")
    if profile.onset is not None:
        lines.append(f'onset = "{profile.onset}"')
    lines += ["", "[day]", f'wake = "{day["wake"][:5]}"', f'sleep = "{day["sleep"][:5]}"']
    for block in day["work"]:
        lines += ["", "[[day.work]]"]
        lines += [f'start = "{block["start"][:5]}"', f'end = "{block["end"][:5]}"']
        lines += [f"place = {_toml_value(block['place'])}", f"days = {_toml_value(block['days'])}"]
    for moment in day["moments"]:
        lines += ["", "[[day.moments]]", f"name = {_toml_value(moment['name'])}"]
        lines += [f'at = "{moment["at"][:5]}"', f"place = {_toml_value(moment['place'])}"]
    for table in ("prefs", "screen"):
        lines += ["", f"[{table}]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in data[table].items()]
    return "\n".join(lines) + "\n"
