"""The person's time zone by name (Europe/Paris), for plan times placed on real days.

The clock gives only today's UTC offset; a calendar and a daylight-saving day need the zone's
rules. A name is taken from the clock when it carries one, else from ``TZ``, else from the
system's ``/etc/localtime``; a name whose offset now differs from the clock's is not the zone
the clock is in, and the clock's fixed offset is used instead.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backbeat.cli.env import Env

LOCALTIME = Path("/etc/localtime")


def local_zone(env: Env, now: datetime | None = None) -> tzinfo:
    """The zone ``env``'s clock is in, by name when it can be found."""
    now = now or env.clock()
    assert now.tzinfo is not None, "the clock gives aware times"
    if isinstance(now.tzinfo, ZoneInfo):
        return now.tzinfo
    for name in _candidates(env):
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
        if now.astimezone(zone).utcoffset() == now.utcoffset():
            return zone
    return now.tzinfo


def _candidates(env: Env) -> list[str]:
    names = []
    if tz := env.environ.get("TZ", "").removeprefix(":"):
        names.append(tz)
    try:
        target = str(LOCALTIME.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        names.append(target.split("zoneinfo/", 1)[1])
    return names
