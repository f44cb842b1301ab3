"""Plain words for the engine's keys: verdicts, avoid lists, checklist items, urgency."""

from .readiness import RULES, Level

AVOID_WORDS = {
    "all_exercise": "all exercise until a clinician clears you",
    "all_running": "all running today",
    "intervals": "intervals",
    "tempo": "tempo or threshold running",
    "strides": "strides",
    "hills": "hills, especially downhill",
    "trail_descents": "trails with descents",
    "long_run": "the long run",
    "plyometrics": "jumps and plyometrics",
    "hill_repeats": "hill repeats",
    "steep_downhill": "steep downhill",
    "long_run_over_60": "long runs over 60 minutes",
    "races": "races",
    "any_downhill": "any downhill, even on walks and easy runs",
}

URGENCY = {
    "emergency": (
        "Emergency — call emergency services now",
        "Stop all exercise. Call your local emergency number or go to the emergency department now.",
    ),
    "same_day": (
        "See a doctor today",
        "Stop exercising, drink fluids, and see a doctor today. Mention your workout and ask about a CK blood test.",
    ),
    "soon": (
        "See a doctor or physio in the next few days",
        "No running until you have been checked. Book a doctor or physiotherapist this week and mention your workout.",
    ),
}


def checklist_words(key: str, body_mass_kg=None) -> str:
    if key == "protein":
        if body_mass_kg:
            mass = float(body_mass_kg)
            return (
                f"Protein at your next meals: about {round(0.25 * mass)} g each, every 3–4 hours; "
                f"{round(1.4 * mass)}–{round(2.0 * mass)} g over the day."
            )
        return "Protein at your next meals: about 20–40 g each, every 3–4 hours (add your body mass in Settings for your own grams)."
    return {
        "sleep": "Protect tonight's sleep — aim for your usual full night.",
        "fluids": "Rehydrate: pale-yellow urine is the goal. If you weighed before and after, drink about 1.5× what you lost.",
        "carbs": "Carbohydrate-rich meals before your run; if it is within about 8 hours, eat carbs steadily over the next few hours.",
        "easy_movement": "If you're stiff, a 10–20 minute easy walk or spin eases the pain for a while (it doesn't speed up repair).",
        "comfort_aids": "Optional, for comfort: massage, foam rolling (1–2 minutes per muscle) or compression tights.",
        "skip_ice_baths": "Skip routine ice baths after leg day: they can blunt strength gains.",
        "stop_and_seek_care": "Stop exercise. Drink fluids. Seek care and mention your workout; ask about a CK blood test.",
        "repeated_bout": "Next time: an easy, low-volume version of the same exercises 2–7 days beforehand reduces soreness.",
    }.get(key, key)


def verdict(level: int, max_minutes: int, rpe_cap, urgency: str = "", planned=None) -> dict:
    """A headline and a detail line for the verdict card."""
    level = Level(level)
    if level == Level.SEE_DOCTOR:
        headline, detail = URGENCY.get(urgency, URGENCY["same_day"])
        return {"headline": headline, "detail": detail, "tone": "danger", "short": "See a doctor"}
    if level == Level.REST:
        return {
            "headline": "Rest or walk only",
            "detail": f"Up to {max_minutes} min of walking or easy spinning, very easy (RPE ≤ {rpe_cap}): you could chat or hum. No running today.",
            "tone": "warning",
            "short": "Rest",
        }
    if level == Level.RECOVERY_RUN:
        return {
            "headline": f"Short recovery run — up to {max_minutes} min",
            "detail": f"Easy: full sentences without effort (RPE ≤ {rpe_cap}, about 70% of max heart rate). Walk breaks are fine.",
            "tone": "warning",
            "short": "Recovery run",
        }
    if level == Level.EASY_RUN:
        return {
            "headline": f"Easy run — up to {max_minutes} min",
            "detail": f"Conversational pace, RPE ≤ {rpe_cap} (about 75% of max heart rate).",
            "tone": "info",
            "short": "Easy run",
        }
    plan = (
        f" — {planned.get_run_type_display().lower()} run, {planned.minutes} min" if planned else ""
    )
    return {
        "headline": f"Train as planned{plan}",
        "detail": "Warm up 10–15 minutes first. If your soreness doesn't ease, or rises by 2 points or more, make it an easy run.",
        "tone": "success",
        "short": "As planned",
    }


TAG_WORDS = {"E": "evidence-based", "E-inf": "evidence-informed", "C": "convention"}


def explained_rules(fired: list[dict]) -> list[dict]:
    """Each fired rule with its title, evidence tag and guidance topic."""
    out = []
    for rule in fired:
        if rule["rule_id"] == "CO":
            out.append(
                {
                    **rule,
                    "title": "Your coach's call",
                    "tag": "",
                    "tag_words": "coach override",
                    "topic": "",
                }
            )
            continue
        info = RULES.get(rule["rule_id"])
        out.append(
            {
                **rule,
                "title": info.title if info else rule["rule_id"],
                "tag": info.tag if info else "",
                "tag_words": TAG_WORDS.get(info.tag, "") if info else "",
                "topic": info.topic if info else "",
            }
        )
    return out
