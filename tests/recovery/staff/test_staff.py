"""The staff area: access matrix, roster lights and flags, constant queries, overrides, export."""

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Membership, Role, User
from recovery import services
from recovery.models import (
    CheckIn,
    CoachNote,
    Light,
    Override,
    Recommendation,
    Reminder,
    RosterFlag,
    RosterStatus,
)
from recovery.planning import services as plans
from recovery.reminders import services as reminder_services
from recovery.staff import services as staff_services
from recovery.verdict import thresholds, verdicts
from tests.factories import (
    GymFactory,
    MembershipFactory,
    StrengthFactory,
    checkin_answers,
)
from training.models import PlannedRun, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    gym = GymFactory(name="Home Gym")
    athlete = MembershipFactory(gym=gym, role=Role.ATHLETE, user__display_name="Ada").user
    left = MembershipFactory(gym=gym, role=Role.ATHLETE, user__display_name="Lee").user
    Membership.objects.filter(user=left).delete()
    return {
        "gym": gym,
        "manager": MembershipFactory(gym=gym, role=Role.MANAGER).user,
        "coach": MembershipFactory(gym=gym, role=Role.COACH, user__display_name="Coach Kim").user,
        "athlete": athlete,
        "left": left,
        "other_coach": MembershipFactory(role=Role.COACH).user,
    }


def _today(user):
    return user.local_today()


STAFF_URLS = [
    # name, method, takes the athlete id, POST data
    ("recovery:coach_roster", "get", False, None),
    ("recovery:coach_invite", "get", False, None),
    ("recovery:coach_athlete", "get", True, None),
    ("recovery:coach_note_add", "post", True, {"body": "Watch the left knee."}),
    ("recovery:coach_assign", "post", True, {"coach": ""}),
    ("recovery:coach_override", "post", True, "override"),
    ("recovery:coach_plan", "post", True, "plan"),
    ("recovery:coach_log_strength", "get", True, None),
    ("recovery:coach_log_run", "post", True, "run"),
    ("recovery:coach_week", "get", True, None),
    ("recovery:coach_plan_new", "get", True, None),
    ("recovery:coach_leg_plan_new", "post", True, "leg_plan"),
    ("recovery:coach_templates", "get", False, None),
    ("recovery:coach_level", "post", True, {"decision": "keep"}),
]
# Staff URLs that take another object's id, tested on their own below.
OTHER_STAFF_URLS = {
    "recovery:coach_template_apply",  # tests/recovery/planning/test_week_templates.py
    "recovery:coach_template_delete",
    "recovery:coach_roster_csv",
    "recovery:coach_invite_revoke",
    "recovery:coach_staff_remove",
}


def test_every_staff_url_is_in_the_matrix():
    names = {
        f"recovery:{name}"
        for name in get_resolver().namespace_dict["recovery"][1].reverse_dict
        if isinstance(name, str) and name.startswith("coach_")
    }
    assert names == {name for name, *_ in STAFF_URLS} | OTHER_STAFF_URLS


def _request(client, world, name, method, with_id, data, subject="athlete"):
    url = reverse(name, args=[world[subject].pk]) if with_id else reverse(name)
    if data == "override":
        data = {
            "date": _today(world[subject]).isoformat(),
            "level": "2",
            "max_minutes": "25",
            "note": "Easy after the race",
        }
    elif data == "run":
        start = timezone.localtime(timezone.now() - dt.timedelta(hours=2), world[subject].tz)
        data = {
            "started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "distance": "5",
            "duration": "30",
            "run_type": "easy",
            "rpe": "3",
            "legs_feel": "fresh",
        }
    elif data == "plan":
        data = {
            "date": (_today(world[subject]) + dt.timedelta(days=1)).isoformat(),
            "run_type": "easy",
            "minutes": "30",
        }
    elif data == "leg_plan":
        data = {
            "date": (_today(world[subject]) + dt.timedelta(days=1)).isoformat(),
            "intensity": "light",
        }
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize(("name", "method", "with_id", "data"), STAFF_URLS)
def test_access_matrix(client, world, name, method, with_id, data):
    # The athlete's own coach.
    client.force_login(world["coach"])
    assert _request(client, world, name, method, with_id, data).status_code in (200, 302)
    # A coach of another gym: the athlete does not exist for them.
    client.force_login(world["other_coach"])
    response = _request(client, world, name, method, with_id, data)
    assert response.status_code == (404 if with_id else 200)
    if name == "recovery:coach_roster":
        assert "Ada" not in response.content.decode()
    # The athlete.
    client.force_login(world["athlete"])
    assert _request(client, world, name, method, with_id, data).status_code in (403, 404)
    # An athlete who left the gym.
    if with_id:
        client.force_login(world["coach"])
        assert (
            _request(client, world, name, method, with_id, data, subject="left").status_code == 404
        )
    # Anonymous.
    client.logout()
    response = _request(client, world, name, method, with_id, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_matrix_actions_were_recorded_only_for_the_own_coach(client, world):
    for name, method, with_id, data in STAFF_URLS:
        client.force_login(world["coach"])
        _request(client, world, name, method, with_id, data)
        client.force_login(world["other_coach"])
        _request(client, world, name, method, with_id, data)
    assert CoachNote.objects.get().author == world["coach"]
    assert Override.objects.get().author == world["coach"]
    plan = PlannedRun.objects.get()
    assert (plan.athlete, plan.entered_by) == (world["athlete"], world["coach"])
    run = Session.objects.get()
    assert (run.athlete, run.entered_by) == (world["athlete"], world["coach"])


def test_roster_csv_is_for_managers_and_neutralises_formulas(client, world):
    world["athlete"].display_name = "=HYPERLINK(1)"
    world["athlete"].save()
    client.force_login(world["coach"])
    assert client.get(reverse("recovery:coach_roster_csv")).status_code == 403
    client.force_login(world["manager"])
    response = client.get(reverse("recovery:coach_roster_csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "name"
    assert rows[1][0] == "'=HYPERLINK(1)"
    client.force_login(world["other_coach"])
    assert client.get(reverse("recovery:coach_roster_csv")).status_code == 403


def test_roster_lights_flags_and_flagged_first(client, world):
    gym = world["gym"]
    green = MembershipFactory(gym=gym, role=Role.ATHLETE, user__display_name="Bo").user
    amber = MembershipFactory(gym=gym, role=Role.ATHLETE, user__display_name="Cy").user
    red = MembershipFactory(gym=gym, role=Role.ATHLETE, user__display_name="Zed").user
    services.checkin_save(athlete=green, day=_today(green), answers=checkin_answers())
    services.checkin_save(athlete=amber, day=_today(amber), answers=checkin_answers(quads=5))
    services.checkin_save(athlete=red, day=_today(red), answers=checkin_answers(rf_dark_urine=True))
    StrengthFactory(
        athlete=green,
        started_at=timezone.now() - dt.timedelta(hours=20),
        rpe=8,
        exercises=["Back squat"],
    )
    plans.planned_run_save(
        athlete=green,
        entered_by=green,
        day=_today(green) + dt.timedelta(days=1),
        run_type="intervals",
        minutes=40,
    )
    CheckIn.objects.create(
        athlete=world["athlete"],
        local_date=_today(world["athlete"]) - dt.timedelta(days=3),
        **checkin_answers(),
    )

    client.force_login(world["coach"])
    page = client.get(reverse("recovery:coach_roster")).content.decode()
    order = [name for name in ("Zed", "Ada", "Bo", "Cy") if name in page]
    positions = {name: page.index(f">{name}</a>") for name in order}
    assert sorted(positions, key=positions.get)[0] == "Zed"  # the red flag first

    def row(name):
        start = page.index(f">{name}</a>")
        return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]

    assert 'data-light="red"' in row("Zed")
    assert "Red flag answered" in row("Zed")
    assert 'data-light="amber"' in row("Cy")
    assert "Hard run in recovery window" in row("Bo")
    assert 'data-light="grey"' in row("Ada")
    assert "No check-in for 2+ days" in row("Ada")

    by_name = client.get(reverse("recovery:coach_roster"), {"sort": "name"}).content.decode()
    assert by_name.index(">Ada</a>") < by_name.index(">Zed</a>")
    only_red = client.get(reverse("recovery:coach_roster"), {"flag": "red_flag"}).content.decode()
    assert ">Zed</a>" in only_red
    assert ">Bo</a>" not in only_red
    search = client.get(reverse("recovery:coach_roster"), {"q": "cy"}).content.decode()
    assert ">Cy</a>" in search
    assert ">Zed</a>" not in search
    partial = client.get(
        reverse("recovery:coach_roster"), headers={"HX-Request": "true"}
    ).content.decode()
    assert partial.lstrip().startswith('<div id="roster-table"')


def test_roster_filter_by_coach(client, world):
    second_gym = GymFactory()
    MembershipFactory(gym=second_gym, user=world["manager"], role=Role.MANAGER)
    MembershipFactory(gym=second_gym, role=Role.ATHLETE, user__display_name="Oz")
    client.force_login(world["manager"])
    everyone = client.get(reverse("recovery:coach_roster")).content.decode()
    assert ">Oz</a>" in everyone
    assert ">Ada</a>" in everyone
    # The filter is the coach's own athletes, not the coach's gym (issue 16).
    kims = client.get(
        reverse("recovery:coach_roster"), {"coach": world["coach"].pk}
    ).content.decode()
    assert ">Ada</a>" not in kims
    account_services.coach_assign(
        by=world["manager"],
        membership=Membership.objects.get(user=world["athlete"], role=Role.ATHLETE),
        coach=world["coach"],
    )
    kims = client.get(
        reverse("recovery:coach_roster"), {"coach": world["coach"].pk}
    ).content.decode()
    assert ">Ada</a>" in kims
    assert ">Oz</a>" not in kims


def _bulk_gym(size: int):
    gym = GymFactory()
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    users = User.objects.bulk_create(
        [
            User(email=f"bulk{size}-{i}@example.com", display_name=f"Bulk {i}", password="!")
            for i in range(size)
        ]
    )
    Membership.objects.bulk_create([Membership(gym=gym, user=u, role=Role.ATHLETE) for u in users])
    today = timezone.now().date()
    CheckIn.objects.bulk_create(
        [
            CheckIn(athlete=u, local_date=today, **checkin_answers(quads=i % 10))
            for i, u in enumerate(users)
        ]
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                athlete=u, local_date=today, level=i % 5, max_minutes=30, threshold_version=1
            )
            for i, u in enumerate(users)
        ]
    )
    PlannedRun.objects.bulk_create(
        [PlannedRun(athlete=u, date=today, run_type="easy", minutes=30) for u in users[::3]]
    )
    return coach


def test_roster_queries_are_the_same_for_5_and_500_athletes(client):
    thresholds.current_thresholds()  # cached from here on, as on any running site
    counts = []
    for size in (5, 500):
        client.force_login(_bulk_gym(size))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("recovery:coach_roster"))
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_override_changes_today_and_the_next_reminder(client, world):
    athlete = world["athlete"]
    StrengthFactory(
        athlete=athlete,
        started_at=timezone.now() - dt.timedelta(hours=20),
        exercises=["Back squat"],
    )
    services.checkin_save(athlete=athlete, day=_today(athlete), answers=checkin_answers())
    before = Recommendation.objects.get(athlete=athlete)

    client.force_login(world["coach"])
    client.post(
        reverse("recovery:coach_override", args=[athlete.pk]),
        {
            "date": _today(athlete).isoformat(),
            "level": "2",
            "max_minutes": "25",
            "note": "Race on Sunday, keep it light",
        },
    )
    after = Recommendation.objects.get(athlete=athlete)
    assert (before.level, after.level, after.max_minutes) != (
        after.level,
        2,
        25,
    ) or before.level != 2
    assert (after.level, after.max_minutes) == (2, 25)

    client.force_login(athlete)
    page = client.get(reverse("recovery:today")).content.decode()
    assert "Short recovery run — up to 25 min" in page
    assert "Coach Kim: Race on Sunday, keep it light" in page

    reminder = Reminder.objects.update_or_create(  # the leg day's service may have made it
        athlete=athlete,
        kind="next_day",
        local_date=_today(athlete),
        defaults={"due_at": timezone.now() - dt.timedelta(minutes=1), "status": "pending"},
    )[0]
    reminder_services.reminders_dispatch(enqueue=lambda _: None)
    reminder_services.reminder_send(reminder.pk)
    message = mail.outbox[0]
    assert "Recovery run, up to 25 min" in message.subject
    assert "Race on Sunday, keep it light" in message.body


def test_an_override_never_hides_a_red_flag(client, world):
    athlete = world["athlete"]
    staff_services.override_set(
        staff=world["coach"],
        athlete=athlete,
        day=_today(athlete),
        level=4,
        max_minutes=60,
        note="Go",
    )
    services.checkin_save(
        athlete=athlete, day=_today(athlete), answers=checkin_answers(rf_cardiac=True)
    )
    recommendation = Recommendation.objects.get(athlete=athlete)
    assert (recommendation.level, recommendation.urgency) == (0, "emergency")


def test_notes_are_private_to_the_gyms_staff(client, world):
    staff_services.note_add(
        staff=world["coach"], athlete=world["athlete"], body="Tight calves last week."
    )
    client.force_login(world["manager"])
    assert (
        "Tight calves last week."
        in client.get(
            reverse("recovery:coach_athlete", args=[world["athlete"].pk])
        ).content.decode()
    )
    client.force_login(world["athlete"])
    assert "Tight calves" not in client.get(reverse("recovery:today")).content.decode()


def test_manager_removes_a_coach_who_loses_access_at_once(client, world):
    membership = world["coach"].memberships.get()
    client.force_login(world["coach"])
    assert (
        client.post(reverse("recovery:coach_staff_remove", args=[membership.pk])).status_code == 404
    )  # coaches can't
    client.force_login(world["manager"])
    client.post(reverse("recovery:coach_staff_remove", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    client.force_login(world["coach"])
    assert (
        client.get(reverse("recovery:coach_athlete", args=[world["athlete"].pk])).status_code == 404
    )


def test_settings_show_which_staff_see_the_athlete(client, world):
    client.force_login(world["athlete"])
    page = client.get(reverse("accounts:account_settings")).content.decode()
    assert "Coach Kim" in page
    assert "Leave Home Gym" in page


def _status_fields(athlete) -> dict:
    status = RosterStatus.objects.get(athlete=athlete)
    return {
        field.name: getattr(status, field.name)
        for field in RosterStatus._meta.concrete_fields
        if field.name not in ("athlete", "refreshed_at")
    }


def test_roster_status_written_by_a_check_in_equals_a_full_refresh(world):
    athlete = world["athlete"]
    today = _today(athlete)
    StrengthFactory(
        athlete=athlete,
        started_at=timezone.now() - dt.timedelta(hours=20),
        rpe=8,
        exercises=["Back squat"],
    )
    CheckIn.objects.create(
        athlete=athlete, local_date=today - dt.timedelta(days=40), **checkin_answers()
    )
    plans.planned_run_save(
        athlete=athlete,
        entered_by=athlete,
        day=today + dt.timedelta(days=1),
        run_type="intervals",
        minutes=40,
    )
    services.checkin_save(athlete=athlete, day=today, answers=checkin_answers(quads=8))
    written = _status_fields(athlete)  # from what the verdict refresh had read
    verdicts.verdicts_refresh([athlete])  # from the database, with nothing cached
    assert _status_fields(athlete) == written
    assert written["light"] == Light.RED  # soreness 8 the day after
    assert written["flag_bits"] == RosterFlag.SORE_7 | RosterFlag.HARD_RUN_IN_WINDOW
    assert written["plan_date"] == today + dt.timedelta(days=1)
    assert written["leg_ended_at"] is not None


def test_roster_rows_follow_the_athletes_day(client, world, time_machine):
    athlete = world["athlete"]
    time_machine.move_to(dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC), tick=False)
    today = _today(athlete)
    services.checkin_save(athlete=athlete, day=today, answers=checkin_answers())
    plans.planned_run_save(
        athlete=athlete, entered_by=athlete, day=today, run_type="easy", minutes=30
    )
    client.force_login(world["coach"])

    def ada_row() -> str:
        page = client.get(reverse("recovery:coach_roster")).content.decode()
        start = page.index(">Ada</a>")
        return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]

    assert 'data-light="green"' in ada_row()
    assert "easy 30 min" in ada_row()
    time_machine.move_to(dt.datetime(2026, 5, 5, 9, tzinfo=dt.UTC), tick=False)
    assert 'data-light="grey"' in ada_row()  # a new day: no check-in yet
    assert "easy 30 min" not in ada_row()  # yesterday's plan is gone
    assert "No check-in for 2+ days" not in ada_row()
    time_machine.move_to(dt.datetime(2026, 5, 6, 9, tzinfo=dt.UTC), tick=False)
    assert "No check-in for 2+ days" in ada_row()
