"""Reads for accounts and gyms.

This module is the one place that decides which athletes a user may see: the staff
area looks every athlete up through `athletes_for_staff`, and `visible_athletes`
(the user and, for staff, their gym's athletes) is the general form of the same rule;
an athlete's own pages filter by the signed-in user. So a foreign id is a 404.
"""

import datetime as dt

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .models import ApiToken, CalendarFeed, Gym, Invitation, Membership, Role, User, token_digest


def staff_gyms(user: User) -> QuerySet[Gym]:
    """Gyms in which `user` is a manager or coach."""
    return Gym.objects.filter(memberships__user=user, memberships__role__in=Role.staff_roles())


def managed_gyms(user: User) -> QuerySet[Gym]:
    return Gym.objects.filter(memberships__user=user, memberships__role=Role.MANAGER)


def athletes_for_staff(user: User) -> QuerySet[User]:
    """Athletes who accepted membership of a gym where `user` is staff.

    An EXISTS subquery keeps one row per athlete even when they share several gyms
    with this staff member, and the result stays filterable and annotatable.
    """
    shared_gym = Membership.objects.filter(
        user=OuterRef("pk"),
        role=Role.ATHLETE,
        gym__memberships__user=user,
        gym__memberships__role__in=Role.staff_roles(),
    )
    return User.objects.filter(Exists(shared_gym), is_active=True)


def athletes_coached_by(coach: User) -> QuerySet[User]:
    """Athletes whose assigned coach (in any gym) is `coach`: a filter within what a staff
    member may see already, never a grant of access."""
    return User.objects.filter(
        memberships__coach=coach, memberships__role=Role.ATHLETE, is_active=True
    )


def assigned_coaches(athlete: User) -> QuerySet[User]:
    """The athlete's assigned coaches (one per gym), still staff there and active."""
    return User.objects.filter(
        is_active=True,
        memberships__role__in=Role.staff_roles(),
        memberships__gym__memberships__user=athlete,
        memberships__gym__memberships__role=Role.ATHLETE,
        memberships__gym__memberships__coach=F("pk"),
    ).distinct()


def athlete_membership(staff: User, athlete: User) -> Membership | None:
    """The athlete's membership of a gym where `staff` is staff (the first by gym name)."""
    return (
        Membership.objects.filter(user=athlete, role=Role.ATHLETE, gym__in=staff_gyms(staff))
        .select_related("gym", "coach")
        .order_by("gym__name")
        .first()
    )


def may_act_for(user: User, athlete: User) -> bool:
    """Whether `user` may see and act for `athlete` (log, plan, advise): themselves, or staff
    of a gym where `athlete` is an athlete. Pages, services, exports and the API ask this."""
    return user.pk == athlete.pk or athletes_for_staff(user).filter(pk=athlete.pk).exists()


def shared_staff_gym(staff: User, athlete: User) -> Gym | None:
    """The gym (first by name) in which `staff` is staff and `athlete` an athlete, if any:
    the gym a note or an override is made through."""
    return (
        staff_gyms(staff)
        .filter(memberships__user=athlete, memberships__role=Role.ATHLETE)
        .order_by("name")
        .first()
    )


def athletes_of_managed_gyms(user: User) -> QuerySet[User]:
    """Athletes of the gyms `user` manages (a manager's exports cover only those)."""
    return User.objects.filter(
        memberships__role=Role.ATHLETE, memberships__gym__in=managed_gyms(user), is_active=True
    ).distinct()


# A manager sees how the advice worked in their gyms only with this many athletes in them,
# so that no figure can be traced to one person.
EVALUATION_MIN_ATHLETES = 5


def evaluation_scope(user: User) -> QuerySet[User] | None:
    """The athletes whose outcomes `user` may see aggregated on "how the advice worked":
    everyone for an admin (None), the athletes of the gyms a manager manages, with at least
    EVALUATION_MIN_ATHLETES of them; anyone else gets PermissionDenied."""
    if user.is_authenticated and user.is_staff:
        return None
    athletes = athletes_of_managed_gyms(user) if user.is_authenticated else None
    if athletes is None or not managed_gyms(user).exists():
        raise PermissionDenied(
            gettext_lazy("Only gym managers and admins can see how the advice worked.")
        )
    return athletes


def visible_athletes(user: User) -> QuerySet[User]:
    """Every athlete whose data `user` may see: themselves and, for staff, their gym's athletes."""
    if not user.is_authenticated:
        return User.objects.none()
    return User.objects.filter(pk=user.pk) | athletes_for_staff(user)


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("gym")


def staff_seeing(athlete: User) -> QuerySet[Membership]:
    """Staff memberships of the gyms where `athlete` is an athlete: who can see their data."""
    athlete_gyms = Membership.objects.filter(user=athlete, role=Role.ATHLETE).values("gym")
    return (
        Membership.objects.filter(gym__in=athlete_gyms, role__in=Role.staff_roles())
        .select_related("gym", "user")
        .order_by("gym__name", "role", "user__email")
    )


def invitations_for_staff(user: User) -> QuerySet[Invitation]:
    """The invitations `user` may see and revoke: every one of the gyms they manage, and the
    athlete invitations of the gyms where they coach (staff invitations are the managers')."""
    coached = Gym.objects.filter(memberships__user=user, memberships__role=Role.COACH)
    return Invitation.objects.filter(
        Q(gym__in=managed_gyms(user)) | Q(gym__in=coached, role=Role.ATHLETE)
    ).select_related("gym", "created_by", "accepted_by")


def invitation_by_code(code: str) -> Invitation | None:
    normalised = code.strip().upper()
    return Invitation.objects.select_related("gym").filter(code=normalised).first()


def mfa_ready(user: User) -> bool:
    """The user has the second factor the site requires of them (always, without MFA_REQUIRED)."""
    return not settings.MFA_REQUIRED or Authenticator.objects.filter(user=user).exists()


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The live feed a calendar address opens: not a reset one, not one its owner cannot use
    (deactivated; staff now, made before; staff without the second factor)."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=CalendarFeed.hash(token))
        .first()
    )
    if feed is None or not calendar_feed_usable(feed):
        return None
    return feed


def calendar_feed_usable(feed: CalendarFeed) -> bool:
    user = feed.user
    if not user.is_active:
        return False
    if user.is_gym_staff:
        return feed.for_staff and mfa_ready(user)
    return True


def user_delete_blocker(user: User) -> str:
    """Why the account cannot be deleted yet, or "": a gym must keep a manager."""
    alone = [
        membership.gym
        for membership in Membership.objects.filter(user=user, role=Role.MANAGER).select_related(
            "gym"
        )
        if not Membership.objects.filter(gym=membership.gym, role=Role.MANAGER)
        .exclude(user=user)
        .exists()
        and Membership.objects.filter(gym=membership.gym).exclude(user=user).exists()
    ]
    if not alone:
        return ""
    names = ", ".join(gym.name for gym in alone)
    return gettext_lazy(
        "You are the only manager of {names}, which still has members: invite another manager (or have every member leave, which closes the gym) before deleting your account."
    ).format(names=names)


def api_token_user(token: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token `token` is, with its user: not revoked or expired, its owner active,
    and a staff owner with the second factor the site requires (else None)."""
    now = now or timezone.now()
    staff = Membership.objects.filter(user=OuterRef("user"), role__in=Role.staff_roles())
    found = (
        ApiToken.objects.select_related("user")
        .annotate(gym_staff=Exists(staff))
        .filter(digest=token_digest(token))
        .first()
    )
    if found is None or not found.live(now) or not found.user.is_active:
        return None
    user = found.user
    if not found.gym_staff:
        # Known from this query: the request's later reads of the cached property need not ask.
        user.__dict__["staff_roles"] = frozenset()
    if (user.is_gym_staff or user.is_staff or user.is_superuser) and not mfa_ready(user):
        return None
    return found


def api_tokens_of(user: User):
    """`user`'s tokens, newest first: live ones and those revoked or expired (kept to show)."""
    return ApiToken.objects.filter(user=user)
