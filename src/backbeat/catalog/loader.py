"""Reading movement files from disk: the built-in catalogue, a user's own movements, or any path
a person asks to check. Every problem is collected and reported; nothing here raises on bad data.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backbeat.catalog.catalogue import Catalogue
from backbeat.catalog.problems import Problem

if TYPE_CHECKING:  # the models load pydantic: only when movement files are read
    from backbeat.catalog.rules import Entry
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
    from backbeat.catalog.problems import read_model
    from backbeat.catalog.rules import Entry, own_problems
    from backbeat.catalog.schema import Movement

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
    from backbeat.catalog.rules import link_problems

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
    from backbeat.catalog.rules import link_problems

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
    kept = _cached(home, cache, whole=True)
    if kept is not None and kept.movements is not None:
        return Catalogue(kept.movements, kept.files, kept.origin), kept.problems
    return _read_and_keep(home, cache)


def movement_ids(home: Path, cache: Path | None = None) -> tuple[dict[str, str], list[Problem]]:
    """The ids of ``with_user_movements``'s catalogue (each with its file) and its problems,
    for a command that only asks whether a movement exists (``backbeat log``): from the cache,
    they are read without the movements themselves, so without loading their models."""
    kept = _cached(home, cache, whole=False)
    if kept is not None:
        return kept.files, kept.problems
    catalogue, problems = _read_and_keep(home, cache)
    return dict(catalogue.files), problems


@dataclass(frozen=True, slots=True)
class _Kept:
    """What the cache holds: the catalogue's files by id, its problems, and (when asked for)
    its movements."""

    origin: str
    files: dict[str, str]
    problems: list[Problem]
    movements: dict[str, Movement] | None = None


def _cached(home: Path, cache: Path | None, *, whole: bool) -> _Kept | None:
    """What the cache holds for these files, the movements too when ``whole``; None when there
    is no cache, or it does not match the files."""
    if cache is None:
        return None
    key = _cache_key(_user_files(home))
    if key is None:
        return None
    try:
        with (cache / CACHE_FILE).open("rb") as stream:
            head = pickle.load(stream)
            if not (isinstance(head, tuple) and len(head) == 3 and head[0] == key):
                return None
            _, files, problems = head
            if not (
                isinstance(files, dict)
                and isinstance(problems, list)
                and all(isinstance(p, tuple) and len(p) == 3 for p in problems)
            ):
                return None
            kept = _Kept(_origin(key), files, [Problem(*p) for p in problems])
            if not whole:
                return kept
            movements = pickle.load(stream)
    except Exception:  # missing, unreadable, truncated or from another version: read afresh
        return None
    from backbeat.catalog.schema import Movement

    if not (
        isinstance(movements, dict)
        and movements.keys() == files.keys()
        and all(isinstance(m, Movement) and m.id == i for i, m in movements.items())
    ):
        return None
    return _Kept(kept.origin, kept.files, kept.problems, movements)


def _user_files(home: Path) -> list[Path]:
    folder = home / "movements"
    return movement_files(folder) if folder.is_dir() else []


def _read_and_keep(home: Path, cache: Path | None) -> tuple[Catalogue, list[Problem]]:
    """Read from the files, and kept in the cache for the next command."""
    users = _user_files(home)
    base = builtin()
    found: tuple[Catalogue, list[Problem]] = extend(base, users) if users else (base, [])
    key = _cache_key(users) if cache is not None else None
    if cache is None or key is None:
        return found
    _write_cache(cache / CACHE_FILE, key, found)
    catalogue, problems = found
    return Catalogue(catalogue.movements, catalogue.files, _origin(key)), problems


def _origin(key: tuple[object, ...]) -> str:
    """``Catalogue.origin`` of the catalogue the cache key describes."""
    import hashlib

    return hashlib.sha256(repr(key).encode()).hexdigest()


def _cache_key(users: Iterable[Path]) -> tuple[object, ...] | None:
    """What the catalogue read from disk depends on; None when a file cannot be looked at.
    Pydantic's version is told by its files (its version module's time and size), without
    importing it: a command that reads only the ids never loads pydantic."""
    from backbeat import __version__

    try:
        spec = importlib.util.find_spec("pydantic")
        where = spec.submodule_search_locations if spec is not None else None
        if not where:
            return None
        version = Path(next(iter(where)), "version.py").stat()
        stats = [
            (str(f), f.stat().st_mtime_ns, f.stat().st_size)
            for group in (movement_files(BUILTIN_DIR), users)
            for f in group
        ]
    except (OSError, ImportError, ValueError):
        return None
    pydantic = (version.st_mtime_ns, version.st_size)
    return (__version__, pydantic, sys.version_info[:2], tuple(stats))


def _write_cache(
    path: Path, key: tuple[object, ...], found: tuple[Catalogue, list[Problem]]
) -> None:
    """Kept for the next command, atomically; a cache that cannot be written is only slower.
    Two pickles, one after the other: the ids, files and problems first (plain values), then
    the movements, so ``movement_ids`` reads only the first."""
    import tempfile

    catalogue, problems = found
    head = (key, dict(catalogue.files), [(p.file, p.field, p.message) for p in problems])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".catalogue-")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(head, stream, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(dict(catalogue.movements), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
