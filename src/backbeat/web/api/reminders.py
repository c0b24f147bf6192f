"""Reminders in the browser, by the daemon's rules: ``GET /reminders/due`` says what to show now
and what waits (``remind.hold.look``, the one decision every face makes: quiet hours, the pause
in ``reminders.json``, backing off, repeats, the busy calendar), ``POST
/reminders/{id}/answer`` records what the page did and what the person answered, as the
daemon records it, and ``POST /reminders/pause`` pauses every face's reminders at once.

A page records ``sent`` before it shows a notification, and the answer is 409 when the rules no
longer show it (another tab, or the daemon, showed it first): one reminder, one notification.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import FastAPI, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from backbeat.context import local_zone
from backbeat.journal.summary import recent
from backbeat.plan.profile import Profile
from backbeat.plan.today import plan_day
from backbeat.records import ReminderEvent, ReminderRecord, history_json, record_id
from backbeat.remind.busy import calendar_blocks
from backbeat.remind.daemon import MEMORY, REMINDING
from backbeat.remind.due import Due, dues
from backbeat.remind.hold import Block, Look, look, why
from backbeat.remind.pause import parse_length, pause_end, read_pause, write_pause
from backbeat.remind.rules import Known, Reminder, Settings, upcoming
from backbeat.web.api import changes, models
from backbeat.web.api.changes import Answer, key_or_refusal, write
from backbeat.web.api.documented import BUSY, NO_PLAN, WRITE, WRITES, OnceKey, problems_doc
from backbeat.web.api.problems import JSONText, from_file, problem, refusal
from backbeat.web.site import Site

AnswerWord = Literal["sent", "held", "done", "snoozed", "skipped", "started", "dismissed"]
DayPath = Annotated[
    str,
    Path(
        description="The slot id's date, as GET /reminders/due gives it (YYYY-MM-DD)",
        pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        openapi_examples={"monday": {"value": "2026-11-23"}},
    ),
]
SlotPath = Annotated[
    str,
    Path(
        description="The rest of the slot's id, after its date and slash (tea, desk-1030)",
        pattern=r"^[a-z0-9-]{1,100}$",
        openapi_examples={"a desk break": {"value": "desk-1030"}},
    ),
]
LENGTHS = r"^(tomorrow|off|[1-9][0-9]{0,2}m|[1-9][0-9]?h|[1-9][0-9]?h[0-5][0-9]m|[1-7]d)$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DueReminder(_Model):
    id: str = Field(description="The slot's id: where its answers are sent")
    slot: str = Field(description="The moment's name")
    title: str
    text: str = Field(description="What to do and for how long, in one line")
    notice: str | None = Field(description="Something said once beside it (backing off)")
    moves: list[str]
    at: str = Field(description="When it fell due (ISO 8601 with the UTC offset)")
    kind: Literal["first", "repeat", "snoozed"]
    catch_up: bool = Field(description="It waited for a better moment, and catches up now")


class HeldReminder(_Model):
    id: str
    slot: str
    title: str
    why: str = Field(description="Why it waits, in words")
    event: str = Field(description="The reason as the journal keeps it (held-busy, ...)")
    recorded: bool = Field(description="Whether the journal has it waiting already")


class DueAnswer(_Model):
    """What the browser should do now, by the same rules as ``backbeat remind``."""

    now: str
    paused_until: str | None
    show: list[DueReminder] = Field(description="Show these now (at most one catches up)")
    held: list[HeldReminder] = Field(description="These wait for a better moment")
    next: str | None = Field(description="When the next reminder may come, if today")


class ReminderAnswer(_Model):
    answer: AnswerWord = Field(
        description="sent (the page is showing it), held (it waits, as GET /due said), or "
        "the person's answer: done, snoozed, skipped, started, dismissed"
    )


class Recorded(_Model):
    recorded: models.ReminderRecord


class PauseAsked(_Model):
    length: str = Field(
        pattern=LENGTHS,
        description="30m, 1h, 1h30m, 2d (up to 7 days), tomorrow (the next waking) or off",
    )


class Paused(_Model):
    paused_until: str | None


def _today(site: Site) -> tuple[Profile, list[Due], Known, Look] | Response:
    """Today's reminders and what the rules make of them now."""
    state = site.profile()
    if not state.exists:
        return refusal(404, [problem("(profile)", "there is no profile yet")])
    if state.profile is None:
        if state.referral is not None:
            return refusal(409, [problem("(profile)", state.referral.message)])
        return refusal(409, from_file(state.problems))
    profile = state.profile
    now = site.now()
    zone = local_zone(site.env, now)
    today = site.today(profile)
    found: list[Due] = []
    if today.plan.referral is None:
        names = {m.id: m.name for m in site.catalogue.movements.values()}
        found = dues(today.day, profile, names, zone)
    paused, _problem = read_pause(site.env.home)
    records = recent(site.journal, now - MEMORY, REMINDING)[::-1]
    known = Known(records, paused_until=paused)
    blocks: list[Block] = []
    if profile.prefs.busy is not None:
        blocks, _problem = calendar_blocks(profile.prefs.busy, site.env.home, now, zone)
    return profile, found, known, look(found, known, Settings.of(profile), now, blocks)


def _shown(reminder: Reminder) -> DueReminder:
    due = reminder.due
    return DueReminder(
        id=due.slot.id,
        slot=due.moment,
        title=reminder.title,
        text=reminder.text,
        notice=reminder.notice,
        moves=[*due.moves],
        at=reminder.at.isoformat(timespec="seconds"),
        kind=reminder.kind,
        catch_up=reminder.held,
    )


def due_now(site: Site) -> Response:
    found = _today(site)
    if isinstance(found, Response):
        return found
    profile, today, known, decided = found
    now = site.now()
    later = [r for r in upcoming(today, known, Settings.of(profile), now) if r.at > now]
    answer = DueAnswer(
        now=now.isoformat(timespec="seconds"),
        paused_until=None
        if known.paused_until is None or known.paused_until <= now
        else known.paused_until.isoformat(timespec="seconds"),
        show=[_shown(r) for r in decided.show],
        held=[
            HeldReminder(
                id=h.reminder.due.slot.id,
                slot=h.reminder.due.moment,
                title=h.reminder.title,
                why=why(h.block),
                event=h.block.event,
                recorded=not h.new,
            )
            for h in decided.held
        ],
        next=later[0].at.isoformat(timespec="seconds") if later else None,
    )
    return JSONText(answer.model_dump(mode="json"))


def answer_one(site: Site, slot: str, said: AnswerWord) -> Answer:
    """Record ``said`` for today's slot ``slot``, if the rules allow it now."""
    found = _today(site)
    if isinstance(found, Response):
        return Answer(found.status_code, _body(found))
    _profile, today, _known, decided = found
    due = next((d for d in today if d.slot.id == slot), None)
    if due is None:
        ids = ", ".join(d.slot.id for d in today) or "none"
        return Answer(404, _problems("id", f"{slot!r} is not a slot of today's plan ({ids})"))
    event: ReminderEvent
    if said == "sent":
        if not any(r.due.slot.id == slot for r in decided.show):
            return Answer(409, _problems("answer", "this reminder is not to be shown now"))
        event = "sent"
    elif said == "held":
        held = next((h for h in decided.held if h.reminder.due.slot.id == slot and h.new), None)
        if held is None:
            return Answer(409, _problems("answer", "this reminder is not waiting now"))
        event = held.block.event
    else:
        event = said
    record = ReminderRecord(
        at=site.now(), reminder=event, slot=due.slot.id, due=due.at, moves=[*due.moves]
    )
    site.add([record], entry=False)
    return Answer(201, {"recorded": history_json([(record_id(record), record)])[0]})


def _problems(field: str, message: str) -> dict[str, object]:
    return {"problems": [problem(field, message)]}


def _body(response: Response) -> object:
    import json

    return json.loads(bytes(response.body))


def add_routes(api: FastAPI, site: Site) -> None:
    """``GET /reminders/due``, ``POST /reminders/{id}/answer``, ``POST /reminders/pause``."""

    @api.get(
        "/reminders/due",
        summary="What reminder to show now and what waits, by backbeat remind's rules",
        responses={200: {"model": DueAnswer}, **NO_PLAN},
    )
    async def reminders_due() -> Response:
        return await run_in_threadpool(due_now, site)

    @api.post(
        "/reminders/{day}/{slot}/answer",
        status_code=201,
        summary="Record a reminder shown, waiting, or answered, as backbeat remind records it",
        dependencies=WRITES,
        responses={
            201: {"model": Recorded, "description": "Recorded"},
            404: problems_doc("No profile yet, or no such slot in today's plan"),
            **WRITE,
            **BUSY,
        },
    )
    async def answer_reminder(
        request: Request,
        day: DayPath,
        slot: SlotPath,
        sent: ReminderAnswer,
        idempotency_key: OnceKey = None,
    ) -> Response:
        key = key_or_refusal(idempotency_key)
        if isinstance(key, Response):
            return key
        printed = changes.request_print("POST", request.url.path, await request.body())
        return await run_in_threadpool(
            write, site, key, printed, lambda: answer_one(site, f"{day}/{slot}", sent.answer)
        )

    @api.post(
        "/reminders/pause",
        summary="Pause reminders everywhere (the daemon, the pages), as backbeat remind pause",
        dependencies=WRITES,
        responses={200: {"model": Paused}, 403: WRITE[403], **NO_PLAN},
    )
    async def pause_reminders(sent: PauseAsked) -> Response:
        try:
            length = parse_length(sent.length)
        except ValueError as error:
            return refusal(422, [problem("length", str(error))])
        state = site.profile()
        wake = state.profile.day.wake if state.profile is not None else state.wake
        now = site.now()
        until: datetime | None = pause_end(length, now, wake, plan_day(now, wake))
        await run_in_threadpool(write_pause, site.env.home, until)
        text = None if until is None else until.isoformat(timespec="seconds")
        return JSONText(Paused(paused_until=text).model_dump(mode="json"))
