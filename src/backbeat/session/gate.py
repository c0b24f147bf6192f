"""Whether a session may start: one decision for the terminal, the web pages and the API.

A referral always wins: a red-flag answer stops every session, even one of movements named by
hand, and even when another key of the profile is wrong. Then a profile that cannot be used
stops every session until it is mended. A plan slot needs a profile; movements named by hand
and a micro-break do not. Pure: the profile's state and what was asked come in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from backbeat.catalog.problems import Problem
from backbeat.plan.profile_file import ProfileState
from backbeat.safety.screen import Referral

Asked = Literal["slot", "moves", "break"]  # a plan slot, movements by id, a micro-break
Why = Literal["referral", "invalid", "missing"]

NOT_STARTED = "No session was started."
INVALID = (
    "Your profile needs a fix before a session can start; nothing was played. "
    "Mend the answers named above, or answer the questions again."
)
MISSING = (
    "There is no profile yet, so there is no plan and no slot to play. Answer a few questions "
    "first (about 2 minutes), or play a movement or a micro-break instead."
)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a session may not start, in the words every face shows."""

    why: Why
    message: str
    referral: Referral | None = None
    problems: tuple[Problem, ...] = ()


def gate(state: ProfileState, asked: Asked) -> Refusal | None:
    """None when the session may start; otherwise why not."""
    if state.referral is not None:
        return Refusal("referral", f"{state.referral.message}\n\n{NOT_STARTED}", state.referral)
    if state.exists and state.profile is None:
        return Refusal("invalid", INVALID, problems=state.problems)
    if state.profile is None and asked == "slot":
        return Refusal("missing", MISSING)
    return None
