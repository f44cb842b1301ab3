"""Account settings, onboarding, push devices, data rights, and joining or leaving gyms."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import (
    ApiTokenForm,
    DeleteAccountForm,
    JoinCodeForm,
    OnboardingForm,
    PushSubscriptionForm,
    SettingsForm,
    TimeZoneForm,
)
from .models import CalendarFeed, Membership, Role


def _next_or_home(request) -> str:
    """A `next` path on this site (never a view name or another site), else home."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "home"


def _profile_form_saved(request, form, message: str) -> bool:
    """Save a POSTed profile form through the service; say what happened either way."""
    if request.method != "POST":
        return False
    if form.is_valid():
        services.profile_save(form=form)
        messages.success(request, message)
        return True
    messages.error(
        request, gettext_lazy("Nothing was saved: please correct the fields marked below.")
    )
    return False


def settings_view(request):
    form = SettingsForm(request.POST or None, instance=request.user)
    if _profile_form_saved(request, form, gettext_lazy("Settings saved.")):
        return redirect("accounts:account_settings")
    return _settings_page(request, form=form, status=422 if form.errors else 200)


def _settings_page(request, *, form=None, token_form=None, new_token="", status=200):
    memberships = list(selectors.memberships_of(request.user))
    context = {
        "form": form or SettingsForm(instance=request.user),
        "token_form": token_form or ApiTokenForm(),
        "new_token": new_token,
        "api_tokens": selectors.api_tokens_of(request.user),
        "now": timezone.now(),
        "memberships": memberships,
        "is_athlete_member": any(m.role == Role.ATHLETE for m in memberships),
        "staff_seeing": selectors.staff_seeing(request.user),
        "push_devices": request.user.push_subscriptions.all(),
        **_calendar(request),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY if settings.VAPID_PRIVATE_KEY else "",
    }
    return render(request, "accounts/settings.html", context, status=status)


@require_POST
def api_token_create_view(request):
    """A new API token, shown on the page this once (it is not kept, nor put in the session)."""
    token_form = ApiTokenForm(request.POST)
    if token_form.is_valid():
        data = token_form.cleaned_data
        try:
            _, token = services.api_token_create(
                user=request.user,
                name=data["name"],
                can_write=data["access"] == "write",
                days=data["days"],
            )
        except ValidationError as error:
            token_form.add_error(None, error)
        else:
            return _settings_page(request, new_token=token)
    return _settings_page(request, token_form=token_form, status=422)


@require_POST
def api_token_revoke_view(request, pk: int):
    get_object_or_404(selectors.api_tokens_of(request.user), pk=pk)
    services.api_token_revoke(user=request.user, pk=pk)
    messages.success(request, gettext_lazy("Token revoked: it stops working now."))
    return redirect(reverse("accounts:account_settings") + "#api-tokens")


def _calendar(request) -> dict:
    """The address just made (shown this once: only its hash is kept), or whether one works."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    token = request.session.pop(CALENDAR_ONCE, "")
    url = ""
    if token and feed and feed.token_hash == CalendarFeed.hash(token):
        url = settings.SITE_URL.rstrip("/") + reverse("recovery:calendar_feed", args=[token])
    usable = feed is not None and selectors.calendar_feed_usable(feed)
    return {
        "calendar_url": url,
        "calendar_feed": feed if usable else None,
        "calendar_stopped": feed is not None and not usable,
        "calendar_needs_mfa": request.user.is_gym_staff and not selectors.mfa_ready(request.user),
    }


CALENDAR_ONCE = "calendar_token_once"


@require_POST
def calendar_reset_view(request):
    """A new private calendar address (the first, or instead of the old one)."""
    had = CalendarFeed.objects.filter(user=request.user).exists()
    try:
        request.session[CALENDAR_ONCE] = services.calendar_feed_reset(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext_lazy(
                "New calendar address: the old one no longer works; add this one to your calendar."
            )
            if had
            else gettext_lazy("Calendar address ready: add it to your calendar app."),
        )
    return redirect(reverse("accounts:account_settings") + "#calendar")


@require_POST
def calendar_off_view(request):
    services.calendar_feed_off(user=request.user)
    messages.success(request, gettext_lazy("Calendar address turned off."))
    return redirect(reverse("accounts:account_settings") + "#calendar")


def onboarding_view(request):
    """First-run setup, right after sign-up and at each sign-in until it is done."""
    form = OnboardingForm(request.POST or None, instance=request.user)
    if _profile_form_saved(
        request, form, gettext_lazy("All set. Check in each morning after a leg day.")
    ):
        return redirect("home")
    return render(
        request, "accounts/onboarding.html", {"form": form}, status=422 if form.errors else 200
    )


@require_POST
def time_zone_view(request):
    """The answer to "your device says another time zone": either one confirms the zone."""
    form = TimeZoneForm(request.POST, instance=request.user)
    if form.is_valid():
        services.profile_save(form=form)
        messages.success(
            request,
            gettext_lazy("Time zone: {replace}.").format(
                replace=request.user.time_zone.replace("_", " ")
            ),
        )
    else:
        messages.error(
            request, gettext_lazy("That is not a time zone we know; nothing was changed.")
        )
    return redirect(_next_or_home(request))


@require_POST
def push_subscribe_view(request):
    """app.js posts the browser's subscription here (JSON) after the permission prompt."""
    try:
        data = json.loads(request.body or b"{}")
        keys = data.get("keys") or {}
        fields = {
            "endpoint": data.get("endpoint"),
            "p256dh": keys.get("p256dh"),
            "auth": keys.get("auth"),
            "device": str(data.get("device") or "")[:120],
        }
    except (ValueError, AttributeError):
        return JsonResponse({"error": gettext_lazy("Send the subscription as JSON.")}, status=400)
    form = PushSubscriptionForm(fields)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return JsonResponse({"error": f"This subscription cannot be used ({errors})."}, status=400)
    subscription = services.push_subscribe(user=request.user, **form.cleaned_data)
    return JsonResponse({"id": subscription.pk}, status=201)


@require_POST
def push_unsubscribe_view(request):
    """Turn push off for one device: app.js sends its endpoint (JSON); the device list in
    Settings posts the row's id (works without JavaScript)."""
    if request.content_type == "application/json":
        try:
            endpoint = str(json.loads(request.body or b"{}").get("endpoint") or "")
        except (ValueError, AttributeError):
            return JsonResponse({"error": gettext_lazy("Send the endpoint as JSON.")}, status=400)
        removed = services.push_unsubscribe(user=request.user, endpoint=endpoint)
        return JsonResponse({"removed": removed})
    raw = request.POST.get("id", "")
    removed = services.push_unsubscribe(user=request.user, pk=int(raw)) if raw.isdigit() else 0
    if removed:
        messages.success(request, gettext_lazy("Push is off for that device."))
    else:
        messages.error(
            request, gettext_lazy("That device was not on your list; nothing was changed.")
        )
    return redirect("accounts:account_settings")


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
        messages.success(request, gettext_lazy("Your account and all its data have been deleted."))
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
                request,
                gettext_lazy("You joined {gym} as {lower}.").format(
                    gym=membership.gym, lower=membership.get_role_display().lower()
                ),
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
            gettext_lazy("its staff can no longer see your data")
            if membership.role == Role.ATHLETE
            else gettext_lazy("you no longer see its athletes")
        )
        messages.success(
            request, gettext_lazy("You left {gym}; {who}.").format(gym=membership.gym, who=who)
        )
    return redirect("accounts:account_settings")
