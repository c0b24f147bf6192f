"""The API's bodies as pydantic models, for its OpenAPI document and for reading what it is sent.

Answers are made by the core's own ``as_json`` (so they are the bytes the commands print); the
answer models here only describe them, key for key, and the tests hold them to it. Request
models are strict as JSON Schema is: a whole number may come as ``1`` or ``1.0`` but never as
``true`` or ``"1"``, text only as a string, and a key left out is not the same as ``null``
(which is refused). Each request model is flat or refers to models in the document's
components, so every schema resolves.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    Strict,
    StringConstraints,
)

from backbeat.catalog.vocabulary import (
    Kind,
    Phase,
    Place,
    Position,
    Posture,
    Prop,
    Region,
    Sides,
    Tag,
    View,
)
from backbeat.inputs import SPEED_MAX, SPEED_MIN
from backbeat.plan.progression import ChangeKind
from backbeat.progress.report import Trend, Verdict
from backbeat.records import ReminderEvent
from backbeat.safety.screen import Level
from backbeat.session.timeline import Kind as CueKind

# ---------------------------------------------------------------------------------------------
# Reading requests


def _whole(value: object) -> object:
    """A JSON number with no fraction (``1.0`` is ``1``); booleans are not numbers here."""
    if isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {value!r}")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _number(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    return value


def _left_out(description: str | None = None) -> Any:
    """An optional key: it may be left out, but not sent as ``null`` (the document drops the
    ``default: null`` pydantic would show)."""
    return Field(default=None, description=description)


# Bounds go before the validator that reads the number, so that they reach the schema.
Score = Annotated[int, Strict(), Field(ge=0, le=10), BeforeValidator(_whole)]
Reps = Annotated[int, Strict(), Field(ge=1, le=60), BeforeValidator(_whole)]


def _seconds(low: float, high: float) -> Any:
    return Field(ge=low, le=high, allow_inf_nan=False)


Hold = Annotated[float, Strict(), _seconds(0, 120), BeforeValidator(_number)]
Tempo = Annotated[float, Strict(), _seconds(0.5, 20), BeforeValidator(_number)]
Duration = Annotated[float, Strict(), _seconds(5, 3600), BeforeValidator(_number)]
Speed = Annotated[float, Strict(), _seconds(SPEED_MIN, SPEED_MAX), BeforeValidator(_number)]
Text = Annotated[str, Strict()]
StrictBool = Annotated[bool, Strict()]
MoveName = Annotated[Text, Field(min_length=1, max_length=60)]
"""A movement id; the document lists the catalogue's ids as its ``enum``."""

# A real day of 1900-2099 (leap days where there are some), a real time, an offset under a day.
_YEAR = r"(?:19|20)[0-9]{2}"
_LEAP = r"(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))"
_DAY = (
    rf"(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    rf"|{_LEAP}-02-29)"
)
_HOUR = r"(?:[01][0-9]|2[0-3])"
AT_PATTERN = (
    rf"^{_DAY}T{_HOUR}:[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{{1,6}})?)?"
    rf"(?:Z|[+-]{_HOUR}:[0-5][0-9])?$"
)
AT_FORMAT = "local-date-time"
At = Annotated[
    Text,
    StringConstraints(pattern=AT_PATTERN),
    Field(
        description=(
            "When, in ISO 8601 (YYYY-MM-DDThh:mm, seconds and a UTC offset optional); without "
            "an offset it is your local time, with the offset that applied then. From 1900 to "
            "a day after now. Left out: now."
        ),
        json_schema_extra={"format": AT_FORMAT},
    ),
]
_CONTROL = r"\x00-\x1f\x7f-\x9f"
_SPACE = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
ACTIVITY_PATTERN = f"^[^{_CONTROL}]*[^{_SPACE}][^{_CONTROL}]*$"
Activity = Annotated[
    Text,
    StringConstraints(pattern=ACTIVITY_PATTERN, min_length=1, max_length=80),
    Field(description="One activity that matters to you; runs of spaces count as one."),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MoveCheckIn(_In):
    """A movement check-in, as ``backbeat log`` records it."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["pain_during"]},
                {"required": ["hurt"], "properties": {"hurt": {"const": True}}},
            ]
        }
    )

    at: At = _left_out()
    move: MoveName
    pain_during: Score = _left_out("0-10; may be left out only when hurt is true")
    pain_after: Score = _left_out()
    sharp: StrictBool = False
    difficulty: Literal["easy", "ok", "hard"] = _left_out()
    hurt: StrictBool = False


class MorningCheckIn(_In):
    """A morning check-in, as ``backbeat checkin`` records it."""

    at: At = _left_out()
    morning_pain: Score
    stiffness: Score = _left_out()


class WeeklyReview(_In):
    """The weekly review, as ``backbeat review`` records it."""

    at: At = _left_out()
    weekly_pain: Score
    interference: Score
    activity: Activity
    activity_ability: Score


RECORD_MODELS: dict[str, type[MoveCheckIn] | type[MorningCheckIn] | type[WeeklyReview]] = {
    "move": MoveCheckIn,
    "morning_pain": MorningCheckIn,
    "weekly_pain": WeeklyReview,
}
"""The records the API adds, by the key that tells each apart."""

MOVE_FIELDS = ("pain_during", "pain_after", "sharp", "difficulty", "at")
MORNING_FIELDS = ("morning_pain", "stiffness", "at")
"""What a correction may change in a movement check-in, and in a morning check-in (as
``backbeat correct`` takes them)."""


class Correction(_In):
    """What to change in one check-in: for a movement check-in ``pain_during``, ``pain_after``,
    ``sharp``, ``difficulty`` or ``at``; for a morning check-in ``morning_pain``, ``stiffness``
    or ``at``. Keys left out stay as they are."""

    model_config = ConfigDict(
        json_schema_extra={
            "minProperties": 1,
            "not": {
                "anyOf": [
                    {"required": [move, morning]}
                    for move in MOVE_FIELDS[:-1]
                    for morning in MORNING_FIELDS[:-1]
                ]
            },
        }
    )

    pain_during: Score = _left_out("A movement check-in's pain during it, 0-10")
    pain_after: Score = _left_out("A movement check-in's pain after it, 0-10")
    sharp: StrictBool = _left_out("Whether a movement check-in's pain was sharp")
    difficulty: Literal["easy", "ok", "hard"] = _left_out("How hard the movement felt")
    morning_pain: Score = _left_out("A morning check-in's pain, 0-10")
    stiffness: Score = _left_out("A morning check-in's stiffness, 0-10")
    at: At = _left_out(
        "When it was, read as POST /records reads at (without an offset: your local time); "
        "from 1900 to a day after now"
    )


class DoseIn(_In):
    """How much of a movement, as in a movement file's ``dose``."""

    reps: Reps = _left_out()
    hold_s: Hold = _left_out()
    tempo_s: Tempo = _left_out()
    duration_s: Duration = _left_out()
    sides: Sides = "none"
    rest_s: Hold = _left_out()


class StepIn(_In):
    """A movement of the session still to come, at the dose being played."""

    move: MoveName
    dose: DoseIn


GENTLER_STEPS_MAX = 12


class GentlerRequest(_In):
    """After "this hurts": the movement that hurt, the steps still to come after it, and the
    speed the session plays at."""

    move: MoveName
    then: Annotated[list[StepIn], Field(max_length=GENTLER_STEPS_MAX)] = []
    speed: Speed = 1.0


SESSION_MOVES_MAX = 60
SESSION_SECONDS_MAX = 4 * 3600.0
Moves = Annotated[list[MoveName], Field(max_length=SESSION_MOVES_MAX)]
Seconds = Annotated[float, Strict(), _seconds(0, SESSION_SECONDS_MAX), BeforeValidator(_number)]
SessionKey = Annotated[
    Text,
    StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,80}$"),
    Field(description="The session's key, made by the page that played it"),
]


class Answers(_In):
    """The check-in's four answers, as the session page asks them."""

    pain: Score = Field(description="Pain during the movements, 0-10")
    pain_after: Score = _left_out("Pain now, after them, 0-10")
    sharp: StrictBool = Field(description="Anything sharp, shooting or spreading down a leg")
    difficulty: Literal["easy", "ok", "hard"]


class PlayedSession(_In):
    """A guided session as a page played it, with its check-in: what the session page sends as
    its form, for a phone that kept it while it had no connection. ``finished`` false saves it
    as it goes (as the page does after each movement, or after "this hurts")."""

    key: SessionKey
    slot: Annotated[
        Text, StringConstraints(pattern=f"^[^{_CONTROL}]+$", min_length=1, max_length=80)
    ] = _left_out("The plan slot's id the session was for (printable text on one line)")
    planned: Moves = []
    started: Moves = []
    completed: Moves = []
    skipped: Moves = []
    hurt: Moves = []
    taken: Moves = []
    ended_early: StrictBool = False
    seconds: Seconds = Field(
        default=0.0, description="How long it ran by the page's clock, pauses included"
    )
    ended: At = _left_out(
        "When it ended, read as POST /records reads at (without an offset: your local time); "
        "left out: now"
    )
    finished: StrictBool = Field(
        default=True,
        description="False while it is still being played (any answers are then left aside)",
    )
    answers: Answers = _left_out("The check-in's answers; left out when they were skipped")


# ---------------------------------------------------------------------------------------------
# Answers


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _out() -> Any:
    """A key the answer leaves out when there is nothing to say."""
    return Field(default=None)


class Problem(_Out):
    field: str = Field(description="The query parameter, key or header that is wrong")
    message: str = Field(description="What is wrong with it, and what is allowed")


class Problems(_Out):
    """Why a request was refused; nothing was stored."""

    problems: list[Problem]


class Referral(_Out):
    urgent: bool
    level: Level
    reasons: list[str]
    message: str


class ReferralRefusal(Problems):
    """No session: a safety answer needs a clinician first. ``problems`` holds the words every
    face gives (``backbeat session`` prints them and exits 3), ``referral`` the referral."""

    referral: Referral


ItemDose = dict[str, float | str]


class PlanItem(_Out):
    move: str
    dose: ItemDose
    why: str


class PlanSlot(_Out):
    id: str
    time: str
    moment: str
    place: str
    minutes: float
    items: list[PlanItem]


class PlanDay(_Out):
    date: date
    week: int
    minutes: float
    walk_minutes: float
    slots: list[PlanSlot]
    notes: list[str]


class PlanChange(_Out):
    move: str
    change: ChangeKind
    to: str | None
    why: str


class PlanAnswer(_Out):
    """``backbeat plan --json``."""

    start: date
    week: int
    referral: Referral | None
    days: list[PlanDay]
    changes: list[PlanChange]
    advice: list[str]


class TodaySlot(PlanSlot):
    at: datetime
    done: bool


class TodayAnswer(_Out):
    """Today's plan day as it stands now."""

    date: date
    now: datetime
    week: int
    awake_minutes: int
    referral: Referral | None
    slots: list[TodaySlot]
    due: str | None
    finished: bool  # every slot done or skipped
    notes: list[str]


class ProgressDay(_Out):
    date: date
    planned: int | None
    done: int
    sessions: int
    pain: float | None
    pain_7day: float | None
    morning: float | None
    morning_7day: float | None
    stiffness: float | None
    during: float | None
    slots_planned: int | None
    slots_done: int


class Adherence(_Out):
    planned: int
    done: int
    percent: int | None
    active_days: int
    current_streak: int
    longest_streak: int
    slots_planned: int
    slots_done: int
    slots_percent: int | None
    today_planned: int | None
    today_done: int


class PainTrend(_Out):
    first_week: float | None
    last_week: float | None
    change: float | None
    trend: Trend | None
    words: str


class Tolerance(_Out):
    move: str
    times: int
    pain_during_mean: float | None
    pain_during_max: int | None
    pain_after_mean: float | None
    sharp: int
    hurt: int
    verdict: Verdict
    verdict_week: date


class ReviewLine(_Out):
    date: date
    weekly_pain: int
    interference: int
    activity: str
    activity_ability: int


class ProgressAnswer(_Out):
    """``backbeat progress --json``."""

    today: date
    weeks: int
    start: date | None
    end: date | None
    days: list[ProgressDay]
    adherence: Adherence
    pain: PainTrend
    morning: PainTrend
    stiffness: PainTrend
    moves: list[Tolerance]
    reviews: list[ReviewLine]


class DoseOut(_Out):
    reps: int = _out()
    hold_s: float = _out()
    tempo_s: float = _out()
    duration_s: float = _out()
    sides: Sides
    rest_s: float = _out()


class MovementListed(_Out):
    """A movement in ``backbeat moves --json``."""

    id: str
    name: str
    summary: str
    kind: Kind
    position: Position
    places: list[Place]
    avoid_places: list[Place]
    regions: list[Region]
    effort: int
    tags: list[Tag]
    dose: DoseOut
    easier: list[str]
    harder: list[str]
    cautions: list[str]
    sources: list[str]


class Say(_Out):
    move: list[str]
    release: list[str]
    hold: list[str]


class Keyframe(_Out):
    t: float
    phase: Phase
    pose: dict[str, dict[str, float]]
    contacts: list[str] = _out()


class Motion(_Out):
    skeleton: Literal[1, 2]
    base: Posture
    view: View
    inset: View = _out()  # a second, small view, for a movement one view cannot show
    props: list[Prop]
    keyframes: list[Keyframe]


class MovementEntry(MovementListed):
    """A movement in full, as ``backbeat moves show ID --json`` prints it."""

    cues: list[str]
    breathing: str = _out()
    say: Say = _out()
    motion: Motion


class Frames(_Out):
    t: list[float]
    p: list[list[float]]
    o: list[list[int]]
    far: list[int]


class MotionFrames(_Out):
    """A movement's figure, drawn at times through one repetition (and its mirror image)."""

    view: View
    box: str
    scenery: str
    left: Frames
    right: Frames = _out()


class TimelineCue(_Out):
    """A cue: when it falls (seconds from the start), what kind, its words, the movement,
    side and repetition it belongs to, and how long it lasts (left out for a tick and the
    end)."""

    t: float
    kind: CueKind
    text: str
    move: str | None
    side: Literal["left", "right"] | None
    rep: int | None
    seconds: float = _out()


class SessionTimeline(_Out):
    """``backbeat session ... --dry-run --json``: every cue of the session in time order."""

    duration: float
    events: list[TimelineCue]


class Cue(TimelineCue):
    step: int | None


class FigureSpan(_Out):
    step: int
    move: str
    a: float
    b: float
    m: bool
    n: int


class Named(_Out):
    move: str
    name: str


class SessionStep(_Out):
    move: str
    name: str
    reps: int | None
    cautions: list[str]
    dose: ItemDose
    gentler: Named | None


class SessionAnswer(_Out):
    """What the session page plays: cues, what the figure does in each, the movements and
    their frames."""

    speed: float
    duration: float
    events: list[Cue]
    spans: list[FigureSpan | None]
    steps: list[SessionStep]
    motions: dict[str, MotionFrames]


# Records, as ``history --json`` lists them: each with its id first. ``at`` is given as it was
# recorded: with its UTC offset, or (for a record imported without one) as local time.

Stamp = Annotated[str, Field(description="ISO 8601, with the UTC offset it was recorded with")]
RECORD_ID_PATTERN = r"^[0-9a-f]{12}$"
RecordId = Annotated[
    str,
    Field(
        pattern=RECORD_ID_PATTERN,
        description="The record's id (12 lowercase hex digits), as backbeat history shows it: "
        "the same on every machine that holds the record",
    ),
]


class _Kept(_Out):
    id: RecordId
    at: Stamp


class MoveRecord(_Kept):
    move: str
    pain_during: int = _out()
    pain_after: int = _out()
    sharp: bool
    difficulty: Literal["easy", "ok", "hard"] = _out()
    hurt: bool
    key: str = _out()


class MorningRecord(_Kept):
    morning_pain: int
    stiffness: int = _out()


class SessionRecord(_Kept):
    session: list[str]
    ended: Stamp
    slot: str = _out()
    done: list[str]
    skipped: list[str]
    stopped: list[str]
    ended_early: bool
    key: str = _out()
    unfinished: bool = _out()


class ReviewRecord(_Kept):
    weekly_pain: int
    interference: int
    activity: str
    activity_ability: int


class ReminderRecord(_Kept):
    reminder: ReminderEvent
    slot: str
    due: Stamp
    moves: list[str]


class ProfileRecord(_Kept):
    profile: dict[str, Any]


class PlanRecord(_Kept):
    plan: dict[str, Any]


AnyRecord = (
    MoveRecord
    | MorningRecord
    | SessionRecord
    | ReviewRecord
    | ReminderRecord
    | ProfileRecord
    | PlanRecord
)


class AddedRecord(RootModel[MoveRecord | MorningRecord | ReviewRecord]):
    """The record as kept, with its id."""


class Records(RootModel[list[AnyRecord]]):
    """Records, newest first."""


class Deleted(_Out):
    """The record deleted, as it was (``POST /undo`` puts it back)."""

    deleted: AnyRecord


class Corrected(_Out):
    """The id of the record replaced, and the record that stands in its place."""

    corrected: RecordId
    record: MoveRecord | MorningRecord


class Undone(_Out):
    """What undo did: ``restored`` the records a deletion or correction had taken away, or
    ``deleted`` the last entry made; ``null`` with no records when there was nothing to undo."""

    action: Literal["restored", "deleted"] | None
    records: list[AnyRecord]


class SessionSaved(_Out):
    """A session kept: how many records were added (0 when all were already there), the
    session and check-in records as kept, and words of care from the answers."""

    added: int
    records: list[MoveRecord | SessionRecord]
    advice: list[str]
