"""Week templates: saved per gym, applied to many athletes with each one's conflicts listed
before saving; and saving a suggested week to one's own planner."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role
from recovery.models import WeekTemplate
from recovery.planning import services as plans
from tests.factories import (
    GymFactory,
    MembershipFactory,
    SessionFactory,
    StrengthFactory,
    UserFactory,
)
from tests.recovery.planning.test_planner import NOW
from training.models import PlannedLegDay, PlannedRun

pytestmark = pytest.mark.django_db

NEXT_MONDAY = dt.date(2026, 12, 14)


@pytest.fixture
def gym(time_machine):
    time_machine.move_to(NOW, tick=False)
    gym = GymFactory(name="Iron & Miles")
    coach = MembershipFactory(gym=gym, role=Role.COACH, user__time_zone="Europe/London").user
    athletes = {
        name: MembershipFactory(
            gym=gym,
            role=Role.ATHLETE,
            user__display_name=name,
            user__time_zone="Europe/London",
            user__fitness_level=level,
        ).user
        for name, level in [("Ada", "intermediate"), ("Ben", "intermediate"), ("Cy", "novice")]
    }
    template = WeekTemplate.objects.create(
        gym=gym, name="Two legs, three runs", leg_days=2, runs=3, key_runs=1, long_run_day=6
    )
    return gym, coach, athletes, template


def _apply(client, template, athletes, action="check"):
    return client.post(
        reverse("recovery:coach_template_apply", args=[template.pk]),
        {
            "week": NEXT_MONDAY.isoformat(),
            "athletes": [a.pk for a in athletes],
            "action": action,
        },
    )


def test_create_a_template(gym, client):
    _, coach, _, _ = gym
    client.force_login(coach)
    url = reverse("recovery:coach_templates")
    data = {
        "name": "Base week",
        "gym": coach.memberships.get().gym_id,
        "leg_days": "2",
        "runs": "4",
        "key_runs": "2",
        "long_run_day": "6",
        "leg_class_day": "1",
    }
    response = client.post(url, data)
    template = WeekTemplate.objects.get(name="Base week")
    assert response["Location"] == reverse("recovery:coach_template_apply", args=[template.pk])
    assert (template.leg_days, template.runs, template.long_run_day, template.leg_class_day) == (
        2,
        4,
        6,
        1,
    )
    again = client.post(url, data)
    assert again.status_code == 422
    assert "has a template of that name already" in again.content.decode()
    bad = client.post(url, {**data, "name": "Other", "key_runs": "3", "runs": "1"})
    assert bad.status_code == 422
    assert WeekTemplate.objects.filter(gym=template.gym).count() == 2  # the fixture's and this


def test_each_athletes_conflicts_are_listed_before_saving(gym, client):
    _, coach, athletes, template = gym
    ada, ben, cy = athletes["Ada"], athletes["Ben"], athletes["Cy"]
    plans.planned_leg_day_save(  # Saturday evening: the template's Sunday long run is too soon
        athlete=ada, entered_by=ada, day=NEXT_MONDAY + dt.timedelta(days=5), intensity="hard",
        time=dt.time(18),
    )  # fmt: skip
    plans.planned_run_save(  # Sunday: the template's long run replaces it
        athlete=ben, entered_by=ben, day=NEXT_MONDAY + dt.timedelta(days=6), run_type="easy",
        minutes=30,
    )  # fmt: skip
    client.force_login(coach)
    page = _apply(client, template, [ada, ben, cy]).content.decode()
    cards = {name: page[page.index(f'data-athlete="{a.pk}"') :] for name, a in athletes.items()}
    assert "That hard run falls inside your recovery window" in cards["Ada"].split("</article>")[0]
    assert "Replaces: Easy run, 30 min on Sun 20 Dec" in cards["Ben"].split("</article>")[0]
    assert "No conflicts" in cards["Cy"].split("</article>")[0]
    assert PlannedRun.objects.filter(athlete=cy).count() == 0  # nothing saved yet

    response = _apply(client, template, [ada, ben, cy], action="save")
    assert response.status_code == 302
    for athlete in (ada, ben, cy):
        week = (NEXT_MONDAY, NEXT_MONDAY + dt.timedelta(days=6))
        assert PlannedRun.objects.filter(athlete=athlete, date__range=week).count() == 3
        legs = PlannedLegDay.objects.filter(athlete=athlete, date__range=week)
        assert legs.filter(entered_by=coach).count() == 2
    long_run = PlannedRun.objects.get(athlete=ben, date=NEXT_MONDAY + dt.timedelta(days=6))
    assert (long_run.run_type, long_run.minutes, long_run.entered_by) == ("long", 90, coach)
    assert PlannedRun.objects.get(
        athlete=ada, date=NEXT_MONDAY + dt.timedelta(days=6)
    ).inside_recovery_window  # saved as the coach chose, and flagged for the roster


def test_a_week_that_does_not_fit_is_named_and_never_saved(gym, client):
    gym_, coach, athletes, _ = gym
    # A hard leg class on Wednesday evening and a long run on Saturday morning: 61 h apart,
    # enough after 48 h, not after a novice's 72 h.
    template = WeekTemplate.objects.create(
        gym=gym_, name="Class week", leg_days=1, runs=2, key_runs=1, long_run_day=5,
        leg_class_day=2,
    )  # fmt: skip
    client.force_login(coach)
    page = _apply(client, template, [athletes["Ada"], athletes["Cy"]]).content.decode()
    assert page.count("No week fits") == 1
    assert "Nothing will be saved for Cy" in page
    _apply(client, template, [athletes["Ada"], athletes["Cy"]], action="save")
    assert PlannedRun.objects.filter(athlete=athletes["Ada"]).count() == 2
    assert not PlannedRun.objects.filter(athlete=athletes["Cy"]).exists()


def test_templates_stay_in_their_gym(gym, client):
    _, coach, athletes, template = gym
    stranger = MembershipFactory(role=Role.COACH).user
    client.force_login(stranger)
    assert _apply(client, template, [athletes["Ada"]]).status_code == 404
    assert "Two legs" not in client.get(reverse("recovery:coach_templates")).content.decode()
    # Another gym's athlete ticked by hand is not among the choices: nothing happens to them.
    outsider = MembershipFactory(gym=GymFactory(), role=Role.ATHLETE).user
    client.force_login(coach)
    page = _apply(client, template, [outsider], action="save")
    assert page.status_code == 200
    assert not PlannedRun.objects.filter(athlete=outsider).exists()
    client.force_login(athletes["Ada"])
    assert client.get(reverse("recovery:coach_templates")).status_code == 403
    assert _apply(client, template, [athletes["Ada"]]).status_code == 404


def test_save_a_suggested_week_to_my_planner(time_machine, client):
    time_machine.move_to(NOW, tick=False)
    athlete = UserFactory(time_zone="Europe/London")
    client.force_login(athlete)
    query = {"leg_days": "2", "runs": "3", "key_runs": "1", "long_run_day": "6"}
    response = client.post(
        reverse("recovery:week_suggest"), {**query, "week": NEXT_MONDAY.isoformat()}
    )
    assert response["Location"] == f"{reverse('recovery:week')}?date={NEXT_MONDAY}"
    assert PlannedRun.objects.filter(athlete=athlete).count() == 3
    assert PlannedLegDay.objects.filter(athlete=athlete).count() == 2
    assert PlannedRun.objects.get(athlete=athlete, run_type="long").date == dt.date(2026, 12, 20)
    page = client.get(response["Location"]).content.decode()
    assert 'data-rule="' not in page  # a suggested week meets the rules
    refused = client.post(reverse("recovery:week_suggest"), {**query, "week": "2020-01-06"})
    assert "Pick one of the weeks offered" in refused.content.decode()
    assert PlannedRun.objects.filter(athlete=athlete).count() == 3


def test_the_roster_shows_plans_kept_and_changed_this_week(gym, client):
    """A plan is kept by a session of its kind (a run of its type and about its minutes);
    another run that day changed it. (The roster's queries stay constant:
    test_staff.test_roster_queries_are_the_same...)"""
    _, coach, athletes, _ = gym
    ada, ben = athletes["Ada"], athletes["Ben"]
    monday = NOW.date()
    plans.planned_run_save(athlete=ada, entered_by=ada, day=monday, run_type="easy", minutes=30)
    plans.planned_leg_day_save(
        athlete=ada, entered_by=ada, day=monday + dt.timedelta(days=1), intensity="hard"
    )
    PlannedRun.objects.create(  # last week's: not this week's
        athlete=ada, date=monday - dt.timedelta(days=1), run_type="easy", minutes=30
    )
    SessionFactory(athlete=ada, started_at=NOW - dt.timedelta(minutes=45))  # Monday 05:15
    StrengthFactory(athlete=ben, started_at=NOW - dt.timedelta(hours=1), exercises=["Back squat"])
    plans.planned_leg_day_save(athlete=ben, entered_by=ben, day=monday, intensity="light")
    # Ben planned 45 minutes of intervals and ran 20 easy minutes: changed, not kept.
    plans.planned_run_save(
        athlete=ben, entered_by=ben, day=monday, run_type="intervals", minutes=45
    )
    SessionFactory(athlete=ben, started_at=NOW - dt.timedelta(minutes=30), duration_s=1200)
    client.force_login(coach)
    url = reverse("recovery:coach_roster")
    page = client.get(url, {"sort": "name"}).content.decode()
    rows = {
        name: page[page.index(f'data-athlete="{a.pk}"') :].split("</tr>")[0]
        for name, a in athletes.items()
    }
    assert "1 of 2 as planned<" in rows["Ada"]  # the 30-minute easy run kept its plan
    assert "1 of 2 as planned, 1 changed" in rows["Ben"]
    assert '<td data-label="This week" class="roster-compliance">—</td>' in rows["Cy"]
