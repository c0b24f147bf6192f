"""Natural breaks, as the computer's idle time shows them.

Someone who has been away from the keyboard for longer than their break interval has had a
break already; reminding them the moment they sit down again is the nagging people switch
reminders off for. The daemon samples the idle time and folds each sample in here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Rest:
    """``away_since``: the last input before the current long idle spell (None when the
    person is at the computer, or nobody can tell). ``back_at``: when the last long idle spell
    ended, which is when their break ended."""

    away_since: datetime | None = None
    back_at: datetime | None = None

    def observe(self, now: datetime, idle: float | None, threshold: timedelta) -> Rest:
        """The state after a sample: ``idle`` seconds without input at ``now`` (None: unknown,
        which changes nothing)."""
        if idle is None:
            return self
        last_input = now - timedelta(seconds=max(idle, 0.0))
        if idle >= threshold.total_seconds():
            return Rest(last_input, self.back_at)
        if self.away_since is not None:
            return Rest(None, last_input)
        return self

    @property
    def away(self) -> bool:
        return self.away_since is not None
