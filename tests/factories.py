"""The factories of every app in one import (tests/<app>/factories.py define them)."""

from tests.accounts.factories import PASSWORD, GymFactory, MembershipFactory, UserFactory
from tests.recovery.factories import (
    checkin,
    checkin_answers,
    checkin_post,
    due_reminder,
    override,
    planned_run,
)
from tests.training.factories import SessionFactory, StrengthFactory

__all__ = [
    "PASSWORD",
    "GymFactory",
    "MembershipFactory",
    "SessionFactory",
    "StrengthFactory",
    "UserFactory",
    "checkin",
    "checkin_answers",
    "checkin_post",
    "due_reminder",
    "override",
    "planned_run",
]
