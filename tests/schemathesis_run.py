"""Running schemathesis (``st run``) against a served document, for the local API's test and
the clinic's: every check it has, a fixed seed, one worker, the hooks that teach it a record's
``at``, and the whole report kept beside the test for reading after a failure. ``st run`` runs
in its own process (its pytest plugin does not load with this pytest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

ST = Path(sys.executable).parent / "st"


def passes(document: str, folder: Path, examples: int, *extra: str) -> str:
    """Run schemathesis on ``document`` (its URL) from ``folder`` (where a
    ``schemathesis.toml`` may be): it must find no issue. Gives its report."""
    if not ST.exists():
        pytest.fail("schemathesis is not installed (it is a dev dependency: uv sync)")
    environ = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SCHEMATHESIS_HOOKS": "tests.web.api_hooks",
        "NO_COLOR": "1",
    }
    command = [
        str(ST), "run", document, "--checks", "all", "--max-examples", str(examples),
        "--seed", "1", "--workers", "1", "--header", "X-Backbeat: 1", *extra,
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=folder, env=environ, capture_output=True, text=True, timeout=600
    )
    report = folder / "schemathesis.txt"
    report.write_text(done.stdout + done.stderr, encoding="utf-8")
    assert done.returncode == 0, f"{report}:\n{done.stdout[-6000:]}{done.stderr[-2000:]}"
    assert "No issues found" in done.stdout, done.stdout[-3000:]
    return done.stdout
