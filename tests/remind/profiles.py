"""Profiles whose slot is due now, for tests that run backbeat with the real clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path


def clock(at: datetime) -> str:
    return f"{at:%H:%M}"


def tea_now(home: Path) -> None:
    """A profile whose one slot due now is a "tea" break at the desk (the clock is real here)."""
    now = datetime.now().astimezone()
    (home / "profile.toml").write_text(
        f'[day]\nwake = "{clock(now - timedelta(hours=2))}"\n'
        f'sleep = "{clock(now + timedelta(hours=6))}"\n'
        f'[[day.moments]]\nname = "tea"\nat = "{clock(now)}"\nplace = "desk"\n'
        "[prefs]\nwalk = false\nminutes_per_day = 60  # no slot cut to fit the time\n"
    )


def desk_break_now(home: Path) -> None:
    """A profile with a desk work block whose first break is due now."""
    now = datetime.now().astimezone()
    (home / "profile.toml").write_text(
        f'[day]\nwake = "{clock(now - timedelta(hours=3))}"\n'
        f'sleep = "{clock(now + timedelta(hours=8))}"\n'
        f'[[day.work]]\nstart = "{clock(now - timedelta(minutes=30))}"\n'
        f'end = "{clock(now + timedelta(hours=2))}"\nplace = "desk"\n'
        'days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
        "[prefs]\nwalk = false\nbreak_every = 30\nminutes_per_day = 60\n"
    )
