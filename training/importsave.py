"""One imported file's outcome: an activity read from a file becomes a run or a strength
session through `services`, is skipped as a duplicate (the same activity from another
source: start within 2 minutes, distance within 3 %), or is offered as a merge with a run
logged by hand (within 3 hours and 10 %); `item_merge` carries that merge out."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User

from . import activityfiles, archives, services, strengthsets
from .legdays import usual_rpe
from .models import ImportItem, ItemOutcome, Kind, RunType, Session, Source

SAME_START = dt.timedelta(minutes=2)
SAME_DISTANCE = 0.03
HAND_LOGGED_WINDOW = dt.timedelta(hours=3)  # a run logged by hand may have a rough start time
HAND_LOGGED_DISTANCE = 0.10
IMPORTED_RUN_RPE = 3  # until the athlete says how hard it felt
IMPORTED_STRENGTH_RPE = 7  # no leg day with an effort to go by: unknown counts as hard (DESIGN §4)


def finish(item: ImportItem, outcome: str, message: str, session=None, merge=None) -> None:
    item.outcome, item.message, item.session, item.merge = outcome, message[:300], session, merge
    item.save(update_fields=["outcome", "message", "session", "merge"])


@dataclass
class Match:
    session: Session
    by_hand: bool


def import_item(athlete: User, item: ImportItem, reader: archives.Reader) -> None:
    try:
        name, data = reader.read(item)
        fingerprint = hashlib.sha256(data).hexdigest()
        same_file = Session.objects.filter(athlete=athlete, fingerprint=fingerprint).first()
        if same_file:
            return finish(
                item, ItemOutcome.DUPLICATE, "The same file was imported already.", same_file
            )
        activity = activityfiles.read(name, data)
    except activityfiles.BadFile as error:
        return finish(item, ItemOutcome.FAILED, str(error))
    del data
    if activity.sport in ("walk", "ride", "other"):
        word = {"walk": "a walk", "ride": "a ride", "other": "not a run"}[activity.sport]
        return finish(
            item,
            ItemOutcome.SKIPPED,
            f"This is {word}: RunReady imports runs and strength workouts.",
        )
    source = {"fit": Source.FIT, "gpx": Source.GPX, "tcx": Source.TCX}[name.lower()[-3:]]
    if activity.sport == "strength":
        return _save_strength(athlete, item, activity, source, fingerprint)
    match = _match(athlete, activity)
    if match and not match.by_hand:
        return finish(
            item,
            ItemOutcome.DUPLICATE,
            "The same run is here already (from another file or device).",
            match.session,
        )
    if match:
        fields = _run_fields(activity, source, fingerprint)
        return finish(
            item,
            ItemOutcome.MERGE,
            "A run you logged by hand looks like this one: merge them?",
            match.session,
            merge={**fields, "started_at": fields["started_at"].isoformat()},
        )
    return _save_run(athlete, item, activity, source, fingerprint)


def _match(athlete: User, activity) -> Match | None:
    """A run here already that is this activity: from a file (start within 2 min, distance
    within 3 %), or logged by hand (within 3 h and 10 %)."""
    near = Session.objects.filter(
        athlete=athlete,
        kind=Kind.RUN,
        started_at__range=(
            activity.start - HAND_LOGGED_WINDOW,
            activity.start + HAND_LOGGED_WINDOW,
        ),
    )
    for session in near:
        apart = abs(session.started_at - activity.start)
        ratio = _apart(session.distance_m, activity.distance_m)
        if session.source == Source.MANUAL and ratio <= HAND_LOGGED_DISTANCE:
            return Match(session, by_hand=True)
        if apart <= SAME_START and ratio <= SAME_DISTANCE:
            return Match(session, by_hand=False)
    return None


def _apart(a: float | None, b: float | None) -> float:
    if not a or not b:
        return 1.0
    return abs(a - b) / max(a, b)


def _run_fields(activity, source: str, fingerprint: str) -> dict:
    return {
        "started_at": activity.start,
        "duration_s": max(1, round(activity.elapsed_s)),
        "distance_m": activity.distance_m,
        "moving_s": round(activity.moving_s) if activity.moving_s else None,
        "ascent_m": activity.ascent_m,
        "descent_m": activity.descent_m,
        "avg_hr": activity.avg_hr,
        "max_hr": activity.max_hr,
        "terrain": activity.terrain,
        "source": source,
        "fingerprint": fingerprint,
    }


def _save_run(athlete, item, activity, source, fingerprint) -> None:
    if not activity.distance_m:
        return finish(item, ItemOutcome.FAILED, "The run has no distance.")
    long = activity.elapsed_s >= 90 * 60
    try:
        with transaction.atomic():
            session = services.session_create(
                athlete=athlete,
                entered_by=athlete,
                kind=Kind.RUN,
                rpe=IMPORTED_RUN_RPE,
                rpe_estimated=True,  # not the athlete's rating: held against no RPE cap
                run_type=RunType.LONG if long else RunType.EASY,
                **_run_fields(activity, source, fingerprint),
                announce_now=False,
            )
    except ValidationError as error:
        return finish(item, ItemOutcome.FAILED, "Not a valid run: " + " ".join(error.messages))
    message = "Imported as a run."
    if activity.cut_short:
        message += f" Cut short: imported the readable part ({activity.distance_m / 1000:.2f} km)."
    return finish(item, ItemOutcome.CREATED, message, session)


def _save_strength(athlete, item, activity, source, fingerprint) -> None:
    entries, unknown = strengthsets.entries(activity.sets)
    usual = usual_rpe(athlete, activity.start)
    try:
        with transaction.atomic():
            session = services.session_create(
                athlete=athlete,
                entered_by=athlete,
                kind=Kind.STRENGTH,
                rpe=IMPORTED_STRENGTH_RPE if usual is None else usual,
                rpe_estimated=True,
                started_at=activity.start,
                duration_s=max(1, round(activity.elapsed_s)),
                avg_hr=activity.avg_hr,
                source=source,
                fingerprint=fingerprint,
                entries=entries,
                announce_now=False,
            )
    except ValidationError as error:
        return finish(item, ItemOutcome.FAILED, "Not a valid workout: " + " ".join(error.messages))
    lower = any(entry.exercise.lower_body for entry in entries)
    message = "Imported as a strength session" + (": a leg day." if lower else ".")
    message += f" The file has no effort: counted as your usual {session.rpe}/10 until you say."
    if unknown:
        message += f" Left out: {', '.join(sorted(unknown))} (not in the exercise list)."
    return finish(item, ItemOutcome.CREATED, message, session)


# --- Merging a run logged by hand with its file ------------------------------------------------


@transaction.atomic
def item_merge(*, athlete: User, item: ImportItem) -> Session:
    """The run logged by hand takes the file's measurements (start, duration, distance,
    climb, heart rate); its type, effort, legs and notes stay as the athlete wrote them."""
    item = ImportItem.objects.select_for_update().get(pk=item.pk)
    session = item.session
    if (
        item.outcome != ItemOutcome.MERGE
        or not item.merge
        or session is None
        or session.athlete_id != athlete.pk
    ):
        raise activityfiles.BadFile("Nothing to merge there any more.")
    fields = {**item.merge, "started_at": dt.datetime.fromisoformat(item.merge["started_at"])}
    if not fields["distance_m"]:
        fields.pop("distance_m")
    services.session_update(session=session, by=athlete, **fields)
    finish(item, ItemOutcome.MERGED, "Merged into the run you logged by hand.", session, None)
    return session
