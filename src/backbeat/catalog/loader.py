"""Reading movement files from disk: the built-in catalogue, a user's own movements, or any path
a person asks to check. Every problem is collected and reported; nothing here raises on bad data.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.problems import Problem, read_model
from backbeat.catalog.rules import Entry, link_problems, own_problems
from backbeat.catalog.schema import Movement

BUILTIN_DIR = Path(__file__).parent / "movements"
CACHE_FILE = "catalogue.pickle"
TOO_LONG = (  # tomllib reads a number through int(), which stops at this many digits
    "holds a number too long to read (allowed: numbers of up to "
    f"{sys.get_int_max_str_digits():,} digits)"
)


class BrokenCatalogue(RuntimeError):
    """The catalogue shipped inside backbeat is invalid: a packaging bug, never a user's fault."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """The movements read from some files, and what was wrong with the others."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]


def read_movement(path: Path) -> tuple[Entry | None, list[Problem]]:
    """One movement file, validated on its own (links are checked later, against a catalogue)."""
    try:
        movement, problems = read_model(path, Movement)
    except ValueError as error:  # a number of thousands of digits, which Python will not read
        if "integer string conversion" not in str(error):
            raise
        return None, [Problem(str(path), "(file)", TOO_LONG)]
    if movement is None:
        return None, problems
    entry = Entry(str(path), movement)
    problems = own_problems(entry, path.stem)
    return (None if problems else entry), problems


def movement_files(path: Path) -> list[Path]:
    """The ``.toml`` files a path names: itself, or those directly inside the folder."""
    if path.is_dir():
        return sorted(p for p in path.glob("*.toml") if p.is_file())
    return [path]


def read_all(paths: Iterable[Path]) -> Loaded:
    """Read many files; two files claiming one id are both reported, and the later one dropped."""
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    for path in paths:
        entry, found = read_movement(path)
        problems += found
        if entry is None:
            continue
        if (first := entries.get(entry.movement.id)) is not None:
            problems.append(
                Problem(
                    entry.file, "id", f"duplicate id {entry.movement.id!r} (also in {first.file})"
                )
            )
            continue
        entries[entry.movement.id] = entry
    return Loaded(tuple(entries.values()), tuple(problems))


def builtin() -> Catalogue:
    """The catalogue that ships with backbeat; raises BrokenCatalogue if it is not valid."""
    loaded = read_all(movement_files(BUILTIN_DIR))
    known = {e.movement.id: e.movement for e in loaded.entries}
    problems = [*loaded.problems, *link_problems(loaded.entries, known)]
    if problems:
        raise BrokenCatalogue("\n".join(map(str, problems)))
    return Catalogue(known, {e.movement.id: e.file for e in loaded.entries})


def extend(base: Catalogue, paths: Iterable[Path]) -> tuple[Catalogue, list[Problem]]:
    """``base`` plus the valid movements among ``paths``; invalid ones are reported and left out.

    A movement left out can strand links from others, so links are checked until nothing changes.
    """
    loaded = read_all(paths)
    problems = list(loaded.problems)
    candidates: list[Entry] = []
    for entry in loaded.entries:
        if entry.movement.id in base.movements:
            where = base.files[entry.movement.id]
            problems.append(
                Problem(entry.file, "id", f"duplicate id {entry.movement.id!r} (also in {where})")
            )
        else:
            candidates.append(entry)
    while True:
        known: dict[str, Movement] = dict(base.movements)
        known.update({e.movement.id: e.movement for e in candidates})
        stranded = link_problems(candidates, known)
        if not stranded:
            break
        problems += stranded
        bad = {p.file for p in stranded}
        candidates = [e for e in candidates if e.file not in bad]
    files: Mapping[str, str] = {**base.files, **{e.movement.id: e.file for e in candidates}}
    return Catalogue(known, files), problems


def check(paths: Iterable[Path]) -> tuple[int, list[Problem]]:
    """How many files were read and every problem in them, links checked against the built-in
    catalogue. Built-in files among ``paths`` are checked as given, not taken from the catalogue.
    """
    files = [f for path in paths for f in movement_files(path)]
    checked = {f.resolve() for f in files}
    rest = read_all(f for f in movement_files(BUILTIN_DIR) if f.resolve() not in checked)
    base = Catalogue(
        {e.movement.id: e.movement for e in rest.entries},
        {e.movement.id: e.file for e in rest.entries},
    )
    _, problems = extend(base, files)
    return len(files), problems


def with_user_movements(home: Path, cache: Path | None = None) -> tuple[Catalogue, list[Problem]]:
    """The built-in catalogue plus the valid movements in ``home/movements``.

    With a ``cache`` folder, what was read is kept there (the validated movements and the
    problems found), keyed by backbeat's and pydantic's versions and the name, time and size of
    every built-in and user movement file; a cache that does not match, or cannot be read, is
    ignored and written afresh, so a changed file is always read again."""
    folder = home / "movements"
    users = movement_files(folder) if folder.is_dir() else []
    key = _cache_key(users) if cache is not None else None
    if (
        cache is not None
        and key is not None
        and (kept := _read_cache(cache / CACHE_FILE, key)) is not None
    ):
        return kept
    base = builtin()
    found: tuple[Catalogue, list[Problem]] = extend(base, users) if users else (base, [])
    if cache is not None and key is not None:
        _write_cache(cache / CACHE_FILE, key, found)
    return found


def _cache_key(users: Iterable[Path]) -> tuple[object, ...] | None:
    """What the catalogue read from disk depends on; None when a file cannot be looked at."""
    import pydantic

    from backbeat import __version__

    try:
        stats = [
            (str(f), f.stat().st_mtime_ns, f.stat().st_size)
            for group in (movement_files(BUILTIN_DIR), users)
            for f in group
        ]
    except OSError:
        return None
    return (__version__, pydantic.VERSION, sys.version_info[:2], tuple(stats))


def _read_cache(path: Path, key: tuple[object, ...]) -> tuple[Catalogue, list[Problem]] | None:
    try:
        with path.open("rb") as stream:
            data = pickle.load(stream)
    except Exception:  # missing, unreadable, truncated or from another version: read afresh
        return None
    if not (isinstance(data, tuple) and len(data) == 4 and data[0] == key):
        return None
    _, movements, files, problems = data
    if not (
        isinstance(movements, dict)
        and all(isinstance(m, Movement) and m.id == i for i, m in movements.items())
        and isinstance(files, dict)
        and isinstance(problems, list)
        and all(isinstance(p, Problem) for p in problems)
    ):
        return None
    return Catalogue(movements, files), problems


def _write_cache(
    path: Path, key: tuple[object, ...], found: tuple[Catalogue, list[Problem]]
) -> None:
    """Kept for the next command, atomically; a cache that cannot be written is only slower."""
    catalogue, problems = found
    data = (key, dict(catalogue.movements), dict(catalogue.files), list(problems))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".catalogue-")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(data, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
