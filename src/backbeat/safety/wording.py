"""The words backbeat uses about safety: red flags, referrals, stopping. Ours, calm and plain."""

from __future__ import annotations

from collections.abc import Sequence

# One question per safety key, as asked (every one needs a yes or a no), and the reason as given
# back in a referral. Worded in our own words after NICE NG59, the GIRFT cauda equina pathway,
# the IFOMPT red-flag framework and NICE NG234.
QUESTIONS = {
    "bladder_bowel": "Have you had new trouble passing urine, or controlling your bladder or "
    "bowel?",
    "saddle_numbness": "Is there new numbness or tingling around your genitals, back passage, "
    "buttocks or inner thighs?",
    "both_legs": "Do pain, pins and needles or numbness spread into both legs, and is that new "
    "or getting worse?",
    "leg_weakness": "Is a leg or foot newly weak, or getting weaker (tripping, or a foot that "
    "slaps down)?",
    "sexual_dysfunction": "Have you noticed a new loss of feeling or function in your genitals, "
    "or during sex?",
    "fever": "Do you have a fever or chills, or feel generally unwell along with the back pain?",
    "cancer_history": "Have you ever had cancer?",
    "trauma": "Did the pain start after a significant injury, such as a fall from a height or "
    "a road accident?",
    "infection_risk": "Do you inject drugs, have a weakened immune system or take medicine that "
    "suppresses it, or have you had a spinal operation, injection or infection recently?",
    "weight_loss": "Have you lost weight recently without trying?",
    "night_pain": "Is the pain there at night and not eased by rest or by changing position?",
    "thoracic_pain": "Is the pain mainly in your upper or middle back, between the shoulder "
    "blades, rather than low down?",
    "inflammatory": "Did this begin before you were 45, with stiffness each morning that lasts "
    "more than 30 minutes and eases as you move?",
    "osteoporosis_steroids": "Do you have osteoporosis (thin bones), or have you taken steroid "
    "tablets for three months or more?",
    "minor_injury": "Did this pain start after a smaller fall, a knock or a lifting strain?",
}

RED_FLAGS = {
    "bladder_bowel": "new trouble passing urine or controlling your bladder or bowel",
    "saddle_numbness": "new numbness around the genitals, back passage, buttocks or inner thighs",
    "both_legs": "pain, pins and needles or numbness spreading into both legs",
    "leg_weakness": "new or worsening weakness in a leg or foot",
    "sexual_dysfunction": "a new loss of feeling or function in the genitals",
    "fever": "fever, chills or feeling unwell with the back pain",
    "cancer_history": "a history of cancer",
    "trauma": "a significant injury, such as a fall from a height or a road accident",
    "infection_risk": "a higher risk of infection in the spine (injected drugs, a weakened "
    "immune system, or a recent spinal operation, injection or infection)",
    "weight_loss": "weight loss you cannot explain",
    "night_pain": "pain at night that rest or changing position does not ease",
    "thoracic_pain": "pain mainly in the upper or middle back",
    "inflammatory": "long morning stiffness that eases with movement, beginning before 45",
}
FRACTURE_RISK = (
    "an injury, even a small one, together with osteoporosis or long-term steroid tablets "
    "(a bone may be cracked)"
)
FRAGILE_BONES = (
    "Because of osteoporosis or long-term steroid tablets, the plan leaves out bending forward "
    "under load and twisting to the end of your range."
)
SEVERE_PAIN_ADVICE = (
    "Pain this strong (8/10 or more) is worth a call to your GP or a physiotherapist if it "
    "does not begin to ease within a few days, or sooner if it keeps you from sleeping or "
    "moving about. Until it eases, the plan keeps to the gentlest movements."
)
NEW_PAIN_AT_AGE = (
    "Back pain that is new at {age} is worth showing to a GP if it has not clearly eased within "
    "a few weeks. It does not stop you moving gently meanwhile."
)
HEADINGS = {
    "emergency": "Please get help now",
    "urgent": "Please see a doctor today",
    "soon": "Please see a doctor first",
}

NOT_TREATMENT = (
    "backbeat guides gentle movement. It is not a diagnosis or a treatment, and it does not "
    "replace a clinician."
)

STOP_RULE = "Stop any movement that brings sharp pain or pain spreading down a leg."


def referral_message(level: str, reasons: Sequence[str]) -> str:
    """What to do instead of a plan, naming the answers that led here."""
    because = "; ".join(reasons)
    if level == "emergency":
        return (
            f"You told us about {because}. Together with back pain this needs a doctor now: "
            "go to an emergency department or call your emergency number. Please do not start "
            "the exercises; backbeat will not make a plan until a clinician has seen you."
        )
    if level == "urgent":
        return (
            f"You told us about {because}. Please see a doctor today: ask your GP surgery for "
            "a same-day appointment, or call your urgent-care line (111 in the UK). Please do "
            "not start the exercises until a clinician has checked your back."
        )
    return (
        f"You told us about {because}. Please see a doctor within the next two weeks, before "
        "you start any new exercise, so they can check what is behind your back pain. Once "
        "they are happy for you to move, change your answers and backbeat will make your plan."
    )
