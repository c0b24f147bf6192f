"""A clinician's programme: the file format (strict, errors naming the field), its round trip,
its FHIR export, and the plan following it on every face, with the red-flag screen first."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.plandefinition import PlanDefinition

from backbeat.catalog.loader import builtin
from backbeat.clinic.fhir import care_plan, from_plan_definition, plan_definition
from backbeat.plan.builder import make_plan
from backbeat.plan.profile import Profile
from backbeat.plan.programme import Programme, dump, following, load
from backbeat.plan.progression import Progress
from tests.cli.test_plan import DESK, write_profile
from tests.conftest import Result
from tests.web.conftest import Web, clock, web

Cli = Callable[..., Result]
__all__ = ["clock", "web"]  # the web app's fixtures, for the faces test
MONDAY = date(2026, 11, 23)

PROGRAMME: dict[str, Any] = {
    "format": "backbeat-programme",
    "version": 1,
    "title": "Low back, weeks 1 to 4",
    "clinician": "Sam Lee",
    "notes": "Little and often.",
    "movements": [
        {
            "move": "pelvic-tilt",
            "dose": {"reps": 12, "tempo_s": 4},
            "moments": ["waking", "bedtime"],
            "progress": "held",
        },
        {
            "move": "arm-reach-hands-knees",
            "dose": {"reps": 6, "tempo_s": 3, "hold_s": 5, "sides": "alternate"},
            "moments": ["evening"],
            "progress": {"up_to": "bird-dog", "max": {"reps": 8}},
            "notes": "Keep the hips level.",
        },
        {
            "move": "seated-march",
            "dose": {"reps": 10, "tempo_s": 2, "sides": "alternate"},
            "places": ["desk"],
            "progress": "allowed",
        },
        {"move": "knee-sway", "dose": {"reps": 8, "tempo_s": 3}, "moments": ["TV"]},
    ],
}


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return builtin()


def _text(data: dict[str, Any] | None = None) -> str:
    return json.dumps(PROGRAMME if data is None else data)


def _problems(data: dict[str, Any], catalogue: Any) -> list[str]:
    programme, problems = load(json.dumps(data), "p.json", catalogue)
    assert programme is None
    return [str(p) for p in problems]


def test_a_programme_round_trips_identically(catalogue: Any) -> None:
    programme, problems = load(_text(), "p.json", catalogue)
    assert programme is not None, problems
    text = dump(programme)
    again, _ = load(text, "again.json", catalogue)
    assert again is not None and dump(again) == text


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d.update(format="backbeat-journal"), "p.json: format: is "),
        (lambda d: d.update(version=2), "p.json: version: is 2, from a newer backbeat"),
        (lambda d: d.pop("title"), "p.json: title: missing required key"),
        (lambda d: d.update(colour="red"), "p.json: colour: unknown key"),
        (lambda d: d["movements"][0].update(move="no-such-move"), "movements[0].move"),
        (lambda d: d["movements"][0]["dose"].update(reps=0), "movements[0].dose.reps"),
        (lambda d: d["movements"][0]["dose"].update(count=3), "movements[0].dose.count"),
        (lambda d: d["movements"][0].update(places=["roof"]), "movements[0].places[0]"),
        (lambda d: d["movements"][0].update(progress="sometimes"), "movements[0].progress"),
        (lambda d: d["movements"][1]["progress"].update(up_to="cat-cow"), "progress.up_to"),
        (lambda d: d["movements"][1].update(progress={}), "movements[1].progress"),
        (lambda d: d["movements"][0].pop("moments"), "movements[0]: belongs nowhere"),
        (lambda d: d.update(movements=[]), "p.json: movements: has 0 items"),
    ],
)
def test_a_wrong_file_is_refused_naming_the_field(
    catalogue: Any, change: Callable[[dict[str, Any]], None], named: str
) -> None:
    data = json.loads(_text())
    change(data)
    problems = _problems(data, catalogue)
    assert any(named in p for p in problems), problems


def test_fhir_plan_definition_and_care_plan_validate_and_carry_the_programme(
    catalogue: Any,
) -> None:
    programme, _ = load(_text(), "p.json", catalogue)
    assert programme is not None
    definition = plan_definition(programme, catalogue)
    parsed = PlanDefinition.model_validate(definition)
    assert parsed.title == programme.title
    assert [c.get_resource_type() for c in parsed.contained or []] == ["ActivityDefinition"] * 4
    assert from_plan_definition(json.loads(json.dumps(definition))) == programme
    plan = CarePlan.model_validate(care_plan(programme, "p-42", catalogue))
    assert plan.subject.reference == "Patient/p-42" and len(plan.activity or []) == 4


def _plan(programme: Programme | None, catalogue: Any, **update: Any) -> Any:
    profile = Profile(**update)
    return make_plan(following(profile, programme), catalogue, [], MONDAY)


def test_the_plan_is_the_programme_at_its_moments(catalogue: Any) -> None:
    programme, _ = load(_text(), "p.json", catalogue)
    assert programme is not None
    desk = {"start": "09:00", "end": "11:00", "place": "desk"}
    plan = _plan(programme, catalogue, day={"work": [desk]})
    slots = plan.days[0].slots
    moves = {(s.moment, i.move) for s in slots for i in s.items}
    assert moves == {
        ("waking", "pelvic-tilt"),
        ("bedtime", "pelvic-tilt"),
        ("desk", "seated-march"),
        ("evening", "arm-reach-hands-knees"),
    }
    tilt = next(i for s in slots for i in s.items if i.move == "pelvic-tilt")
    assert dict(tilt.dose) == {"reps": 12, "tempo_s": 4}
    notes = plan.days[0].notes
    assert "From your clinician: Little and often." in notes
    assert any("TV" in n and "knee-sway" in n for n in notes)  # not a moment of this day


def test_a_red_flag_still_refers_with_a_programme(catalogue: Any) -> None:
    programme, _ = load(_text(), "p.json", catalogue)
    plan = _plan(programme, catalogue, screen={"bladder_bowel": True})
    assert plan.referral is not None and plan.referral.level == "emergency"
    assert all(not d.slots for d in plan.days)


def test_progress_follows_the_limits(catalogue: Any) -> None:
    """Progression's variation is taken when allowed, up to ``up_to`` and no more than
    ``max``; a held movement keeps its prescribed variation and dose."""
    from backbeat.plan.choose import Chooser
    from backbeat.plan.programme import programme_day

    programme, _ = load(_text(), "p.json", catalogue)
    assert programme is not None
    state = Progress(swaps={"arm-reach-hands-knees": "bird-dog", "pelvic-tilt": "pelvic-rocking"})
    day = programme_day(programme, Chooser(catalogue, Profile(), state), MONDAY)
    items = {i.move: dict(i.dose) for s in day.slots for i in s.items}
    assert "bird-dog" in items and items["bird-dog"]["reps"] <= 8
    assert items["pelvic-tilt"] == {"reps": 12, "tempo_s": 4}


def test_a_movement_that_hurt_rests_and_says_so(catalogue: Any) -> None:
    from backbeat.plan.choose import Chooser
    from backbeat.plan.programme import programme_day

    programme, _ = load(_text(), "p.json", catalogue)
    assert programme is not None
    state = Progress(stepped_back=frozenset({"pelvic-tilt"}))
    day = programme_day(programme, Chooser(catalogue, Profile(), state), MONDAY)
    assert all(i.move != "pelvic-tilt" for s in day.slots for i in s.items)
    assert any("Pelvic tilt" in n and "hurt" in n for n in day.notes)


def test_programme_import_makes_plan_json_follow_it(cli: Cli, home: Path, tmp_path: Path) -> None:
    write_profile(home)
    before = json.loads(cli("plan", "--start", "2026-11-23", "--json").out)
    file = tmp_path / "programme.json"
    file.write_text(_text())
    done = cli("programme", "import", str(file))
    assert done.status == 0, done.err
    assert (home / "programme.json").exists()
    after = json.loads(cli("plan", "--start", "2026-11-23", "--json").out)
    assert after != before
    moves = {i["move"] for s in after["days"][0]["slots"] for i in s["items"]}
    assert moves == {"pelvic-tilt", "seated-march", "arm-reach-hands-knees", "knee-sway"}
    shown = cli("programme", "show", "--json")
    assert shown.status == 0 and shown.out == dump(load(_text(), "x", None)[0])  # type: ignore[arg-type]
    assert json.loads(cli("programme", "show", "--fhir").out)["resourceType"] == "PlanDefinition"
    assert "Sam Lee" in cli("programme", "show").out


def test_export_import_export_through_the_cli_is_identical(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    file = tmp_path / "in.json"
    file.write_text(_text())
    assert cli("programme", "import", str(file)).status == 0
    first = cli("programme", "show", "--json").out
    file.write_text(first)
    assert cli("programme", "import", str(file)).status == 0
    assert cli("programme", "show", "--json").out == first


def test_a_bad_file_changes_nothing(cli: Cli, home: Path, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(_text())
    assert cli("programme", "import", str(good)).status == 0
    kept = (home / "programme.json").read_bytes()
    bad.write_text(_text({**PROGRAMME, "version": "one"}))
    result = cli("programme", "import", str(bad))
    assert result.status == 1 and "version" in result.err and "nothing was changed" in result.err
    assert (home / "programme.json").read_bytes() == kept
    assert cli("programme", "show", "--json", "--fhir").status == 2


def test_a_red_flag_refers_through_the_cli_with_a_programme(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    write_profile(home, DESK.replace("bladder_bowel = false", "bladder_bowel = true"))
    file = tmp_path / "p.json"
    file.write_text(_text())
    assert cli("programme", "import", str(file)).status == 0
    result = cli("plan", "--json")
    assert result.status == 3
    assert json.loads(result.out)["referral"]["level"] == "emergency"


def test_every_face_shows_the_same_programme_shaped_plan(
    cli: Cli, home: Path, tmp_path: Path, web: Web
) -> None:
    write_profile(home)
    file = tmp_path / "p.json"
    file.write_text(_text())
    web.get("/api/v1/plan?start=2026-11-23")  # the web app has read the profile before
    assert cli("programme", "import", str(file)).status == 0
    from_cli = json.loads(cli("plan", "--start", "2026-11-23", "--json").out)
    from_api = web.get("/api/v1/plan?start=2026-11-23").json()
    assert from_api["days"] == from_cli["days"]
    page = web.read("/")
    today = re.findall(r'data-slot="([^"]+)"', page)
    api_today = web.get("/api/v1/today").json()
    ids = [s["id"] for s in api_today["slots"]]
    assert today == ids and any("desk" in i for i in ids)
    moves = {i["move"] for s in api_today["slots"] for i in s["items"]}
    assert moves <= {"pelvic-tilt", "seated-march", "arm-reach-hands-knees", "knee-sway"}
