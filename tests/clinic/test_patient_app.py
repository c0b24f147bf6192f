"""A patient's own app on the clinic server: the local app's pages and API over their rows of the
clinic's journal, following the programme their clinician prescribed, seen the same from every
worker."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from backbeat.clinic.app import create_app
from tests.clinic.conftest import Clinic, TestClient
from tests.clinic.people import PASSWORD, Person, clinician
from tests.plan.test_programme import PROGRAMME
from tests.web.test_onboarding import ALL_NO

DAY = {
    **ALL_NO,
    "pain": "4",
    "wake": "07:00",
    "sleep": "23:00",
    "work_place": "desk",
    "work_start": "09:00",
    "work_end": "17:00",
    "work_days": ["mon", "tue", "wed", "thu", "fri"],
    "moment-0-name": "TV",
    "moment-0-at": "21:00",
    "moment-0-place": "sofa",
    "moment-1-name": "",
    "minutes_per_day": "20",
    "walk": "yes",
}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(page: str) -> str:
    found = CSRF.search(page)
    assert found, page[:400]
    return found.group(1)


def invited(clinic: Clinic, north: Person, email: str) -> tuple[str, str]:
    answer = north.post("/api/v1/clinic/patients", json={"email": email})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"], answer.json()["invite"]


def signed_up(clinic: Clinic, link: str) -> Any:
    """A browser that opened the invite link, set a password, and was let straight in."""
    browser = clinic.client()
    page = browser.get(link)
    assert page.status_code == 200 and "Set your password" in page.text
    done = browser.post(link, data={"password": PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/welcome"
    return browser


def onboarded(browser: Any) -> None:
    csrf = csrf_of(browser.get("/start").text)
    assert "Your back and your day" in browser.post("/start", data={**ALL_NO, "csrf": csrf}).text
    done = browser.post("/start/day", data={**DAY, "csrf": csrf})
    assert done.status_code == 303, done.text[:500]


def test_an_invited_patient_signs_up_answers_the_welcome_and_gets_their_plan(
    clinic: Clinic,
) -> None:
    north = clinician(clinic, "north@example.org", "North")
    _, link = invited(clinic, north, "alice@example.org")
    browser = signed_up(clinic, link)
    assert browser.get(link).status_code == 404  # the link works once
    first = browser.get("/")
    assert first.status_code == 303 and first.headers["location"] == "/welcome"
    onboarded(browser)
    today = browser.get("/")
    assert today.status_code == 200 and "Today" in today.text
    slots = browser.get("/api/v1/today").json()["slots"]
    assert slots, "a plan with slots"


def test_the_plan_follows_the_programme_on_every_worker(clinic: Clinic) -> None:
    north = clinician(clinic, "north@example.org", "North")
    patient_id, link = invited(clinic, north, "alice@example.org")
    browser = signed_up(clinic, link)
    onboarded(browser)
    other_worker = create_app(
        clinic.engine, trusted=["testclient"], clock=clinic.clock, catalogue=clinic.catalogue
    )
    second = TestClient(other_worker, base_url="http://clinic.test", follow_redirects=False)
    second.cookies = browser.cookies
    before = second.get("/api/v1/plan?days=1").json()
    put = north.put(f"/api/v1/clinic/patients/{patient_id}/programme", json=PROGRAMME)
    assert put.status_code == 200, put.text
    after_here = browser.get("/api/v1/plan?days=1").json()
    after_there = second.get("/api/v1/plan?days=1").json()
    assert after_here == after_there != before
    prescribed = {m["move"] for m in PROGRAMME["movements"]} | {"bird-dog"}  # its "up to"
    planned = {
        item["move"]
        for day in after_here["days"]
        for slot in day["slots"]
        for item in slot["items"]
    }
    assert planned <= prescribed | {"walk"}, planned - prescribed


def test_a_clinician_is_sent_to_their_patients_and_cannot_use_a_patients_app(
    clinic: Clinic,
) -> None:
    north = clinician(clinic, "north@example.org", "North")
    assert north.get("/").headers["location"] == "/clinic"
    assert north.get("/api/v1/today").status_code == 403


def test_a_patients_session_seen_by_the_clinician_and_the_read_in_the_audit_log(
    clinic: Clinic,
) -> None:
    north = clinician(clinic, "north@example.org", "North")
    patient_id, link = invited(clinic, north, "alice@example.org")
    browser = signed_up(clinic, link)
    onboarded(browser)
    slot = browser.get("/api/v1/today").json()["slots"][0]
    moves = [item["move"] for item in slot["items"]]
    sent = browser.post(
        "/api/v1/sessions",
        json={
            "key": "first-session",
            "slot": slot["id"],
            "planned": moves,
            "started": moves,
            "completed": moves,
            "seconds": 180,
            "answers": {"pain": 2, "pain_after": 1, "sharp": False, "difficulty": "ok"},
        },
        headers={"Idempotency-Key": "first-session", "X-Backbeat": "1"},
    )
    assert sent.status_code in (200, 201), sent.text
    progress = north.get(f"/api/v1/clinic/patients/{patient_id}/progress").json()
    assert progress["days"][-1]["done"] >= len(moves), progress["days"][-1]
    assert progress["days"][-1]["sessions"] == 1
    audit = browser.get("/api/v1/audit").json()
    assert audit[0]["who"] == "north@example.org" and audit[0]["action"] == "read progress"


def test_settings_say_who_looked_at_the_record(clinic: Clinic) -> None:
    north = clinician(clinic, "north@example.org", "North")
    patient_id, link = invited(clinic, north, "alice@example.org")
    browser = signed_up(clinic, link)
    onboarded(browser)
    assert "No one but you has looked at your record yet." in browser.get("/settings").text
    assert north.get(f"/api/v1/clinic/patients/{patient_id}/progress").status_code == 200
    settings = browser.get("/settings").text
    assert "Your account at North" in settings
    assert "north@example.org (clinic admin) looked at your progress" in settings


def test_a_patient_deletes_their_account_and_every_record(clinic: Clinic) -> None:
    from sqlalchemy import text

    north = clinician(clinic, "north@example.org", "North")
    patient_id, link = invited(clinic, north, "alice@example.org")
    browser = signed_up(clinic, link)
    onboarded(browser)
    north.put(f"/api/v1/clinic/patients/{patient_id}/programme", json=PROGRAMME)
    page = browser.get("/account/delete")
    assert page.status_code == 200 and "export your journal" in page.text
    wrong = browser.post(
        "/account/delete", data={"password": "not my password", "csrf": csrf_of(page.text)}
    )
    assert wrong.status_code == 403 and "That is not your password." in wrong.text
    assert browser.get("/api/v1/today").status_code == 200  # nothing happened
    gone = browser.post("/account/delete", data={"password": PASSWORD, "csrf": csrf_of(page.text)})
    assert gone.status_code == 200 and "Your account is deleted" in gone.text
    assert browser.get("/api/v1/today").status_code == 401
    assert north.get(f"/api/v1/clinic/patients/{patient_id}/progress").status_code == 404
    with clinic.engine.connect() as connection:
        left = connection.execute(
            text("SELECT count(*) FROM person WHERE name = :name"),
            {"name": f"clinic:{patient_id}"},
        ).scalar()
        programmes = connection.execute(text("SELECT count(*) FROM clinic_programmes")).scalar()
    assert left == 0 and programmes == 0
    again = clinic.client().post(
        "/api/v1/login", json={"email": "alice@example.org", "password": PASSWORD}
    )
    assert again.status_code == 401


def test_a_patient_can_install_the_app_from_the_clinic_server(clinic: Clinic) -> None:
    """The manifest and the service worker are the local app's, served to a signed-in patient
    (issue 15: served by backbeat serve and the clinic server)."""
    north = clinician(clinic, "north@example.org", "North")
    _, link = invited(clinic, north, "alice@example.org")
    browser = signed_up(clinic, link)
    onboarded(browser)
    manifest = browser.get("/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.json()["display"] == "standalone"
    worker = browser.get("/sw.js")
    assert worker.status_code == 200 and "javascript" in worker.headers["content-type"]


def test_two_patients_at_once_each_get_only_their_own(clinic: Clinic) -> None:
    """One worker serves every patient with one API (``web.current``): asked at the same time
    from two threads, each patient's answers are still theirs alone, writes included."""
    north = clinician(clinic, "north@example.org", "North")
    browsers = []
    for name in ("alice", "bruno"):
        _, link = invited(clinic, north, f"{name}@example.org")
        browsers.append(signed_up(clinic, link))
        onboarded(browsers[-1])
    moves = ("knee-rolls", "pelvic-tilt")

    def ask(browser: Any, move: str) -> list[str]:
        seen: list[str] = []
        for n in range(12):
            sent = {"at": f"2026-11-23T09:{n:02d}", "move": move, "pain_during": n % 4}
            added = browser.post("/api/v1/records", json=sent, headers={"X-Backbeat": "1"})
            assert added.status_code == 201, added.text
            records = browser.get("/api/v1/records").json()
            seen += {r["move"] for r in records if "move" in r}
            assert browser.get("/api/v1/today").status_code == 200
        return seen

    with ThreadPoolExecutor(2) as pool:
        found = list(pool.map(ask, browsers, moves))
    for move, seen in zip(moves, found, strict=True):
        assert set(seen) == {move}


def test_a_patient_is_served_in_the_time_zone_their_browser_is_in(clinic: Clinic) -> None:
    """The server's clock is UTC; the patient's plan day and times follow the zone their browser
    said (the ``backbeat_zone`` cookie ``zone.js`` sets), and a name that is no zone is ignored."""
    north = clinician(clinic, "north@example.org", "North")
    _, link = invited(clinic, north, "alice@example.org")
    browser = signed_up(clinic, link)
    onboarded(browser)  # wakes at 07:00
    clinic.clock.now = datetime(2026, 11, 23, 20, 30, tzinfo=UTC)  # within the session's life
    for zone, day, now in (
        ("America/New_York", "2026-11-23", "2026-11-23T15:30:00-05:00"),
        ("Pacific/Kiritimati", "2026-11-24", "2026-11-24T10:30:00+14:00"),
    ):
        browser.cookies.set("backbeat_zone", zone)
        today = browser.get("/api/v1/today").json()
        assert (today["date"], today["now"]) == (day, now)
        page = browser.get("/")
        assert page.status_code == 200 and 'data-at="2026-' in page.text
        assert f'data-at="{day}T07:00:00{now[-6:]}"' in page.text
    server = clinic.clock.now.astimezone().isoformat()
    for wrong in ("Mars/Olympus", "../../etc/passwd", "Europe/" + "x" * 300, "", "UTC; drop"):
        browser.cookies.set("backbeat_zone", wrong)
        answer = browser.get("/api/v1/today")
        assert answer.status_code == 200 and answer.json()["now"] == server
