"""One sentence on what a session held, shown when it ends by either face."""

from __future__ import annotations

from backbeat.session.player import Outcome
from backbeat.words import listing


def summary(outcome: Outcome) -> str:
    done = len(outcome.started)
    parts = [
        "Ended early." if outcome.ended_early else "Finished.",
        f"You moved through {done} movement{'s' if done != 1 else ''}."
        if done
        else "No movement was started.",
    ]
    if outcome.skipped:
        parts.append(f"Skipped: {listing(outcome.skipped)}.")
    if outcome.hurt:
        parts.append(f"Stopped because it hurt: {listing(outcome.hurt)}.")
    return " ".join(parts)
