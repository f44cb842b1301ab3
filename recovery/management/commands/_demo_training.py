"""Two weeks of realistic training for the demo athletes (used by the demo_data command)."""

import datetime as dt
from typing import Any

from recovery.models import RED_FLAG_FIELDS
from recovery.services import checkin_save
from training import services
from training.models import Exercise, Kind, PrescribedRow
from training.services import EntryData

from ...planning import services as plans

LEGS_A = [
    ("Back squat", 5, 5, 90),
    ("Romanian deadlift", 3, 8, 70),
    ("Walking lunge", 3, 10, 20),
    ("Standing calf raise", 3, 15, 40),
]
LEGS_B = [
    ("Front squat", 4, 6, 70),
    ("Bulgarian split squat", 3, 8, 16),
    ("Hip thrust", 3, 10, 80),
    ("Copenhagen plank", 3, 1, None),
]
UPPER = [
    ("Bench press", 4, 6, 60),
    ("Pull-up", 4, 6, None),
    ("Overhead press", 3, 8, 35),
    ("Plank", 3, 1, None),
]

# days ago -> (kind, hour, minutes, rpe, extra); yesterday is a leg day, so the next issues'
# Today page and reminders have something to work with.
PLANS: dict[str, dict[int, tuple[str, int, int, int, Any]]] = {
    "athlete@example.com": {
        14: ("strength", 18, 60, 7, LEGS_A),
        13: ("run", 7, 45, 3, ("easy", 8.0, "heavy")),
        12: ("strength", 18, 45, 6, UPPER),
        11: ("run", 7, 50, 7, ("tempo", 10.0, "fresh")),
        9: ("run", 8, 95, 5, ("long", 16.0, "fresh")),
        8: ("run", 9, 35, 2, ("recovery", 6.0, "fresh")),
        7: ("strength", 18, 60, 8, LEGS_B),
        6: ("run", 7, 40, 3, ("easy", 7.0, "sore")),
        5: ("strength", 18, 45, 6, UPPER),
        4: ("run", 7, 55, 7, ("intervals", 10.0, "fresh")),
        2: ("run", 8, 100, 5, ("long", 17.0, "heavy")),
        1: ("strength", 18, 60, 8, LEGS_A),
    },
    "athlete2@example.com": {
        13: ("strength", 19, 45, 6, LEGS_B[:2]),
        11: ("run", 7, 30, 3, ("easy", 5.0, "sore")),
        8: ("run", 7, 35, 4, ("easy", 5.5, "fresh")),
        6: ("strength", 19, 45, 7, LEGS_A[:3]),
        4: ("run", 7, 30, 3, ("easy", 5.0, "heavy")),
        2: ("run", 8, 45, 4, ("long", 7.0, "fresh")),
        1: ("strength", 19, 50, 8, LEGS_A),
    },
    "athlete3@example.com": {
        14: ("run", 6, 60, 4, ("easy", 12.0, "fresh")),
        13: ("strength", 17, 70, 8, LEGS_A),
        12: ("run", 6, 45, 2, ("recovery", 8.0, "heavy")),
        11: ("run", 6, 60, 8, ("intervals", 12.0, "fresh")),
        10: ("strength", 17, 50, 6, UPPER),
        9: ("run", 6, 50, 3, ("easy", 10.0, "fresh")),
        7: ("run", 7, 120, 6, ("long", 24.0, "fresh")),
        6: ("strength", 17, 70, 8, LEGS_B),
        5: ("run", 6, 45, 2, ("recovery", 8.0, "sore")),
        4: ("run", 6, 60, 7, ("tempo", 13.0, "fresh")),
        3: ("strength", 17, 50, 6, UPPER),
        2: ("run", 7, 110, 6, ("long", 22.0, "fresh")),
        1: ("strength", 17, 60, 7, LEGS_A),
    },
    "athlete4@example.com": {
        12: ("strength", 18, 50, 6, LEGS_B[:3]),
        10: ("run", 7, 40, 3, ("easy", 7.0, "heavy")),
        8: ("run", 7, 50, 6, ("tempo", 9.0, "fresh")),
        6: ("run", 8, 80, 4, ("long", 13.0, "fresh")),
        4: ("run", 7, 40, 3, ("easy", 7.0, "fresh")),
        2: ("run", 7, 45, 6, ("intervals", 8.0, "fresh")),
    },
}


def load_demo_training(athlete) -> int:
    """Log the athlete's demo fortnight unless they already have sessions. Returns how many."""
    plan = PLANS.get(athlete.email)
    if not plan or athlete.sessions.exists():
        return 0
    exercises = {e.name: e for e in Exercise.objects.all()}
    today = athlete.local_today()
    for days_ago, (kind, hour, minutes, rpe, extra) in plan.items():
        day = today - dt.timedelta(days=days_ago)
        fields: dict[str, Any] = {
            "started_at": dt.datetime.combine(day, dt.time(hour), tzinfo=athlete.tz),
            "duration_s": minutes * 60,
            "rpe": rpe,
        }
        if kind == Kind.RUN:
            run_type, km, legs = extra
            fields.update(distance_m=km * 1000, run_type=run_type, legs_feel=legs)
            entries = None
        else:
            entries = [
                EntryData(exercise=exercises[name], sets=sets, reps=reps, load_kg=load)
                for name, sets, reps, load in extra
            ]
        services.session_create(
            athlete=athlete, entered_by=athlete, kind=kind, entries=entries, **fields
        )
    return len(plan)


# days ago -> (quads, hamstrings, glutes, calves, adductors, sleep, energy): soreness that
# follows the leg days above (peaking a day or two after, then fading).
CHECKINS = {
    13: (4, 3, 3, 1, 1, 4, 3),
    12: (3, 2, 2, 1, 0, 4, 4),
    11: (1, 1, 1, 0, 0, 4, 4),
    9: (0, 0, 0, 1, 0, 3, 3),
    8: (0, 0, 0, 0, 0, 4, 4),
    6: (5, 3, 4, 2, 1, 3, 3),
    5: (3, 2, 2, 1, 1, 4, 3),
    4: (2, 1, 1, 0, 0, 4, 4),
    2: (0, 1, 0, 2, 0, 4, 4),
}


# Today's check-ins put the demo gym's roster in every traffic-light state: Alex has not
# checked in today (grey), Sam is very sore (red), Jordan is a day after legs (amber) and
# Taylor is fresh (green).
TODAY = {
    "athlete2@example.com": (8, 4, 6, 3, 2, 3, 3),
    "athlete3@example.com": (2, 1, 1, 0, 0, 4, 4),
    "athlete4@example.com": (0, 0, 0, 0, 0, 4, 4),
}


def load_demo_checkins(athlete) -> int:
    """Check-ins for the demo athletes: Alex's last fortnight (today left to do), and today's
    for the others."""
    if athlete.checkins.exists():
        return 0
    if athlete.email == "athlete@example.com":
        plan = CHECKINS
    elif athlete.email in TODAY:
        plan = {0: TODAY[athlete.email]}
    else:
        return 0
    today = athlete.local_today()
    for days_ago, (quads, hamstrings, glutes, calves, adductors, sleep, energy) in plan.items():
        answers: dict[str, Any] = dict.fromkeys(RED_FLAG_FIELDS, False)
        answers.update(
            can_walk_normally=True,
            quads=quads,
            hamstrings=hamstrings,
            glutes=glutes,
            calves=calves,
            adductors=adductors,
            sleep_quality=sleep,
            energy=energy,
        )
        checkin_save(athlete=athlete, day=today - dt.timedelta(days=days_ago), answers=answers)
    return len(plan)


def load_demo_plans(athlete) -> int:
    """The demo athlete's next days in the planner: a prescribed leg day in two days' evening
    (back squat 5 x 5 at RPE 8, Romanian deadlift 3 x 8 at 70 kg: hard) and a tempo run three
    days after it, clear of its window. Returns how many were planned."""
    if athlete.email != "athlete@example.com" or athlete.planned_leg_days.exists():
        return 0
    today = athlete.local_today()
    squat, rdl = (Exercise.objects.get(name=n) for n in ("Back squat", "Romanian deadlift"))
    plans.planned_leg_day_save(
        athlete=athlete,
        entered_by=athlete,
        day=today + dt.timedelta(days=2),
        intensity="hard",
        time=dt.time(18),
        rows=[
            PrescribedRow(exercise=squat, sets=5, reps=5, load_kind="rpe", load=8),
            PrescribedRow(exercise=rdl, sets=3, reps=8, load_kind="kg", load=70),
        ],
    )
    plans.planned_run_save(
        athlete=athlete,
        entered_by=athlete,
        day=today + dt.timedelta(days=5),
        run_type="tempo",
        minutes=45,
        time=dt.time(7),
    )
    return 2
