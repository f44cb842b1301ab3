"""The API's training log: sessions and runs (list with filters, read, log, change, delete,
with their exercise rows and each run's judgement against its day's advice), and the
exercise catalogue. Through the same selectors and services as the pages."""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from pydantic import AwareDatetime

from config.apischema import Body, Int, IsoDate, Number, Text, responds

from . import prescriptions, selectors, services
from .models import MAX_DURATION_S, MAX_LOAD_KG, MAX_REPS, MAX_SETS, NOTES_MAX_LENGTH, Session

router = Router(tags=["training"])
RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]  # a database id: larger is no row, not an error


class ExerciseOut(Schema):
    """An exercise of the catalogue and its library page (`/training/exercises/{slug}/`)."""

    id: int
    name: str
    slug: str
    lower_body: bool
    eccentric_load: int = Field(..., description="1 low, 2 moderate, 3 high (the rules read 3).")
    muscle_groups: list[str]
    equipment: str
    description: str
    cues: list[str]
    mistakes: list[str]
    easier: list[str] = Field(..., description="Slugs of easier variations.")
    harder: list[str] = Field(..., description="Slugs of harder variations.")


class OneRmOut(Schema):
    exercise_id: int
    kg: float
    estimated: bool = Field(..., description="From logged sets (Epley), not set by hand.")


class EntryOut(Schema):
    exercise_id: int
    exercise: str
    sets: int
    reps: int
    load_kg: float | None


class DeviationOut(Schema):
    code: str
    done: float | str | None = None
    advised: float | str | None = None


class AdherenceOut(Schema):
    """A run against its day's advice (recovery's judgement)."""

    day: dt.date
    level: int
    followed: bool
    deviations: list[DeviationOut]


class SessionOut(Schema):
    id: int
    kind: str
    started_at: dt.datetime
    duration_s: int
    rpe: int
    rpe_estimated: bool
    load: float | None
    is_leg_day: bool
    notes: str
    distance_m: float | None
    run_type: str
    legs_feel: str
    source: str
    entries: list[EntryOut]
    adherence: AdherenceOut | None


class EntryIn(Body):
    exercise_id: Int = Field(..., ge=1, le=2**31 - 1)
    sets: Int = Field(..., ge=1, le=MAX_SETS)
    reps: Int = Field(..., ge=1, le=MAX_REPS)
    load_kg: Number | None = Field(None, ge=0, le=MAX_LOAD_KG)


class SessionIn(Body):
    """A strength session (with `entries`) or a run (with `distance_m`, `run_type` and
    `legs_feel`). Times with their offset; SI units."""

    kind: Literal["strength", "run"]
    started_at: AwareDatetime
    duration_s: Int = Field(..., ge=1, le=MAX_DURATION_S)
    rpe: Int = Field(..., ge=0, le=10)
    notes: Text = Field("", max_length=NOTES_MAX_LENGTH)
    distance_m: Number | None = Field(None, gt=0, le=1_000_000)
    run_type: Literal["", "easy", "long", "tempo", "intervals", "hills", "race", "recovery"] = ""
    legs_feel: Literal["", "fresh", "heavy", "sore", "painful"] = ""
    entries: list[EntryIn] = Field(default_factory=list, max_length=40)


class SessionChange(Body):
    """Any of a session's fields; for a strength session, `entries` replaces its rows."""

    started_at: AwareDatetime | None = None
    duration_s: Int | None = Field(None, ge=1, le=MAX_DURATION_S)
    rpe: Int | None = Field(None, ge=0, le=10)
    notes: Text | None = Field(None, max_length=NOTES_MAX_LENGTH)
    distance_m: Number | None = Field(None, gt=0, le=1_000_000)
    run_type: Literal["easy", "long", "tempo", "intervals", "hills", "race", "recovery"] | None = (
        None
    )
    legs_feel: Literal["fresh", "heavy", "sore", "painful"] | None = None
    entries: list[EntryIn] | None = Field(None, max_length=40)


class SessionFilter(Schema):
    kind: Literal["strength", "run"] | None = None
    date_from: IsoDate | None = Field(None, description="On or after this local day.")
    date_to: IsoDate | None = Field(None, description="On or before this local day.")


def session_out(session: Session) -> dict:
    judged = getattr(session, "adherence", None) if session.is_run else None
    return {
        **{
            name: getattr(session, name)
            for name in SessionOut.model_fields
            if hasattr(session, name)
        },
        "distance_m": session.distance_m,
        "entries": [
            {
                "exercise_id": entry.exercise_id,
                "exercise": entry.exercise.name,
                "sets": entry.sets,
                "reps": entry.reps,
                "load_kg": entry.load_kg,
            }
            for entry in session.entries.all()
        ],
        "adherence": None
        if judged is None
        else {
            "day": judged.local_date,
            "level": judged.level,
            "followed": judged.followed,
            "deviations": judged.deviations,
        },
    }


def _entries(rows: list[EntryIn] | None) -> list[services.EntryData] | None:
    if rows is None:
        return None
    exercises = {exercise.pk: exercise for exercise in selectors.active_exercises()}
    missing = sorted({row.exercise_id for row in rows} - set(exercises))
    if missing:
        raise ValidationError(
            {"entries": [f"No exercise with id {pk}: see GET /api/exercises." for pk in missing]}
        )
    return [
        services.EntryData(
            exercise=exercises[row.exercise_id], sets=row.sets, reps=row.reps, load_kg=row.load_kg
        )
        for row in rows
    ]


def _session(user, pk: int, *, write: bool) -> Session:
    try:
        if write:
            return selectors.session_detail(user, pk)
        return selectors.session_seen(user, pk)[0]
    except Session.DoesNotExist:
        raise Http404 from None


@router.get(
    "/exercises", response=responds({200: list[ExerciseOut]}), summary="The exercise catalogue"
)
def exercises(request):
    return [
        {
            "id": e.pk,
            "name": e.name,
            "slug": e.slug,
            "lower_body": e.lower_body,
            "eccentric_load": e.eccentric_load,
            "muscle_groups": [group.slug for group in e.muscle_groups.all()],
            "equipment": e.equipment,
            "description": e.description,
            "cues": e.cue_lines,
            "mistakes": e.mistake_lines,
            "easier": [other.slug for other in e.easier.all()],
            "harder": [other.slug for other in e.harder.all()],
        }
        for e in selectors.library()
    ]


class OneRmIn(Body):
    kg: Number | None = Field(..., ge=1, le=1000, description="null: back to the estimate.")


@router.put(
    "/one-rep-maxes/{exercise_id}",
    response=responds({200: list[OneRmOut]}),
    summary="Set my 1RM for an exercise (null: use the estimate from my sets)",
)
def one_rep_max_put(request, exercise_id: RowId, body: OneRmIn):
    exercise = selectors.library().filter(pk=exercise_id).first()
    if exercise is None:
        raise Http404
    services.one_rep_max_set(athlete=request.user, exercise=exercise, kg=body.kg)
    return one_rep_maxes(request)


@router.get(
    "/one-rep-maxes",
    response=responds({200: list[OneRmOut]}),
    summary="My 1RMs: set by hand, else estimated from my logged sets",
)
def one_rep_maxes(request):
    found = prescriptions.one_rep_maxes(request.user)
    return [
        {"exercise_id": pk, "kg": one.kg, "estimated": one.estimated} for pk, one in found.items()
    ]


@router.get(
    "/sessions", response=responds({200: list[SessionOut]}), summary="My sessions, newest first"
)
@paginate(PageNumberPagination, page_size=20)
def sessions(request, filters: Query[SessionFilter]):
    found = selectors.history(
        request.user, kind=filters.kind, date_from=filters.date_from, date_to=filters.date_to
    )
    return [session_out(session) for session in found.select_related("adherence")]


@router.post("/sessions", response=responds({201: SessionOut}), summary="Log a session or a run")
def session_create(request, body: SessionIn):
    fields = body.dict(exclude={"kind", "entries"})
    fields["rpe_estimated"] = False
    if body.kind == "strength":
        fields.update(distance_m=None, run_type="", legs_feel="")
    session = services.session_create(
        athlete=request.user,
        entered_by=request.user,
        kind=body.kind,
        entries=_entries(body.entries) if body.kind == "strength" else None,
        **fields,
    )
    return Status(201, session_out(_session(request.user, session.pk, write=False)))


@router.get("/sessions/{session_id}", response=responds({200: SessionOut}), summary="One session")
def session_read(request, session_id: RowId):
    return session_out(_session(request.user, session_id, write=False))


@router.patch(
    "/sessions/{session_id}", response=responds({200: SessionOut}), summary="Change a session"
)
def session_change(request, body: SessionChange, session_id: RowId):
    session = _session(request.user, session_id, write=True)
    fields = body.dict(exclude_unset=True, exclude={"entries"})
    fields = {name: value for name, value in fields.items() if value is not None}
    if session.kind != "run":
        fields = {
            k: v for k, v in fields.items() if k not in ("distance_m", "run_type", "legs_feel")
        }
    services.session_update(
        session=session, by=request.user, entries=_entries(body.entries), **fields
    )
    return session_out(_session(request.user, session_id, write=False))


@router.delete("/sessions/{session_id}", response=responds({204: None}), summary="Delete a session")
def session_remove(request, session_id: RowId):
    services.session_delete(session=_session(request.user, session_id, write=True), by=request.user)
    return Status(204, None)
