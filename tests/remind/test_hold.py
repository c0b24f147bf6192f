"""Waiting for a better moment (``remind.hold``): held while something holds the person's
attention, recorded once, and one catch-up afterwards, never a pile; and the busy events of a
calendar, recurring ones included."""

from __future__ import annotations

from datetime import datetime, timedelta

from backbeat.remind.busy import busy_blocks, check_source
from backbeat.remind.hold import Block, ahead, look
from backbeat.remind.rules import Known, Settings
from tests.remind.test_rules import PARIS, at, day_of, event

DND = Block("held-dnd", "dunst is paused")


def test_nothing_is_shown_while_held_and_each_reminder_is_recorded_once() -> None:
    found = day_of()
    first = found[0]
    held = look(found, Known(), Settings(), first.at, [DND])
    assert held.show == [] and [h.reminder.due for h in held.held] == [first]
    assert held.held[0].new
    again = look(found, Known([event(first, "held-dnd", first.at)]), Settings(), first.at, [DND])
    assert not again.held[0].new


def test_after_a_long_block_one_reminder_catches_up_not_a_pile() -> None:
    found = [d for d in day_of() if d.desk][:3]
    records = [event(d, "held-dnd", d.at) for d in found[:2]]
    now = found[1].at + timedelta(minutes=20)
    decided = look(found, Known(records), Settings(), now, [])
    assert [r.due for r in decided.show] == [found[1]] and decided.show[0].held
    after = [*records, event(found[1], "sent", now)]
    assert look(found, Known(after), Settings(), now + timedelta(seconds=20), []).show == []


def test_a_held_reminder_waits_past_the_usual_grace_until_its_slot_ends() -> None:
    due = next(d for d in day_of() if d.until - d.at > timedelta(minutes=20))
    now = due.until - timedelta(minutes=1)
    records = [event(due, "held-busy", due.at)]
    assert [r.due for r in look([due], Known(records), Settings(), now, []).show] == [due]
    assert look([due], Known(), Settings(), now, []).show == []  # not held: let go


CALENDAR = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:standup@t\r\nDTSTAMP:20260101T000000Z\r\n"
    b"DTSTART;TZID=Europe/Paris:20261102T093000\r\nDURATION:PT30M\r\n"
    b"RRULE:FREQ=WEEKLY;BYDAY=MO,WE\r\nEXDATE;TZID=Europe/Paris:20261125T093000\r\n"
    b"SUMMARY:Stand-up\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:lunch@t\r\nDTSTAMP:20260101T000000Z\r\n"
    b"DTSTART;TZID=Europe/Paris:20261123T120000\r\nDTEND;TZID=Europe/Paris:20261123T130000\r\n"
    b"TRANSP:TRANSPARENT\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:day@t\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261123\r\n"
    b"SUMMARY:Birthday\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_recurring_busy_events_are_read_and_free_or_all_day_ones_are_not() -> None:
    start = datetime(2026, 11, 23, tzinfo=PARIS)
    found = busy_blocks(CALENDAR, start, start + timedelta(days=3), PARIS)
    assert [(b.what, b.start) for b in found] == [("Stand-up", at(9, 30))]  # Wednesday: EXDATE
    assert found[0].end == at(10)


def test_a_reminder_in_a_meeting_is_placed_to_catch_up_when_it_ends() -> None:
    found = day_of()
    due = found[0]
    block = Block(
        "held-busy", "Planning", due.at - timedelta(minutes=5), due.at + timedelta(minutes=1)
    )
    placed = ahead(found, Known(), Settings(), [block])
    assert placed[0].block == block
    assert placed[0].catch_up == (block.end if block.end and block.end < due.until else None)


def test_only_calendars_on_this_machine_are_allowed() -> None:
    assert check_source("http://127.0.0.1:5232/me/work.ics")
    assert check_source("~/calendars/work.ics")
    for outside in ("https://calendar.example.com/me.ics", "http://10.0.0.2/me.ics"):
        try:
            check_source(outside)
        except ValueError as error:
            assert "not on this machine" in str(error)
        else:
            raise AssertionError(outside)
