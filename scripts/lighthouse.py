"""Lighthouse's mobile audit of the web app's main pages, with Debian's Chromium: prints each
page's scores and what kept any below the bar, and exits 1 if one is (100 for accessibility, best
practices and SEO; at least 95 for performance). `.ci/run` runs it; by hand:

    .venv/bin/python scripts/lighthouse.py [--keep build/lighthouse] [PATH ...]

The app is served (as `backbeat serve` serves it) for a person with a plan, two weeks of history
and this morning's first slots done, in a fresh home folder, at 10:40 today on a clock that
stands still; nothing outside the machine is fetched.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "tools" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
CATEGORIES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
PAGES = {
    "Today": "/",
    "Session": "/session?slot={desk}",
    "Progress": "/progress",
    "Catalogue": "/moves",
    "Journal": "/journal",
    "Settings": "/settings",
    "Handout": "/handout",
}
PROFILE = """\
pain = 4
age = 41
[day]
wake = "07:00"
sleep = "23:00"
[[day.work]]
start = "09:00"
end = "17:30"
place = "desk"
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
[[day.moments]]
name = "TV"
at = "21:00"
place = "sofa"
[prefs]
minutes_per_day = 20
break_every = 30
walk = true
avoid = []
[screen]
bladder_bowel = false
"""


def serve(home: Path) -> tuple[object, str, str]:
    """The app for a person with a plan, two weeks of history and the first slots of today done,
    at 10:40 today on a clock that stands still (so every run sees the same page), served by
    uvicorn on a free loopback port. Gives the server, its address and a desk slot's id."""
    import threading

    import uvicorn

    from backbeat.context import Env, open_catalogue, open_journal
    from backbeat.plan.profile_file import profile_state
    from backbeat.records import MorningRecord, MoveRecord, Record, SessionRecord
    from backbeat.web.app import create_app

    (home / "profile.toml").write_text(PROFILE, encoding="utf-8")
    now = datetime.now().astimezone().replace(hour=10, minute=40, second=0, microsecond=0)
    streams = (io.StringIO(), io.StringIO(), io.StringIO())
    env = Env(*streams, {"BACKBEAT_HOME": str(home)}, lambda: now)
    catalogue, journal = open_catalogue(env), open_journal(env)
    assert catalogue is not None and journal is not None
    records: list[Record] = []
    for back in range(13, 0, -1):
        day = now - timedelta(days=back)
        records.append(MorningRecord(at=day.replace(hour=7), morning_pain=6 if back > 6 else 3))
        if back not in (4, 5):
            records.append(MoveRecord(at=day.replace(hour=9), move="knee-rolls", pain_during=2))
    app = create_app(env, catalogue, journal)
    profile = profile_state(home / "profile.toml", catalogue).profile
    assert profile is not None
    slots = app.state.site.today(profile).day.slots
    for slot in slots[:3]:  # done, so Today shows its done slots
        moves = [i.move for i in slot.items]
        at = now.replace(hour=int(slot.time[:2]), minute=int(slot.time[3:]))
        records.append(
            SessionRecord(
                at=at, ended=at + timedelta(minutes=2), session=moves, slot=slot.id, done=moves
            )
        )
    journal.add(records)
    desk = next(s.id for s in slots if s.moment == "desk" and s.time > "10:40")
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)  # polls for the start; no fixed wait
    if not server.started:
        raise SystemExit("lighthouse.py: the app did not start")
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, f"http://127.0.0.1:{port}", desk


TRIES = 3  # runs of one page when Lighthouse cannot record it


def audit(url: str, report: Path, profile_dir: Path) -> dict[str, object]:
    """One mobile Lighthouse run, in a fresh Chromium profile. A run that Lighthouse itself
    could not record (its "Runtime error encountered", such as a trace without a navigation
    start on a busy machine) is run again, up to ``TRIES`` times; a page's scores never are."""
    for attempt in range(1, TRIES + 1):
        shutil.rmtree(profile_dir, ignore_errors=True)
        flags = " ".join([*FLAGS, f"--user-data-dir={profile_dir}"])
        done = subprocess.run(
            [
                "node",
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={flags}",
                "--max-wait-for-load=60000",
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode == 0:
            result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
            return result
        if "Runtime error encountered" not in done.stderr or attempt == TRIES:
            break
        said = done.stderr.strip().splitlines()[-1:]
        print(f"  (Lighthouse could not record {url}, run {attempt}: {said}; again)", flush=True)
    raise SystemExit(f"lighthouse.py: Lighthouse failed on {url}:\n{done.stderr[-3000:]}")


def shortfalls(result: dict[str, object], category: str) -> list[str]:
    """The audits that cost a category points, with what they found."""
    audits = result["audits"]
    groups = result["categories"]
    assert isinstance(audits, dict) and isinstance(groups, dict)
    lines = []
    for ref in groups[category]["auditRefs"]:
        found = audits[ref["id"]]
        if ref["weight"] and found["score"] is not None and found["score"] < 1:
            value = found.get("displayValue") or ""
            lines.append(f"    {ref['id']}: {found['title']} {value}".rstrip())
            items = (found.get("details") or {}).get("items") or []
            for item in items[:5]:
                node = item.get("node") or {}
                said = node.get("snippet") or item.get("url") or item.get("source") or ""
                lines.append(f"      {str(said)[:150]}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="pages to audit (the main seven by default)")
    parser.add_argument("--keep", type=Path, help="a folder for the JSON reports")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("lighthouse.py: Lighthouse is not installed (cd tools && npm ci)", file=sys.stderr)
        return 1
    failed = False
    with tempfile.TemporaryDirectory(prefix="backbeat-lighthouse-") as folder:
        home = Path(folder) / "home"
        home.mkdir()
        server, base, desk = serve(home)
        try:
            pages = {p: p for p in args.paths} or {
                name: path.format(desk=desk) for name, path in PAGES.items()
            }
            print(f"{'page':<11}" + "".join(f"{c:>16}" for c in CATEGORIES))
            for name, path in pages.items():
                slug = re.sub(r"\W+", "-", name).strip("-") or "page"
                report = (args.keep or Path(folder)) / f"{slug}.json"
                report.parent.mkdir(parents=True, exist_ok=True)
                result = audit(base + path, report, Path(folder) / "chromium")
                groups = result["categories"]
                assert isinstance(groups, dict)
                scores = {c: round(groups[c]["score"] * 100) for c in CATEGORIES}
                print(f"{name:<11}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)
                for category, bar in CATEGORIES.items():
                    if scores[category] < bar:
                        failed = True
                        print(f"  {category} {scores[category]} < {bar} on {path}:")
                        print("\n".join(shortfalls(result, category)), flush=True)
        finally:
            server.should_exit = True  # type: ignore[attr-defined]
    print("lighthouse: " + ("below the bar" if failed else "every page meets the bar"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
