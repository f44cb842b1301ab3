"""Random, hostile POSTs to every form: never a 500, never a partial save."""

import json

import pytest
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import OnboardingForm
from accounts.models import PROFILE_FIELDS, REMINDER_FIELDS, Role
from recovery.models import RED_FLAG_FIELDS, SORENESS_FIELDS, CheckIn, Recommendation
from tests.factories import MembershipFactory
from training.models import PlannedRun, Session

pytestmark = pytest.mark.django_db

FIELDS = {
    "/checkin/": [
        "date",
        *RED_FLAG_FIELDS,
        "can_walk_normally",
        *SORENESS_FIELDS,
        "sleep_quality",
        "energy",
        "note",
    ],
    "/training/strength/new/": [
        "started_at",
        "duration",
        "rpe",
        "notes",
        "entries-TOTAL_FORMS",
        "entries-INITIAL_FORMS",
        "entries-0-exercise",
        "entries-0-sets",
        "entries-0-reps",
        "entries-0-load",
        "entries-1-exercise",
        "entries-1-sets",
        "add_row",
        "remove_row",
    ],
    "/training/runs/new/": [
        "started_at",
        "distance",
        "duration",
        "run_type",
        "rpe",
        "legs_feel",
        "notes",
    ],
    "/training/plan/new/": ["date", "run_type", "minutes", "resolve"],
    "/accounts/settings/": [*PROFILE_FIELDS, *REMINDER_FIELDS],
    "/onboarding/": [*OnboardingForm._meta.fields],
    "/onboarding/time-zone/": ["time_zone", "next"],
    "/accounts/push/unsubscribe/": ["id", "endpoint"],
    "/coach/invite/": ["gym", "role", "email"],
    "ATHLETE/override/": ["date", "level", "max_minutes", "note", "clear"],
    "ATHLETE/notes/": ["body"],
    "ATHLETE/plan/": ["date", "run_type", "minutes"],
}

hostile = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "",
            "yes",
            "no",
            "on",
            "0",
            "-1",
            "11",
            "1e309",
            "2026-02-30",
            "2999-01-01",
            "25:61",
            "<script>",
            "' OR 1=1 --",
            "\x00",
            "é" * 30,
        ]
    ),
    st.dates().map(str),
)


def _posts(fields):
    return st.dictionaries(st.sampled_from(fields), hostile, max_size=len(fields))


def _no_partial_saves():
    assert (
        not Session.objects.filter(kind="strength")
        .annotate(n=Count("entries"))
        .filter(n=0)
        .exists()
    )
    for checkin in CheckIn.objects.all():
        assert Recommendation.objects.filter(
            athlete=checkin.athlete, local_date=checkin.local_date
        ).exists()
    assert all(5 <= p.minutes <= 600 for p in PlannedRun.objects.all())


@pytest.fixture
def users():
    coach = MembershipFactory(role=Role.MANAGER).user
    athlete = MembershipFactory(gym=coach.memberships.get().gym, role=Role.ATHLETE).user
    return coach, athlete


@pytest.mark.parametrize("path", sorted(FIELDS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_posts_never_500(client, users, path, data):
    coach, athlete = users
    client.force_login(coach if path.startswith(("ATHLETE", "/coach")) else athlete)
    url = path.replace("ATHLETE", f"/coach/athletes/{athlete.pk}")
    body = data.draw(_posts(FIELDS[path]))
    response = client.post(
        url, body, headers={"HX-Request": "true"} if data.draw(st.booleans()) else {}
    )
    assert response.status_code < 500, (url, body, response.status_code)
    _no_partial_saves()


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=30),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=10), inner, max_size=4)
            ),
            max_leaves=12,
        ).map(lambda value: json.dumps(value).encode()),
    )
)
def test_random_push_subscriptions_never_500(client, body):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    for url in ("/accounts/push/subscribe/", "/accounts/push/unsubscribe/"):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code < 500, (url, body, response.status_code)


@pytest.mark.parametrize("path", sorted(FIELDS))
def test_one_megabyte_bodies_are_refused_cleanly(client, users, path):
    coach, athlete = users
    client.force_login(coach if path.startswith(("ATHLETE", "/coach")) else athlete)
    url = path.replace("ATHLETE", f"/coach/athletes/{athlete.pk}")
    body = dict.fromkeys(FIELDS[path], "x" * (1024 * 1024 // len(FIELDS[path])))
    response = client.post(url, body)
    assert response.status_code < 500
    _no_partial_saves()
