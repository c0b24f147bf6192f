"""The built-in catalogue covers what the seed articles describe, in our own words."""

from __future__ import annotations

import re

import pytest

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.loader import builtin
from backbeat.catalog.vocabulary import KINDS
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return builtin()


SEED_MOVEMENTS = {
    "seeds/000_bdf19f86526f7b81.txt": [
        "pelvic-rocking",
        "knee-sway",
        "heel-slides",
        "head-turns-lying",
    ],
    "seeds/001_0e5420c777a430be.txt": [
        "knee-hugs",
        "knee-circles",
        "single-knee-to-chest",
        "seated-thoracic-extension",
        "seated-rotation",
        "whole-spine-backbend",
        "prone-press-up",
    ],
    "seeds/002_006c459375da145d.txt": [
        "knees-to-chest",
        "pelvic-tilt",
        "child-pose",
        "knee-rolls",
        "knee-rolls-lifted",
    ],
    "seeds/003_70fd3815eb072cae.txt": [
        "standing-back-extension",
        "walk-after-dinner",
        "glute-bridge",
        "bird-dog",
        "dead-bug",
    ],
    "seeds/004_d64127a0f748c122.txt": [
        "neck-tilts",
        "shoulder-rolls",
        "seated-twist",
        "seated-pelvic-tilt",
    ],
}


def test_at_least_thirty_movements(catalogue: Catalogue) -> None:
    assert len(catalogue) >= 30


@pytest.mark.parametrize(("seed", "ids"), SEED_MOVEMENTS.items())
def test_every_seed_movement_is_its_own_entry_citing_its_seed(
    catalogue: Catalogue, seed: str, ids: list[str]
) -> None:
    for move_id in ids:
        movement = catalogue.get(move_id)
        assert movement is not None, move_id
        assert seed in movement.sources, move_id


def test_seed_000_movements_are_rhythmic_and_lying_on_the_back(catalogue: Catalogue) -> None:
    for move_id in SEED_MOVEMENTS["seeds/000_bdf19f86526f7b81.txt"]:
        movement = catalogue.movements[move_id]
        assert movement.kind == "rhythm" and movement.position == "supine"
        assert movement.dose.tempo_s is not None


def test_seed_002_specifics(catalogue: Catalogue) -> None:
    knees = catalogue.movements["knees-to-chest"]
    assert knees.dose.hold_s is not None and 5 <= knees.dose.hold_s <= 10
    assert "single-knee-to-chest" in knees.easier
    rolls = catalogue.movements["knee-rolls"]
    assert rolls.dose.sides in ("both", "alternate")
    assert "bed" in rolls.avoid_places and "floor" in rolls.places
    assert "knee-rolls-lifted" in rolls.harder
    assert catalogue.movements["walk-after-dinner"].kind == "walk"


def test_knee_circles_go_both_ways(catalogue: Catalogue) -> None:
    text = " ".join(catalogue.movements["knee-circles"].cues).lower()
    assert "other way" in text or "direction" in text


@pytest.mark.parametrize(("place", "least"), [("desk", 6), ("car", 4), ("floor", 6), ("bed", 4)])
def test_enough_variety_for_every_place(catalogue: Catalogue, place: str, least: int) -> None:
    assert len(catalogue.select(place=place)) >= least


def test_every_kind_is_used(catalogue: Catalogue) -> None:
    assert {m.kind for m in catalogue.movements.values()} == set(KINDS)


def test_most_movements_have_a_variation(catalogue: Catalogue) -> None:
    linked = [m for m in catalogue.movements.values() if m.easier or m.harder]
    assert len(linked) >= len(catalogue) // 2


def test_backbends_are_tagged(catalogue: Catalogue) -> None:
    for move_id in ("whole-spine-backbend", "prone-press-up", "seated-thoracic-extension"):
        assert "backbend" in catalogue.movements[move_id].tags, move_id


def test_cues_speak_to_the_person(catalogue: Catalogue) -> None:
    for movement in catalogue.movements.values():
        text = " ".join(movement.cues).lower()
        assert re.search(r"\byour?\b", text), movement.id


def test_every_movement_has_short_spoken_cues(catalogue: Catalogue) -> None:
    """Spoken cues fit their tempo at a calm pace of about 2.5 words a second."""
    for movement in catalogue.movements.values():
        assert movement.say is not None, movement.id
        tempo = movement.dose.tempo_s or 3
        for cue in (*movement.say.move, *movement.say.release):
            if movement.kind != "walk":
                assert len(cue.split()) <= max(4, tempo * 2.5 + 1), (movement.id, cue)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the repository")
def test_no_sentence_is_taken_from_the_articles(catalogue: Catalogue) -> None:
    """Facts from the articles, never their sentences: no run of 7 words is shared with them."""
    run = 7
    seed_runs: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("*.txt"):
        words = _words(path.read_text())
        seed_runs |= {tuple(words[i : i + run]) for i in range(len(words) - run + 1)}
    for movement in catalogue.movements.values():
        texts = [movement.summary, *movement.cues, *movement.cautions, movement.breathing or ""]
        if movement.say:
            spoken = (*movement.say.move, *movement.say.release, *movement.say.hold)
            texts += [cue.replace("{side}", side) for cue in spoken for side in ("left", "right")]
        for text in texts:
            words = _words(text)
            for i in range(len(words) - run + 1):
                assert tuple(words[i : i + run]) not in seed_runs, (movement.id, text)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the repository")
def test_every_cited_seed_exists(catalogue: Catalogue) -> None:
    for movement in catalogue.movements.values():
        for source in movement.sources:
            if source.startswith("seeds/"):
                assert (SEEDS.parent / source).is_file(), (movement.id, source)


def test_every_movement_animates_from_its_keyframes(catalogue: Catalogue) -> None:
    from backbeat.catalog.animation import movement_keys
    from backbeat.motion.kinematics import forward

    for movement in catalogue.movements.values():
        keys = movement_keys(movement)
        assert keys[0].phase == "start" and keys[0].t == 0
        poses = {tuple(sorted(k.pose.items())) for k in keys}
        assert len(poses) >= 2 or movement.kind == "walk", f"{movement.id} never moves"
        for key in keys:
            forward(key.pose)
