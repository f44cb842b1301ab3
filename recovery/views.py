"""Athlete home and the staff area."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.forms import InvitationForm
from accounts.models import Role


def today(request):
    context = {"memberships": account_selectors.memberships_of(request.user)}
    return render(request, "recovery/today.html", context)


def _require_staff(request) -> None:
    if not request.user.is_gym_staff:
        raise PermissionDenied("This page is for gym staff.")


def coach_roster(request):
    _require_staff(request)
    athletes = account_selectors.athletes_for_staff(request.user).order_by("display_name", "email")
    return render(request, "recovery/roster.html", {"athletes": athletes})


def coach_athlete(request, athlete_id: int):
    _require_staff(request)
    athlete = get_object_or_404(account_selectors.athletes_for_staff(request.user), pk=athlete_id)
    return render(request, "recovery/athlete.html", {"athlete": athlete})


def coach_invite(request):
    _require_staff(request)
    gyms = account_selectors.staff_gyms(request.user).distinct()
    roles = {
        role for gym in gyms for role in account_services.roles_user_may_invite(request.user, gym)
    }
    form = InvitationForm(
        request.POST or None, gyms=gyms, roles=roles, initial={"role": Role.ATHLETE}
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = account_services.invitation_create(
                created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(
                request,
                f"Invitation created. Share the link or the code {invitation.code}; "
                "it works once and expires in 7 days.",
            )
            return redirect("coach_invite")
    invitations = account_selectors.invitations_for_staff(request.user).pending()
    context = {"form": form, "invitations": invitations}
    return render(request, "recovery/invite.html", context, status=422 if form.errors else 200)


@require_POST
def coach_invite_revoke(request, invitation_id: int):
    _require_staff(request)
    invitation = get_object_or_404(
        account_selectors.invitations_for_staff(request.user), pk=invitation_id
    )
    try:
        account_services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Invitation {invitation.code} revoked.")
    return redirect("coach_invite")
