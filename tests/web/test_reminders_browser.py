"""Browser reminders by the daemon's rules, through the API: a due reminder appears on the
Journal page (any page, not only Today), Snooze is kept in the journal as the CLI keeps it, and
the CLI's `remind --dry-run` then places the reminder after the snooze."""

# ruff: noqa: F811  (the browser fixtures are imported from test_browser by name)
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.web.conftest import MONDAY_10_40, Served, Web
from tests.web.test_browser import Page, axe, browser, page  # noqa: F401 (fixtures)

WRITE = {"X-Backbeat": "1"}


def tea_at_10_40(home: Path) -> None:
    (home / "profile.toml").write_text(
        '[day]\nwake = "07:00"\nsleep = "23:00"\n'
        '[[day.moments]]\nname = "tea"\nat = "10:40"\nplace = "desk"\n'
        "[prefs]\nwalk = false\nminutes_per_day = 60\n"
    )


def dry_run(home: Path) -> list[dict[str, object]]:
    """`remind --dry-run --json` at the app's time (in a thread of its own: the browser's
    driver keeps an event loop running in this one)."""
    argv = ("remind", "--dry-run", "--json")
    with ThreadPoolExecutor(1) as thread:
        run = thread.submit(run_cli, {"BACKBEAT_HOME": str(home)}, *argv, at=MONDAY_10_40)
        found = run.result(timeout=60)
    assert found.status == 0, found.err
    listed: list[dict[str, object]] = json.loads(found.out)
    return listed


def test_the_due_reminder_is_given_once_then_answered_as_the_cli_records_it(web: Web) -> None:
    tea_at_10_40(web.home)
    due = web.get("/api/v1/reminders/due").json()
    (shown,) = due["show"]
    assert shown["slot"] == "tea" and due["held"] == []
    path = f"/api/v1/reminders/{shown['id']}/answer"
    assert web.client.post(path, json={"answer": "sent"}).status_code == 403  # no header
    assert web.client.post(path, json={"answer": "sent"}, headers=WRITE).status_code == 201
    again = web.client.post(path, json={"answer": "sent"}, headers=WRITE)
    assert again.status_code == 409  # shown once: another tab is told no
    assert web.get("/api/v1/reminders/due").json()["show"] == []
    done = web.client.post(
        path, json={"answer": "done"}, headers={**WRITE, "Idempotency-Key": "k-12345678"}
    )
    assert done.status_code == 201 and done.json()["recorded"]["reminder"] == "done"
    records = [r["reminder"] for r in web.get("/api/v1/records").json() if "reminder" in r]
    assert records == ["done", "sent"]
    assert (
        web.client.post(
            "/api/v1/reminders/nope/answer", json={"answer": "done"}, headers=WRITE
        ).status_code
        == 404
    )


def test_the_pause_is_the_clis_pause_and_ends_at_the_next_waking(web: Web) -> None:
    tea_at_10_40(web.home)
    paused = web.client.post("/api/v1/reminders/pause", json={"length": "tomorrow"}, headers=WRITE)
    assert paused.json()["paused_until"] == "2026-11-24T07:00:00+01:00"
    due = web.get("/api/v1/reminders/due").json()
    assert due["show"] == [] and due["paused_until"] == "2026-11-24T07:00:00+01:00"
    assert json.loads((web.home / "reminders.json").read_text())["paused_until"].startswith(
        "2026-11-24T07:00"
    )
    assert dry_run(web.home) == []


def test_a_busy_event_holds_the_browsers_reminder_too(web: Web) -> None:
    tea_at_10_40(web.home)
    (web.home / "busy.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a@t\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20261116T100000\r\nDTEND:20261116T110000\r\n"
        "RRULE:FREQ=WEEKLY\r\nSUMMARY:Weekly planning\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    profile = web.home / "profile.toml"
    profile.write_text(profile.read_text().replace("[prefs]\n", '[prefs]\nbusy = "busy.ics"\n'))
    due = web.get("/api/v1/reminders/due").json()
    (held,) = due["held"]
    assert due["show"] == [] and held["why"] == "a busy event in your calendar: Weekly planning"
    path = f"/api/v1/reminders/{held['id']}/answer"
    assert web.client.post(path, json={"answer": "held"}, headers=WRITE).status_code == 201
    assert web.get("/api/v1/reminders/due").json()["held"][0]["recorded"] is True
    (tea,) = [r for r in dry_run(web.home) if r["slot"] == "tea"]
    assert tea["held"] == {
        "why": "a busy event in your calendar: Weekly planning",
        "catch_up": "11:00",
    }


def test_a_due_reminder_appears_on_the_journal_page_and_snooze_is_kept(
    page: Page, served: Served
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    tea_at_10_40(served.home)
    page.context.add_init_script("localStorage.setItem('backbeat.reminders', 'on')")  # type: ignore[attr-defined]
    page.open("/journal")
    reminder = page.get_by_role("status", name="Reminder")  # type: ignore[attr-defined]
    sync_api.expect(reminder).to_contain_text("tea", timeout=20_000)
    reminder.get_by_role("button", name="Snooze").click()
    sync_api.expect(reminder).to_have_count(0, timeout=20_000)

    def snoozed() -> bool:
        found = run_cli({"BACKBEAT_HOME": str(served.home)}, "history", "--json")
        return any(r.get("reminder") == "snoozed" for r in json.loads(found.out))

    deadline = 200
    while not snoozed() and deadline:  # the answer may still be on its way: poll for it
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
        deadline -= 1
    assert snoozed()
    (tea,) = [r for r in dry_run(served.home) if r["slot"] == "tea"]
    assert tea["slot"] == "tea" and tea["at"] == "10:50" and tea["kind"] == "snoozed"
