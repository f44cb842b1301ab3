"""Writes of the outcomes room: the athlete's (or coach's) decision on a suggested level."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import FitnessLevel, User
from accounts.selectors import may_act_for
from accounts.signals import profile_changed

from ..models import Notification


@transaction.atomic
def level_decide(*, athlete: User, by: User, accept: bool, level: str = "") -> None:
    """The athlete (or their coach) takes the suggested `level`, or keeps the current one
    (not asked again for eight weeks). A coach's change is told to the athlete."""
    if not may_act_for(by, athlete):
        raise PermissionDenied(gettext_lazy("You can't change this athlete's level."))
    if accept and level in FitnessLevel.values:
        before = athlete.get_fitness_level_display()
        athlete.fitness_level = level
        athlete.save(update_fields=["fitness_level"])
        if by.pk != athlete.pk:
            Notification.objects.create(
                user=athlete,
                title=gettext_lazy("{name} changed your fitness level to {lower}").format(
                    name=by.name, lower=athlete.get_fitness_level_display().lower()
                ),
                body=gettext_lazy(
                    "It was {lower}. Your log suggested the change; Settings has it."
                ).format(lower=before.lower()),
                url=reverse("accounts:account_settings"),
            )
        profile_changed.send(sender=User, user=athlete)
    else:
        athlete.level_kept_at = timezone.now()
        athlete.save(update_fields=["level_kept_at"])
