"""Plain words for the engine's keys: verdicts, avoid lists, checklist items, urgency."""

import math
import string
from collections.abc import Collection
from decimal import Decimal
from typing import Any

from .readiness import DEFAULT_THRESHOLDS, RULES, Level, Thresholds
from .texts import Text, gettext_noop, say, translate

AVOID_WORDS = {
    "all_exercise": gettext_noop("all exercise until a clinician clears you"),
    "all_running": gettext_noop("all running today"),
    "intervals": gettext_noop("intervals"),
    "tempo": gettext_noop("tempo or threshold running"),
    "strides": gettext_noop("strides"),
    "hills": gettext_noop("hills, especially downhill"),
    "trail_descents": gettext_noop("trails with descents"),
    "long_run": gettext_noop("the long run"),
    "plyometrics": gettext_noop("jumps and plyometrics"),
    "hill_repeats": gettext_noop("hill repeats"),
    "steep_downhill": gettext_noop("steep downhill"),
    "long_run_over_60": gettext_noop("long runs over 60 minutes"),
    "races": gettext_noop("races"),
    "any_downhill": gettext_noop("any downhill, even on walks and easy runs"),
}

# "Any downhill" covers these: one downhill line, not three.
COVERED_BY_ANY_DOWNHILL = frozenset({"trail_descents", "steep_downhill"})


def avoid_words(keys: Collection[str]) -> list[str]:
    """The avoid list in words, each thing said once: with "any downhill", hills are only
    the climbs, and descents are not listed again."""
    if "any_downhill" not in keys:
        return [translate(AVOID_WORDS.get(key, key)) for key in keys]
    words = {**AVOID_WORDS, "hills": gettext_noop("hill efforts (climbs)")}
    return [translate(words.get(key, key)) for key in keys if key not in COVERED_BY_ANY_DOWNHILL]


URGENCY_HEADLINES = {
    "emergency": gettext_noop("Emergency — call emergency services now"),
    "same_day": gettext_noop("See a doctor today"),
    "soon": gettext_noop("See a doctor or physio in the next few days"),
}
# What to do now, per warning sign (DOMAIN.md §5, §8.5), most urgent first.
RED_FLAG_STEPS = {
    "cardiac_symptoms": gettext_noop(
        "Call your local emergency number now. Stop all activity and sit or lie down while you wait."
    ),
    "no_urine": gettext_noop(
        "This is an emergency: call your local emergency number or go to the emergency department now. Tell them you exercised hard, your muscles hurt and you have passed no urine."
    ),
    "confusion": gettext_noop(
        "This is an emergency: call your local emergency number or go to the emergency department now, and don't go alone. Tell them about your workout."
    ),
    "dark_urine": gettext_noop(
        "Stop exercising and drink fluids. Get seen by a doctor today: mention your workout and ask about a CK blood test."
    ),
    "true_weakness": gettext_noop(
        "Stop exercising and drink fluids. Get seen by a doctor today: mention your workout and ask about a CK blood test."
    ),
    "severe_pain_or_swelling": gettext_noop(
        "Stop exercising. Get seen by a doctor today: mention your workout and ask about a CK blood test."
    ),
    "acute_injury": gettext_noop(
        "Stop, and protect the injured part: don't load or stretch it. Get it assessed today by a doctor, physio or urgent care."
    ),
    "systemic_illness": gettext_noop(
        "No exercise today. Rest, drink fluids and see a doctor today; mention your workout."
    ),
    "joint_or_bone_pain": gettext_noop(
        "No running until you have been checked. Book a doctor or physiotherapist in the next few days and mention your workout."
    ),
    "non_resolving_soreness": gettext_noop(
        "No running until you have been checked. Book a doctor or physiotherapist in the next few days: soreness that does not settle within about a week is not usual."
    ),
}


def red_flag_steps(red_flags: Collection[str]) -> list[str]:
    """What to do now for the signs answered, most urgent first; a cardiac sign alone, since
    nothing else should stand beside "call emergency services"."""
    if "cardiac_symptoms" in red_flags:
        return [translate(RED_FLAG_STEPS["cardiac_symptoms"])]
    steps = [RED_FLAG_STEPS[flag] for flag in RED_FLAG_STEPS if flag in red_flags]
    return [translate(step) for step in dict.fromkeys(steps)] or [
        translate(RED_FLAG_STEPS["dark_urine"])
    ]


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
            return say(
                "Protein at your next meals: about {meal} g at each of {meals} meals, every 3–4 hours — {total} g, within the {low}–{high} g your day needs.",
                meal=meal,
                meals=PROTEIN_MEALS,
                total=meal * PROTEIN_MEALS,
                low=low,
                high=high,
            )
        return say(
            "Protein at your next meals: about 20–40 g each, every 3–4 hours (add your body mass in Settings for your own grams)."
        )
    return translate(CHECKLIST_WORDS.get(key, key))


CHECKLIST_WORDS = {
    "sleep": gettext_noop(
        "Sleep a full night, your usual hours: short sleep goes with more injuries and illness."
    ),
    "fluids": gettext_noop(
        "Rehydrate: pale-yellow urine is the goal. If you weighed before and after, drink about 1.5× what you lost."
    ),
    "carbs": gettext_noop(
        "Carbohydrate-rich meals before your run; if it is within about 8 hours, eat carbs steadily over the next few hours."
    ),
    "easy_movement": gettext_noop(
        "If you're stiff, a 10–20 minute easy walk or spin eases the pain for a while (it doesn't speed up repair)."
    ),
    "comfort_aids": gettext_noop(
        "Optional, for comfort: massage, foam rolling (1–2 minutes per muscle) or compression tights."
    ),
    "skip_ice_baths": gettext_noop(
        "Skip routine ice baths after leg day: they can blunt strength gains."
    ),
    "stop_and_seek_care": gettext_noop(
        "Stop exercise. Drink fluids. Seek care and mention your workout; ask about a CK blood test."
    ),
    "repeated_bout": gettext_noop(
        "Next time: an easy, low-volume version of the same exercises 2–7 days beforehand reduces soreness."
    ),
}


LEVEL_NAMES = {
    Level.SEE_DOCTOR: gettext_noop("See doctor"),
    Level.REST: gettext_noop("Rest"),
    Level.RECOVERY_RUN: gettext_noop("Recovery run"),
    Level.EASY_RUN: gettext_noop("Easy run"),
    Level.AS_PLANNED: gettext_noop("As planned"),
}


def level_name(level: int) -> str:
    """A verdict level's name, as tables list it ("Recovery run")."""
    return translate(LEVEL_NAMES[Level(level)])


SHORT_WORDS = {
    Level.REST: (gettext_noop("Rest"), gettext_noop("rest")),
    Level.RECOVERY_RUN: (gettext_noop("Recovery run"), gettext_noop("recovery run")),
    Level.EASY_RUN: (gettext_noop("Easy run"), gettext_noop("easy run")),
}


def short_text(
    level: int, urgency: str | None = "", planned: bool = False, lower: bool = False
) -> Text:
    """The verdict in a word or two ("Easy run"), as a text to translate where it is shown;
    `lower` for the middle of a sentence."""
    level = Level(level)
    if level == Level.SEE_DOCTOR:
        if urgency == "emergency":
            return Text(gettext_noop("emergency") if lower else gettext_noop("Emergency"))
        return Text(gettext_noop("see a doctor") if lower else gettext_noop("See a doctor"))
    if level == Level.AS_PLANNED:
        if planned:
            return Text(gettext_noop("as planned") if lower else gettext_noop("As planned"))
        return Text(gettext_noop("any run") if lower else gettext_noop("Any run"))
    return Text(SHORT_WORDS[level][1 if lower else 0])


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
            "headline": translate(
                URGENCY_HEADLINES.get(urgency or "same_day", URGENCY_HEADLINES["same_day"])
            ),
            "detail": steps[0],
            "steps": steps[1:],
            "tone": "danger",
            "short": str(short_text(level, urgency)),
            "emergency_only": "cardiac_symptoms" in red_flags,
        }
    if level == Level.REST:
        return {
            "headline": say("Rest or walk only"),
            "detail": say(
                "Up to {minutes} min of walking or easy spinning, and keep it very easy: effort {rpe} of 10 or less, you could chat or hum. No running today.",
                minutes=max_minutes,
                rpe=rpe_cap,
            ),
            "tone": "warning",
            "short": str(short_text(level)),
        }
    if level == Level.RECOVERY_RUN:
        return {
            "headline": say("Short recovery run — up to {minutes} min", minutes=max_minutes),
            # xgettext: no-python-format
            "detail": say(
                "Keep it easy: effort {rpe} of 10 or less, heart rate at most about 70% of your maximum, full sentences without effort. Walk breaks are fine. Warm up with 5–10 minutes of walking first.",
                rpe=rpe_cap,
            ),
            "tone": "warning",
            "short": str(short_text(level)),
        }
    if level == Level.EASY_RUN:
        return {
            "headline": say("Easy run — up to {minutes} min", minutes=max_minutes),
            # xgettext: no-python-format
            "detail": say(
                "Conversational pace: effort {rpe} of 10 or less, heart rate at most about 75% of your maximum. Start with 5–10 minutes of walking or very easy jogging.",
                rpe=rpe_cap,
            ),
            "tone": "info",
            "short": str(short_text(level)),
        }
    if planned is None:  # nothing planned: say what is allowed, with the day's time cap
        headline = say("Any run you like — up to {minutes} min", minutes=max_minutes)
        detail = say(
            "Nothing holds you back today: easy, long or quality running are all fine. Warm up 10–15 minutes first, and if anything hurts more as you go, make it an easy run."
        )
    else:
        headline = say(
            "Train as planned — {run} run, {minutes} min",
            run=planned.get_run_type_display().lower(),
            minutes=planned.minutes,
        )
        detail = say(
            "Warm up 10–15 minutes first. If your soreness doesn't ease, or rises by 2 points or more, make it an easy run."
        )
    short = str(short_text(level, planned=planned is not None))
    return {"headline": headline, "detail": detail, "tone": "success", "short": short}


SORENESS_ANCHORS = {  # DOMAIN.md §8.2
    "none": gettext_noop("none"),
    "mild": gettext_noop("noticed on stairs or pressure, movement normal"),
    "moderate": gettext_noop("hurts in everyday movement, eases as you move"),
    "severe": gettext_noop("limits movement or hurts at rest"),
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
        f"{low} {translate(BAND_WORDS[name])}"
        if low == high
        else f"{low}–{high} {translate(BAND_WORDS[name])}"
        for low, high, name in soreness_bands(thresholds)
    )


BAND_WORDS = {
    "none": gettext_noop("none"),
    "mild": gettext_noop("mild"),
    "moderate": gettext_noop("moderate"),
    "severe": gettext_noop("severe"),
}


def soreness_choice(score: int, thresholds: Thresholds) -> str:
    """One score's label on the check-in: its band and what that band feels like."""
    name = next(name for low, high, name in soreness_bands(thresholds) if low <= score <= high)
    word = translate(BAND_WORDS[name])
    return (
        f"{score} — {word}"
        if name == "none"
        else f"{score} — {word}: {translate(SORENESS_ANCHORS[name])}"
    )


TAG_WORDS = {
    "E": gettext_noop("evidence-based"),
    "E-inf": gettext_noop("evidence-informed"),
    "C": gettext_noop("convention"),
}


def rule_title(rule_id: str, thresholds: Thresholds | None = None) -> str:
    """A rule's title, its numbers filled from the current thresholds (`{key}` in RULES)."""
    return str(rule_title_text(rule_id, thresholds))


def rule_title_text(rule_id: str, thresholds: Thresholds | None = None) -> Text:
    """A rule's title as a text to translate where it is shown, its numbers filled from
    `thresholds` (the defaults without them)."""
    info = RULES.get(rule_id)
    if info is None:
        return Text("{rule}", {"rule": rule_id})
    t = thresholds or DEFAULT_THRESHOLDS
    names = [name for _, name, _, _ in string.Formatter().parse(info.title) if name]
    return Text(info.title, {name: f"{float(getattr(t, name)):g}" for name in names})


def fill(text: str, thresholds: Thresholds | None) -> str:
    """`text` (a guidance article's) with each `[[key]]` replaced by that threshold's value,
    or by a bound the thresholds draw (`mild_high`, `moderate_high`: the top of the mild and
    moderate soreness bands); unknown keys stay."""
    if thresholds is None or "[[" not in text:
        return text
    values = {name: float(getattr(thresholds, name)) for name in type(thresholds).names()}
    values["mild_high"] = values["soreness_moderate"] - 1
    values["moderate_high"] = values["soreness_severe"] - 1
    for name, value in values.items():
        text = text.replace(f"[[{name}]]", f"{value:g}")
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
                    "title": say("Your coach's call"),
                    "tag": "",
                    "tag_words": say("coach override"),
                }
            )
            continue
        info = RULES.get(rule["rule_id"])
        out.append(
            {
                **rule,
                "title": rule_title(rule["rule_id"], thresholds),
                "tag": info.tag if info else "",
                "tag_words": translate(TAG_WORDS[info.tag])
                if info and info.tag in TAG_WORDS
                else "",
            }
        )
    return out
