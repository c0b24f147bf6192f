"""`backbeat catalog check PATH`: every class of problem is found, named and explained."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backbeat.catalog.loader import BUILTIN_DIR
from tests.catalog.movement_files import VALID, broken, write
from tests.conftest import Result

Cli = Callable[..., Result]


def test_a_valid_file_passes(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path / "mine")
    result = cli("catalog", "check", str(path))
    assert result.status == 0, result.out + result.err
    assert result.out == ""
    assert "all valid" in result.err


def test_the_builtin_catalogue_passes_its_own_check(cli: Cli) -> None:
    result = cli("catalog", "check", str(BUILTIN_DIR))
    assert result.status == 0, result.out
    assert "all valid" in result.err


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("effort = 1", "effort = 9", "effort", ["9", "allowed: 1 to 5"]),
        ("tempo_s = 3", "tempo_s = 3\nhold_s = -4", "dose.hold_s", ["-4", "allowed: 0 to 120"]),
        ('kind = "mobility"', 'kind = "yoga"', "kind", ["'yoga'", "allowed:", "micro", "rhythm"]),
        (
            'places = ["standing", "desk"]',
            'places = ["standing", "beach"]',
            "places[1]",
            ["beach", "floor"],
        ),
        ("effort = 1", 'effort = "low"', "effort", ["whole number", "'low'"]),
        ('regions = ["lower-back"]\n', "", "regions", ["missing required key"]),
        (
            "effort = 1",
            'effort = 1\ncolour = "blue"',
            "colour",
            ["unknown key", "allowed:", "cautions"],
        ),
        ('view = "side"', 'view = "side"\nspeed = 2', "motion.speed", ["unknown key", "keyframes"]),
        (
            "pelvis.tilt = -8",
            "pelvis.wiggle = -8",
            "motion.keyframes[1].pose.pelvis.wiggle",
            ["tilt"],
        ),
        (
            "pelvis.tilt = -8",
            "tail.flex = -8",
            "motion.keyframes[1].pose.tail.flex",
            ["unknown joint", "hip_l"],
        ),
        ("t = 6", "t = 2", "motion.keyframes[2].t", ["only increase"]),
        ('id = "wall-lean"', 'id = "wall-leaning"', "id", ["file name", "'wall-lean'"]),
        (
            "cues = [\n",
            'cues = [\n  "One more.",\n  "And more.",\n  "Still more.",\n  "Too many.",\n',
            "cues",
            ["7 items", "3 to 6"],
        ),
        (
            "[dose]\n",
            '[say]\nmove = ["Lean back to the {side}"]\nrelease = ["and back"]\n\n[dose]\n',
            "say.move[0]",
            ["{side}", "sides = none"],
        ),
        (
            "[dose]\n",
            '[say]\nmove = ["Lean back"]\nrelease = ["and {way} back"]\n\n[dose]\n',
            "say.release[0]",
            ["{way}", "allowed: {side}"],
        ),
    ],
)
def test_each_problem_names_file_field_and_what_is_allowed(
    cli: Cli, tmp_path: Path, old: str, new: str, field: str, words: list[str]
) -> None:
    path = broken(tmp_path, old, new)
    result = cli("catalog", "check", str(path))
    assert result.status == 1
    line = next((x for x in result.out.splitlines() if x.startswith(f"{path}: {field}: ")), None)
    assert line is not None, result.out
    for word in words:
        assert word in line, line


def test_malformed_toml_names_the_line(cli: Cli, tmp_path: Path) -> None:
    path = broken(tmp_path, "effort = 1", "effort = = 1")
    result = cli("catalog", "check", str(path))
    assert result.status == 1
    assert result.out.startswith(f"{path}: line 8: malformed TOML")
    assert "Traceback" not in result.out + result.err


def test_every_problem_in_a_file_is_listed_not_just_the_first(cli: Cli, tmp_path: Path) -> None:
    text = VALID.format(id="wall-lean", harder="[]")
    text = text.replace("effort = 1", "effort = 0").replace('view = "side"', 'view = "above"')
    path = write(tmp_path, text=text.replace("reps = 5", "reps = -1"))
    result = cli("catalog", "check", str(path))
    assert result.status == 1
    fields = [line.split(": ")[1] for line in result.out.splitlines()]
    assert fields == ["effort", "dose.reps", "motion.view"]


def test_a_folder_reports_every_bad_file_and_counts_them(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    write(folder, "wall-lean")
    broken(folder, "effort = 1", "effort = 7", move_id="wall-lean-two")
    broken(folder, 'view = "side"', 'view = "above"', move_id="wall-lean-three")
    result = cli("catalog", "check", str(folder))
    assert result.status == 1
    assert len(result.out.splitlines()) == 2
    assert "2 problem(s) in 2 of 3 files" in result.err


def test_dangling_links_suggest_the_nearest_id(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, harder='["knees-to-chets"]')
    result = cli("catalog", "check", str(path))
    assert result.status == 1
    assert f"{path}: harder: 'knees-to-chets' is not a known movement" in result.out
    assert "did you mean knees-to-chest?" in result.out


def test_links_to_builtin_movements_resolve(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, harder='["knees-to-chest"]')
    assert cli("catalog", "check", str(path)).status == 0


def test_looping_variation_links_are_refused(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "loop"
    write(folder, "wall-lean", harder='["wall-lean-deep"]')
    write(folder, "wall-lean-deep", harder='["wall-lean"]')
    result = cli("catalog", "check", str(folder))
    assert result.status == 1
    assert "variation links loop: wall-lean -> wall-lean-deep -> wall-lean" in result.out


def test_a_link_to_itself_is_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("catalog", "check", str(write(tmp_path, harder='["wall-lean"]')))
    assert result.status == 1
    assert "links to itself" in result.out


def test_duplicate_ids_are_refused(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "dup"
    write(folder, "wall-lean")
    second = write(folder, "knees-to-chest")
    result = cli("catalog", "check", str(folder))
    assert result.status == 1
    assert f"{second}: id: duplicate id 'knees-to-chest'" in result.out


def test_a_missing_path_or_empty_folder_is_an_error_not_a_traceback(
    cli: Cli, tmp_path: Path
) -> None:
    missing = cli("catalog", "check", str(tmp_path / "nope.toml"))
    assert missing.status == 1 and "does not exist" in missing.out
    (tmp_path / "empty").mkdir()
    empty = cli("catalog", "check", str(tmp_path / "empty"))
    assert empty.status == 1 and "no .toml movement files" in empty.out


def test_a_file_that_is_not_text_is_reported(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    result = cli("catalog", "check", str(path))
    assert result.status == 1
    assert f"{path}: (file): is not UTF-8 text" in result.out
