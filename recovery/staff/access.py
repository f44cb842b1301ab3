"""Who may use the staff pages, in one place for every staff view (the staff area, and the
planning and template pages staff use for their athletes): the rules themselves live in
`accounts.selectors`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from accounts.models import User


def require_staff(request) -> None:
    """Staff of some gym, or 403."""
    if not request.user.is_gym_staff:
        raise PermissionDenied(gettext_lazy("This page is for gym staff."))


def staff_athlete(request, athlete_id: int) -> User:
    """An athlete the signed-in staff member may act for. Not staff, or not their athlete:
    either way the athlete does not exist for them (404)."""
    return get_object_or_404(account_selectors.athletes_for_staff(request.user), pk=athlete_id)
