"""Every record a journal can hold has words in `backbeat history`: a new kind of reminder
event without them would stop the whole history."""

from __future__ import annotations

from datetime import datetime

import pytest

from backbeat.journal.describe import describe
from backbeat.records import REMINDER_EVENTS, ReminderRecord


@pytest.mark.parametrize("event", REMINDER_EVENTS)
def test_every_reminder_event_is_told_in_words(event: str) -> None:
    at = datetime(2026, 11, 23, 10, 40)
    record = ReminderRecord(at=at, reminder=event, slot="2026-11-23/tea", due=at)  # type: ignore[arg-type]
    said = describe(record)
    assert said.startswith("reminder for the 10:40 2026-11-23/tea slot: ")
    assert said.rsplit(": ", 1)[1] not in (event, "")
