"""Spoken cues through a local speech engine, so the person can keep their eyes closed."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence

from backbeat.session.timeline import Event

# Engines tried in order, each with the arguments for a calm speaking rate.
ENGINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("espeak-ng", ("-s", "140")),
    ("espeak", ("-s", "140")),
    ("spd-say", ("--wait", "-r", "-20")),
    ("say", ("-r", "160")),
)
SPOKEN_TICKS = 3  # only the last few seconds of a countdown are said aloud


def find_engine(which: Callable[[str], str | None] = shutil.which) -> list[str] | None:
    """The command of the first installed engine, ready for the text as its last argument."""
    for name, arguments in ENGINES:
        if path := which(name):
            return [path, *arguments]
    return None


class SpeechVoice:
    """Says each cue, cutting off the last one if it is still talking, so speech keeps time."""

    def __init__(self, command: Sequence[str]) -> None:
        self.command = list(command)
        self._speaking: subprocess.Popen[bytes] | None = None
        self._caution = False  # a caution is being said: the get-ready count stays quiet

    def say(self, event: Event, caution: str | None = None) -> None:
        """Say the cue; a movement's first caution follows its get-ready cue, and the count
        that comes after it is left unsaid so the caution is heard whole."""
        if event.kind == "tick" and (int(event.text) > SPOKEN_TICKS or self._caution):
            return
        self._caution = caution is not None
        text = f"{event.text} Take care: {caution}" if caution else event.text
        self._stop()
        self._speaking = subprocess.Popen(
            [*self.command, text],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _stop(self) -> None:
        if self._speaking is not None and self._speaking.poll() is None:
            self._speaking.terminate()
            self._speaking.wait()

    def close(self, grace: float = 5.0) -> None:
        """Let the last cue finish (up to ``grace`` seconds), then stop."""
        if self._speaking is None:
            return
        try:
            self._speaking.wait(grace)
        except subprocess.TimeoutExpired:
            self._stop()
