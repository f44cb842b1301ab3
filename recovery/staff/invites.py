"""The staff area's invitations and staff list (views)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.forms import InvitationForm
from accounts.models import Membership, Role

from .access import require_staff


@require_POST
def coach_staff_remove(request, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("gym", "user"),
        pk=membership_id,
        gym__in=account_selectors.managed_gyms(request.user),
    )
    try:
        account_services.staff_remove(by=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext_lazy("{name} no longer has access to {gym}.").format(
                name=membership.user.name, gym=membership.gym
            ),
        )
    return redirect("recovery:coach_invite")


def coach_invite(request):
    require_staff(request)
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
                gettext_lazy(
                    "Invitation created. Share the link or the code now: it is shown only this once, "
                    "works once and expires in 7 days."
                ),
            )
            request.session["invitation_created"] = invitation.pk
            return redirect("recovery:coach_invite")
    invitations = account_selectors.invitations_for_staff(request.user).pending()
    staff = Membership.objects.filter(
        gym__in=account_selectors.managed_gyms(request.user), role__in=Role.staff_roles()
    ).select_related("user", "gym")
    created = request.session.pop("invitation_created", None)
    context = {
        "form": form,
        "invitations": invitations,
        "staff": staff,
        # The new invitation's full code and link, once, to its creator.
        "created": invitations.filter(pk=created, created_by=request.user).first()
        if created
        else None,
    }
    return render(
        request, "recovery/staff/invite.html", context, status=422 if form.errors else 200
    )


@require_POST
def coach_invite_revoke(request, invitation_id: int):
    invitation = get_object_or_404(
        account_selectors.invitations_for_staff(request.user), pk=invitation_id
    )
    try:
        account_services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext_lazy("Invitation {code_hint} revoked.").format(code_hint=invitation.code_hint),
        )
    return redirect("recovery:coach_invite")
