"""Asking a question at the terminal (or from a pipe) until the answer is one we can use."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from backbeat.context import Env

T = TypeVar("T")
TRIES = 3  # after this many unclear answers we stop asking rather than loop on a broken pipe


def ask(env: Env, prompt: str, parse: Callable[[str], T]) -> T | None:
    """Ask until ``parse`` accepts the answer, saying what was wrong each time (its ValueError
    names what is allowed); None when input ends or the answer never becomes clear."""
    for _ in range(TRIES):
        env.stdout.write(prompt)
        env.stdout.flush()
        line = env.stdin.readline()
        if not line:
            env.stdout.write("\n")
            return None
        try:
            return parse(line)
        except ValueError as error:
            env.stdout.write(f"  {error}\n")
    return None
