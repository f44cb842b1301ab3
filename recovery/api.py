"""The API's readiness: today's verdict (provisional before the check-in) with its reasons,
rules and article links, and check-ins (list; give or change a day's, within the days the
page allows), through the check-in form's own validation and the same service."""

import datetime as dt

from django.http import Http404
from ninja import Field, Router, Schema, Status

from config.apischema import Body, Bool, Int, IsoDate, Text, responds, valid
from training.api import RowId

from . import selectors, services
from .forms import CheckInForm
from .models import RED_FLAG_FIELDS, SORENESS_FIELDS, Notification
from .reminders import selectors as reminder_selectors
from .reminders import services as reminder_services
from .verdict import verdicts
from .verdict.presentation import verdict_card

router = Router(tags=["readiness"])


class RuleOut(Schema):
    rule_id: str
    title: str
    reason: str
    evidence: str
    url: str


class VerdictOut(Schema):
    day: dt.date
    provisional: bool = Field(..., description="True until the day's check-in is given.")
    level: int = Field(
        ...,
        description="0 see a doctor, 1 rest, 2 recovery run, 3 easy run, 4 as planned.",
    )
    headline: str
    detail: str
    short: str
    max_minutes: int
    rpe_cap: int | None
    urgency: str
    avoid: list[str]
    checklist: list[str]
    rules: list[RuleOut]
    coach_call: str


class CheckInIn(Body):
    """A day's answers: every warning sign yes (true) or no (false), whether the legs work
    normally, soreness 0-10 per muscle group, sleep and energy 1-5."""

    rf_dark_urine: Bool
    rf_no_urine: Bool
    rf_severe_pain: Bool
    rf_weakness: Bool
    rf_joint_or_bone_pain: Bool
    rf_acute_injury: Bool
    rf_cardiac: Bool
    rf_unwell: Bool
    rf_confusion: Bool
    can_walk_normally: Bool
    quads: Int = Field(..., ge=0, le=10)
    hamstrings: Int = Field(..., ge=0, le=10)
    glutes: Int = Field(..., ge=0, le=10)
    calves: Int = Field(..., ge=0, le=10)
    adductors: Int = Field(..., ge=0, le=10)
    sleep_quality: Int = Field(..., ge=1, le=5)
    energy: Int = Field(..., ge=1, le=5)
    note: Text = Field("", max_length=500)


class CheckInOut(Schema):
    day: dt.date
    soreness: dict[str, int]
    soreness_max: int
    can_walk_normally: bool
    warning_signs: list[str]
    sleep_quality: int
    energy: int
    note: str
    advice: str = Field(..., description="The day's verdict, in short.")


class CheckInSaved(Schema):
    checkin: CheckInOut
    verdict: VerdictOut


def verdict_out(recommendation, user) -> dict:
    card = verdict_card(recommendation, user)
    return {
        "day": recommendation.local_date,
        "provisional": recommendation.provisional,
        "level": recommendation.level,
        **{key: card["verdict"][key] for key in ("headline", "detail", "short")},
        "max_minutes": recommendation.max_minutes,
        "rpe_cap": recommendation.rpe_cap,
        "urgency": recommendation.urgency,
        "avoid": card["avoid"],
        "checklist": [item["text"] for item in card["checklist"]],
        "rules": [
            {
                "rule_id": rule["rule_id"],
                "title": rule["title"],
                "reason": rule["reason"],
                "evidence": rule.get("tag_words", ""),
                "url": rule.get("url", ""),
            }
            for rule in card["rules"]
        ],
        "coach_call": card["coach_call"],
    }


def checkin_out(checkin, short: str) -> dict:
    return {
        "day": checkin.local_date,
        "soreness": checkin.soreness,
        "soreness_max": checkin.soreness_max,
        "can_walk_normally": checkin.can_walk_normally,
        "warning_signs": [name for name in RED_FLAG_FIELDS if getattr(checkin, name)],
        "sleep_quality": checkin.sleep_quality,
        "energy": checkin.energy,
        "note": checkin.note,
        "advice": short,
    }


@router.get(
    "/today", response=responds({200: VerdictOut}), summary="Today's run advice, with its reasons"
)
def today(request):
    """Provisional (from the log alone) until today's check-in is given."""
    return verdict_out(verdicts.verdict_today(request.user), request.user)


@router.get(
    "/checkins", response=responds({200: list[CheckInOut]}), summary="My check-ins, last 28 days"
)
def checkins(request):
    days = selectors.history_days(request.user, end=request.user.local_today())
    return [checkin_out(day.checkin, day.level_name) for day in days if day.checkin is not None]


@router.put(
    "/checkins/{day}",
    response=responds({200: CheckInSaved}),
    summary="Give or change a day's check-in",
)
def checkin_put(request, day: IsoDate, body: CheckInIn):
    """Today's, or one of the days the check-in page lets you change; the verdict that
    follows comes back with it."""
    user = request.user
    answers = body.dict()
    data = {
        name: ("yes" if value else "no") if isinstance(value, bool) else str(value)
        for name, value in answers.items()
    }
    answers_clean = valid(CheckInForm(data, athlete=user, day=day))
    checkin, recommendation = services.checkin_save(athlete=user, day=day, answers=answers_clean)
    verdict = verdict_out(recommendation, user)  # the form refused days not started
    return {"checkin": checkin_out(checkin, verdict["short"]), "verdict": verdict}


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    read: bool
    created_at: dt.datetime


@router.get(
    "/notifications", response=responds({200: list[NotificationOut]}), summary="My notifications"
)
def notifications(request):
    return [
        {
            "id": n.pk,
            "title": n.title,
            "body": n.body,
            "url": n.url,
            "read": n.read_at is not None,
            "created_at": n.created_at,
        }
        for n in reminder_selectors.notifications_for(request.user)
    ]


@router.post(
    "/notifications/{notification_id}/read",
    response=responds({204: None}),
    summary="Mark a notification read",
)
def notification_read(request, notification_id: RowId):
    try:
        found = reminder_selectors.notification_of(request.user, notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None
    reminder_services.notification_read(notification=found)
    return Status(204, None)


assert set(SORENESS_FIELDS) <= set(CheckInIn.model_fields)  # the schema asks every group
