"""The session player page: the same steps, timeline and check-in as the terminal, played by
the browser. The page gets the timeline, what the figure does in each cue and the motion
frames as data; the check-in comes back here and goes into the journal as the terminal's does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from backbeat import inputs
from backbeat.records import MoveRecord, Record
from backbeat.session import checkin, cues
from backbeat.session.animation import spans
from backbeat.session.choose import (
    DEFAULT_PLACE,
    AskBreak,
    Asking,
    AskMoves,
    AskSlot,
    Chosen,
    NotFound,
    Resting,
    choose,
    slot_steps,
)
from backbeat.session.gate import Refusal
from backbeat.session.player import OFFER_S, Outcome
from backbeat.session.timeline import Timeline, build
from backbeat.web.forms import once, posted, text
from backbeat.web.pwa import tomorrow
from backbeat.web.safety import referral_page
from backbeat.web.site import Site, site_from
from backbeat.web.today import problems_page
from backbeat.words import dose_text


def _speed(value: str | None) -> float:
    """``?speed=X`` as ``--speed X``: 0.01 to 1000 (for demos and tests)."""
    if value is None:
        return 1.0
    try:
        return inputs.parse_speed(value)
    except ValueError as error:
        raise HTTPException(400, f"speed: {error}") from None


def asking(request: Request) -> Asking:
    """What a session address asks for: a slot of today's plan (``slot``: its id or a moment's
    name), movements by id (``move``, repeated), or a micro-break for a place (``place``, desk
    by default); the first of these given decides, as it does in the API."""
    query = request.query_params
    if "slot" in query:
        return AskSlot(query["slot"])
    if "move" in query:
        return AskMoves(tuple(query.getlist("move")))
    try:
        return AskBreak(inputs.parse_place(query.get("place", DEFAULT_PLACE)))
    except ValueError as error:
        raise HTTPException(400, f"place: {error}") from None


def refusal_page(request: Request, site: Site, refusal: Refusal) -> Response:
    """The page the session gate gives instead of a session: the referral, what is wrong with
    the profile, or the welcome (a slot needs a profile)."""
    if refusal.referral is not None:
        return referral_page(request, refusal.referral)
    if refusal.why == "invalid":
        return problems_page(request, site, refusal.problems)
    return RedirectResponse("/welcome", status_code=303)


def not_found(missing: NotFound) -> HTTPException:
    """A 404 saying what is not there, and the nearest movement ids for a name mistyped."""
    if missing.what == "move":
        close = f" Did you mean {' or '.join(missing.near)}?" if missing.near else ""
        return HTTPException(404, f"There is no movement {missing.name!r}.{close}")
    if missing.what == "place":
        return HTTPException(404, f"The catalogue has no gentle movement for {missing.name}.")
    return HTTPException(404, "That slot is not in today's plan any more.")


def choose_session(site: Site, asked: Asking) -> Chosen | Refusal | NotFound:
    """What a session address asks for (the session gate first), as ``choose`` decides; a slot
    of tomorrow's plan asked for by its id is found too, so that a phone can keep tomorrow's
    sessions to play with no connection."""
    chosen = choose(asked, site.profile(), site.catalogue, site.today, site.now())
    assert not isinstance(chosen, Resting)  # only `backbeat now` asks what is due now
    if not (isinstance(chosen, NotFound) and chosen.what == "slot"):
        return chosen
    profile = site.profile().profile
    assert profile is not None  # the gate lets a slot through only with a profile
    today = site.today(profile)
    ahead = tomorrow(site, profile, today.day)
    slot = next((s for s in ahead.slots if s.id == chosen.name), None)
    if slot is None:
        return chosen
    return Chosen(tuple(slot_steps(slot, site.catalogue)), slot)


def script_json(data: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>`` can close it early, whatever a
    movement file says."""
    text = json.dumps(data, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def session_data(site: Site, timeline: Timeline) -> dict[str, object]:
    """Everything the page plays: cues, what the figure does in each, the movements and their
    frames, and the player's words."""
    shown = spans(timeline)
    mirrored = {s.move for s in shown if s is not None and s.mirrored}
    steps = []
    for index, step in enumerate(timeline.steps):
        movement = step.movement
        gentler = site.catalogue.first(movement.easier)
        reps = max((e.rep or 0 for e in timeline.events if e.step == index), default=0)
        steps.append(
            {
                "move": movement.id,
                "name": movement.name,
                "reps": reps or None,
                "cautions": list(movement.cautions),
                "dose": step.dose.model_dump(mode="json", exclude_none=True),
                "gentler": {"move": gentler.id, "name": gentler.name} if gentler else None,
            }
        )
    moves = {s.movement.id for s in timeline.steps}
    return {
        "speed": timeline.speed,
        "duration": timeline.duration,
        "events": [{**e.as_json(), "step": e.step} for e in timeline.events],
        "spans": [s.as_json() if s else None for s in shown],
        "steps": steps,
        "motions": {m: site.motion(m, sides=m in mirrored) for m in sorted(moves)},
    }


async def session_page(request: Request) -> Response:
    """The player for what the address asks; kept like any page until the profile, the journal
    or the minute changes (the session's key is made by the page itself, not here)."""
    site = site_from(request)
    speed = _speed(request.query_params.get("speed"))
    asked = asking(request)
    return await site.cached(request, lambda: _session_page(request, site, asked, speed))


def _session_page(request: Request, site: Site, asked: Asking, speed: float) -> Response:
    chosen = choose_session(site, asked)
    if isinstance(chosen, Refusal):
        return refusal_page(request, site, chosen)
    if isinstance(chosen, NotFound):
        raise not_found(chosen)
    steps = list(chosen.steps)
    slot = chosen.slot.id if chosen.slot is not None else None
    timeline = build(steps).scaled(speed)
    data = session_data(site, timeline)
    words = {
        "skipped": cues.SKIPPED,
        "stopped": cues.STOPPED,
        "offer": cues.STOPPED_OFFER,
        "offerSeconds": OFFER_S,
        "enough": {"text": cues.ENOUGH, "after": cues.ENOUGH_HURT, "numbers": cues.NUMBERS},
    }
    return site.render(
        request,
        "session.html",
        title="Session",
        active="/",
        timeline=timeline,
        dose_text=dose_text,
        data=script_json({**data, "words": words}),
        cautions=list(dict.fromkeys(c for s in steps for c in s.movement.cautions)),
        pain=checkin.PAIN,
        sharp=checkin.SHARP,
        effort=checkin.EFFORT,
        heading=checkin.HEADING,
        difficulties=inputs.DIFFICULTIES,
        planned=" ".join(step.movement.id for step in steps),
        slot=slot or "",
    )


@dataclass(frozen=True, slots=True)
class Played:
    """A session as a page played it, sent back by the page's form or, from a phone that kept
    it while offline, by ``POST /api/v1/sessions``: what happened, the slot and movements it
    was for, its key, how long it ran by the page's clock, and when it ended."""

    outcome: Outcome
    planned: list[str]
    slot: str | None
    key: str | None
    seconds: float
    ended: datetime


def played_records(
    played: Played, answers: checkin.CheckIn | None, *, unfinished: bool
) -> list[Record]:
    """The session and the check-in records it leaves (with the answers, if any; none while it
    is still being played): one decision for the page's form and the API."""
    outcome = played.outcome
    if not outcome.started and not outcome.hurt:  # a session of which nothing began
        return []
    session = checkin.session_record(
        outcome,
        played.planned or list(dict.fromkeys([*outcome.started, *outcome.skipped, *outcome.hurt])),
        played.slot,
        played.ended - timedelta(seconds=played.seconds),
        played.ended,
        key=played.key,
        unfinished=unfinished,
    )
    moves = checkin.records(outcome, None if unfinished else answers, played.ended, played.key)
    return [session, *moves]


def read_answers(pain: str, sharp: str, difficulty: str, pain_after: str | None) -> checkin.CheckIn:
    """The check-in's answers by the terminal's rules (a ``ValueError`` says what is wrong)."""
    return checkin.CheckIn(
        inputs.parse_pain(pain),
        inputs.parse_yes_no(sharp),
        inputs.parse_difficulty(difficulty),
        inputs.parse_pain(pain_after) if pain_after else None,
    )


def _moves(site: Site, value: str, field: str) -> list[str]:
    moves = value.split()
    unknown = [m for m in moves if m not in site.catalogue.movements]
    if unknown:
        raise HTTPException(400, f"{field}: {', '.join(unknown)} is not a movement id")
    return moves


def _seconds(value: str) -> float:
    """How long the session ran by the page's clock; anything unreadable counts as none."""
    try:
        seconds = float(value)
    except ValueError:
        return 0.0
    return min(max(seconds, 0.0), MAX_SECONDS) if seconds == seconds else 0.0


MAX_SECONDS = 4 * 3600.0


async def save_checkin(request: Request) -> Response:
    """The check-in after a session: the terminal's questions (pain during, pain after, sharp,
    how hard) and rules, and the same records into the journal (a movement stopped because it
    hurt is kept even unanswered)."""
    return await run_in_threadpool(_save_checkin, request, await posted(request))


def _outcome(site: Site, form: FormData) -> Outcome:
    """What the page played, as the terminal's player keeps it."""
    return Outcome(
        started=_moves(site, text(form, "started"), "started"),
        completed=_moves(site, text(form, "completed"), "completed"),
        skipped=_moves(site, text(form, "skipped"), "skipped"),
        hurt=_moves(site, text(form, "hurt"), "hurt"),
        taken=_moves(site, text(form, "taken"), "taken"),
        ended_early=text(form, "ended_early") == "yes",
    )


def _played(site: Site, form: FormData, key: str | None) -> Played:
    """The session the form sent, ended now by the server's clock."""
    return Played(
        outcome=_outcome(site, form),
        planned=_moves(site, text(form, "planned"), "planned"),
        slot=text(form, "slot") or None,
        key=key,
        seconds=_seconds(text(form, "seconds")),
        ended=site.now(),
    )


async def save_progress(request: Request) -> Response:
    """The session so far, sent by the page each time something happens in it (and as the tab
    closes): kept unfinished under the session's key, each save replacing the one before."""
    return await run_in_threadpool(_save_progress, request, await posted(request))


def _save_progress(request: Request, form: FormData) -> Response:
    site = site_from(request)
    key = once(form, "key")
    if key is None:
        raise HTTPException(400, "key: missing (the session page sends one)")
    records = played_records(_played(site, form, key), None, unfinished=True)
    if records:
        site.add(records)
    return Response(status_code=204)


def _save_checkin(request: Request, form: FormData) -> Response:
    site = site_from(request)
    played = _played(site, form, once(form, "key"))
    answers = None
    if text(form, "answered") == "yes":
        after = text(form, "pain_after")  # asked after pain during; a page before it sent none
        try:
            answers = read_answers(
                text(form, "pain"), text(form, "sharp"), text(form, "difficulty"), after
            )
        except ValueError as error:
            raise HTTPException(400, f"The check-in was not saved: {error}.") from None
    records = played_records(played, answers, unfinished=False)
    added = site.add(records, once=once(form)) if records else 0
    return site.render(
        request,
        "checkin_done.html",
        title="Session done",
        active="/",
        saved=sum(isinstance(r, MoveRecord) for r in records),
        added=added,
        advice=checkin.advice(played.outcome, answers),
    )


ROUTES = [
    Route("/session", session_page),
    Route("/session/checkin", save_checkin, methods=["POST"]),
    Route("/session/progress", save_progress, methods=["POST"]),
]
