"""The clinic server under a clinic's load: 1,000 patients with a year of journal each on
PostgreSQL, in 5 clinics of 200 with 20 clinicians; then ``backbeat clinic serve`` with 1 and
with 2 workers (real uvicorn processes on free ports), and a bare ASGI hello-world under uvicorn
as the baseline, all loaded by this process.

Two loads for each server. **Flat out**: 20 clinicians asking for the dashboard, then 200
patients asking for Today (the page, then the API's), each sending its next request as soon as
the answer came: the requests per second a server manages (2 workers against 1). **People**:
the 20 clinicians and the 200 patients at once, each waiting a think time (uniform, mean
``--think`` seconds) between requests, patients alternating the page and the API: the latency
a person waits. Flat out, latency is only concurrency over throughput (200 connections answered
within 100 ms would need 2,000 answers a second), so the latency goals are read from the people.

Goals (issue 20): dashboard p99 under 300 ms, Today p99 under 100 ms (people, each worker
count), 2 workers at least 1.6x the requests per second of 1 (flat out, each page).

Run: ``.venv/bin/python benchmarks/clinic.py [--db URL] [--patients N] [--days D]
[--seconds S] [--think T] [--quick]`` (a few minutes; ``--quick`` is a smoke run of 100 patients
and a month). ``--db`` defaults to ``$BACKBEAT_TEST_PG_URL``; the benchmark makes a schema of
its own there and drops it at the end. The journals are written by the journal's own writer
for ``--templates`` patients and copied row for row to the others in SQL (the rows the writer
would make: a record's digest does not depend on its person). Everyone's password is one Argon2id
hash made with light parameters, so that signing 220 people in takes seconds; sign-in is not
measured. This script measures; it passes whatever the figures are.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

PASSWORD = "benchmark password"
ZONE = timezone(timedelta(hours=1))
DASHBOARD = "/api/v1/clinic/dashboard"
PATIENT_LIST = "/api/v1/clinic/patients"  # the clinicians' load while there is no dashboard
TODAY_PAGE, TODAY_API = "/", "/api/v1/today"
DASHBOARD_P99, TODAY_P99, SCALING = 0.300, 0.100, 1.6
WARM_ROUNDS = 6
"""Rounds of first requests per extra worker: which worker takes a new connection is the
kernel's choice, and a patient's first request on a worker makes their app (see the first
round's figure), so that each worker has made most patients' apps before anything is timed."""
PROGRAMME = {
    "format": "backbeat-programme",
    "version": 1,
    "title": "Low back, weeks 1 to 4",
    "clinician": "Sam Lee",
    "movements": [
        {"move": "pelvic-tilt", "dose": {"reps": 12, "tempo_s": 4}, "moments": ["waking"]},
        {"move": "seated-march", "dose": {"reps": 10, "tempo_s": 2}, "places": ["desk"]},
        {"move": "knee-sway", "dose": {"reps": 8, "tempo_s": 3}, "moments": ["TV"]},
    ],
}


# --- the clinic's data --------------------------------------------------------------------


@dataclass
class Person:
    id: str
    email: str
    clinician: bool
    cookie: str = ""


@dataclass
class Clinic:
    clinicians: list[Person] = field(default_factory=list)
    patients: list[Person] = field(default_factory=list)


def profile_data(n: int) -> dict[str, Any]:
    """One of a few days people describe in the onboarding."""
    place = ("desk", "car", "standing", "desk", "none")[n % 5]
    work = [] if place == "none" else [{"start": "09:00", "end": "17:00", "place": place}]
    if work:
        work[0]["days"] = ["mon", "tue", "wed", "thu", "fri"]
    moments = [{"name": "TV", "at": "21:00", "place": "sofa"}] if n % 2 else []
    return {
        "pain": 3 + n % 4,
        "day": {"wake": f"0{6 + n % 3}:30", "sleep": "23:00", "work": work, "moments": moments},
        "prefs": {"minutes_per_day": (15, 20, 30)[n % 3], "walk": n % 3 != 0},
        "screen": {},
    }


def year_of(n: int, days: int, today: date, catalogue: Any, plans: dict[Any, Any]) -> list[Any]:
    """Patient-template ``n``'s journal over ``days`` days before ``today``: their profile, the
    plan given each week, morning check-ins, sessions of the plan's slots with a check-in per
    movement, weekly reviews. Templates differ in adherence and in their last two weeks (gone
    quiet, falling off, something sharp, mornings worse, steady), as a dashboard's rows do."""
    from backbeat.plan.builder import make_plan
    from backbeat.plan.profile import Profile
    from backbeat.records import (
        MorningRecord,
        MoveRecord,
        PlanRecord,
        ProfileRecord,
        ReviewRecord,
        SessionRecord,
    )

    rng = random.Random(n)
    variant = n % 12
    profile = Profile.model_validate(profile_data(variant))
    first = today - timedelta(days=days)
    records: list[Any] = [
        ProfileRecord(
            at=datetime.combine(first, datetime.min.time(), ZONE).replace(hour=8),
            profile=profile.model_dump(mode="json"),
        )
    ]
    adherence = 0.2 + 0.6 * rng.random()
    story = n % 5  # 0 quiet for 6 days, 1 falling off, 2 sharp, 3 mornings worse, 4 steady
    base_pain = profile.pain
    day_plan: dict[date, Any] = {}
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() == 0 or day == first:
            key = (variant, day)
            if key not in plans:
                given = make_plan(profile, catalogue, [], day, days=7).as_json()
                plans[key] = given
            given = plans[key]
            at = datetime.combine(day, datetime.min.time(), ZONE).replace(hour=6)
            records.append(PlanRecord(at=at, plan=given))
            for d in given["days"]:
                day_plan[date.fromisoformat(d["date"])] = d
        recent = back <= 14
        if story == 0 and back <= 6:
            continue
        doing = adherence * (0.3 if story == 1 and recent else 1.0)
        midnight = datetime.combine(day, datetime.min.time(), ZONE)
        pain = base_pain + (2 if story == 3 and back <= 7 else 0) + rng.choice((-1, 0, 0, 1))
        if rng.random() < 0.85:
            records.append(
                MorningRecord(
                    at=midnight.replace(hour=7),
                    morning_pain=max(0, min(10, pain)),
                    stiffness=rng.randint(0, 6),
                )
            )
        for slot in day_plan.get(day, {"slots": []})["slots"]:
            if rng.random() > doing * 0.3:
                continue
            moves = [item["move"] for item in slot["items"]]
            hour, minute = (int(x) for x in slot["time"].split(":"))
            start = midnight.replace(hour=hour, minute=minute)
            ended = start + timedelta(minutes=max(1, round(float(slot["minutes"]))))
            records.append(
                SessionRecord(at=start, ended=ended, session=moves, done=moves, slot=slot["id"])
            )
            for k, move in enumerate(moves):
                sharp = story == 2 and back <= 5 and rng.random() < 0.2
                records.append(
                    MoveRecord(
                        at=ended + timedelta(seconds=k),
                        move=move,
                        pain_during=rng.randint(0, 5),
                        pain_after=rng.randint(0, 4),
                        sharp=sharp,
                        difficulty=rng.choice(("easy", "ok", "ok", "hard")),
                    )
                )
        if day.weekday() == 6:
            records.append(
                ReviewRecord(
                    at=midnight.replace(hour=20),
                    weekly_pain=max(0, min(10, pain)),
                    interference=rng.randint(1, 6),
                    activity="walking the dog",
                    activity_ability=rng.randint(3, 8),
                )
            )
    return records


def generate(engine: Any, args: argparse.Namespace) -> list[Clinic]:
    """The clinics, their people and every patient's journal; returns the clinics."""
    from argon2 import PasswordHasher
    from sqlalchemy import insert, text

    from backbeat.catalog.loader import builtin
    from backbeat.clinic.care import PERSON
    from backbeat.clinic.schema import accounts, clinics, programmes
    from backbeat.journal.kinds import KINDS
    from backbeat.journal.schema import Person as PersonRow
    from backbeat.journal.store import Journal
    from backbeat.plan.programme import Programme, dump

    now = datetime.now(UTC)
    hashed = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    made = [Clinic() for _ in range(args.clinics)]
    rows: list[dict[str, Any]] = []
    with engine.begin() as connection:
        ids = [
            connection.execute(
                insert(clinics).values(name=f"Clinic {c + 1}", created=now).returning(clinics.c.id)
            ).scalar_one()
            for c in range(args.clinics)
        ]
        for n in range(args.clinicians):
            c = n % args.clinics
            person = Person(secrets.token_hex(16), f"clinician{n:03d}@clinic{c}.example.org", True)
            role = "admin" if not made[c].clinicians else "clinician"
            made[c].clinicians.append(person)
            rows.append({"id": person.id, "email": person.email, "role": role, "clinic_id": ids[c]})
        for n in range(args.patients):
            c = n % args.clinics
            person = Person(secrets.token_hex(16), f"patient{n:05d}@clinic{c}.example.org", False)
            made[c].patients.append(person)
            by = made[c].clinicians[n // args.clinics % len(made[c].clinicians)].id
            rows.append(
                {
                    "id": person.id,
                    "email": person.email,
                    "role": "patient",
                    "clinic_id": ids[c],
                    "invited_by": by,
                }
            )
        created = now - timedelta(days=args.days + 1)
        connection.execute(
            insert(accounts),
            [{"invited_by": None, **r, "password": hashed, "created": created} for r in rows],
        )
        body = dump(Programme.model_validate(PROGRAMME))
        patients = [p for clinic in made for p in clinic.patients]
        connection.execute(
            insert(programmes),
            [
                {"patient_id": p.id, "body": body, "updated": now, "updated_by": rows[0]["id"]}
                for p in patients[::2]
            ],
        )
    patients = [made[n % args.clinics].patients[n // args.clinics] for n in range(args.patients)]
    catalogue, plans = builtin(), {}
    today = datetime.now().astimezone(ZONE).date()
    templates = patients[: args.templates]
    began, written = time.perf_counter(), 0
    for n, person in enumerate(templates):
        records = year_of(n, args.days, today, catalogue, plans)
        written += Journal(engine, person=PERSON.format(id=person.id)).add(records)
    print(
        f"  {len(templates)} patients' journals written by the journal's writer: {written:,} "
        f"records in {time.perf_counter() - began:.1f} s"
    )
    began = time.perf_counter()
    with engine.begin() as connection:
        known = {
            name: number
            for number, name in connection.execute(text("SELECT id, name FROM person")).all()
        }
        connection.execute(
            insert(PersonRow),
            [
                {"name": PERSON.format(id=p.id), "created": now.replace(tzinfo=None)}
                for p in patients[len(templates) :]
            ],
        )
        every = dict(connection.execute(text("SELECT name, id FROM person")).all())
        connection.execute(text("CREATE TEMP TABLE copies (template int, person int)"))
        connection.execute(
            text("INSERT INTO copies VALUES (:template, :person)"),
            [
                {
                    "template": known[PERSON.format(id=templates[n % len(templates)].id)],
                    "person": every[PERSON.format(id=p.id)],
                }
                for n, p in enumerate(patients)
                if n >= len(templates)
            ],
        )
        copied = 0
        for kind in KINDS:
            table = kind.table.__table__
            columns = [c.name for c in table.columns if c.name not in ("id", "person_id")]
            names = ", ".join(columns)
            copied += connection.execute(
                text(
                    f"INSERT INTO {table.name} (person_id, {names}) "
                    f"SELECT copies.person, {', '.join(f't.{c}' for c in columns)} "
                    f"FROM {table.name} t JOIN copies ON t.person_id = copies.template"
                )
            ).rowcount
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    print(
        f"  copied to the other {len(patients) - len(templates)} patients: {copied:,} rows in "
        f"{time.perf_counter() - began:.1f} s"
    )
    return made


# --- servers -------------------------------------------------------------------------------


def free_port() -> int:
    """A port the system says is free now (``clinic serve`` takes a port, not 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # uvicorn's manager and its workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start(argv: list[str], port: int, log: Path) -> Server:
    """A server process (its own process group), once it answers on ``port``."""
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=out, start_new_session=True)
    server = Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise SystemExit(f"the server did not answer in 60 s: {log.read_text()[-2000:]}")


def clinic_server(url: str, workers: int, folder: Path) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "backbeat", "clinic", "serve", "--db", url]
    argv += ["--port", str(port), "--workers", str(workers)]
    return start(argv, port, folder / f"clinic-{workers}.log")


def hello_server(folder: Path) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "web_today:hello", "--port", str(port)]
    argv += ["--log-level", "warning", "--app-dir", str(Path(__file__).parent)]
    return start(argv, port, folder / "hello.log")


# --- load ------------------------------------------------------------------------------------


@dataclass
class Tally:
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0


async def answer(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 answer (its length given or chunked); its status."""
    status = int((await reader.readline()).split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return status
    while size := int((await reader.readline()).split(b";")[0], 16):
        await reader.readexactly(size + 2)
    await reader.readline()
    return status


async def person(
    port: int,
    who: Person,
    paths: list[str],
    until: float,
    think: float,
    tally: Tally,
    most: int | None = None,
) -> None:
    """One person on one keep-alive connection: their paths in turn until ``until`` (or
    ``most`` requests), waiting a think time after each answer."""
    rng = random.Random(who.id)
    if think:  # people do not all arrive in the same millisecond
        await asyncio.sleep(rng.uniform(0, think))
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    cookie = f"Cookie: backbeat_clinic={who.cookie}\r\n" if who.cookie else ""
    done = 0
    while time.perf_counter() < until and (most is None or done < most):
        path = paths[done % len(paths)]
        done += 1
        request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{cookie}\r\n".encode()
        began = time.perf_counter()
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", port)
            connection[1].write(request)
            await connection[1].drain()
            status = await asyncio.wait_for(answer(connection[0]), 120)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as error:
            tally.errors[f"{path}: {type(error).__name__}"] += 1
            connection = None
            continue
        if status == 200:
            tally.seconds[path].append(time.perf_counter() - began)
        else:
            tally.errors[f"{path}: {status}"] += 1
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))
    if connection is not None:
        connection[1].close()


def run_load(
    port: int,
    crowd: list[tuple[Person, list[str]]],
    seconds: float,
    think: float = 0.0,
    most: int | None = None,
) -> Tally:
    async def everyone() -> Tally:
        tally = Tally()
        began = time.perf_counter()
        until = began + seconds
        await asyncio.gather(
            *(person(port, who, paths, until, think, tally, most) for who, paths in crowd)
        )
        tally.wall = time.perf_counter() - began
        return tally

    return asyncio.run(everyone())


def sign_in(port: int, people: list[Person]) -> None:
    """Each person's session cookie, from ``POST /api/v1/login`` (20 at a time)."""
    import httpx

    async def everyone() -> None:
        gate = asyncio.Semaphore(20)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:

            async def one(who: Person) -> None:
                async with gate:
                    body = {"email": who.email, "password": PASSWORD}
                    done = await client.post("/api/v1/login", json=body)
                    if done.status_code != 200:
                        raise SystemExit(f"{who.email} could not sign in: {done.text[:300]}")
                    who.cookie = done.cookies["backbeat_clinic"]
                    client.cookies.clear()

            await asyncio.gather(*(one(who) for who in people))

    asyncio.run(everyone())


def dashboard_path(port: int) -> str:
    import httpx

    found = httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=60).json()
    return DASHBOARD if DASHBOARD in found["paths"] else PATIENT_LIST


# --- figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    rate: float
    p50: float
    p99: float
    count: int


def figure(tally: Tally, path: str) -> Figure:
    seconds = tally.seconds.get(path, [])
    if len(seconds) < 2:
        return Figure(0.0, float("nan"), float("nan"), len(seconds))
    tail = statistics.quantiles(seconds, n=100)[98]
    return Figure(len(seconds) / tally.wall, statistics.median(seconds), tail, len(seconds))


def shown(name: str, found: Figure, base: Figure | None = None) -> str:
    ratio = f"  {found.rate / base.rate:5.2f}x hello" if base and base.rate else ""
    return (
        f"    {name:<30} {found.rate:7.1f}/s  p50 {found.p50 * 1000:7.1f} ms  "
        f"p99 {found.p99 * 1000:7.1f} ms  ({found.count} answers){ratio}"
    )


def errors_of(tally: Tally) -> str:
    if not tally.errors:
        return ""
    return "    errors: " + ", ".join(f"{k} x{v}" for k, v in tally.errors.most_common(5))


def cpu_seconds(group: int) -> dict[str, float]:
    """CPU seconds used so far (user and system) by the server's processes (its process group),
    PostgreSQL's and this load generator, from ``/proc``: where two cores went during a load."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {"server": 0.0, "PostgreSQL": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        used = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        if int(fields[2]) == group:  # its process group: the manager and each worker
            found["server"] += used
            found[f"process {entry.name}"] = used
        elif name.startswith("postgres"):
            found["PostgreSQL"] += used
    mine = os.times()
    found["load"] = mine.user + mine.system
    return found


def cpu_share(before: dict[str, float], after: dict[str, float], wall: float) -> str:
    """How busy the cores were during a load, and each of the server's processes (PostgreSQL's
    figure is low when its connections' processes end during the load)."""
    cores = os.cpu_count() or 1
    used = {name: after[name] - before.get(name, 0.0) for name in after}
    each = [f"{used.pop(name) / wall:.2f}" for name in list(used) if name.startswith("process")]
    shares = ", ".join(f"{name} {seconds / wall:.2f}" for name, seconds in used.items())
    idle = cores - sum(used.values()) / wall
    return (
        f"      cores busy: {shares} (its processes: {' + '.join(each)}), "
        f"idle {max(idle, 0.0):.2f} (of {cores})"
    )


def measure_clinic(
    server: Server, clinicians: list[Person], patients: list[Person], args: argparse.Namespace
) -> dict[str, Figure]:
    """Warm every patient's app (made on first use, per worker), then both loads."""
    board = dashboard_path(server.port)
    if board != DASHBOARD:
        print(f"    (no {DASHBOARD} on this server yet: the clinicians ask for {board})")
    results: dict[str, Figure] = {}
    crowd = [(p, [TODAY_PAGE]) for p in patients] + [(c, [board]) for c in clinicians]
    warm = run_load(server.port, crowd, 600, most=1)
    print(shown("first request (apps made)", figure(warm, TODAY_PAGE)))
    if note := errors_of(warm):
        print(note)
    for _ in range(WARM_ROUNDS * (args.workers_seen - 1)):
        run_load(server.port, crowd, 600, most=1)  # a new connection may reach another worker
    loads = [
        ("dashboard", [(c, [board]) for c in clinicians], board),
        ("Today page", [(p, [TODAY_PAGE]) for p in patients], TODAY_PAGE),
        ("Today API", [(p, [TODAY_API]) for p in patients], TODAY_API),
    ]
    for name, load, path in loads:
        before = cpu_seconds(server.process.pid)
        tally = run_load(server.port, load, args.seconds)
        results[f"flat {name}"] = figure(tally, path)
        print(shown(f"flat out, {name} ({len(load)})", results[f"flat {name}"]))
        print(cpu_share(before, cpu_seconds(server.process.pid), tally.wall))
        if note := errors_of(tally):
            print(note)
    people = [(c, [board]) for c in clinicians]
    people += [(p, [TODAY_PAGE, TODAY_API][:: 1 if n % 2 else -1]) for n, p in enumerate(patients)]
    tally = run_load(server.port, people, args.seconds * 2, think=args.think)
    for name, path in (("dashboard", board), ("Today page", TODAY_PAGE), ("Today API", TODAY_API)):
        results[f"people {name}"] = figure(tally, path)
        print(shown(f"people, {name}", results[f"people {name}"]))
    if note := errors_of(tally):
        print(note)
    return results


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("BACKBEAT_TEST_PG_URL"))
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--clinics", type=int, default=5)
    parser.add_argument("--clinicians", type=int, default=20)
    parser.add_argument("--days", type=int, default=365, help="journal days per patient")
    parser.add_argument("--templates", type=int, default=25, help="journals written by the writer")
    parser.add_argument("--concurrent", type=int, default=200, help="patients under load")
    parser.add_argument("--seconds", type=float, default=8.0, help="each flat-out load")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time of people (s)")
    parser.add_argument("--keep", action="store_true", help="keep the schema (printed)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: small and short")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress as it goes
    if args.quick:
        args.patients, args.days, args.templates, args.seconds = 100, 30, 5, 2.0
        args.concurrent = min(args.concurrent, 50)
    if not args.db:
        print("clinic: no PostgreSQL URL (--db or BACKBEAT_TEST_PG_URL): nothing measured")
        return
    from sqlalchemy import create_engine, text

    from backbeat.clinic.db import connect, migrate

    schema = f"bench_clinic_{uuid.uuid4().hex[:10]}"
    admin = create_engine(args.db)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{args.db}?options=-csearch_path%3D{schema}"
    servers: list[Server] = []
    try:
        engine = connect(url)
        migrate(engine)
        print(
            f"{args.patients} patients with {args.days} days of journal each, in {args.clinics} "
            f"clinics with {args.clinicians} clinicians ({os.cpu_count()} cores):"
        )
        clinics = generate(engine, args)
        engine.dispose()
        clinicians = [c for clinic in clinics for c in clinic.clinicians]
        share = max(1, args.concurrent // len(clinics))
        patients = [p for clinic in clinics for p in clinic.patients[:share]]
        print(
            f"Load: {len(clinicians)} clinicians, {len(patients)} patients; flat out "
            f"{args.seconds:g} s each, people {args.seconds * 2:g} s with a think time of "
            f"{args.think:g} s on average; the load from this process"
        )
        results: dict[str, dict[str, Figure]] = {}
        with tempfile.TemporaryDirectory() as folder:
            server = hello_server(Path(folder))
            servers.append(server)
            crowd = [(p, ["/"]) for p in patients]
            hello = {
                "flat 20": figure(
                    run_load(server.port, [(c, ["/"]) for c in clinicians], args.seconds), "/"
                ),
                "flat 200": figure(run_load(server.port, crowd, args.seconds), "/"),
                "people": figure(run_load(server.port, crowd, args.seconds * 2, args.think), "/"),
            }
            server.stop()
            print("  hello-world (uvicorn, 1 process):")
            print(shown(f"flat out ({len(clinicians)})", hello["flat 20"]))
            print(shown(f"flat out ({len(patients)})", hello["flat 200"]))
            print(shown(f"people ({len(patients)})", hello["people"]))
            for workers in (1, 2):
                server = clinic_server(url, workers, Path(folder))
                servers.append(server)
                if workers == 1:
                    began = time.perf_counter()
                    sign_in(server.port, clinicians + patients)
                    print(
                        f"  {len(clinicians) + len(patients)} people signed in in "
                        f"{time.perf_counter() - began:.1f} s"
                    )
                print(f"  backbeat clinic serve --workers {workers}:")
                args.workers_seen = workers
                results[str(workers)] = measure_clinic(server, clinicians, patients, args)
                server.stop()
                log = server.log.read_text(errors="replace").strip()
                if log:
                    print("    the server said: " + log[-1500:].replace("\n", "\n      "))
        report(results, hello)
    finally:
        for server in servers:
            server.stop()
        if args.keep:
            print(f"kept: {url}")
        else:
            with admin.begin() as connection:
                connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def report(results: dict[str, dict[str, Figure]], hello: dict[str, Figure]) -> None:
    one, two = results["1"], results["2"]
    print("Beside hello-world (flat out, requests/s):")
    for name, base in (
        ("dashboard", "flat 20"),
        ("Today page", "flat 200"),
        ("Today API", "flat 200"),
    ):
        print(
            f"  {name:<12} 1 worker {one[f'flat {name}'].rate / hello[base].rate:6.3f}x, "
            f"2 workers {two[f'flat {name}'].rate / hello[base].rate:6.3f}x"
        )
    print("Goals:")
    for workers, found in (("1", one), ("2", two)):
        board = found["people dashboard"].p99
        print(
            f"  dashboard p99 under {DASHBOARD_P99 * 1000:.0f} ms, {workers} worker(s): "
            f"{board * 1000:.0f} ms, {verdict(board < DASHBOARD_P99)}"
        )
        for name in ("Today page", "Today API"):
            tail = found[f"people {name}"].p99
            print(
                f"  {name} p99 under {TODAY_P99 * 1000:.0f} ms, {workers} worker(s): "
                f"{tail * 1000:.0f} ms, {verdict(tail < TODAY_P99)}"
            )
    for name in ("dashboard", "Today page", "Today API"):
        a, b = one[f"flat {name}"].rate, two[f"flat {name}"].rate
        ratio = b / a if a else float("nan")
        print(
            f"  2 workers at least {SCALING}x the requests/s of 1, {name}: {ratio:.2f}x, "
            f"{verdict(ratio >= SCALING)}"
        )


if __name__ == "__main__":
    main()
