"""An athlete's roster row, worked out from what today's verdict was computed from."""

import datetime as dt

from accounts.models import User

from ..engine.rules import Thresholds
from ..engine.texts import Text, text
from ..engine.wording import rule_title_text, short_text
from ..models import Light, Recommendation, RosterFlag, RosterStatus
from ..verdict import background as bg
from ..verdict.presentation import coach_plan_held

WELLNESS_RED_Z = -2.0


# The rules that lower a day's level (the others add an avoid item, a note or a check):
# an amber or red light names them, so staff see why at a glance.
LOWERING_RULES = ("RF", "I1", "F1", "S1", "S2", "S3", "T1", "T2", "T3", "W", "A1", "A2")
REASONS_SHOWN = 2


def light_reason(recommendation: Recommendation, thresholds: Thresholds | None) -> list[Text]:
    """Why the day is below full training, in rule titles: "Moderate soreness (4/10 or
    more)", "Within 48 h of a hard leg day"."""
    ids = [
        rule["rule_id"]
        for rule in recommendation.fired
        if rule.get("rule_id", "").startswith(LOWERING_RULES)
    ]
    titles = [rule_title_text(rule_id, thresholds) for rule_id in dict.fromkeys(ids)]
    return titles[:REASONS_SHOWN]


def verdict_text(recommendation: Recommendation, checked_in: bool, because: list[Text]) -> Text:
    """The roster's verdict cell, translated where it is shown: "Easy run — Moderate soreness
    (4/10 or more); Within 48 h of a hard leg day", "No check-in today (for now: rest)"."""
    level, urgency = recommendation.level, recommendation.urgency
    if not checked_in:
        return text(
            "No check-in today (for now: {verdict})",
            verdict=short_text(level, urgency, lower=True),
        )
    words = short_text(level, urgency)
    if coach_plan_held(recommendation):
        words = text("{verdict} (coach's plan on hold)", verdict=words)
    if len(because) >= 2:
        return text(
            "{verdict} — {first}; {second}", verdict=words, first=because[0], second=because[1]
        )
    if because:
        return text("{verdict} — {first}", verdict=words, first=because[0])
    return words


def light_for(level: int) -> Light:
    return Light.RED if level <= 1 else Light.AMBER if level <= 3 else Light.GREEN


def build(
    athlete: User,
    today: dt.date,
    gathered: bg.Gathered,
    recommendation: Recommendation,
    now: dt.datetime,
    *,
    ran_harder: bool = False,
    thresholds: Thresholds | None = None,
) -> RosterStatus:
    """The roster row of `athlete` for `today`, from `verdicts_refresh`'s reads and verdict."""
    checkin, latest, plan = gathered.checkin, gathered.latest_checkin, gathered.next_plan
    level = recommendation.level
    light = light_for(level) if checkin is not None else Light.GREY
    because = (
        light_reason(recommendation, thresholds) if light not in (Light.GREEN, Light.GREY) else []
    )
    verdict = verdict_text(recommendation, checkin is not None, because)
    raised = {
        RosterFlag.RED_FLAG: gathered.red_flag_open or (checkin is not None and level == 0),
        RosterFlag.UNWELL: any(rule.get("rule_id") == "I1" for rule in recommendation.fired),
        RosterFlag.SORE_7: checkin is not None and checkin.soreness_max >= 7,
        RosterFlag.CANT_WALK: checkin is not None and checkin.can_walk_normally is False,
        RosterFlag.NO_CHECKIN: latest is None or latest.local_date <= today - dt.timedelta(days=2),
        RosterFlag.HARD_RUN_IN_WINDOW: bool(plan and plan.inside_recovery_window),
        RosterFlag.NOT_RESOLVING: recommendation.non_resolving,
        RosterFlag.WELLNESS_LOW: recommendation.wellness_z is not None
        and recommendation.wellness_z <= WELLNESS_RED_Z,
        RosterFlag.RAN_HARDER: ran_harder,
    }
    flags = [flag for flag, on in raised.items() if on]
    return RosterStatus(
        athlete_id=athlete.pk,
        local_date=today,
        light=light,
        flag_bits=sum(flags),
        flag_count=len(flags),
        verdict=verdict.stored(),
        level=level,
        checkin_date=latest.local_date if latest else None,
        checkin_at=latest.created_at if latest else None,
        leg_ended_at=gathered.leg.ended_at if gathered.leg else None,
        plan_date=plan.date if plan else None,
        plan_type=plan.run_type if plan else "",
        plan_minutes=plan.minutes if plan else None,
        refreshed_at=now,
        valid_until=recommendation.valid_until or now,  # today's always has one
        threshold_version=recommendation.threshold_version,
    )
