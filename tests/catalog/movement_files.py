"""A valid user movement file to start from, and ways to break it."""

from __future__ import annotations

from pathlib import Path

VALID = """\
id = "{id}"
name = "Wall lean"
summary = "Stand with your back against a wall and let your low back soften into it."
kind = "mobility"
position = "standing"
places = ["standing", "desk"]
regions = ["lower-back"]
effort = 1
cues = [
  "Stand with your heels a short step from a wall.",
  "Lean back until your shoulders and hips rest on it.",
  "Let your low back ease towards the wall, then relax.",
]
easier = []
harder = {harder}
cautions = ["Stop if the pain is sharp or spreads down a leg."]
sources = ["seeds/003_70fd3815eb072cae.txt"]

[dose]
reps = 5
tempo_s = 3

[motion]
base = "standing"
view = "side"
props = ["wall"]

[[motion.keyframes]]
t = 0
phase = "start"

[[motion.keyframes]]
t = 3
pose = {{ pelvis.tilt = -8 }}

[[motion.keyframes]]
t = 6
phase = "release"
pose = {{ pelvis.tilt = 0 }}
"""


def write(
    folder: Path, move_id: str = "wall-lean", *, harder: str = "[]", text: str | None = None
) -> Path:
    """Write a movement file named after ``move_id``; ``text`` replaces the whole content."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{move_id}.toml"
    path.write_text(text if text is not None else VALID.format(id=move_id, harder=harder))
    return path


def broken(folder: Path, old: str, new: str, move_id: str = "wall-lean") -> Path:
    """A valid file with one piece of text replaced."""
    text = VALID.format(id=move_id, harder="[]")
    assert old in text, old
    return write(folder, move_id, text=text.replace(old, new, 1))
