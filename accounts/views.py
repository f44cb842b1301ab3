"""Account settings, data rights, and joining or leaving gyms."""

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import DeleteAccountForm, JoinCodeForm, SettingsForm
from .models import Membership, Role


def settings_view(request):
    form = SettingsForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.profile_save(form=form)
            messages.success(request, "Settings saved.")
            return redirect("accounts:account_settings")
        messages.error(request, "Nothing was saved: please correct the fields marked below.")
    memberships = list(selectors.memberships_of(request.user))
    context = {
        "form": form,
        "memberships": memberships,
        "is_athlete_member": any(m.role == Role.ATHLETE for m in memberships),
        "staff_seeing": selectors.staff_seeing(request.user),
    }
    return render(request, "accounts/settings.html", context, status=422 if form.errors else 200)


def export_view(request):
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(services.user_export(request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="runready-export-{stamp}.zip"'
    return response


def delete_view(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, "Your account and all its data have been deleted.")
        return redirect("home")
    return render(
        request, "accounts/delete.html", {"form": form}, status=422 if form.errors else 200
    )


def join_view(request):
    """Enter an invitation code by hand; it leads to the same page as the link."""
    form = JoinCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("accounts:gym_join", code=form.cleaned_data["code"])
    return render(request, "accounts/join.html", {"form": form})


def join_code_view(request, code: str):
    invitation = selectors.invitation_by_code(code)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(code=code, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"You joined {membership.gym} as {membership.get_role_display().lower()}."
            )
            return redirect("home")
    status = 200 if invitation and invitation.status == "pending" else 404
    return render(request, "accounts/join_code.html", {"invitation": invitation}, status=status)


@require_POST
def leave_view(request, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("gym"), pk=membership_id, user=request.user
    )
    try:
        services.membership_leave(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        who = (
            "its staff can no longer see your data"
            if membership.role == Role.ATHLETE
            else "you no longer see its athletes"
        )
        messages.success(request, f"You left {membership.gym}; {who}.")
    return redirect("accounts:account_settings")
