"""The clinician's dashboard, a patient's page and the programme editor, on a real PostgreSQL
server: who needs attention first and why, what another clinic's clinician cannot see, and a
programme previewed, saved and followed by the patient's plan."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from backbeat.clinic import attention, dashboard_data
from backbeat.journal.store import Journal
from backbeat.records import (
    MorningRecord,
    MoveRecord,
    PlanRecord,
    ProfileRecord,
    Record,
    ReviewRecord,
    SessionRecord,
)
from tests.clinic.conftest import START, Clinic
from tests.clinic.people import Person, clinician, patient
from tests.clinic.test_patient_app import csrf_of, invited, onboarded, signed_up

TODAY = START.date()  # a Monday
ZONE = timezone(timedelta(hours=1))


def at(days_ago: int, hour: int = 8) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), ZONE).replace(
        hour=hour
    )


def plan_for(day: date, items: int) -> PlanRecord:
    moves = [{"move": "cat-cow", "dose": {"reps": 6}, "why": "."} for _ in range(items)]
    slot = {"id": f"{day.isoformat()}/morning", "time": "08:00", "items": moves}
    return PlanRecord(
        at=at((TODAY - day).days, 7), plan={"days": [{"date": day.isoformat(), "slots": [slot]}]}
    )


def steady(days: range, *, pain: int = 3) -> list[Record]:
    """A morning check-in and a movement on each of these days before today."""
    found: list[Record] = []
    for n in days:
        found.append(MorningRecord(at=at(n), morning_pain=pain))
        found.append(MoveRecord(at=at(n, 9), move="cat-cow", pain_during=2))
    return found


def write(clinic: Clinic, person: Person, records: list[Record]) -> None:
    Journal(clinic.engine, person=f"clinic:{person.id}").add(records)


@pytest.fixture
def ward(clinic: Clinic) -> dict[str, Person]:
    """A clinic with a patient in each state, and a second clinic."""
    north = clinician(clinic, "north@example.org", "North")
    people = {"north": north}
    for name in ("flag", "hurt", "morning", "adherence", "quiet", "fine"):
        people[name] = patient(clinic, north, f"{name}@example.org")
    write(clinic, people["flag"], [ProfileRecord(at=at(40), profile={"screen": {"fever": True}})])
    write(
        clinic,
        people["hurt"],
        [*steady(range(0, 14)), MoveRecord(at=at(1, 18), move="knee-rolls", hurt=True)],
    )
    mornings = [MorningRecord(at=at(n), morning_pain=2 if n >= 7 else 6) for n in range(0, 14)]
    write(clinic, people["morning"], [*mornings, *steady(range(0, 14), pain=2)[1::2]])
    plans = [plan_for(TODAY - timedelta(days=n), 6) for n in range(1, 15)]
    done = [
        MoveRecord(at=at(n, 9 + k), move="cat-cow", pain_during=1)
        for n in range(1, 15)
        for k in range(6 if n >= 8 else 1)
    ]
    write(clinic, people["adherence"], [*plans, *done, *steady(range(0, 1))])
    write(clinic, people["quiet"], steady(range(8, 14)))
    write(clinic, people["fine"], steady(range(0, 14)))
    people["south"] = clinician(clinic, "south@example.org", "South")
    return people


def _joined_long_ago(clinic: Clinic) -> None:
    from sqlalchemy import update

    from backbeat.clinic.schema import accounts

    with clinic.engine.begin() as connection:
        connection.execute(update(accounts).values(created=START - timedelta(days=60)))


def test_the_dashboard_puts_who_needs_attention_first_with_the_reason(
    clinic: Clinic, ward: dict[str, Person]
) -> None:
    _joined_long_ago(clinic)
    rows = ward["north"].get("/api/v1/clinic/dashboard")
    assert rows.status_code == 200, rows.text
    found = rows.json()
    assert [r["email"].split("@")[0] for r in found] == [
        "flag",
        "hurt",
        "morning",
        "adherence",
        "quiet",
        "fine",
    ]
    reasons = {r["email"].split("@")[0]: r["reason"] for r in found}
    assert (
        reasons["flag"].startswith("Red flag in their safety answers: ")
        and "fever" in (reasons["flag"])
    )
    assert reasons["hurt"] == 'Said "this hurts" during knee rolls yesterday'
    assert reasons["morning"].startswith("Morning pain up from 2.0 to 6.0 out of 10")
    assert reasons["adherence"].startswith("Did 17% of their planned movements")
    assert "down from 100% the week before" in reasons["adherence"]
    assert reasons["quiet"].startswith("Nothing recorded for 8 days")
    assert reasons["fine"] is None
    assert [r["needs_attention"] for r in found] == [True] * 5 + [False]
    fine = next(r for r in found if r["email"] == "fine@example.org")
    assert fine["last_activity"].startswith(TODAY.isoformat())
    assert next(r for r in found if r["email"] == "flag@example.org")["last_activity"] is None

    page = ward["north"].get("/clinic")
    assert page.status_code == 200
    text = page.text
    order = [text.index(f"{n}@example.org") for n in ("flag", "hurt", "morning", "fine")]
    assert order == sorted(order)
    assert "Said &#34;this hurts&#34; during knee rolls yesterday" in text


def test_the_dashboard_reads_what_the_records_say(clinic: Clinic) -> None:
    """The dashboard's query and ``attention.recent_of`` over the same journal agree, in
    another time zone, with a session stopped because it hurt and plans given."""
    north = clinician(clinic, "north@example.org", "North")
    alice = patient(clinic, north, "alice@example.org")
    zone = timezone(timedelta(hours=-7))
    records: list[Record] = [
        *steady(range(0, 20)),
        *(plan_for(TODAY - timedelta(days=n), 3 + n % 2) for n in range(0, 22)),
        MoveRecord(at=at(2).astimezone(zone), move="bird-dog", pain_during=6, sharp=True),
        SessionRecord(
            at=at(3, 20).astimezone(zone),
            ended=at(3, 21).astimezone(zone),
            session=["cat-cow", "knee-rolls"],
            done=["cat-cow"],
            stopped=["knee-rolls"],
        ),
        ReviewRecord(
            at=at(1, 22), weekly_pain=4, interference=3, activity="walks", activity_ability=6
        ),
        ProfileRecord(at=at(30), profile={"screen": {}}),
        ProfileRecord(at=at(3), profile={"screen": {"night_pain": True}}),
    ]
    write(clinic, alice, records)
    from backbeat.clinic.accounts import patient as account_of

    found = account_of(clinic.engine, alice.id)
    assert found is not None
    people = dashboard_data.patients(clinic.engine, found.clinic_id)
    read = dashboard_data.recent(clinic.engine, people, TODAY)[alice.id]
    kept = Journal(clinic.engine, person=f"clinic:{alice.id}").records()
    assert read == attention.recent_of(kept, TODAY, joined=people[0].joined)
    assert read.last_what == "move" and read.planned and len(read.hurts) == 2


def test_another_clinics_clinician_and_a_patient_see_none_of_it(
    clinic: Clinic, ward: dict[str, Person]
) -> None:
    south, flag = ward["south"], ward["flag"]
    assert south.get("/api/v1/clinic/dashboard").json() == []
    assert "flag@example.org" not in south.get("/clinic").text
    for path in ("", "/programme", "/programme?template=driver"):
        answer = south.get(f"/clinic/patients/{flag.id}{path}")
        assert answer.status_code == 404 and "flag@example.org" not in answer.text
    csrf = csrf_of(south.get("/clinic").text)
    sent = south.post(
        f"/clinic/patients/{flag.id}/programme",
        data={"csrf": csrf, "title": "Taken over", "use": "cat-cow", "cat-cow.moments": "evening"},
    )
    assert sent.status_code == 404
    assert ward["north"].get(f"/api/v1/clinic/patients/{flag.id}/programme").status_code == 404
    assert flag.get("/api/v1/clinic/dashboard").status_code == 403
    assert flag.get("/clinic").status_code == 403


def test_a_clinician_invites_a_patient_from_the_dashboard(clinic: Clinic) -> None:
    north = clinician(clinic, "north@example.org", "North")
    page = north.get("/clinic")
    assert "No patients yet" in page.text
    refused = north.post("/clinic/patients", data={"email": "new@example.org"})
    assert refused.status_code == 403
    done = north.post(
        "/clinic/patients", data={"email": "new@example.org", "csrf": csrf_of(page.text)}
    )
    assert done.status_code == 200
    link = re.search(r'value="http://clinic\.test(/setup/[^"]+)"', done.text)
    assert link, done.text[:2000]
    assert clinic.client().get(link.group(1)).status_code == 200
    again = north.post(
        "/clinic/patients", data={"email": "new@example.org", "csrf": csrf_of(page.text)}
    )
    assert again.status_code == 422 and "already has an account" in again.text


def _form(programme: dict[str, Any], action: str, csrf: str) -> dict[str, Any]:
    """The editor's form for a programme, as a browser sends it."""
    form: dict[str, Any] = {"csrf": csrf, "action": action, "title": programme["title"]}
    form["use"] = [m["move"] for m in programme["movements"]]
    for entry in programme["movements"]:
        move = entry["move"]
        for key, value in entry["dose"].items():
            form[f"{move}.{key}"] = str(value)
        form[f"{move}.moments"] = entry.get("moments", [])
        form[f"{move}.places"] = entry.get("places", [])
        form[f"{move}.progress"] = entry.get("progress", "held")
    return form


PRESCRIBED = {
    "title": "Evening only",
    "movements": [
        {"move": "knee-sway", "dose": {"reps": 7, "tempo_s": 3}, "moments": ["evening"]},
        {
            "move": "pelvic-tilt",
            "dose": {"reps": 9, "tempo_s": 3},
            "moments": ["waking", "bedtime"],
        },
    ],
}


def test_the_editor_previews_then_saves_and_the_patients_plan_follows(clinic: Clinic) -> None:
    north = clinician(clinic, "north@example.org", "North")
    patient_id, link = invited(clinic, north, "alice@example.org")
    browser = signed_up(clinic, link)
    onboarded(browser)
    editor = north.get(f"/clinic/patients/{patient_id}/programme")
    assert editor.status_code == 200 and "<svg" in editor.text  # the movements' figures
    start = north.get(f"/clinic/patients/{patient_id}/programme?template=desk-worker")
    assert 'value="Desk worker"' in start.text
    csrf = csrf_of(editor.text)

    preview = north.post(
        f"/clinic/patients/{patient_id}/programme", data=_form(PRESCRIBED, "preview", csrf)
    )
    assert preview.status_code == 200, preview.text[:2000]
    assert "Preview: their plan for the next 7 days" in preview.text
    assert "Knee sway" in preview.text and "7 times" in preview.text
    assert north.get(f"/api/v1/clinic/patients/{patient_id}/programme").status_code == 404

    bad = north.post(
        f"/clinic/patients/{patient_id}/programme",
        data={**_form(PRESCRIBED, "save", csrf), "knee-sway.reps": "many"},
    )
    assert bad.status_code == 422 and "Knee sway: repetitions: &#39;many&#39; is not" in bad.text
    nowhere = {**_form(PRESCRIBED, "save", csrf), "knee-sway.moments": []}
    assert (
        "Knee sway: (movement): belongs nowhere"
        in north.post(f"/clinic/patients/{patient_id}/programme", data=nowhere).text
    )

    saved = north.post(
        f"/clinic/patients/{patient_id}/programme", data=_form(PRESCRIBED, "save", csrf)
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/clinic/patients/{patient_id}?saved=programme"
    kept = north.get(f"/api/v1/clinic/patients/{patient_id}/programme").json()
    assert kept["title"] == "Evening only" and kept["movements"][0]["dose"]["reps"] == 7
    plan = browser.get("/api/v1/plan?days=2").json()
    planned = {i["move"] for d in plan["days"] for s in d["slots"] for i in s["items"]}
    assert planned and planned <= {"knee-sway", "pelvic-tilt", "walk"}, planned
    page = north.get(saved.headers["location"])
    assert "Programme saved" in page.text and "Evening only" in page.text
    actions = [e["action"] for e in browser.get("/api/v1/audit").json()]
    assert {"read programme", "previewed programme", "changed programme", "read progress"} <= set(
        actions
    )


def test_a_patients_page_shows_the_report_they_see(clinic: Clinic) -> None:
    north = clinician(clinic, "north@example.org", "North")
    alice = patient(clinic, north, "alice@example.org")
    write(clinic, alice, steady(range(0, 10)))
    page = north.get(f"/clinic/patients/{alice.id}")
    assert page.status_code == 200
    assert "Morning pain over the weeks" in page.text and "Days you moved" in page.text
    assert 'href="/moves/' not in page.text  # no links into the patient's own app
    assert "No programme yet" in page.text
    assert alice.get("/api/v1/audit").json()[0]["action"] == "read progress"


def test_the_pages_are_valid_html(clinic: Clinic, ward: dict[str, Person], tmp_path: Path) -> None:
    from tests.web.test_html_valid import vnu

    north, hurt = ward["north"], ward["hurt"]
    csrf = csrf_of(north.get("/clinic").text)
    pages = {
        "dashboard": north.get("/clinic"),
        "invited": north.post("/clinic/patients", data={"email": "x@example.org", "csrf": csrf}),
        "patient": north.get(f"/clinic/patients/{hurt.id}"),
        "editor": north.get(f"/clinic/patients/{hurt.id}/programme?template=driver"),
        "preview": north.post(
            f"/clinic/patients/{hurt.id}/programme", data=_form(PRESCRIBED, "preview", csrf)
        ),
        "problems": north.post(
            f"/clinic/patients/{hurt.id}/programme", data={"csrf": csrf, "action": "save"}
        ),
    }
    paths = []
    for name, answer in pages.items():
        assert answer.status_code in (200, 422), (name, answer.status_code)
        path = tmp_path / f"{name}.html"
        path.write_text(answer.text, encoding="utf-8")
        paths.append(path)
    errors = vnu(paths)
    assert errors == [], "\n".join(errors[:40])
