"""The validated catalogue is kept in a cache: read again only when a movement file changed, and
rebuilt from the files when the cache cannot be trusted."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backbeat.catalog import loader
from backbeat.context import Env, open_catalogue

BRIDGE = loader.BUILTIN_DIR / "glute-bridge.toml"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every movement file parsed, in order."""
    seen: list[Path] = []
    real = loader.read_movement

    def counting(path: Path) -> tuple[object, object]:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(loader, "read_movement", counting)
    return seen


def _own(home: Path, stem: str, text: str | None = None) -> Path:
    folder = home / "movements"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.toml"
    source = BRIDGE.read_text(encoding="utf-8")
    path.write_text(text or source.replace('id = "glute-bridge"', f'id = "{stem}"'), "utf-8")
    return path


def test_second_load_reads_no_file(tmp_path: Path, reads: list[Path]) -> None:
    _own(tmp_path, "my-bridge")
    first, problems = loader.with_user_movements(tmp_path, tmp_path / "cache")
    assert reads and not problems and "my-bridge" in first.movements
    reads.clear()
    second, again = loader.with_user_movements(tmp_path, tmp_path / "cache")
    assert reads == []
    assert second == first and again == []
    assert (tmp_path / "cache" / loader.CACHE_FILE).is_file()


def test_a_changed_user_file_is_read_again(tmp_path: Path, reads: list[Path]) -> None:
    mine = _own(tmp_path, "my-bridge")
    loader.with_user_movements(tmp_path, tmp_path / "cache")
    mine.write_text(mine.read_text("utf-8").replace("effort = 2", "effort = 9"), "utf-8")
    os.utime(mine, ns=(1, 1))  # a change in the same tick still changes the time
    reads.clear()
    catalogue, problems = loader.with_user_movements(tmp_path, tmp_path / "cache")
    assert mine in reads
    assert "my-bridge" not in catalogue.movements
    assert [(p.file, p.field) for p in problems] == [(str(mine), "effort")]


def test_invalid_user_file_is_still_reported_from_the_cache(tmp_path: Path) -> None:
    _own(tmp_path, "broken", 'id = "broken"\n')
    env = Env(io.StringIO(), io.StringIO(), io.StringIO(), {"BACKBEAT_HOME": str(tmp_path)})
    said = []
    for _ in range(2):
        catalogue = open_catalogue(env)
        assert catalogue is not None and "broken" not in catalogue.movements
        assert isinstance(env.stderr, io.StringIO)
        said.append(env.stderr.getvalue())
        env.stderr.seek(0)
        env.stderr.truncate()
    assert said[0] == said[1] and "skipped a movement file" in said[0]
    assert (tmp_path / "cache" / loader.CACHE_FILE).is_file()


@pytest.mark.parametrize("junk", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_corrupt_cache_is_rebuilt(tmp_path: Path, reads: list[Path], junk: bytes) -> None:
    cache = tmp_path / "cache"
    fresh, _ = loader.with_user_movements(tmp_path, cache)
    (cache / loader.CACHE_FILE).write_bytes(junk)
    reads.clear()
    rebuilt, problems = loader.with_user_movements(tmp_path, cache)
    assert reads and rebuilt == fresh and problems == []
    reads.clear()
    loader.with_user_movements(tmp_path, cache)
    assert reads == []  # written afresh


def test_no_cache_folder_reads_every_time(tmp_path: Path, reads: list[Path]) -> None:
    (tmp_path / "cache").write_text("a file where the folder should be")
    for _ in range(2):
        reads.clear()
        catalogue, _ = loader.with_user_movements(tmp_path, tmp_path / "cache")
        assert reads and len(catalogue) == len(loader.builtin())


def test_ids_are_read_from_the_cache_without_the_movements(
    tmp_path: Path, reads: list[Path]
) -> None:
    _own(tmp_path, "my-bridge")
    _own(tmp_path, "broken", 'id = "broken"\n')
    catalogue, problems = loader.with_user_movements(tmp_path, tmp_path / "cache")
    reads.clear()
    ids, again = loader.movement_ids(tmp_path, tmp_path / "cache")
    assert reads == [] and ids == dict(catalogue.files) and again == problems
    script = (
        "import sys; from pathlib import Path; from backbeat.catalog.loader import movement_ids; "
        f"ids, _ = movement_ids(Path({str(tmp_path)!r}), Path({str(tmp_path / 'cache')!r})); "
        "assert 'my-bridge' in ids; print('pydantic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout == "False\n", done.stderr


def test_a_catalogue_read_from_files_names_its_origin(tmp_path: Path) -> None:
    read, _ = loader.with_user_movements(tmp_path, tmp_path / "cache")
    cached, _ = loader.with_user_movements(tmp_path, tmp_path / "cache")
    assert read.origin is not None and cached.origin == read.origin
    mine = _own(tmp_path, "my-bridge")
    changed, _ = loader.with_user_movements(tmp_path, tmp_path / "cache")
    assert changed.origin not in (None, read.origin)
    assert loader.with_user_movements(tmp_path)[0].origin is None  # no cache: no name for it
    assert changed.without(["floor"]).origin is None  # another catalogue than the files'
    assert mine.exists()
