"""What a new person tells us after the safety questions, and the profile data it makes.

``backbeat init`` and the web app's welcome ask the same questions with the same suggested
answers and build the profile here, so both write the same file for the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backbeat.plan.profile import Weekday
from backbeat.safety.screen import Screen, refer

MOMENTS_MAX = 5  # everyday moments asked for at most
MOMENT_AT = "20:00"  # suggested time for a new moment
MOMENT_PLACE = "sofa"  # suggested place for a new moment
WORK_PLACES = ("desk", "car", "standing", "none")
MOMENT_PLACES = ("bed", "floor", "desk", "car", "sofa", "standing")


@dataclass(frozen=True, slots=True)
class Moment:
    name: str
    at: str = MOMENT_AT
    place: str = MOMENT_PLACE


@dataclass(frozen=True, slots=True)
class Answers:
    """The answers after the safety questions; the defaults are the suggested answers."""

    pain: int = 4
    wake: str = "07:00"
    sleep: str = "23:00"
    work_place: str = "desk"  # one of WORK_PLACES; "none" means no work block
    work_start: str = "09:00"
    work_end: str = "17:30"
    work_days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")
    moments: tuple[Moment, ...] = ()
    minutes_per_day: int = 20
    walk: bool = True
    age: int | None = None
    onset: str | None = None  # days, weeks or months
    commute: Commute | None = None


@dataclass(frozen=True, slots=True)
class Commute:
    """A drive to work: leaving at ``at`` for ``minutes``, on ``days``; the drive home is as
    long and leaves when work ends (when there is a work block)."""

    at: str
    minutes: int
    days: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri")


SUGGESTED = Answers()


def profile_data(screen: Mapping[str, bool], answers: Answers | None) -> dict[str, object]:
    """The profile's data, to validate as a ``Profile``: only the safety answers when they
    need a clinician (no plan will be made, so nothing else is asked). An answer that adapts
    the plan without withholding it (osteoporosis or long-term steroids) keeps the rest."""
    if answers is None or refer(Screen(**screen)) is not None:
        return {"screen": dict(screen)}
    work: list[dict[str, object]] = []
    if answers.work_place != "none":
        work.append(
            {
                "start": answers.work_start,
                "end": answers.work_end,
                "place": answers.work_place,
                "days": list(answers.work_days),
            }
        )
    moments: list[dict[str, object]] = [
        {"name": m.name, "at": m.at, "place": m.place} for m in answers.moments
    ]
    moments += commute_moments(answers)
    about: dict[str, object] = {"age": answers.age, "onset": answers.onset}
    return {
        "pain": answers.pain,
        **{key: value for key, value in about.items() if value is not None},
        "day": {"wake": answers.wake, "sleep": answers.sleep, "work": work, "moments": moments},
        "prefs": {"minutes_per_day": answers.minutes_per_day, "walk": answers.walk},
        "screen": dict(screen),
    }


COMMUTE_MINUTES_MAX = 240
DRIVE_TO_WORK = "Drive to work"
DRIVE_HOME = "Drive home"


def commute_moments(answers: Answers) -> list[dict[str, object]]:
    """The commute as moments in the car with a length: there, and home when work ends."""
    drive = answers.commute
    if drive is None:
        return []
    days = list(drive.days)
    found: list[dict[str, object]] = [
        {
            "name": DRIVE_TO_WORK,
            "at": drive.at,
            "place": "car",
            "days": days,
            "minutes": drive.minutes,
        }
    ]
    if answers.work_place != "none":
        found.append(
            {
                "name": DRIVE_HOME,
                "at": answers.work_end,
                "place": "car",
                "days": days,
                "minutes": drive.minutes,
            }
        )
    return found
