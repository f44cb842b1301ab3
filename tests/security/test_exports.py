"""Exports: the roster CSV covers only gyms the user manages, every cell quoted and no formula
left runnable; the data export is complete and names other people by display name only."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Role
from tests.factories import (
    GymFactory,
    MembershipFactory,
    StrengthFactory,
    UserFactory,
    checkin,
    override,
    planned_run,
)

pytestmark = pytest.mark.django_db


def test_the_roster_csv_covers_only_managed_gyms_quoted_and_without_formulas(client):
    managed, coached = GymFactory(), GymFactory()
    manager = MembershipFactory(gym=managed, role=Role.MANAGER).user
    MembershipFactory(gym=coached, role=Role.COACH, user=manager)
    MembershipFactory(gym=managed, user=UserFactory(display_name="Ada;=HYPERLINK(1)"))
    MembershipFactory(gym=coached, user=UserFactory(display_name="Coached Only"))
    client.force_login(manager)
    body = client.get(reverse("recovery:coach_roster_csv")).content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    names = [row[0] for row in rows[1:]]
    assert names == ["Ada;'=HYPERLINK(1)"]
    assert '"Ada;' in body  # every cell quoted
    for part in body.replace(";", ",").split(","):
        assert not part.strip().strip('"').startswith("=")


def test_the_data_export_is_complete_and_names_others_by_name_only():
    coach = MembershipFactory(role=Role.COACH, user=UserFactory(display_name="Coach Kim")).user
    athlete = MembershipFactory(gym=coach.memberships.get().gym).user
    StrengthFactory(athlete=athlete, entered_by=coach, exercises=["Back squat"])
    checkin(athlete, rf_dark_urine=True)
    planned_run(athlete)
    override(coach, athlete, days_ahead=1)
    services.invitation_create(gym=coach.memberships.get().gym, role=Role.ATHLETE, created_by=coach)
    archive = zipfile.ZipFile(io.BytesIO(services.user_export(athlete)))
    data = json.loads(archive.read("runready.json"))
    for table in (
        "sessions",
        "planned_runs",
        "planned_leg_days",
        "checkins",
        "red_flag_answers",
        "coach_overrides",
        "reminders",
        "notifications",
        "invitations_created",
    ):
        assert table in data, table
    assert data["red_flag_answers"][0]["flag"] == "dark_urine"
    assert data["coach_overrides"][0]["coach"] == "Coach Kim"
    assert coach.email not in archive.read("runready.json").decode()
    assert services.user_export(coach)  # the coach's own export works too
