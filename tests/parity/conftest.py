"""Both faces of one person: the ``cli`` fixture and the web app's (``web``, on its ``clock``)
share a home, and here also the time zone by name (``TZ``), which a test sets by parametrizing
``zone``."""

from __future__ import annotations

import pytest

from tests.web.conftest import clock, web

__all__ = ["clock", "journal_environ", "web", "zone"]


@pytest.fixture
def zone() -> str:
    return "Europe/Berlin"


@pytest.fixture
def journal_environ(zone: str) -> dict[str, str]:
    return {"TZ": zone}
