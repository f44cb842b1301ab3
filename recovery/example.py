"""The landing page's example: a real verdict card and a real suggested week, computed by the
engine with the current thresholds for a made-up athlete's morning (never stored), and drawn by
the same templates as Today and the week suggester."""

from dataclasses import dataclass

from .engine import readiness, weekplan
from .engine.contract import ReadinessInput
from .models import Recommendation
from .planning.weeks import week_days
from .verdict.presentation import verdict_card
from .verdict.thresholds import current_thresholds
from .verdict.verdicts import result_fields


@dataclass(frozen=True)
class ExampleAthlete:
    """What the card reads of an athlete: only the body mass, for the protein item."""

    body_mass_kg: float = 70.0


# The morning after a hard squat session (RPE 8, an hour, usual for them), quads 5/10.
EXAMPLE_MORNING = ReadinessInput(
    hours_since_leg=16.0,
    leg_rpe=8,
    leg_minutes=60,
    leg_unaccustomed=False,
    typical_leg_load=480.0,
    soreness={"quads": 5, "hamstrings": 3, "glutes": 2, "calves": 1, "adductors": 1},
    can_walk_normally=True,
    sleep_quality=3,
    energy=3,
    red_flags=frozenset(),
    fitness_level="intermediate",
    acwr=None,
    wellness_z=None,
    planned_minutes=45,
    goal="balanced",
)


def example_verdict() -> dict:
    """The verdict card's context for `EXAMPLE_MORNING`."""
    thresholds, version = current_thresholds()
    result = readiness.assess(EXAMPLE_MORNING, thresholds)
    recommendation = Recommendation(
        **result_fields(result), provisional=False, threshold_version=version, inputs={}
    )
    return verdict_card(recommendation, ExampleAthlete())


def example_week() -> dict:
    """Two leg days and four runs (one of them quality) for an intermediate athlete."""
    thresholds, _ = current_thresholds()
    request = weekplan.WeekRequest(
        level="intermediate", goal="balanced", leg_days=2, runs=4, thresholds=thresholds
    )
    plan = weekplan.suggest(request)
    return {"plan": plan, "days": week_days(plan) if plan.ok else []}
