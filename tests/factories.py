"""factory_boy factories for accounts, gyms and the training log."""

import datetime as dt

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Gym, Membership, Role, User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can log in: password set and email verified (allauth requires it)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class GymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gym

    name = factory.Sequence(lambda n: f"Gym {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    gym = factory.SubFactory(GymFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.ATHLETE


class SessionFactory(factory.django.DjangoModelFactory):
    """A run by default; use StrengthFactory for strength sessions."""

    class Meta:
        model = "training.Session"
        skip_postgeneration_save = True

    athlete = factory.SubFactory(UserFactory)
    kind = "run"
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    duration_s = 1800
    rpe = 3
    distance_m = 5000.0
    run_type = "easy"
    legs_feel = "fresh"


class StrengthFactory(SessionFactory):
    kind = "strength"
    distance_m = None
    run_type = ""
    legs_feel = ""
    duration_s = 3600
    rpe = 7

    @factory.post_generation
    def exercises(self, create, extracted, **kwargs):
        """StrengthFactory(exercises=["Back squat", ...]) adds 3x5 rows and sets the leg-day flag."""
        if not create or not extracted:
            return
        from training.models import Exercise, ExerciseEntry

        for position, name in enumerate(extracted):
            ExerciseEntry.objects.create(
                session=self,
                exercise=Exercise.objects.get(name=name),
                position=position,
                sets=3,
                reps=5,
            )
        self.is_leg_day = self.entries.filter(exercise__lower_body=True).exists()
        self.save(update_fields=["is_leg_day"])


def checkin_answers(**overrides) -> dict:
    """A valid check-in for recovery.services.checkin_save: no red flags, no soreness, rested."""
    from recovery.models import RED_FLAG_FIELDS, SORENESS_FIELDS

    answers = dict.fromkeys(RED_FLAG_FIELDS, False)
    answers.update(dict.fromkeys(SORENESS_FIELDS, 0))
    answers.update(can_walk_normally=True, sleep_quality=4, energy=4)
    answers.update(overrides)
    return answers


def due_reminder(athlete, *, leg_day_hours_ago: float = 30):
    """A next-day reminder due a minute ago, after a leg day that many hours ago."""
    from recovery.models import Reminder

    now = timezone.now()
    StrengthFactory(
        athlete=athlete,
        started_at=now - dt.timedelta(hours=leg_day_hours_ago),
        exercises=["Back squat"],
    )
    return Reminder.objects.create(
        athlete=athlete,
        kind="next_day",
        local_date=now.astimezone(athlete.tz).date(),
        due_at=now - dt.timedelta(minutes=1),
    )


def checkin_post(**overrides) -> dict:
    """The same calm check-in as form data for POST /checkin/ (yes/no and numbers as text)."""
    answers = {
        name: ("yes" if value else "no") if isinstance(value, bool) else str(value)
        for name, value in checkin_answers().items()
    }
    return {**answers, "note": "", **overrides}
