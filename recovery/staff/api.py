"""The API for gym staff: the roster (the page's rows, sort and filters), an athlete's
summary, staff notes and a day's advice within the same bounds as the athlete page. The
athletes are those `accounts.selectors` lets the caller see: any other id is a 404."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from accounts import selectors as account_selectors
from accounts.models import User
from config.apischema import Body, Int, IsoDate, Text, responds, valid
from config.fields import text_from_query
from training import selectors as training_selectors
from training.api import RowId, SessionOut, session_out

from .. import selectors as recovery_selectors
from ..api import CheckInOut, VerdictOut, checkin_out, verdict_out
from ..forms import NoteForm, OverrideForm
from ..verdict import verdicts
from . import selectors, services

router = Router(tags=["staff"])
SortName = Literal["flagged", "name", "light", "checkin", "leg", "plan"]  # the page's sorts


class RosterRowOut(Schema):
    athlete_id: int
    name: str
    light: str
    verdict: str
    flags: list[str]
    checkin_date: dt.date | None
    hours_since_leg: float | None
    plan_date: dt.date | None
    plan_type: str
    plan_minutes: int | None
    plans_kept: int
    plans_changed: int
    plans_this_week: int


class RosterFilter(Schema):
    sort: SortName = "flagged"
    flag: str = Field("", max_length=40, description="A flag key, e.g. red_flag, sore_7.")
    coach: int | None = Field(None, ge=1, le=2**31 - 1, description="Athletes of this coach.")
    q: str = Field("", max_length=100, description="Part of a name or email.")


class NoteOut(Schema):
    author: str
    body: str
    created_at: dt.datetime


class NoteIn(Body):
    body: Text = Field(..., min_length=1, max_length=2000)


class OverrideIn(Body):
    level: Int = Field(
        ...,
        ge=1,
        le=4,
        description="1 rest, 2 recovery run, 3 easy run, 4 as planned.",
    )
    max_minutes: Int = Field(..., ge=0, le=300)
    note: Text = Field(..., min_length=1, max_length=300)


class OverrideOut(Schema):
    day: dt.date
    level: int
    max_minutes: int
    note: str
    today: VerdictOut | None = Field(
        None,
        description="Today's verdict, when the advice is for today: whether it applied.",
    )


class AthleteOut(Schema):
    athlete_id: int
    name: str
    time_zone: str
    fitness_level: str
    goal: str
    today: VerdictOut
    checkins: list[CheckInOut]
    sessions: list[SessionOut]


def _staff(request) -> User:
    if not request.user.is_gym_staff:
        raise PermissionDenied(gettext("This is for gym staff."))
    return request.user


def _athlete(request, athlete_id: int) -> User:
    """An athlete the caller may act for; for anyone else (not staff, or not theirs) the
    athlete does not exist: 404, as on the pages."""
    found = account_selectors.athletes_for_staff(request.user).filter(pk=athlete_id).first()
    if found is None:
        raise Http404
    return found


@router.get("/roster", response=responds({200: list[RosterRowOut]}), summary="The roster")
@paginate(PageNumberPagination, page_size=50)
def roster(request, filters: Query[RosterFilter]):
    staff = _staff(request)
    now = timezone.now()
    services.roster_heal(staff, now=now)
    coach = next((m.user for m in selectors.gym_staff(staff) if m.user_id == filters.coach), None)
    query = text_from_query(filters.q)
    rows = selectors.roster_rows(
        selectors.roster(staff, sort=filters.sort, flag=filters.flag, coach=coach, query=query),
        now,
    )
    return [
        {
            **{
                name: getattr(row, name) for name in RosterRowOut.model_fields if hasattr(row, name)
            },
            "plans_kept": row.done,
            "plans_changed": row.changed,
            "plans_this_week": row.planned,
        }
        for row in rows
    ]


@router.get(
    "/athletes/{athlete_id}", response=responds({200: AthleteOut}), summary="An athlete's summary"
)
def athlete(request, athlete_id: RowId):
    found = _athlete(request, athlete_id)
    days = recovery_selectors.history_days(found, end=found.local_today(), days=14)
    sessions = training_selectors.history(found).select_related("adherence")[:20]
    return {
        "athlete_id": found.pk,
        "name": found.name,
        "time_zone": found.time_zone,
        "fitness_level": found.fitness_level,
        "goal": found.goal,
        "today": verdict_out(verdicts.verdict_today(found), found),
        "checkins": [checkin_out(d.checkin, d.level_name) for d in days if d.checkin],
        "sessions": [session_out(session) for session in sessions],
    }


@router.get(
    "/athletes/{athlete_id}/notes", response=responds({200: list[NoteOut]}), summary="Staff notes"
)
def notes(request, athlete_id: RowId):
    found = _athlete(request, athlete_id)
    return [
        {
            "author": note.author.name if note.author else "",
            "body": note.body,
            "created_at": note.created_at,
        }
        for note in selectors.notes_for(request.user, found)
    ]


@router.post(
    "/athletes/{athlete_id}/notes", response=responds({201: NoteOut}), summary="Add a staff note"
)
def note_add(request, athlete_id: RowId, body: NoteIn):
    found = _athlete(request, athlete_id)
    text = valid(NoteForm({"body": body.body}))["body"]
    note = services.note_add(staff=request.user, athlete=found, body=text)
    return Status(
        201, {"author": request.user.name, "body": note.body, "created_at": note.created_at}
    )


@router.put(
    "/athletes/{athlete_id}/overrides/{day}",
    response=responds({200: OverrideOut}),
    summary="Set a day's advice",
)
def override_set(request, athlete_id: RowId, day: IsoDate, body: OverrideIn):
    """Within the athlete page's bounds: it may always make the day easier; harder only
    when the athlete's answers allow it (today's verdict says whether it applied)."""
    found = _athlete(request, athlete_id)
    data = valid(OverrideForm({"date": day.isoformat(), **body.dict()}))
    saved = services.override_set(
        staff=request.user,
        athlete=found,
        day=data["date"],
        level=data["level"],
        max_minutes=data["max_minutes"],
        note=data["note"],
    )
    today = found.local_today()
    return {
        "day": saved.local_date,
        "level": saved.level,
        "max_minutes": saved.max_minutes,
        "note": saved.note,
        "today": verdict_out(verdicts.verdict_today(found), found)
        if saved.local_date == today
        else None,
    }


@router.delete(
    "/athletes/{athlete_id}/overrides/{day}",
    response=responds({204: None}),
    summary="Remove a day's advice",
)
def override_clear(request, athlete_id: RowId, day: IsoDate):
    services.override_clear(staff=request.user, athlete=_athlete(request, athlete_id), day=day)
    return Status(204, None)
