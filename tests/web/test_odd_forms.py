"""A hand-made form cannot break the profile (part of issue 17): a moment named with a line
break, a carriage return, a NUL or DEL is refused, and the profile on disk stays as it was."""

from __future__ import annotations

import pytest

from tests.cli.test_plan import write_profile
from tests.web.conftest import Web
from tests.web.test_pages import _settings_form


@pytest.mark.parametrize("character", ["\n", "\r", "\x00", "\x7f"])
def test_a_moment_name_with_a_control_character_leaves_the_profile_as_it_was(
    web: Web, character: str
) -> None:
    path = write_profile(web.home)
    before = path.read_bytes()
    form = _settings_form(web.read("/settings"))
    form["moment-0-name"] = f"T{character}V"
    response = web.post("/settings", form)
    assert response.status_code == 400 and "control characters" in response.text
    assert path.read_bytes() == before
    assert web.get("/").status_code == 200
