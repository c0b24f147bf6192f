"""Shared fixtures: every test gets its own BACKBEAT_HOME; commands run in-process or for real."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest

from backbeat.cli.main import program
from backbeat.context import Env

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
PG_URL = os.environ.get("BACKBEAT_TEST_PG_URL")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


def need(tool: str) -> str:
    """The path of a system tool a test drives for real. Missing here, the test is skipped; in CI
    (which installs it), a missing tool is a failure rather than a quiet skip."""
    import shutil

    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed; .ci/run should have installed it")
        pytest.skip(f"{tool} is not installed")
    return path


@dataclass(frozen=True)
class Result:
    status: int
    out: str
    err: str


class _Pipe(io.StringIO):
    """A captured stream that, like a pipe, is not a terminal."""

    def isatty(self) -> bool:
        return False


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture(params=BACKENDS)
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Makes empty databases of one kind: SQLite files always, and fresh schemas on the
    PostgreSQL server at BACKBEAT_TEST_PG_URL when it is set (as CI sets it)."""
    made: list[str] = []

    def make() -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        made.append(name)
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / name}.db"
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {name}"))
        return f"{PG_URL}?options=-csearch_path%3D{name}"

    if request.param == "sqlite":
        yield make
        return
    from sqlalchemy import create_engine, text

    assert PG_URL is not None
    admin = create_engine(PG_URL)
    yield make
    with admin.begin() as connection:
        for name in made:
            connection.execute(text(f"DROP SCHEMA {name} CASCADE"))
    admin.dispose()


@pytest.fixture
def database_url(new_database: Callable[[], str]) -> str:
    """An empty database of each kind."""
    return new_database()


@pytest.fixture
def journal_environ() -> dict[str, str]:
    """Extra environment for commands: none, so the journal is SQLite in BACKBEAT_HOME. Test
    modules about the journal override it to run on every database."""
    return {}


@pytest.fixture
def on_every_database(database_url: str) -> dict[str, str]:
    """For a module's ``journal_environ``: the default SQLite journal, then PostgreSQL."""
    return {} if database_url.startswith("sqlite") else {"BACKBEAT_DB_URL": database_url}


def run_cli(
    environ: dict[str, str], *argv: str, stdin: str = "", at: datetime | None = None
) -> Result:
    """Run a backbeat command in-process with ``environ`` as its whole environment."""
    out, err = _Pipe(), _Pipe()
    env = Env(out, err, _Pipe(stdin), environ)
    if at is not None:
        env = replace(env, clock=lambda: at)
    status = program(list(argv), env)
    return Result(int(status), out.getvalue(), err.getvalue())


@pytest.fixture
def cli(home: Path, journal_environ: dict[str, str]) -> Callable[..., Result]:
    """Run a backbeat command in-process against an isolated home."""

    def run(*argv: str, stdin: str = "", at: datetime | None = None) -> Result:
        return run_cli({"BACKBEAT_HOME": str(home), **journal_environ}, *argv, stdin=stdin, at=at)

    return run


@pytest.fixture
def real_cli(home: Path, journal_environ: dict[str, str]) -> Callable[..., Result]:
    """Run the installed ``backbeat`` console script in a subprocess, as a person would."""
    script = Path(sys.executable).parent / "backbeat"

    def run(*argv: str, cwd: Path | None = None) -> Result:
        env = {**os.environ, "BACKBEAT_HOME": str(home), **journal_environ}
        done = subprocess.run(
            [str(script), *argv], capture_output=True, text=True, env=env, cwd=cwd, timeout=60
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run
