"""The clinic server against its own OpenAPI document, by schemathesis, on a real server (uvicorn
on a free port) over a real PostgreSQL: once signed in as a clinician, once as a patient with a
profile and a week of journal, every operation fuzzed with every check schemathesis has. Valid
requests must be taken, invalid ones refused with a documented status, and no answer may be a
500 or stray from its schema.

Signing out (which would end the run's own session) is left out; it is tested by hand in
``test_server``. ``api_hooks`` teaches schemathesis the one format it cannot know, a record's
``at``, as for the local app's API: the patient's operations are that API.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from backbeat.clinic.app import create_app
from backbeat.journal.store import Journal
from backbeat.records import MorningRecord, MoveRecord
from tests.clinic.conftest import Clock
from tests.clinic.people import PASSWORD
from tests.clinic.test_patient_app import invited, onboarded, signed_up
from tests.conftest import REPO
from tests.web.conftest import MONDAY_10_40, live

ST = Path(sys.executable).parent / "st"
# A programme the document allows may still be refused (422, naming the field) for rules of the
# catalogue no JSON Schema can state: a limit's ``up_to`` must be a harder variation of its
# movement. Every other operation must take every request its schema allows.
CONFIG = """
[[operations]]
include-path = "/api/v1/clinic/patients/{patient_id}/programme"
include-method = "PUT"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "422"]
"""


def _run(base: str, cookie: str, folder: Path, *extra: str) -> str:
    environ = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SCHEMATHESIS_HOOKS": "tests.web.api_hooks",
        "NO_COLOR": "1",
    }
    (folder / "schemathesis.toml").write_text(CONFIG, encoding="utf-8")
    command = [
        str(ST),
        "run",
        f"{base}/api/v1/openapi.json",
        "--url",
        base,
        "--checks",
        "all",
        "--max-examples",
        "20",
        "--seed",
        "1",
        "--workers",
        "1",
        "--header",
        "X-Backbeat: 1",
        "--header",
        f"Cookie: backbeat_clinic={cookie}",
        "--exclude-path",
        "/api/v1/logout",
        *extra,
    ]
    done = subprocess.run(
        command, cwd=folder, env=environ, capture_output=True, text=True, timeout=600
    )
    report = folder / "schemathesis.txt"  # the whole report, for reading after a failure
    report.write_text(done.stdout + done.stderr, encoding="utf-8")
    assert done.returncode == 0, f"{report}:\n{done.stdout[-6000:]}{done.stderr[-2000:]}"
    assert "No issues found" in done.stdout, done.stdout[-3000:]
    return done.stdout


def test_the_clinic_keeps_to_its_openapi_document(engine: Engine, tmp_path: Path) -> None:
    if not ST.exists():
        pytest.fail("schemathesis is not installed (it is a dev dependency: uv sync)")
    from backbeat.catalog.loader import builtin
    from tests.clinic.conftest import Clinic
    from tests.clinic.people import clinician

    clock = Clock(MONDAY_10_40)
    app = create_app(engine, trusted=["testclient"], clock=clock, catalogue=builtin())
    clinic = Clinic(engine, clock, app)
    north = clinician(clinic, "north@example.org", "North")
    patient_id, link = invited(clinic, north, "alice@example.org")
    onboarded(signed_up(clinic, link))
    records: list[MorningRecord | MoveRecord] = []
    for day in range(1, 8):
        at = MONDAY_10_40 - timedelta(days=day)
        records.append(MorningRecord(at=at.replace(hour=7), morning_pain=3))
        records.append(MoveRecord(at=at, move="knee-rolls", pain_during=2, difficulty="easy"))
    Journal(engine, person=f"clinic:{patient_id}").add(records)
    with live(app) as base:
        import httpx

        cookies = {}
        for who in ("north@example.org", "alice@example.org"):
            answer = httpx.post(
                f"{base}/api/v1/login", json={"email": who, "password": PASSWORD}, timeout=30
            )
            assert answer.status_code == 200, answer.text
            cookies[who] = answer.cookies["backbeat_clinic"]
        _run(base, cookies["north@example.org"], tmp_path, "--include-tag", "the clinic")
        _run(base, cookies["alice@example.org"], tmp_path)
