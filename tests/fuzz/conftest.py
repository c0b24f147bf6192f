"""A person for the fuzz tests: a home with a profile and a few journal records, commands run
in-process from a folder of the test's own (a command that writes a file writes it there), and
what every case must show: no traceback, and nothing changed by a refusal."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from backbeat.context import Env, open_journal
from backbeat.journal.store import Journal
from backbeat.journal.transfer import dump
from backbeat.web.guard import CSRF_FIELD
from backbeat.web.site import Site
from tests.cli.test_plan import DESK
from tests.conftest import Result, run_cli
from tests.web.conftest import MONDAY_10_40, Clock, TestClient, make_app

SEEDED = (
    ("checkin", "--pain", "4", "--stiffness", "3", "--at", "2026-11-22T07:10"),
    ("log", "knee-rolls", "--pain-during", "2", "--pain-after", "1", "--at", "2026-11-22T07:20"),
    ("log", "cat-cow", "--pain-during", "3", "--difficulty", "hard", "--at", "2026-11-22T18:00"),
    ("review", "--pain", "4", "--interference", "3", "--activity", "gardening", "--ability", "6",
     "--at", "2026-11-22T20:00"),
)  # fmt: skip
MISTAKE = "something went wrong"  # the outermost guard's words for a mistake in backbeat


def calm(result: Result) -> None:
    """No mistake in backbeat (which the guard would say instead of showing its traceback), and
    an exit status the README lists. Commands run with BACKBEAT_TRACEBACK=1, so the message of
    a failure holds the traceback to mend."""
    assert MISTAKE not in result.err, result.err[-3000:]
    assert result.status in (0, 1, 2, 3), result


@dataclass
class Person:
    home: Path
    folder: Path  # the working folder commands run in
    at: datetime = MONDAY_10_40
    opened: Journal | None = None

    @property
    def environ(self) -> dict[str, str]:
        return {"BACKBEAT_HOME": str(self.home), "BACKBEAT_TRACEBACK": "1", "TZ": "Europe/Paris"}

    @property
    def profile_path(self) -> Path:
        return self.home / "profile.toml"

    def run(self, *argv: str, stdin: str = "") -> Result:
        return run_cli(self.environ, *argv, stdin=stdin, at=self.at)

    def journal(self) -> str:
        """The whole journal, by the journal's export (as ``backbeat export -`` prints it)."""
        if self.opened is None:
            env = Env(io.StringIO(), io.StringIO(), io.StringIO(), self.environ)
            self.opened = open_journal(env)
            assert self.opened is not None
        return dump(self.opened.oldest_first())

    def profile(self) -> bytes | None:
        return self.profile_path.read_bytes() if self.profile_path.exists() else None

    def give_profile(self, text: str = DESK) -> None:
        """Put the person's profile back as it was (a case may have replaced it)."""
        if self.profile() != text.encode():
            self.profile_path.write_text(text)

    def refused_changes_nothing(self, result: Result, journal: str, profile: bytes | None) -> None:
        """A refusal (exit 1 or 2) stored nothing and left the profile file as it was."""
        calm(result)
        if result.status in (1, 2):
            assert self.journal() == journal, f"refused but stored: {result}"
            assert self.profile() == profile, f"refused but changed the profile: {result}"


@pytest.fixture
def person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Person]:
    """A person with a desk job's profile and a few records, in a folder of their own."""
    home, folder = tmp_path / "home", tmp_path / "folder"
    home.mkdir()
    folder.mkdir()
    monkeypatch.chdir(folder)
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "user"))
    found = Person(home, folder)
    found.give_profile()
    for argv in SEEDED:
        assert found.run(*argv).status == 0
    assert found.journal() == found.run("export", "-").out  # one export, either way
    yield found


@dataclass
class Browser:
    """The web app over the person's home, as a browser (or a hand-made request) meets it."""

    client: TestClient
    site: Site

    def journal(self) -> str:
        """The whole journal, by the journal's export."""
        return dump(self.site.journal.oldest_first())

    def post(self, path: str, form: dict[str, object]) -> httpx.Response:
        """A form as sent: each value a string (or a list of them, a name sent several times)."""
        return self.client.post(path, data={CSRF_FIELD: self.site.csrf, **form})


def answered(response: httpx.Response) -> None:
    """Any answer but a mistake in backbeat (the test client raises what the app did not catch)."""
    assert response.status_code != 500, response.text[-2000:]


@pytest.fixture
def browser(person: Person) -> Iterator[Browser]:
    app = make_app(person.home, {}, Clock(person.at))
    with TestClient(app, base_url="http://127.0.0.1:8765", follow_redirects=False) as client:
        yield Browser(client, app.state.site)
