"""How long a dose takes: one rule shared by the plan's minutes and the session's timeline."""

from __future__ import annotations

from backbeat.words import DoseLike

DEFAULT_TEMPO_S = 3.0  # seconds to move into (or out of) a position when the dose does not say


def side_count(dose: DoseLike) -> int:
    """Both sides and alternating sides each mean every repetition is done on two sides."""
    return 1 if dose.sides == "none" else 2


def rep_seconds(dose: DoseLike) -> float:
    """One repetition: move in, hold, move back, rest."""
    tempo = dose.tempo_s or DEFAULT_TEMPO_S
    return 2 * tempo + (dose.hold_s or 0.0) + (dose.rest_s or 0.0)


def dose_seconds(dose: DoseLike) -> float:
    """The whole dose; a timed dose (``duration_s``) is taken as given."""
    if dose.duration_s:
        return float(dose.duration_s)
    return (dose.reps or 1) * side_count(dose) * rep_seconds(dose)
