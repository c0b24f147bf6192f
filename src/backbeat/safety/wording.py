"""The words backbeat uses about safety: red flags, referrals, stopping. Ours, calm and plain."""

from __future__ import annotations

from collections.abc import Sequence

# One question per red flag, as asked, and the reason as given back in a referral.
QUESTIONS = {
    "bladder_bowel": "Have you had new trouble passing urine, or controlling your bladder or "
    "bowel?",
    "saddle_numbness": "Is there numbness around your genitals, buttocks or inner thighs?",
    "leg_weakness": "Is a leg or foot newly weak, or getting weaker?",
    "both_legs": "Do pain, pins and needles or numbness spread into both legs?",
    "fever": "Do you have a fever or chills, or feel generally unwell along with the back pain?",
    "cancer_history": "Have you ever had cancer?",
    "weight_loss": "Have you lost weight recently without trying?",
    "trauma": "Did the pain start after a fall, an accident or another injury?",
    "night_pain": "Is the pain constant at night, and not eased by rest or changing position?",
    "osteoporosis_steroids": "Do you have osteoporosis, or take steroid tablets long-term?",
}

RED_FLAGS = {
    "bladder_bowel": "new trouble passing urine or controlling your bladder or bowel",
    "saddle_numbness": "numbness around the genitals, buttocks or inner thighs",
    "leg_weakness": "new or worsening weakness in a leg or foot",
    "both_legs": "pain, pins and needles or numbness spreading into both legs",
    "fever": "fever, chills or feeling unwell with the back pain",
    "cancer_history": "a history of cancer",
    "weight_loss": "weight loss you cannot explain",
    "trauma": "a recent fall, accident or injury",
    "night_pain": "constant pain at night that rest does not ease",
    "osteoporosis_steroids": "osteoporosis or long-term steroid tablets",
}

NOT_TREATMENT = (
    "backbeat guides gentle movement. It is not a diagnosis or a treatment, and it does not "
    "replace a clinician."
)

STOP_RULE = "Stop any movement that brings sharp pain or pain spreading down a leg."


def referral_message(urgent: bool, reasons: Sequence[str]) -> str:
    """What to do instead of a plan, naming the answers that led here."""
    because = "; ".join(reasons)
    if urgent:
        return (
            f"You told us about {because}. Together with back pain this needs a doctor today: "
            "go to an emergency department or call your emergency number now. Please do not "
            "start the exercises; backbeat will not make a plan until a clinician has seen you."
        )
    return (
        f"You told us about {because}. Please see a doctor soon, before you start any new "
        "exercise, so they can check what is behind your back pain. Once they are happy for you "
        "to move, change your answers and backbeat will make your plan."
    )
