"""The red-flag screen: answers that mean "see a clinician" come before any plan.

Three levels, the highest present deciding (NICE NG59; the NHS England/GIRFT national suspected
cauda equina syndrome pathway; the IFOMPT international framework for red flags for potential
serious spinal pathologies; NICE NG234 for metastatic spinal cord compression):

- ``emergency``: signs that the nerves at the base of the spine may be squeezed (cauda equina),
  or a spreading loss of nerve function: an emergency department now;
- ``urgent``: signs of infection, cancer, or a fracture after a significant injury: a doctor the
  same day;
- ``soon``: signs worth a doctor's look within about two weeks, before starting exercise.

Osteoporosis or long-term steroid tablets alone do not withhold a plan: they adapt it (no loaded
forward bending, no end-range twisting), and together with any injury, even a small fall, they
are urgent (a possible fracture).

Pure: a profile's screen answers in, a referral (or None) out. The words live in
:mod:`backbeat.safety.wording`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from backbeat.safety import wording

Level = Literal["emergency", "urgent", "soon"]
LEVELS: tuple[Level, ...] = ("emergency", "urgent", "soon")

EMERGENCY = ("bladder_bowel", "saddle_numbness", "both_legs", "leg_weakness", "sexual_dysfunction")
URGENT = ("fever", "cancer_history", "trauma", "infection_risk")
SOON = ("weight_loss", "night_pain", "thoracic_pain", "inflammatory")
RED_FLAGS = (*EMERGENCY, *URGENT, *SOON)
"""The answers that withhold a plan on their own, highest level first."""
ADAPTING = ("osteoporosis_steroids", "minor_injury")
"""The answers that change the plan, or refer only together (``FRACTURE``)."""
FRACTURE = ("osteoporosis_steroids", "minor_injury")  # both: a possible fragility fracture


class Screen(BaseModel):
    """Answers to the safety questions (a profile's ``[screen]``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bladder_bowel: bool = False
    saddle_numbness: bool = False
    both_legs: bool = False
    leg_weakness: bool = False
    sexual_dysfunction: bool = False
    fever: bool = False
    cancer_history: bool = False
    trauma: bool = False
    infection_risk: bool = False
    weight_loss: bool = False
    night_pain: bool = False
    thoracic_pain: bool = False
    inflammatory: bool = False
    osteoporosis_steroids: bool = False
    minor_injury: bool = False

    @property
    def fragile_bones(self) -> bool:
        """Bones that need loaded bending and twisting kept out of the plan."""
        return self.osteoporosis_steroids


@dataclass(frozen=True, slots=True)
class Referral:
    """Why a plan is withheld, how soon to get help, and what to do instead."""

    level: Level
    reasons: tuple[str, ...]
    message: str

    @property
    def urgent(self) -> bool:
        """Help is needed today (an emergency or the same day)."""
        return self.level != "soon"

    def as_json(self) -> dict[str, object]:
        return {
            "urgent": self.urgent,
            "level": self.level,
            "reasons": list(self.reasons),
            "message": self.message,
        }


def level_of(name: str) -> Level:
    """The level one red-flag answer calls for on its own."""
    return "emergency" if name in EMERGENCY else "urgent" if name in URGENT else "soon"


def refer(screen: Screen) -> Referral | None:
    """A referral when any red-flag answer is yes (or bones at risk met an injury); its level is
    the highest that any answer calls for."""
    flagged = [name for name in RED_FLAGS if getattr(screen, name)]
    levels = [level_of(name) for name in flagged]
    reasons = [wording.RED_FLAGS[name] for name in flagged]
    if all(getattr(screen, name) for name in FRACTURE) or (
        screen.osteoporosis_steroids and screen.trauma
    ):
        levels.append("urgent")
        reasons.append(wording.FRACTURE_RISK)
    if not levels:
        return None
    level = min(levels, key=LEVELS.index)
    return Referral(level, tuple(reasons), wording.referral_message(level, reasons))


def refer_answers(answers: object) -> Referral | None:
    """The referral a profile's ``[screen]`` table gives as written, before the rest of the file
    is checked: every safety key answered ``true`` counts, whatever else is wrong, since a
    referral must not wait for a typing slip elsewhere to be mended."""
    if not isinstance(answers, dict):
        return None
    flags = {name: True for name in Screen.model_fields if answers.get(name) is True}
    return refer(Screen(**flags)) if flags else None
