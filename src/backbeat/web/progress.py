"""The progress page: the same report as ``backbeat progress`` (what was done against the plan,
pain over the weeks, how each movement suits you), drawn as charts, and the weekly review, saved
as ``backbeat review`` saves it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from backbeat.inputs import parse_pain
from backbeat.progress import review as questions
from backbeat.progress.planned import progress_for
from backbeat.progress.report import DEFAULT_WEEKS, ProgressReport, Tolerance, moments_line
from backbeat.records import ReviewRecord
from backbeat.safety import wording
from backbeat.web import charts
from backbeat.web.forms import once, posted, text, texts
from backbeat.web.site import Site, site_from

WEEKS_MAX = 520
RESCREEN = questions.RESCREEN_QUESTION.removesuffix(" (y/n): ")
RESCREEN_UNSAVED = (
    "Your profile could not take the new safety answers, as it has problems of its own: mend "
    "it in Settings, or answer the welcome questions again."
)
REVIEW_FIELDS = (  # the form's 0-10 answers: field, short name in a message, question
    ("weekly_pain", "usual pain", questions.PAIN_QUESTION),
    ("interference", "in the way of daily life", questions.INTERFERENCE_QUESTION),
    ("activity_ability", "how well you managed it", questions.ABILITY_QUESTION),
)


async def page(request: Request) -> Response:
    site = site_from(request)
    weeks, note = _weeks(request.query_params.get("weeks"))
    if note is not None:
        return await run_in_threadpool(_page, request, site, weeks, note=note, status=400)
    saved = request.query_params.get("saved") == "review"
    rescreened = request.query_params.get("rescreen", "")
    return await site.cached(
        request,
        lambda: _page(request, site, weeks, said=_said(site, rescreened) if saved else []),
    )


def _weeks(value: str | None) -> tuple[int, str | None]:
    """The ``weeks`` asked for, or the default with why the value given would not do."""
    if value is None or value == "":
        return DEFAULT_WEEKS, None
    try:
        weeks = int(value)
    except ValueError:
        weeks = 0
    if 1 <= weeks <= WEEKS_MAX:
        return weeks, None
    return DEFAULT_WEEKS, (
        f"weeks: {value!r} is not a number of weeks (allowed: 1 to {WEEKS_MAX}); "
        f"showing the last {DEFAULT_WEEKS}."
    )


def report(site: Site, weeks: int) -> ProgressReport:
    """The report the CLI would print today, from the journal and the profile as they stand."""
    records = list(reversed(site.history()))  # oldest first, as plans_given reads them
    today = site.now().date()
    return progress_for(records, today, weeks, site.catalogue, lambda: site.profile().profile)


def _page(
    request: Request,
    site: Site,
    weeks: int,
    *,
    note: str | None = None,
    sent: dict[str, str] | None = None,
    flags: Sequence[str] = (),
    problems: list[str] | None = None,
    said: Sequence[str] = (),
    status: int = 200,
) -> Response:
    found = report(site, weeks)
    names = {m: site.catalogue.movements[m].name for m in site.catalogue.movements}
    last = next((r for r in site.history() if isinstance(r, ReviewRecord)), None)
    context = report_context(found, names)
    return site.render(
        request,
        "progress.html",
        status=status,
        title="Progress",
        active="/progress",
        report=found,
        weeks=weeks,
        weeks_max=WEEKS_MAX,
        note=note,
        sent=sent or {"activity": last.activity if last else ""},
        flags=flags,
        rescreen=RESCREEN,
        safety_questions=wording.QUESTIONS,
        problems=problems or [],
        said=said,
        questions=questions,
        activity_max=questions.ACTIVITY_MAX,
        review_fields=REVIEW_FIELDS,
        review_action="/progress/review" + (f"?weeks={weeks}" if weeks != DEFAULT_WEEKS else ""),
        last=last,
        **context,
    )


def report_context(found: ProgressReport, names: Mapping[str, str]) -> dict[str, object]:
    """What ``_progress_charts.html`` draws the report with: the local app's Progress page and
    the clinic's page of a patient show the same charts."""
    if found.empty:
        return {}
    calendar = charts.calendar(found.days, found.today)
    return {
        "pain_chart": charts.pain_chart(
            [replace(d, pain=d.morning, pain_7day=d.morning_7day) for d in found.days],
            _pain_label(found),
        ),
        "moments_line": moments_line(found.adherence),
        "calendar": calendar,
        "heat_map": charts.heat_map(calendar, _calendar_label(found)),
        "moves": [_move(m, names.get(m.move, m.move)) for m in found.moves],
        "levels": charts.LEVELS,
    }


def _move(move: Tolerance, name: str) -> dict[str, object]:
    return {
        "move": move,
        "name": name,
        "bar": charts.tolerance_bar(move, name),
        "facts": charts.tolerance_facts(move),
        "verdict": charts.verdict_words(move),
    }


def _pain_label(found: ProgressReport) -> str:
    scored = sum(1 for d in found.days if d.morning is not None)
    return (
        f"Morning pain from 0 to 10 on each of the {len(found.days)} days shown ({scored} with a "
        "score), as points, and its 7-day average as a line."
    )


def _calendar_label(found: ProgressReport) -> str:
    a = found.adherence
    return (
        f"Calendar of the days you moved: active on {a.active_days} of {len(found.days)} days; "
        "darker squares mean more of the day's plan was done."
    )


async def review(request: Request) -> Response:
    return await run_in_threadpool(_save_review, request, await posted(request))


def _save_review(request: Request, form: FormData) -> Response:
    site = site_from(request)
    weeks, _ = _weeks(request.query_params.get("weeks"))
    problems: list[str] = []
    record = _review(form, site, problems)
    flags = _flags(form, problems)
    if record is None or problems:
        sent = {k: v for k, v in form.items() if isinstance(v, str)}
        return _page(
            request, site, weeks, sent=sent, flags=texts(form, "flag"), problems=problems,
            status=400,
        )  # fmt: skip
    site.add([record], once=once(form))  # the review first, whatever the safety answers say
    back = f"weeks={weeks}&" if weeks != DEFAULT_WEEKS else ""
    if not flags:
        return RedirectResponse(f"/progress?{back}saved=review#review", status_code=303)
    referral, saved = site.rescreen(flags)
    if referral is not None:  # every face now refers; this page says so first
        said = [*_said(site), *([] if saved else [RESCREEN_UNSAVED])]
        return site.render(
            request, "referral.html", title="Please see a clinician first",
            referral=referral, said=said,
        )  # fmt: skip
    rescreened = "unsaved" if not saved else "bones" if "osteoporosis_steroids" in flags else ""
    after = f"&rescreen={rescreened}" if rescreened else ""
    return RedirectResponse(f"/progress?{back}saved=review{after}#review", status_code=303)


def _flags(form: FormData, problems: list[str]) -> list[str]:
    """The safety answers new since the last review, as ``backbeat review`` asks for them:
    whether anything on the list is new (a yes or a no, never assumed), and if so which."""
    new = text(form, "rescreen")
    sent = texts(form, "flag")
    ticked = [key for key in wording.QUESTIONS if key in sent]  # in the order they are asked
    unknown = [key for key in dict.fromkeys(sent) if key not in wording.QUESTIONS]
    if unknown:
        problems.append(f"safety list: {', '.join(unknown)} is not a safety question")
    elif new not in ("yes", "no"):
        problems.append(f"safety list: please answer yes or no: {RESCREEN}")
    elif new == "yes" and not ticked:
        problems.append("safety list: you said something is new; please tick which")
    elif new == "no" and ticked:
        problems.append(
            "safety list: you said nothing is new but ticked some; please say yes, or untick them"
        )
    else:
        return ticked if new == "yes" else []
    return []


def _said(site: Site, rescreened: str = "") -> list[str]:
    """After a review is saved: what it says beside the one before, as ``backbeat review``
    prints it, and what new safety answers changed."""
    latest = [r for r in site.history() if isinstance(r, ReviewRecord)][:2]
    if not latest:
        return []
    return [
        "Saved your weekly review.",
        *questions.compare(latest[1] if len(latest) > 1 else None, latest[0]),
        *{"bones": [wording.FRAGILE_BONES], "unsaved": [RESCREEN_UNSAVED]}.get(rescreened, []),
    ]


def _review(form: FormData, site: Site, problems: list[str]) -> ReviewRecord | None:
    """The review the form sent, or None with each wrong answer named in ``problems``."""
    answers: dict[str, int] = {}
    for field, label, _ in REVIEW_FIELDS:
        value = text(form, field)
        try:
            answers[field] = parse_pain(value)
        except ValueError as error:
            problems.append(f"{label}: {error}" if value else f"{label}: please answer 0 to 10")
    try:
        before = next((r for r in site.history() if isinstance(r, ReviewRecord)), None)
        activity = questions.activity_answer(text(form, "activity"), before)
    except ValueError as error:
        problems.append(f"activity: {error}")
    if problems:
        return None
    try:
        return ReviewRecord(at=site.now(), activity=activity, **answers)
    except ValidationError as error:
        problems.extend(e["msg"] for e in error.errors())
        return None


def chart(request: Request) -> Response:
    """The same report drawn by matplotlib, as ``backbeat progress --chart`` draws it: a PNG
    the page shows and a person can keep (an image, so its own styles stay inside it)."""
    from backbeat.progress.chart import draw

    site = site_from(request)
    weeks, _ = _weeks(request.query_params.get("weeks"))
    found = report(site, weeks)
    if found.empty:
        return Response("Nothing to draw yet.", 404, media_type="text/plain")
    names = {m: site.catalogue.movements[m].name for m in site.catalogue.movements}
    image = draw(found, names, "png")
    return Response(image, media_type="image/png")


ROUTES = [
    Route("/progress", page),
    Route("/progress/chart.png", chart),
    Route("/progress/review", review, methods=["POST"]),
]
