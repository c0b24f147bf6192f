"""The clinic server against its own OpenAPI document, by schemathesis, on a real server (uvicorn
on a free port) over a real PostgreSQL: once signed in as a clinician, once as a patient with a
profile and a week of journal, every operation fuzzed with every check schemathesis has. Valid
requests must be taken, invalid ones refused with a documented status, and no answer may be a
500 or stray from its schema.

Signing out (which would end the run's own session), by logout or by ending this device, is
left out; it is tested by hand in ``test_server``. ``api_hooks`` teaches schemathesis the one
format it cannot know, a record's ``at``, as for the local app's API: the patient's operations
are that API.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from backbeat.clinic.app import create_app
from backbeat.journal.store import Journal
from backbeat.records import MorningRecord, MoveRecord
from tests.clinic.conftest import Clock
from tests.clinic.people import PASSWORD
from tests.clinic.test_patient_app import invited, onboarded, signed_up
from tests.schemathesis_run import passes
from tests.web.conftest import MONDAY_10_40, live

# A programme the document allows may still be refused (422, naming the field) for rules of the
# catalogue no JSON Schema can state: a limit's ``up_to`` must be a harder variation of its
# movement. Every other operation must take every request its schema allows.
CONFIG = """
[[operations]]
include-name = "PUT /api/v1/clinic/patients/{patient_id}/programme"
checks.positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "422"]

# Nor can a schema say that a passkey's credential is signed by its key over this challenge: a
# fuzzer can make neither a ceremony nor a passkey, so these are refused (400, 404) and it warns
# that it could not reach further; tests/clinic/test_passkeys.py goes there with an authenticator.
[[operations]]
include-name = "POST /api/v1/passkeys"  # one operation (include-path and -method are either)
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "404", "409"]
warnings = false

[[operations]]
include-name = "POST /api/v1/login/passkey"
warnings = false

[[operations]]
include-name = "DELETE /api/v1/passkeys/{passkey_id}"
warnings = false

# A set-up link's token is made only by inviting someone, and works once: the fuzzer is refused
# (404), as anyone is without a link; tests/clinic/test_server.py uses real links.
[[operations]]
include-name = "POST /api/v1/setup/{token}"
warnings = false
"""


def _run(base: str, cookie: str, folder: Path, known: dict[str, str], *extra: str) -> str:
    """One schemathesis run as the person whose session ``cookie`` is; ``known`` gives the
    addresses' parameters that name things which exist (the patient's id, one the clinician
    may reach too; a slot of the patient's day)."""
    given = "".join(f'"path.{name}" = "{value}"\n' for name, value in known.items())
    (folder / "schemathesis.toml").write_text(f"[parameters]\n{given}{CONFIG}", encoding="utf-8")
    return passes(
        f"{base}/api/v1/openapi.json",
        folder,
        20,
        "--url",
        base,
        "--header",
        f"Cookie: backbeat_clinic={cookie}",
        "--exclude-path",
        "/api/v1/logout",
        "--exclude-path",  # signing out this device is signing out too: it learns the id
        "/api/v1/devices/{device}",
        *extra,
    )


def test_the_clinic_keeps_to_its_openapi_document(engine: Engine, tmp_path: Path) -> None:
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
        slot = httpx.get(
            f"{base}/api/v1/today", cookies={"backbeat_clinic": cookies["alice@example.org"]}
        ).json()["slots"][0]["id"]
        day, _, name = slot.partition("/")
        known = {"patient_id": patient_id, "day": day, "slot": name}
        _run(base, cookies["north@example.org"], tmp_path, known, "--include-tag", "the clinic")
        # As the patient, every operation: the clinicians' are refused (403), which is right,
        # and a reminder's answer is refused (404, 409) for any slot not due now; schemathesis's
        # warnings that these answer only refusals are not asked for (tests/web's reminder
        # tests and test_patient_app answer real ones).
        alice = cookies["alice@example.org"]
        _run(base, alice, tmp_path, known, "--warnings", "off")
