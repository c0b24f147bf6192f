"""The red-flag screen: answers that mean "see a clinician" come before any plan.

Pure: a profile's screen answers in, a referral (or None) out. The words live in
:mod:`backbeat.safety.wording`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from backbeat.safety import wording

# Signs that the nerves at the base of the spine may be squeezed (cauda equina): same-day care.
URGENT = ("bladder_bowel", "saddle_numbness", "leg_weakness", "both_legs")
SOON = (
    "fever",
    "cancer_history",
    "weight_loss",
    "trauma",
    "night_pain",
    "osteoporosis_steroids",
)


class Screen(BaseModel):
    """Answers to the red-flag questions (a profile's ``[screen]``); any true answer means a
    referral instead of a plan."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bladder_bowel: bool = False
    saddle_numbness: bool = False
    leg_weakness: bool = False
    both_legs: bool = False
    fever: bool = False
    cancer_history: bool = False
    weight_loss: bool = False
    trauma: bool = False
    night_pain: bool = False
    osteoporosis_steroids: bool = False


@dataclass(frozen=True, slots=True)
class Referral:
    """Why a plan is withheld, and what to do instead."""

    urgent: bool
    reasons: tuple[str, ...]
    message: str

    def as_json(self) -> dict[str, object]:
        return {"urgent": self.urgent, "reasons": list(self.reasons), "message": self.message}


def refer(screen: Screen) -> Referral | None:
    """A referral when any red-flag answer is yes; urgent when any is a cauda-equina sign."""
    flagged = [name for name in (*URGENT, *SOON) if getattr(screen, name)]
    if not flagged:
        return None
    urgent = any(name in URGENT for name in flagged)
    reasons = tuple(wording.RED_FLAGS[name] for name in flagged)
    return Referral(urgent, reasons, wording.referral_message(urgent, reasons))


def refer_answers(answers: object) -> Referral | None:
    """The referral a profile's ``[screen]`` table gives as written, before the rest of the file
    is checked: every red-flag key answered ``true`` counts, whatever else is wrong, since a
    referral must not wait for a typing slip elsewhere to be mended."""
    if not isinstance(answers, dict):
        return None
    flags = {name: True for name in (*URGENT, *SOON) if answers.get(name) is True}
    return refer(Screen(**flags)) if flags else None
