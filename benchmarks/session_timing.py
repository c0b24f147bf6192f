"""Cue timing of the session player, measured from outside it, beside a naive player.

Starts ``backbeat session ... --plain --speed X`` as a person's screen reader would, stamps each
line the moment it arrives on the pipe, and compares the gaps with the dry run's times (the first
cue is the reference, so start-up does not count). The baseline, alongside, plays the same
timeline the naive way: print a cue, then sleep for its length, so every late wake-up and every
print is added to all the cues after it.

Run: ``.venv/bin/python benchmarks/session_timing.py [--speed X] [MOVE ...]``. Goal: p99 under
25 ms, and no growth of the error from the first cues to the last.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

MOVES = ["pelvic-rocking", "knee-rolls", "knees-to-chest", "cat-cow"]

NAIVE = """
import json, sys, time
events = [e for e in json.load(open(sys.argv[1]))["events"] if e["kind"] != "tick"]
for event in events:
    sys.stdout.write(f"{event['kind']}: {event['text']}\\n")
    sys.stdout.flush()
    time.sleep(event.get("seconds") or 0)
"""


def arrivals(argv: list[str], env: dict[str, str]) -> list[tuple[float, str]]:
    """Each line of the command's output with the monotonic time it arrived."""
    found: list[tuple[float, str]] = []
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env) as p:
        assert p.stdout is not None
        fd = p.stdout.fileno()
        os.set_blocking(fd, False)
        waiting = selectors.DefaultSelector()
        waiting.register(fd, selectors.EVENT_READ)
        pending = b""
        while True:
            waiting.select()
            at = time.monotonic()
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            found += [(at, line.decode()) for line in lines]
    return found


def errors_ms(lines: list[tuple[float, str]], expected: list[dict[str, object]]) -> list[float]:
    """How late (or early) each cue arrived, in ms, against its time in the dry run."""
    kinds = {str(e["kind"]) for e in expected}  # cue lines only: not cautions, notes, "Saved"
    cues = [(at, text) for at, text in lines if text.split(":", 1)[0] in kinds]
    if len(cues) != len(expected):
        raise SystemExit(f"expected {len(expected)} cue lines, got {len(cues)}")
    first_at, first_t = cues[0][0], float(expected[0]["t"])  # type: ignore[arg-type]
    out = []
    for (at, text), event in zip(cues, expected, strict=True):
        assert text.startswith(f"{event['kind']}:"), (text, event)
        out.append(((at - first_at) - (float(event["t"]) - first_t)) * 1000)  # type: ignore[arg-type]
    return out


def report(name: str, errors: list[float]) -> None:
    late = sorted(abs(e) for e in errors)
    p99 = late[min(len(late) - 1, round(0.99 * (len(late) - 1)))]
    tenth = max(1, len(errors) // 10)
    head, tail = statistics.mean(errors[:tenth]), statistics.mean(errors[-tenth:])
    print(
        f"{name:<9} cues {len(errors):>4}  median {statistics.median(late):6.2f} ms  "
        f"p99 {p99:6.2f} ms  last {errors[-1]:+7.2f} ms  "
        f"first 10% {head:+6.2f} -> last 10% {tail:+6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("moves", nargs="*", default=MOVES)
    parser.add_argument("--speed", type=float, default=4.0)
    args = parser.parse_args()
    script = str(Path(sys.executable).parent / "backbeat")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "BACKBEAT_HOME": home}
        play = [script, "session", *args.moves, "--speed", str(args.speed), "--no-checkin"]
        dry = subprocess.run(
            [*play, "--dry-run", "--json"], env=env, check=True, capture_output=True, text=True
        )
        timeline = json.loads(dry.stdout)
        expected = [e for e in timeline["events"] if e["kind"] != "tick"]
        dry_file = Path(home) / "timeline.json"
        dry_file.write_text(dry.stdout)
        print(
            f"session of {len(args.moves)} movements, {timeline['duration']:.1f} s at "
            f"--speed {args.speed:g}, {len(expected)} cues (ticks aside); errors vs the dry run"
        )
        with ThreadPoolExecutor(2) as both:  # side by side: same machine, same moment
            ours = both.submit(arrivals, [*play, "--plain"], env)
            theirs = both.submit(arrivals, [sys.executable, "-c", NAIVE, str(dry_file)], env)
            player, naive = errors_ms(ours.result(), expected), errors_ms(theirs.result(), expected)
    report("backbeat", player)
    report("naive", naive)


if __name__ == "__main__":
    main()
