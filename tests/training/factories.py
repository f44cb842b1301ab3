"""factory_boy factories of the training app, built through its services: a session made
here schedules reminders and moves the verdict exactly as one logged by a user does."""

import datetime as dt

import factory
from django.utils import timezone

from tests.accounts.factories import UserFactory
from training import services
from training.models import Exercise, Session


class SessionFactory(factory.django.DjangoModelFactory):
    """A run by default; StrengthFactory(exercises=["Back squat", ...]) for strength sessions
    (3 x 5 of each). Created with `training.services.session_create`."""

    class Meta:
        model = Session

    athlete = factory.SubFactory(UserFactory)
    kind = "run"
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    duration_s = 1800
    rpe = 3
    distance_m = 5000.0
    run_type = "easy"
    legs_feel = "fresh"

    @classmethod
    def _create(cls, model_class, *args, athlete, entered_by=None, exercises=(), **fields):
        entries = [
            services.EntryData(
                exercise=Exercise.objects.get(name=name), sets=3, reps=5, load_kg=None
            )
            for name in exercises
        ]
        return services.session_create(
            athlete=athlete,
            entered_by=entered_by or athlete,
            entries=entries if fields.get("kind") == "strength" else None,
            **fields,
        )


class StrengthFactory(SessionFactory):
    kind = "strength"
    distance_m = None
    run_type = ""
    legs_feel = ""
    duration_s = 3600
    rpe = 7
