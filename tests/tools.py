"""Other people's checkers that tests run for real: npm packages that .ci/run installs under
tools/ with ``npm ci``, and Debian packages. Missing here, a test is skipped; in CI (which
installs them), a missing checker is a failure rather than a quiet skip."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, need

NODE_MODULES = REPO / "tools" / "node_modules"
SYSTEM_PYTHON = "/usr/bin/python3"


def missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is not installed; .ci/run should have installed it")
    pytest.skip(f"{what} is not installed")


def need_npm(package: str) -> Path:
    """The folder of an npm package from tools/package.json."""
    need("node")
    folder = NODE_MODULES / package
    if not (folder / "package.json").exists():
        missing(f"npm package {package} (cd tools && npm ci)")
    return folder


def need_java() -> str:
    java = need("java")
    return java


def need_libical() -> str:
    """The system's Python, which can import libical's GObject bindings (Debian's
    gir1.2-ical-3.0 and python3-gi)."""
    probe = 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib'
    try:
        subprocess.run([SYSTEM_PYTHON, "-c", probe], check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        missing("libical's Python bindings (gir1.2-ical-3.0, python3-gi)")
    return SYSTEM_PYTHON
