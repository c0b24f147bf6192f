"""Timing commands beside each other (not a benchmark: ``run_all.py`` leaves out names that begin
with an underscore). Each command runs once to warm the file cache and any cache of its own,
then all of them in turn, run after run, so a busy moment of the machine falls on all alike and
their ratios mean something even on a shared machine. Besides the wall time, the CPU time the
command's process used is taken: other programs' load inflates it far less."""

from __future__ import annotations

import resource
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Command = tuple[Sequence[str], Mapping[str, str]]  # argv and environment


@dataclass(frozen=True)
class Timed:
    """Median seconds of a command's runs: wall-clock, and CPU (user and system)."""

    wall: float
    cpu: float


def median_times(commands: Mapping[str, Command], runs: int) -> dict[str, Timed]:
    """Each command's median times (a command that fails ends the benchmark; 3, a referral,
    counts as success)."""
    for argv, env in commands.values():
        _run(argv, env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            wall, cpu = _run(argv, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {
        name: Timed(statistics.median(walls[name]), statistics.median(cpus[name]))
        for name in commands
    }


def median_seconds(commands: Mapping[str, Command], runs: int) -> dict[str, float]:
    """Each command's median wall time."""
    return {name: timed.wall for name, timed in median_times(commands, runs).items()}


def _run(argv: Sequence[str], env: Mapping[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(list(argv), check=False, capture_output=True, env=dict(env))
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[-2000:]!r}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu
