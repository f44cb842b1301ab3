"""Every route that takes an id, generated from the URL configuration, requested as the owner,
another athlete, another gym's staff and an anonymous visitor: 200 / 404 / 404 / login.

A new id-taking route without an entry in CASES fails `test_every_id_route_has_a_case`, and a
view that forgets its access check fails the matrix.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Invitation, Role
from recovery.models import Notification, WeekTemplate
from tests.factories import GymFactory, MembershipFactory, SessionFactory
from training.models import ImportBatch, ImportItem, PlannedLegDay, PlannedRun

pytestmark = pytest.mark.django_db


@dataclass
class World:
    athlete: object  # owns athlete-side objects
    coach: object  # staff of the athlete's gym: owns staff-side objects
    manager: object
    other_athlete: object
    other_staff: object  # manager of another gym


@pytest.fixture
def world():
    gym = GymFactory()
    athlete = MembershipFactory(gym=gym, role=Role.ATHLETE).user
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    manager = MembershipFactory(gym=gym, role=Role.MANAGER).user
    return World(
        athlete=athlete,
        coach=coach,
        manager=manager,
        other_athlete=MembershipFactory(role=Role.ATHLETE).user,
        other_staff=MembershipFactory(role=Role.MANAGER).user,
    )


@dataclass
class Case:
    owner: Callable  # World -> the user who may use it
    make: Callable  # World -> the kwargs of the URL
    method: str = "get"
    data: dict | None = None
    api: bool = False  # an API operation: JSON in, 401 (not the login page) for a visitor


def _session(w):
    return {"pk": SessionFactory(athlete=w.athlete).pk}


def _athlete(w):
    return {"athlete_id": w.athlete.pk}


def _plan(w):
    return {
        "pk": PlannedRun.objects.create(
            athlete=w.athlete,
            date=timezone.localdate() + dt.timedelta(days=1),
            run_type="easy",
            minutes=30,
        ).pk
    }


def _leg_plan(w):
    plan = PlannedLegDay.objects.create(
        athlete=w.athlete, date=timezone.localdate() + dt.timedelta(days=1), intensity="hard"
    )
    return {"kind": "leg", "pk": plan.pk}


def _template(w):
    gym = w.coach.memberships.get().gym
    return {
        "template_id": WeekTemplate.objects.create(
            gym=gym, name="T", leg_days=1, runs=2, key_runs=1
        ).pk
    }


def _import_batch(w):
    batch = ImportBatch.objects.create(athlete=w.athlete, status="done", total=1, processed=1)
    return {"pk": batch.pk}


def _import_item(w):
    batch = ImportBatch.objects.create(athlete=w.athlete, status="done", total=1, processed=1)
    run = SessionFactory(athlete=w.athlete)
    item = ImportItem.objects.create(batch=batch, name="a.gpx", outcome="merge", session=run)
    return {"pk": item.pk}


def _mergeable_item(w):
    """An imported file that matches a run logged by hand, with the measurements to merge."""
    run = SessionFactory(athlete=w.athlete)
    batch = ImportBatch.objects.create(athlete=w.athlete, status="done", total=1, processed=1)
    merge = {"started_at": run.started_at.isoformat(), "duration_s": 1800, "distance_m": 5000}
    item = ImportItem.objects.create(
        batch=batch, name="a.fit", outcome="merge", session=run, merge=merge
    )
    return {"item_id": item.pk}


def _invitation(w):
    gym = w.coach.memberships.get().gym
    invitation = Invitation.objects.create(
        gym=gym,
        role=Role.ATHLETE,
        code="MATRIXCODE",
        created_by=w.coach,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    return {"invitation_id": invitation.pk}


def _clashing_run(w):
    """Intervals planned the day after a hard leg day: a fix to apply."""
    day = timezone.localdate() + dt.timedelta(days=2)
    PlannedLegDay.objects.create(athlete=w.athlete, date=day, intensity="hard")
    run = PlannedRun.objects.create(
        athlete=w.athlete, date=day + dt.timedelta(days=1), run_type="intervals", minutes=40
    )
    return {"kind": "run", "plan_id": run.pk}


def _tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=2)).isoformat()  # tomorrow in any zone


def _api_token(w):
    from accounts.services import api_token_create

    return api_token_create(user=w.athlete, name="t", can_write=False, days=1)[0].pk


CASES: dict[str, Case] = {
    "training:session_detail": Case(lambda w: w.athlete, _session),
    "training:session_edit": Case(lambda w: w.athlete, _session),
    "training:session_delete": Case(lambda w: w.athlete, _session),
    "training:legs_feel": Case(lambda w: w.athlete, _session, "post", {"legs_feel": "sore"}),
    "recovery:plan_delete": Case(lambda w: w.athlete, _plan, "post"),
    "training:import_report": Case(lambda w: w.athlete, _import_batch),
    "training:import_merge": Case(lambda w: w.athlete, _import_item, "post"),
    "recovery:kind_plan_delete": Case(lambda w: w.athlete, _leg_plan, "post"),
    "recovery:plan_move": Case(
        lambda w: w.athlete,
        lambda w: {"kind": "run", **_plan(w)},
        "post",
        {"date": (timezone.localdate() + dt.timedelta(days=3)).isoformat()},
    ),
    "recovery:plan_fix": Case(lambda w: w.athlete, _leg_plan, "post", {"action": "move"}),
    "recovery:notification_read": Case(
        lambda w: w.athlete,
        lambda w: {"pk": Notification.objects.create(user=w.athlete, title="t").pk},
        "post",
    ),
    "accounts:gym_leave": Case(
        lambda w: w.athlete, lambda w: {"membership_id": w.athlete.memberships.get().pk}, "post"
    ),
    "recovery:coach_athlete": Case(lambda w: w.coach, _athlete),
    "recovery:coach_log_strength": Case(lambda w: w.coach, _athlete),
    "recovery:coach_log_run": Case(lambda w: w.coach, _athlete),
    "recovery:coach_note_add": Case(lambda w: w.coach, _athlete, "post", {"body": "note"}),
    "recovery:coach_assign": Case(lambda w: w.coach, _athlete, "post", {"coach": ""}),
    "recovery:coach_level": Case(lambda w: w.coach, _athlete, "post", {"decision": "keep"}),
    "recovery:coach_override": Case(
        lambda w: w.coach,
        _athlete,
        "post",
        {"date": "2999-01-01", "level": "3", "max_minutes": "30", "note": "n"},
    ),
    "recovery:coach_plan": Case(lambda w: w.coach, _athlete),  # the guarded plan form
    "recovery:coach_week": Case(lambda w: w.coach, _athlete),
    "recovery:coach_plan_new": Case(lambda w: w.coach, _athlete),
    "recovery:coach_leg_plan_new": Case(
        lambda w: w.coach,
        _athlete,
        "post",
        {"date": (timezone.localdate() + dt.timedelta(days=2)).isoformat(), "intensity": "light"},
    ),
    "recovery:coach_template_apply": Case(lambda w: w.coach, _template),
    "recovery:coach_template_delete": Case(lambda w: w.coach, _template, "post"),
    "recovery:coach_invite_revoke": Case(lambda w: w.coach, _invitation, "post"),
    "recovery:coach_staff_remove": Case(
        lambda w: w.manager, lambda w: {"membership_id": w.coach.memberships.get().pk}, "post"
    ),
    "accounts:api_token_revoke": Case(
        lambda w: w.athlete,
        lambda w: {"pk": _api_token(w)},
        "post",
    ),
    # The API (issue 27): the same access rules through `accounts.selectors`.
    "api:session_read": Case(
        lambda w: w.athlete, lambda w: {"session_id": _session(w)["pk"]}, api=True
    ),
    "api:session_change": Case(
        lambda w: w.athlete,
        lambda w: {"session_id": _session(w)["pk"]},
        "patch",
        {"rpe": 4},
        api=True,
    ),
    "api:session_remove": Case(
        lambda w: w.athlete, lambda w: {"session_id": _session(w)["pk"]}, "delete", api=True
    ),
    "api:plan_remove": Case(
        lambda w: w.athlete,
        lambda w: {"kind": "run", "plan_id": _plan(w)["pk"]},
        "delete",
        api=True,
    ),
    "api:plan_fix": Case(
        lambda w: w.athlete, _clashing_run, "post", {"action": "make_easy"}, api=True
    ),
    "api:notification_read": Case(
        lambda w: w.athlete,
        lambda w: {"notification_id": Notification.objects.create(user=w.athlete, title="t").pk},
        "post",
        api=True,
    ),
    "api:import_read": Case(
        lambda w: w.athlete, lambda w: {"import_id": _import_batch(w)["pk"]}, api=True
    ),
    "api:import_merge": Case(lambda w: w.athlete, _mergeable_item, "post", api=True),
    "api:athlete": Case(lambda w: w.coach, lambda w: {"athlete_id": w.athlete.pk}, api=True),
    "api:notes": Case(lambda w: w.coach, lambda w: {"athlete_id": w.athlete.pk}, api=True),
    "api:note_add": Case(
        lambda w: w.coach, lambda w: {"athlete_id": w.athlete.pk}, "post", {"body": "n"}, api=True
    ),
    "api:override_set": Case(
        lambda w: w.coach,
        lambda w: {"athlete_id": w.athlete.pk, "day": _tomorrow()},
        "put",
        {"level": 3, "max_minutes": 30, "note": "n"},
        api=True,
    ),
    "api:override_clear": Case(
        lambda w: w.coach,
        lambda w: {"athlete_id": w.athlete.pk, "day": _tomorrow()},
        "delete",
        api=True,
    ),
}


def _id_routes() -> set[str]:
    """Names of every project route with an int or str/slug path parameter (admin excluded)."""
    found: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(
                    pattern.url_patterns,
                    f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.pattern.converters and pattern.name:
                module = pattern.callback.__module__
                if module.split(".")[0] in ("accounts", "training", "recovery", "config", "ninja"):
                    found.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return found


# Routes with a path parameter that are not an object access: a public article, an
# invitation code or a signed token (each tested where it is built).
NOT_OBJECT_ACCESS = {
    "recovery:guidance_article",
    "training:exercise",  # the exercise library: the same page for everyone signed in
    "training:one_rm_set",  # one's own 1RM for a library exercise: tests/training/test_library.py
    "api:one_rep_max_put",  # the same by API: tests/api/test_api_plans.py
    "accounts:gym_join",
    "recovery:reminder_unsubscribe",
    "recovery:calendar_feed",  # a private address: tests/recovery/test_calendar.py
    "api:checkin_put",  # a day of the caller's own: tests/api/test_api_round_trip.py
}


def test_every_id_route_has_a_case():
    assert _id_routes() - NOT_OBJECT_ACCESS == set(CASES)


def _call(client, name: str, case: Case, kwargs):
    url = reverse(name, kwargs=kwargs)
    if case.api:
        send = getattr(client, case.method)
        return send(url, case.data, content_type="application/json") if case.data else send(url)
    return client.post(url, case.data or {}) if case.method == "post" else client.get(url)


@pytest.mark.parametrize("name", sorted(CASES))
def test_access_matrix(client, world, name):
    case = CASES[name]
    for viewer, expected in [
        (world.other_athlete, {404}),
        (world.other_staff, {404}),
        (None, {401} if case.api else {302}),
        (case.owner(world), {200, 201, 204, 302}),  # last: the owner's POST may delete the object
    ]:
        kwargs = case.make(world)
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        response = _call(client, name, case, kwargs)
        assert response.status_code in expected, (name, viewer, response.status_code)
        if viewer is None and not case.api:
            assert response["Location"].startswith(reverse("account_login"))
        elif expected == {200, 201, 204, 302} and response.status_code == 302:
            assert not response["Location"].startswith(reverse("account_login"))
        _cleanup(world)


def _cleanup(world):
    """Objects are made per request; remove the ones with unique keys."""
    Invitation.objects.filter(code="MATRIXCODE").delete()
    PlannedRun.objects.all().delete()
    PlannedLegDay.objects.all().delete()
    WeekTemplate.objects.all().delete()
