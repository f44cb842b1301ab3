"""Writes for accounts and gyms: invitations, joining and leaving, settings, export, deletion.

Every service validates its rules and raises ValidationError with a message meant for
the person using the app; views show it next to the form or as a flash message.
"""

import csv
import datetime as dt
import io
import json
import re
import secrets
import zipfile
from typing import Any

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .models import (
    PROFILE_FIELDS,
    REMINDER_FIELDS,
    ApiToken,
    CalendarFeed,
    Gym,
    Invitation,
    Membership,
    PushSubscription,
    Role,
    User,
    token_digest,
)
from .selectors import mfa_ready, user_delete_blocker
from .signals import export_requested, membership_changed, profile_changed

INVITATION_LIFETIME = dt.timedelta(days=7)
# No 0/O, 1/I/L: codes are read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _role_in(user: User, gym: Gym) -> str | None:
    return Membership.objects.filter(user=user, gym=gym).values_list("role", flat=True).first()


def roles_user_may_invite(user: User, gym: Gym) -> tuple[str, ...]:
    """Managers invite staff and athletes; coaches invite athletes; others nobody."""
    role = _role_in(user, gym)
    if role == Role.MANAGER:
        return (Role.ATHLETE, Role.COACH, Role.MANAGER)
    if role == Role.COACH:
        return (Role.ATHLETE,)
    return ()


@transaction.atomic
def invitation_create(*, gym: Gym, role: str, created_by: User, email: str = "") -> Invitation:
    """Create a single-use invitation that expires after INVITATION_LIFETIME."""
    if role not in roles_user_may_invite(created_by, gym):
        if role in Role.staff_roles():
            raise ValidationError(gettext_lazy("Only a manager of this gym can invite staff."))
        raise ValidationError(gettext_lazy("Only staff of this gym can invite athletes."))
    if role in Role.staff_roles() and not email.strip():
        raise ValidationError(
            gettext_lazy(
                "A staff invitation is for one person: enter their email address. Only an account "
                "with that verified address can accept it."
            )
        )
    invitation = Invitation(
        gym=gym,
        role=role,
        email=email,
        created_by=created_by,
        code=_new_code(),
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    invitation.save()
    return invitation


@transaction.atomic
def invitation_accept(*, code: str, user: User) -> Membership:
    """Accept an invitation: the user joins the gym in the invited role.

    The invitation row is locked, so two people racing for one code cannot both use it.
    """
    invitation = Invitation.objects.select_for_update().filter(code=code.strip().upper()).first()
    if invitation is None:
        raise ValidationError(
            gettext_lazy("There is no invitation with this code. Check it and try again.")
        )
    if invitation.status != "pending":
        raise ValidationError(
            gettext_lazy("This invitation has been {status} and cannot be used.").format(
                status=invitation.status
            )
        )
    if invitation.role not in roles_user_may_invite(invitation.created_by, invitation.gym):
        raise ValidationError(gettext_lazy("This invitation has been revoked and cannot be used."))
    if (
        invitation.role in Role.staff_roles()
        and not EmailAddress.objects.filter(
            user=user, email__iexact=invitation.email, verified=True
        ).exists()
    ):
        raise ValidationError(
            gettext_lazy(
                "This staff invitation is for another email address. Sign in with the account "
                "it was sent to (its address must be verified)."
            )
        )
    if Membership.objects.filter(gym_id=invitation.gym_id, user=user).exists():
        raise ValidationError(
            gettext_lazy("You are already a member of {gym}.").format(gym=invitation.gym)
        )
    membership = Membership(gym_id=invitation.gym_id, user=user, role=invitation.role)
    membership.full_clean()
    membership.save()
    membership_changed.send(sender=Membership, users=[user])
    invitation.accepted_by = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    if invitation.role not in roles_user_may_invite(by, invitation.gym):
        raise ValidationError(gettext_lazy("You cannot revoke this invitation."))
    if invitation.status != "pending":
        raise ValidationError(
            gettext_lazy("This invitation is already {status}.").format(status=invitation.status)
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    """Leave a gym. Staff of that gym lose access to this athlete's data at once.

    The last manager cannot leave: a gym must keep someone who can manage it.
    """
    if membership.role == Role.MANAGER:
        # Lock the rows themselves (count() would drop the lock): two managers leaving at
        # once cannot both pass.
        managers = list(
            Membership.objects.select_for_update().filter(
                gym_id=membership.gym_id, role=Role.MANAGER
            )
        )
        if len(managers) <= 1:
            raise ValidationError(
                gettext_lazy("You are this gym's only manager; invite another manager first.")
            )
    membership.delete()
    # What the member created through this membership ends with it.
    Invitation.objects.filter(
        gym_id=membership.gym_id, created_by=membership.user_id
    ).pending().update(revoked_at=timezone.now())
    Membership.objects.filter(gym_id=membership.gym_id, coach_id=membership.user_id).update(
        coach=None
    )
    membership_changed.send(sender=Membership, users=[membership.user])


@transaction.atomic
def coach_assign(*, by: User, membership: Membership, coach: User | None) -> Membership:
    """Who looks after an athlete in a gym. A manager assigns any of the gym's staff (or
    nobody); a coach takes an athlete on, or lets go of one of their own."""
    role = _role_in(by, membership.gym)
    if role not in Role.staff_roles() or membership.role != Role.ATHLETE:
        raise ValidationError(
            gettext_lazy("Only the gym's staff assign a coach to one of its athletes.")
        )
    if coach is not None and _role_in(coach, membership.gym) not in Role.staff_roles():
        raise ValidationError(gettext_lazy("The coach must be a coach or manager of this gym."))
    if role == Role.COACH and coach not in (by, None):
        raise ValidationError(
            gettext_lazy("A coach can take an athlete on themselves; a manager assigns others.")
        )
    if role == Role.COACH and coach is None and membership.coach_id not in (by.pk, None):
        raise ValidationError(gettext_lazy("Only a manager can unassign another coach's athlete."))
    membership.coach = coach
    membership.save(update_fields=["coach"])
    return membership


@transaction.atomic
def profile_save(*, form) -> User:
    """Save the settings form of a user; what is derived from the profile follows."""
    user = form.save()
    profile_changed.send(sender=User, user=user)
    return user


PUSH_DEVICES_PER_USER = 10


def push_subscribe(*, user: User, endpoint: str, p256dh: str, auth: str, device: str = ""):
    """Save this device's push subscription for `user`. An endpoint is one browser profile:
    subscribing again from it (under any account) replaces the old row."""
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth, "device": device}
    )
    # At most PUSH_DEVICES_PER_USER devices: a new one replaces the oldest.
    keep = PushSubscription.objects.filter(user=user).order_by("-created_at", "-pk")
    PushSubscription.objects.filter(user=user).exclude(
        pk__in=keep.values("pk")[:PUSH_DEVICES_PER_USER]
    ).delete()
    return subscription


def push_unsubscribe(*, user: User, endpoint: str = "", pk: int | None = None) -> int:
    """Remove one of `user`'s own devices, by its endpoint or its id. Returns how many."""
    subscriptions = PushSubscription.objects.filter(user=user)
    if pk is not None:
        subscriptions = subscriptions.filter(pk=pk)
    elif endpoint:
        subscriptions = subscriptions.filter(endpoint=endpoint)
    else:
        return 0
    return subscriptions.delete()[1].get(PushSubscription._meta.label, 0)


@transaction.atomic
def calendar_feed_reset(*, user: User) -> str:
    """A new private calendar address for `user`; the old one, if any, stops working.
    Returns the address's token: only its hash is kept, so this is the one time it is seen.
    A staff member's feed lists their athletes' plans: with MFA_REQUIRED, not without a
    second factor."""
    if user.is_gym_staff and not mfa_ready(user):
        raise ValidationError(
            gettext_lazy(
                "Set up two-factor authentication first: a staff calendar lists your athletes' plans."
            )
        )
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.filter(user=user).delete()
    CalendarFeed.objects.create(
        user=user, token_hash=CalendarFeed.hash(token), for_staff=user.is_gym_staff
    )
    return token


def calendar_feed_off(*, user: User) -> int:
    """Turn the calendar address off; returns how many were removed."""
    return CalendarFeed.objects.filter(user=user).delete()[0]


def user_export(user: User) -> bytes:
    """A zip with everything the user owns, as JSON and as one CSV per table."""
    tables = export_tables(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "runready.json",
            json.dumps({"exported_at": timezone.now(), **tables}, cls=DjangoJSONEncoder, indent=2),
        )
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()


EXPORTED_USER_FIELDS = ("email", *PROFILE_FIELDS, *REMINDER_FIELDS, "date_joined")


def export_tables(user: User) -> dict[str, Any]:
    """The user's data as named tables of rows: this app's, and the other apps' (each answers
    `export_requested` with its own tables)."""
    tables = {
        "profile": [{field: getattr(user, field) for field in EXPORTED_USER_FIELDS}],
        "memberships": list(
            Membership.objects.filter(user=user).values("gym__name", "role", "joined_at")
        ),
        "invitations_created": list(
            Invitation.objects.filter(created_by=user)
            .order_by("created_at")
            .values("gym__name", "role", "email", "created_at", "expires_at", "accepted_at")
        ),
    }
    for _, answer in export_requested.send(sender=User, user=user):
        if isinstance(answer, dict):
            tables.update(answer)
    return tables


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: csv_safe(value) for key, value in row.items()})
    return out.getvalue()


# A formula starts a cell, or a part of one a spreadsheet may split off at a separator.
_FORMULA_START = re.compile(r"(^|[,;\t|\r\n])(\s*)([=+\-@])")


def csv_safe(value):
    """A cell that no spreadsheet runs as a formula: an apostrophe before any = + - @ that
    starts the cell or follows a separator (every cell is quoted as well)."""
    if isinstance(value, str):
        return _FORMULA_START.sub(r"\1\2'\3", value)
    return value


@transaction.atomic
@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and everything it owns (cascades), not just hide it; its memberships
    end, and with them what was made through them. A gym it alone belonged to closes with it;
    axes' records of its sign-ins go too."""
    blocker = user_delete_blocker(user)
    if blocker:
        raise ValidationError(blocker)
    Gym.objects.filter(memberships__user=user).exclude(
        pk__in=Membership.objects.exclude(user=user).values("gym")
    ).delete()
    username = user.email.lower()
    for record in (AccessAttempt, AccessLog, AccessFailureLog):
        record.objects.filter(username__iexact=username).delete()
    user.delete()
    membership_changed.send(sender=Membership, users=[])


@transaction.atomic
def staff_remove(*, by: User, membership: Membership) -> None:
    """A manager removes a coach or another manager from their gym; access ends at once."""
    if _role_in(by, membership.gym) != Role.MANAGER:
        raise ValidationError(gettext_lazy("Only a manager of this gym can remove staff."))
    if membership.role not in Role.staff_roles():
        raise ValidationError(gettext_lazy("Athletes leave a gym themselves."))
    membership_leave(membership=membership)


API_TOKEN_START = "rr_"  # noqa: S105 - a marker that says what the secret is, not a secret
API_TOKEN_DAYS = (30, 90, 365)  # the expiries offered; None: never


def api_token_create(
    *, user: User, name: str, can_write: bool, days: int | None, now: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new personal API token of `user`, and the token itself: only its hash is kept, so
    this is the one time it is seen. A staff member's token reads athletes' data: with
    MFA_REQUIRED, not without a second factor."""
    if _needs_second_factor(user) and not mfa_ready(user):
        raise ValidationError(
            gettext_lazy(
                "Set up two-factor authentication first: a staff token reads your athletes' data."
            )
        )
    now = now or timezone.now()
    token = API_TOKEN_START + secrets.token_urlsafe(32)
    made = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80] or "API token",
        prefix=token[: ApiToken.PREFIX_LENGTH],
        digest=token_digest(token),
        can_write=can_write,
        expires_at=now + dt.timedelta(days=days) if days else None,
    )
    return made, token


def api_token_revoke(*, user: User, pk: int) -> bool:
    """Revoke one of `user`'s tokens; False when there is no such live token of theirs."""
    return bool(
        ApiToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


API_TOKEN_TOUCH_EVERY = dt.timedelta(minutes=1)  # "last used" is kept to the minute


def api_token_used(token: ApiToken, now: dt.datetime) -> None:
    """Note that `token` was used (at most one write a minute)."""
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def _needs_second_factor(user: User) -> bool:
    return user.is_gym_staff or user.is_staff or user.is_superuser
