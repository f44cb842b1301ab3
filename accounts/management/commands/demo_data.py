"""Load the demo gym and its people. Safe to run again: it creates nothing twice."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import FitnessLevel, Gym, Membership, Role, User

DEMO_GYM = "Demo Gym"
# (email, display name, role in the gym or None, fitness level, is superuser)
DEMO_PEOPLE = [
    ("admin@example.com", "Admin", None, FitnessLevel.INTERMEDIATE, True),
    ("manager@example.com", "Morgan (manager)", Role.MANAGER, FitnessLevel.TRAINED, False),
    ("coach@example.com", "Casey (coach)", Role.COACH, FitnessLevel.TRAINED, False),
    ("athlete@example.com", "Alex", Role.ATHLETE, FitnessLevel.INTERMEDIATE, False),
    ("athlete2@example.com", "Sam", Role.ATHLETE, FitnessLevel.NOVICE, False),
    ("athlete3@example.com", "Jordan", Role.ATHLETE, FitnessLevel.TRAINED, False),
]


class Command(BaseCommand):
    help = "Create the demo gym, staff and athletes (DEBUG only; idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: the demo accounts share a "
                "published password. Use it only on a development machine."
            )
        with transaction.atomic():
            gym, _ = Gym.objects.get_or_create(name=DEMO_GYM)
            for email, name, role, level, is_superuser in DEMO_PEOPLE:
                user, created = User.objects.get_or_create(
                    email=email,
                    defaults={
                        "display_name": name,
                        "fitness_level": level,
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Log in as athlete@example.com, coach@example.com, "
                f"manager@example.com or admin@example.com (/admin/) with the password "
                f"{settings.DEMO_PASSWORD!r}."
            )
        )
