"""Load the demo gym and its people. Safe to run again: it creates nothing twice."""

import os
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import FitnessLevel, Gym, Membership, Role, User
from recovery import sync

from ._demo_training import load_demo_checkins, load_demo_plans, load_demo_training

DEMO_GYM = "Demo Gym"
# (email, display name, role in the gym or None, fitness level, time zone, is superuser)
DEMO_PEOPLE = [
    ("admin@example.com", "Admin", None, FitnessLevel.INTERMEDIATE, "UTC", True),
    (
        "manager@example.com",
        "Morgan (manager)",
        Role.MANAGER,
        FitnessLevel.TRAINED,
        "Europe/London",
        False,
    ),
    (
        "coach@example.com",
        "Casey (coach)",
        Role.COACH,
        FitnessLevel.TRAINED,
        "Europe/London",
        False,
    ),
    (
        "athlete@example.com",
        "Alex",
        Role.ATHLETE,
        FitnessLevel.INTERMEDIATE,
        "Europe/London",
        False,
    ),
    ("athlete2@example.com", "Sam", Role.ATHLETE, FitnessLevel.NOVICE, "America/New_York", False),
    ("athlete3@example.com", "Jordan", Role.ATHLETE, FitnessLevel.TRAINED, "Europe/Berlin", False),
    (
        "athlete4@example.com",
        "Taylor",
        Role.ATHLETE,
        FitnessLevel.INTERMEDIATE,
        "Europe/Dublin",
        False,
    ),
]


def _development_database() -> bool:
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return Path(database["NAME"]).resolve().is_relative_to(Path(settings.VAR_DIR).resolve())
    return str(database["NAME"]).startswith("test_")  # the test runner's own


class Command(BaseCommand):
    help = "Create the demo gym, staff and athletes (DEBUG only; idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: the demo accounts share a "
                "published password. Use it only on a development machine."
            )
        if os.environ.get("RUNREADY_DEMO_DATA") != "yes":
            raise CommandError(
                "Demo data is loaded by `make run` only (it sets RUNREADY_DEMO_DATA=yes): "
                "the demo accounts share a published password."
            )
        if not _development_database():
            raise CommandError(
                "Refusing to load demo data into this database: only the embedded SQLite "
                f"file under {settings.VAR_DIR} (or a test database) may hold it."
            )
        with transaction.atomic():
            gym, _ = Gym.objects.get_or_create(name=DEMO_GYM)
            for email, name, role, level, time_zone, is_superuser in DEMO_PEOPLE:
                user, created = User.objects.get_or_create(
                    email=email,
                    defaults={
                        "display_name": name,
                        "fitness_level": level,
                        # Novices are new to leg training; the others lift legs weekly.
                        "legs_trained_recently": level != "novice",
                        "time_zone": time_zone,
                        "time_zone_confirmed": True,
                        "onboarded_at": timezone.now(),
                        "is_staff": is_superuser,
                        "is_superuser": is_superuser,
                    },
                )
                if created:
                    user.set_password(settings.DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                EmailAddress.objects.update_or_create(
                    user=user, email=email, defaults={"verified": True, "primary": True}
                )
                if role:
                    Membership.objects.get_or_create(gym=gym, user=user, defaults={"role": role})
                if role == Role.ATHLETE:
                    load_demo_training(user)
                    load_demo_checkins(user)
                    load_demo_plans(user)
            # Users and memberships were written here directly: bring what derives from them
            # up to date (the sessions and check-ins went through their services already).
            sync.rebuild(User.objects.filter(email__in=[person[0] for person in DEMO_PEOPLE]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Log in as athlete@example.com, coach@example.com, "
                f"manager@example.com or admin@example.com (/admin/) with the password "
                f"{settings.DEMO_PASSWORD!r}."
            )
        )
