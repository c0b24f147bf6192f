"""Exit statuses: what a finished command means, for scripts and for tests."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """The contract every command keeps; scripts may branch on these numbers."""

    OK = 0
    INVALID = 1  # invalid input or data found (a bad file, a value out of range)
    USAGE = 2  # the command was used wrongly, or named something that does not exist
    REFERRAL = 3  # a safety referral: see a clinician instead of following a plan
