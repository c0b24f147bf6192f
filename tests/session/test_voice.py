"""Spoken cues through the real espeak-ng, measured with sox."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from backbeat.session.timeline import Event
from backbeat.session.voice import SpeechVoice, find_engine
from tests.conftest import need


def test_the_first_installed_engine_is_chosen() -> None:
    installed = {"spd-say": "/usr/bin/spd-say", "espeak": "/usr/bin/espeak"}
    command = find_engine(installed.get)
    assert command is not None and command[0] == "/usr/bin/espeak"
    assert find_engine(lambda _: None) is None


def test_a_cue_is_really_spoken(tmp_path: Path) -> None:
    espeak = need("espeak-ng")
    sox = need("sox")
    wav = tmp_path / "cue.wav"
    voice = SpeechVoice([espeak, "-s", "140", "-w", str(wav)])
    voice.say(Event(0.0, "move", "Roll both knees slowly to the left", seconds=3.0))
    voice.close()
    stats = subprocess.run([sox, str(wav), "-n", "stat"], capture_output=True, text=True).stderr
    length = float(re.search(r"Length \(seconds\):\s+([\d.]+)", stats).group(1))  # type: ignore[union-attr]
    rms = float(re.search(r"RMS\s+amplitude:\s+([\d.]+)", stats).group(1))  # type: ignore[union-attr]
    assert 1.0 < length < 4.0, stats  # a calm pace: the cue fits its 3-second tempo
    assert rms > 0.01, stats


def test_only_the_last_seconds_of_a_countdown_are_said(tmp_path: Path) -> None:
    log = tmp_path / "said.txt"
    script = tmp_path / "engine.sh"
    script.write_text(f'#!/bin/sh\necho "$1" >> {log}\n')
    script.chmod(0o755)
    voice = SpeechVoice([str(script)])
    for n in (5, 4, 3, 2, 1):
        voice.say(Event(float(5 - n), "tick", str(n)))
        voice.close()
    assert log.read_text().split() == ["3", "2", "1"]
