"""`backbeat moves`: the table, the JSON contract, filters, one movement in full, user movements."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from backbeat.catalog.vocabulary import KINDS, PLACES, POSITIONS, REGIONS
from tests.catalog.movement_files import broken, write
from tests.conftest import Result

Cli = Callable[..., Result]

CONTRACT_KEYS = {
    "id",
    "name",
    "kind",
    "position",
    "places",
    "avoid_places",
    "regions",
    "effort",
    "dose",
    "easier",
    "harder",
    "cautions",
    "sources",
}


def moves_json(cli: Cli, *args: str) -> list[dict[str, object]]:
    result = cli("moves", "--json", *args)
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert isinstance(data, list)
    return data


def test_json_lists_every_movement_with_the_contract_keys(cli: Cli) -> None:
    data = moves_json(cli)
    assert len(data) >= 30
    for entry in data:
        assert set(entry) >= CONTRACT_KEYS, entry["id"]
        assert entry["kind"] in KINDS and entry["position"] in POSITIONS
        assert set(entry["places"]) <= set(PLACES) and set(entry["regions"]) <= set(REGIONS)  # type: ignore[arg-type]
        assert isinstance(entry["dose"], dict) and entry["dose"]
    assert [e["id"] for e in data] == sorted(str(e["id"]) for e in data)


@pytest.mark.parametrize("place", PLACES)
def test_place_filter_keeps_only_movements_allowed_there(cli: Cli, place: str) -> None:
    for entry in moves_json(cli, "--place", place):
        assert place in entry["places"]  # type: ignore[operator]
        assert place not in entry["avoid_places"]  # type: ignore[operator]


def test_knee_rolls_are_not_offered_in_bed(cli: Cli) -> None:
    in_bed = {e["id"] for e in moves_json(cli, "--place", "bed")}
    on_floor = {e["id"] for e in moves_json(cli, "--place", "floor")}
    assert "knee-rolls" not in in_bed and "knee-rolls" in on_floor


def test_filters_combine(cli: Cli) -> None:
    data = moves_json(cli, "--kind", "rhythm", "--position", "supine", "--region", "lower-back")
    assert data
    assert all(e["kind"] == "rhythm" and e["position"] == "supine" for e in data)
    assert all("lower-back" in e["regions"] for e in data)  # type: ignore[operator]


def test_an_unknown_filter_value_is_a_usage_error(cli: Cli) -> None:
    result = cli("moves", "--place", "beach")
    assert result.status == 2
    assert "invalid choice: 'beach'" in result.err and "floor" in result.err


def test_the_table_shows_names_and_doses(cli: Cli) -> None:
    result = cli("moves", "--place", "desk")
    assert result.status == 0
    assert "Neck tilts" in result.out or "neck-tilts" in result.out
    assert "movements" in result.out


def test_show_gives_the_whole_entry(cli: Cli) -> None:
    result = cli("moves", "show", "knees-to-chest", "--json")
    assert result.status == 0
    entry = json.loads(result.out)
    assert set(entry) >= CONTRACT_KEYS
    assert 3 <= len(entry["cues"]) <= 6
    assert entry["motion"]["keyframes"][0]["t"] == 0
    text = cli("moves", "show", "knees-to-chest")
    assert text.status == 0
    assert "Knees to chest" in text.out and "1. " in text.out and "Take care" in text.out


def test_show_an_unknown_id_suggests_the_nearest(cli: Cli) -> None:
    result = cli("moves", "show", "knee-to-chest")
    assert result.status == 2
    assert "did you mean knees-to-chest" in result.err
    assert result.out == ""


def test_show_can_draw_the_keyframes(cli: Cli, tmp_path: Path) -> None:
    picture = tmp_path / "k.svg"
    assert cli("moves", "show", "knee-rolls", "--svg", str(picture)).status == 0
    svg = picture.read_text()
    assert svg.startswith("<svg") and svg.count("<circle") >= 3


def test_valid_user_movements_join_the_catalogue(cli: Cli, home: Path) -> None:
    write(home / "movements", harder='["knees-to-chest"]')
    ids = {e["id"] for e in moves_json(cli, "--place", "desk")}
    assert "wall-lean" in ids
    assert cli("moves", "show", "wall-lean").status == 0


def test_an_invalid_user_movement_is_reported_and_skipped(cli: Cli, home: Path) -> None:
    folder = home / "movements"
    write(folder, "wall-lean")
    bad = broken(folder, "effort = 1", "effort = 9", move_id="wall-lean-bad")
    result = cli("moves", "--json")
    assert result.status == 0
    ids = {e["id"] for e in json.loads(result.out)}
    assert "wall-lean" in ids and "wall-lean-bad" not in ids and "knees-to-chest" in ids
    assert f"skipped a movement file: {bad}: effort: 9 is out of range" in result.err


def test_a_user_movement_linking_to_a_skipped_one_is_skipped_too(cli: Cli, home: Path) -> None:
    folder = home / "movements"
    write(folder, "wall-lean", harder='["wall-lean-bad"]')
    broken(folder, "effort = 1", "effort = 9", move_id="wall-lean-bad")
    result = cli("moves", "--json")
    ids = {e["id"] for e in json.loads(result.out)}
    assert "wall-lean" not in ids
    assert "'wall-lean-bad' is not a known movement" in result.err


def test_a_user_file_cannot_replace_a_builtin_movement(cli: Cli, home: Path) -> None:
    write(home / "movements", "knees-to-chest")
    result = cli("moves", "show", "knees-to-chest", "--json")
    assert json.loads(result.out)["name"] == "Knees to chest"
    assert "duplicate id 'knees-to-chest'" in result.err


def test_no_command_prints_help(cli: Cli) -> None:
    result = cli()
    assert result.status == 2
    assert "moves" in result.out and "catalog" in result.out


def test_frames_json_is_the_contract(cli: Cli) -> None:
    result = cli("moves", "show", "child-pose", "--frames", "5", "--json")
    assert result.status == 0, result.err
    shown = json.loads(result.out)["frames"]
    assert [f["t"] for f in shown] == [0.0, 4.5, 9.0, 13.5, 18.0]
    knees = [f["joints"]["knee_l"] for f in shown]
    assert all(math.dist(k, knees[0]) < 0.01 for k in knees), "the hips move back, not the knees"
    assert shown[2]["joints"]["pelvis"][0] < shown[0]["joints"]["pelvis"][0] - 0.1
    assert all(f["contacts"] == ["knee_l", "knee_r", "toe_l", "toe_r"] for f in shown)
    assert min(p[1] for f in shown for p in f["joints"].values()) >= 0


def test_frames_go_with_json(cli: Cli) -> None:
    assert cli("moves", "show", "child-pose", "--frames", "5").status == 2
    assert cli("moves", "show", "child-pose", "--frames", "0", "--json").status == 2
