"""Recompute every derived state (leg-day flags, plan flags, today's verdicts, roster rows,
pending reminders, caches) for all athletes or some: after a rule change made outside the
admin, a restore, or a deploy that changed a rule."""

from django.core.management.base import BaseCommand

from accounts.models import User
from recovery import sync


class Command(BaseCommand):
    help = "Recompute derived state (today's verdicts, roster rows, flags, reminders)."

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="*", help="Only these athletes (default: all).")

    def handle(self, *args, emails, **options):
        athletes = User.objects.filter(is_active=True)
        if emails:
            athletes = athletes.filter(email__in=emails)
        done = sync.rebuild(athletes)
        self.stdout.write(self.style.SUCCESS(f"Derived state rebuilt for {done} account(s)."))
