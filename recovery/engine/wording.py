"""Plain words for the engine's keys: verdicts, avoid lists, checklist items, urgency."""

import math
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from .readiness import RULES, Level, Thresholds

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

# "Any downhill" covers these: one downhill line, not three.
COVERED_BY_ANY_DOWNHILL = frozenset({"trail_descents", "steep_downhill"})


def avoid_words(keys: Collection[str]) -> list[str]:
    """The avoid list in words, each thing said once: with "any downhill", hills are only
    the climbs, and descents are not listed again."""
    if "any_downhill" not in keys:
        return [AVOID_WORDS.get(key, key) for key in keys]
    words = {**AVOID_WORDS, "hills": "hill efforts (climbs)"}
    return [words.get(key, key) for key in keys if key not in COVERED_BY_ANY_DOWNHILL]


URGENCY_HEADLINES = {
    "emergency": "Emergency — call emergency services now",
    "same_day": "See a doctor today",
    "soon": "See a doctor or physio in the next few days",
}
# What to do now, per warning sign (DOMAIN.md §5, §8.5), most urgent first.
RED_FLAG_STEPS = {
    "cardiac_symptoms": "Call your local emergency number now. Stop all activity and sit or lie down while you wait.",
    "no_urine": "This is an emergency: call your local emergency number or go to the emergency department now. Tell them you exercised hard, your muscles hurt and you have passed no urine.",
    "confusion": "This is an emergency: call your local emergency number or go to the emergency department now, and don't go alone. Tell them about your workout.",
    "dark_urine": "Stop exercising and drink fluids. Get seen by a doctor today: mention your workout and ask about a CK blood test.",
    "true_weakness": "Stop exercising and drink fluids. Get seen by a doctor today: mention your workout and ask about a CK blood test.",
    "severe_pain_or_swelling": "Stop exercising. Get seen by a doctor today: mention your workout and ask about a CK blood test.",
    "acute_injury": "Stop, and protect the injured part: don't load or stretch it. Get it assessed today by a doctor, physio or urgent care.",
    "systemic_illness": "No exercise today. Rest, drink fluids and see a doctor today; mention your workout.",
    "joint_or_bone_pain": "No running until you have been checked. Book a doctor or physiotherapist in the next few days and mention your workout.",
    "non_resolving_soreness": "No running until you have been checked. Book a doctor or physiotherapist in the next few days: soreness that does not settle within about a week is not usual.",
}


def red_flag_steps(red_flags: Collection[str]) -> list[str]:
    """What to do now for the signs answered, most urgent first; a cardiac sign alone, since
    nothing else should stand beside "call emergency services"."""
    if "cardiac_symptoms" in red_flags:
        return [RED_FLAG_STEPS["cardiac_symptoms"]]
    steps = [RED_FLAG_STEPS[flag] for flag in RED_FLAG_STEPS if flag in red_flags]
    return list(dict.fromkeys(steps)) or [RED_FLAG_STEPS["dark_urine"]]


# DOMAIN §6 [96]: 1.4-2.0 g/kg over the day, about 0.25 g/kg a dose every 3-4 h.
PROTEIN_DAY_G_PER_KG = (1.4, 2.0)
PROTEIN_MEAL_G_PER_KG = 0.25
PROTEIN_MEALS = 5


def checklist_words(key: str, body_mass_kg: float | Decimal | None = None) -> str:
    if key == "protein":
        if body_mass_kg:
            mass = float(body_mass_kg)
            low, high = round(PROTEIN_DAY_G_PER_KG[0] * mass), round(PROTEIN_DAY_G_PER_KG[1] * mass)
            # At least ~0.25 g/kg a meal, and enough that the day's meals reach the day's low end.
            meal = math.ceil(max(PROTEIN_MEAL_G_PER_KG * mass, low / PROTEIN_MEALS))
            return (
                f"Protein at your next meals: about {meal} g at each of {PROTEIN_MEALS} meals, every "
                f"3–4 hours — {meal * PROTEIN_MEALS} g, within the {low}–{high} g your day needs."
            )
        return "Protein at your next meals: about 20–40 g each, every 3–4 hours (add your body mass in Settings for your own grams)."
    return {
        "sleep": "Sleep a full night, your usual hours: short sleep goes with more injuries and illness.",
        "fluids": "Rehydrate: pale-yellow urine is the goal. If you weighed before and after, drink about 1.5× what you lost.",
        "carbs": "Carbohydrate-rich meals before your run; if it is within about 8 hours, eat carbs steadily over the next few hours.",
        "easy_movement": "If you're stiff, a 10–20 minute easy walk or spin eases the pain for a while (it doesn't speed up repair).",
        "comfort_aids": "Optional, for comfort: massage, foam rolling (1–2 minutes per muscle) or compression tights.",
        "skip_ice_baths": "Skip routine ice baths after leg day: they can blunt strength gains.",
        "stop_and_seek_care": "Stop exercise. Drink fluids. Seek care and mention your workout; ask about a CK blood test.",
        "repeated_bout": "Next time: an easy, low-volume version of the same exercises 2–7 days beforehand reduces soreness.",
    }.get(key, key)


def verdict(
    level: int,
    max_minutes: int,
    rpe_cap: int | None,
    urgency: str | None = "",
    planned: Any = None,
    red_flags: Collection[str] = (),
) -> dict[str, Any]:
    """A headline and a detail line for the verdict card (at level 0, what to do now for the
    warning signs answered: `steps`, the first of them as the detail)."""
    level = Level(level)
    if level == Level.SEE_DOCTOR:
        steps = red_flag_steps(red_flags)
        return {
            "headline": URGENCY_HEADLINES.get(urgency or "same_day", URGENCY_HEADLINES["same_day"]),
            "detail": steps[0],
            "steps": steps[1:],
            "tone": "danger",
            "short": "Emergency" if urgency == "emergency" else "See a doctor",
            "emergency_only": "cardiac_symptoms" in red_flags,
        }
    if level == Level.REST:
        return {
            "headline": "Rest or walk only",
            "detail": f"Up to {max_minutes} min of walking or easy spinning, and keep it very easy: effort {rpe_cap} of 10 or less, you could chat or hum. No running today.",
            "tone": "warning",
            "short": "Rest",
        }
    if level == Level.RECOVERY_RUN:
        return {
            "headline": f"Short recovery run — up to {max_minutes} min",
            "detail": f"Keep it easy: effort {rpe_cap} of 10 or less, heart rate at most about 70% of your maximum, full sentences without effort. Walk breaks are fine. Warm up with 5–10 minutes of walking first.",
            "tone": "warning",
            "short": "Recovery run",
        }
    if level == Level.EASY_RUN:
        return {
            "headline": f"Easy run — up to {max_minutes} min",
            "detail": f"Conversational pace: effort {rpe_cap} of 10 or less, heart rate at most about 75% of your maximum. Start with 5–10 minutes of walking or very easy jogging.",
            "tone": "info",
            "short": "Easy run",
        }
    if planned is None:  # nothing planned: say what is allowed, with the day's time cap
        headline = f"Any run you like — up to {max_minutes} min"
        detail = "Nothing holds you back today: easy, long or quality running are all fine. Warm up 10–15 minutes first, and if anything hurts more as you go, make it an easy run."
    else:
        headline = f"Train as planned — {planned.get_run_type_display().lower()} run, {planned.minutes} min"
        detail = "Warm up 10–15 minutes first. If your soreness doesn't ease, or rises by 2 points or more, make it an easy run."
    short = "Any run" if planned is None else "As planned"
    return {"headline": headline, "detail": detail, "tone": "success", "short": short}


SORENESS_ANCHORS = {  # DOMAIN.md §8.2
    "none": "none",
    "mild": "noticed on stairs or pressure, movement normal",
    "moderate": "hurts in everyday movement, eases as you move",
    "severe": "limits movement or hurts at rest",
}


def soreness_bands(thresholds: Thresholds) -> list[tuple[int, int, str]]:
    """The 0-10 scale's bands (low, high, name) as the rules draw them: moderate from
    `soreness_moderate`, severe from `soreness_severe` (an empty band is left out)."""
    moderate, severe = int(thresholds.soreness_moderate), int(thresholds.soreness_severe)
    bands = [(0, 0, "none"), (1, moderate - 1, "mild"), (moderate, severe - 1, "moderate")]
    return [band for band in [*bands, (severe, 10, "severe")] if band[0] <= band[1]]


def soreness_band_text(thresholds: Thresholds) -> str:
    """The bands in words ("0 none · 1-3 mild · …", with en dashes), from the thresholds."""
    return " · ".join(
        f"{low} {name}" if low == high else f"{low}–{high} {name}"
        for low, high, name in soreness_bands(thresholds)
    )


def soreness_choice(score: int, thresholds: Thresholds) -> str:
    """One score's label on the check-in: its band and what that band feels like."""
    name = next(name for low, high, name in soreness_bands(thresholds) if low <= score <= high)
    return f"{score} — none" if name == "none" else f"{score} — {name}: {SORENESS_ANCHORS[name]}"


TAG_WORDS = {"E": "evidence-based", "E-inf": "evidence-informed", "C": "convention"}


def rule_title(rule_id: str, thresholds: Thresholds | None = None) -> str:
    """A rule's title, its numbers filled from the current thresholds (`{key}` in RULES)."""
    info = RULES.get(rule_id)
    if info is None:
        return rule_id
    return fill(info.title, thresholds, "{", "}")


def fill(text: str, thresholds: Thresholds | None, start: str = "[[", end: str = "]]") -> str:
    """`text` with each `start`key`end` replaced by that threshold's value, or by a bound the
    thresholds draw (`mild_high`, `moderate_high`: the top of the mild and moderate soreness
    bands); unknown keys stay."""
    if thresholds is None or start not in text:
        return text
    values = {name: float(getattr(thresholds, name)) for name in type(thresholds).names()}
    values["mild_high"] = values["soreness_moderate"] - 1
    values["moderate_high"] = values["soreness_severe"] - 1
    for name, value in values.items():
        text = text.replace(f"{start}{name}{end}", f"{value:g}")
    return text


def explained_rules(
    fired: list[dict[str, Any]], thresholds: Thresholds | None = None
) -> list[dict[str, Any]]:
    """Each fired rule with its title and evidence tag."""
    out = []
    for rule in fired:
        if rule["rule_id"] == "CO":
            out.append(
                {
                    **rule,
                    "title": "Your coach's call",
                    "tag": "",
                    "tag_words": "coach override",
                }
            )
            continue
        info = RULES.get(rule["rule_id"])
        out.append(
            {
                **rule,
                "title": rule_title(rule["rule_id"], thresholds),
                "tag": info.tag if info else "",
                "tag_words": TAG_WORDS.get(info.tag, "") if info else "",
            }
        )
    return out
