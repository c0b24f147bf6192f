"""Why each item is in the plan, and why the plan changed, in plain words: one line per rule.
Words live here, not in logic.

Where a rule is a clinical judgement, its words name the guidance it follows: the limits on pain
during and after a movement and on mornings come from the pain-monitoring model (Silbernagel KG,
Thomeé R, Eriksson BI, Karlsson J. Am J Sports Med 2007;35(6):897-906)."""

WAKING = "Slow, small rhythmic movements lying on your back, to ease into the day (at least twice a day)."
KNEES_TO_CHEST = "Knees to chest, a few times a day: on waking and at bedtime, in bed."
NECK_BEFORE_BED = "Gentle neck tilts to end the day, sitting on the edge of your bed."
BEDTIME = "Slow, small rhythmic movements lying on your back, to settle before sleep (at least twice a day)."
MORNING = "Part of your short morning routine: about 4 minutes to get your spine moving, gently and without pain."
DESK = "A micro-break every {every} minutes while you work at your desk: small movements, often."
CAR = "At your next stop, with the car parked and the engine off: never while driving."
STANDING = "A short break every {every} minutes that suits standing work."
EVENING = "An evening floor stretch, on a mat or carpet rather than a bed."
MOMENT = "One small movement tied to your {name} moment ({place})."
DRIVE_END = (
    "When you've parked at the end of your {name} ({minutes} minutes), with the engine off: "
    "a small movement after sitting still."
)
DRIVE_STOP = (
    "A stop on your {name}, about every 90 minutes of a long drive: park and turn the engine "
    "off first, never while driving."
)
WALK = "A walk after dinner: it may ease your back for the evening (planned on top of your movement minutes)."
NO_RHYTHM = "Your avoid list leaves no rhythmic movements for waking and bedtime."
SHORTENED = "Doses were shortened to fit your {limit} minutes a day."
THINNED = "Left out to fit your {limit} minutes a day: {what}."
SEVERE = "Your pain is {pain}/10, so the plan keeps to the gentlest movements and short sessions."
BACKBENDS_LATER = "Backward bends wait until your pain during movement is 3/10 or less."
RETURNING = (
    "It is back after a week's rest, at about half its usual dose; it grows back once it goes well."
)

# Why the plan changed since last week (progression's ``Change.why``).
MODEL = "the pain-monitoring model, Silbernagel 2007"
SHARP = (
    "You felt something sharp, shooting or spreading down a leg, so it is left out this week. "
    "If that feeling comes back or stays, check with a clinician."
)
HIGH = (
    "Your pain during it reached {worst}/10. The plan keeps pain during a movement at 5/10 or "
    f"less ({MODEL}), so it steps back."
)
AFTER = (
    "Your pain after it reached {worst}/10. The plan keeps pain after a movement at 5/10 or "
    f"less, settling by the next morning ({MODEL}), so it steps back."
)
HURT = "You stopped it during a session because it hurt, so the plan steps back."
FLARE = (
    "Your back was clearly worse the next morning, and pain after a movement should settle by "
    f"then ({MODEL}), so the plan steps back."
)
REST = " It has no easier version, so it rests for a week."
ELSEWHERE = " Where {easier} cannot be done ({places}), another gentle movement takes its place."
ELSEWHERE_NONE = " Where {easier} cannot be done ({places}), it is left out for now."
REPLACED = (
    "{easier}, its easier version, rests this week, and {name} itself hurt before, so another "
    "gentle movement takes its place."
)
REPLACED_NONE = (
    "{easier}, its easier version, rests this week, and {name} itself hurt before, so it is "
    "left out for now."
)
RESTS_TOO = " But {easier} rests this week too, so another gentle movement takes its place."
RESTS_TOO_NONE = " But {easier} rests this week too, so it is left out for now."
STEADY = "Your pain during it reached {worst}/10: the plan holds it as it is for now."
GROW = "You did it {count} times last week with little pain, so the plan moves you on."
ADD = (
    "You did {name} {count} times last week with little pain, so the plan adds this movement "
    "to your {where}."
)
ADD_WHERE = {"work": "work breaks", "morning": "morning routine"}
RESUMED = "After its week of rest it comes back at about half its usual dose, and grows back once it goes well."
FULL = "It went well after its week of rest, so it is back to its full dose."
MORNINGS = (
    "Your morning {what} averaged {now}/10 last week, up from {then}/10 the week before. "
    f"Morning pain and stiffness should not build up from week to week ({MODEL}), so "
)
HELD = MORNINGS + "this movement stays as it is for now, though it went well."
UNDO_STEP = MORNINGS + "the plan steps back from your latest step up."
UNDO_ADD = MORNINGS + "the movement added last waits for now."
PLACES = {
    "bed": "in bed",
    "floor": "on the floor",
    "desk": "at a desk",
    "car": "in the car",
    "sofa": "on the sofa",
    "standing": "standing",
}
