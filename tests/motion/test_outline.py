"""The figure is drawn by one set of rules: the browser's figure.js holds the same parts as the
Python outline and outlines a limb to the same path data."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from backbeat.motion.outline import capsule_path, nose, parts_json
from backbeat.motion.svg import DRAWN

FIGURE_JS = Path(__file__).parents[2] / "src" / "backbeat" / "web" / "static" / "figure.js"
CASES = [
    ((0.0, 0.0), (10.0, 5.0), 3.4, 2.8),
    ((1.0, 1.0), (1.0, 1.0), 1.8, 1.8),
    ((-20.5, 3.25), (-21.0, -30.0), 2.4, 2.0),
    ((5.0, 5.0), (5.5, 5.0), 0.9, 1.7),
    ((0.0, 0.0), (0.0, 12.0), 1.0, 3.0),
]


def test_figure_js_holds_the_parts_the_python_outline_draws() -> None:
    text = FIGURE_JS.read_text(encoding="utf-8")
    found = re.search(r"^const PARTS = (.*);$", text, re.MULTILINE)
    assert found is not None
    assert json.loads(found.group(1)) == parts_json(DRAWN)
    assert f"const HEAD = {DRAWN.index('head')};" in text
    assert f"const NOSE_AT = {DRAWN.index('nose')};" in text
    assert f"const POINTS = {len(DRAWN)};" in text


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run figure.js")
def test_figure_js_outlines_a_limb_as_python_does(tmp_path: Path) -> None:
    module = tmp_path / "figure.mjs"
    module.write_text(FIGURE_JS.read_text(encoding="utf-8"), encoding="utf-8")
    args = json.dumps([[*a, *b, ra, rb] for a, b, ra, rb in CASES])
    script = (
        f"import('{module.as_uri()}').then(m => console.log(JSON.stringify("
        f"{args}.map(c => m.capsulePath(...c)))))"
    )
    run = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == [capsule_path(*case) for case in CASES]


def test_a_face_turned_to_the_viewer_has_its_nose_inside_the_head() -> None:
    assert nose((0.0, 0.0), (0.0, 0.0)) == []
    side = nose((0.0, 0.0), (9.0, 0.0))
    assert max(x for x, _ in side) == 9.0
