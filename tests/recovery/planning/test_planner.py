"""The plan guard both ways, its one-click fixes, and the week planner (athlete and staff)."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from accounts.models import Role
from recovery.engine import guard
from recovery.planning import services as plans
from tests.factories import MembershipFactory, SessionFactory, StrengthFactory, UserFactory
from training.models import PlannedLegDay, PlannedRun

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY = dt.date(2026, 12, 7)
NOW = dt.datetime.combine(MONDAY, dt.time(6), tzinfo=LONDON)  # Monday 06:00


def day(n: int) -> dt.date:
    return MONDAY + dt.timedelta(days=n)


# --- The pure guard -------------------------------------------------------------------------


def leg(n, time=None, wait=48, ref="leg:1", planned=True):
    return guard.Item(ref, "leg", day(n), LONDON, time, 60, wait >= 48, wait, planned)


def run(n, time=None, hard=True, ref="run:1", minutes=50):
    return guard.Item(ref, "run", day(n), LONDON, time, minutes, hard)


def rules(items, goal="balanced"):
    return [c.rule for c in guard.conflicts(items, goal)]


def test_a_key_run_inside_the_window_either_way_round():
    assert rules([leg(1), run(2)]) == ["P1"]  # untimed legs count as 18:00-19:00: to Thu 19:00
    assert rules([leg(1), run(3)]) == ["P1"]  # an untimed run may be at any time of Thursday
    assert rules([leg(1), run(3, dt.time(19))]) == []  # 48 h after the end
    assert rules([leg(1), run(3, dt.time(18, 59))]) == ["P1"]
    assert rules([leg(1), run(4)]) == []
    assert rules([leg(1), run(2, hard=False)]) == []  # easy running is fine
    assert rules([leg(1, wait=24), run(2, dt.time(19))]) == []  # a light leg day: 24 h
    assert rules([leg(2), run(1)]) == []  # the run comes first


def test_done_sessions_alone_are_history():
    done_leg = leg(1, dt.time(9), planned=False)
    done_run = guard.Item("done:2", "run", day(2), LONDON, dt.time(9), 50, True, planned=False)
    assert rules([done_leg, done_run]) == []
    assert rules([done_leg, run(2)]) == ["P1"]


def test_lift_first_and_the_gap_need_both_times():
    assert rules([leg(1, dt.time(18)), run(1, dt.time(7), hard=False)], "strength") == ["P2"]
    assert rules([leg(1, dt.time(18)), run(1, dt.time(7), hard=False)], "running") == []
    assert rules([leg(1, dt.time(7)), run(1, dt.time(10), hard=False)]) == ["P3"]  # 2 h apart
    assert rules([leg(1, dt.time(7)), run(1, dt.time(14), hard=False)]) == []
    assert rules([leg(1), run(1, dt.time(7), hard=False)], "strength") == []  # time unknown


def test_first_good_day_keeps_the_time_and_skips_taken_days():
    items = [leg(1), run(2)]
    assert guard.first_good_day(items[1], items, "balanced", taken=set()) == day(4)
    assert guard.first_good_day(items[1], items, "balanced", taken={day(4)}) == day(5)
    timed = run(2, dt.time(19))
    assert guard.first_good_day(timed, [leg(1), timed], "balanced", taken=set()) == day(3)


def test_outlook():
    legs = [leg(1)]
    assert guard.outlook(day(1), legs, LONDON) is not None  # from 18:00 on
    assert guard.outlook(day(2), legs, LONDON).date() == day(3)  # all of Wednesday
    assert guard.outlook(day(3), legs, LONDON) == dt.datetime.combine(
        day(3), dt.time(19), tzinfo=LONDON
    )
    assert guard.outlook(day(4), legs, LONDON) is None


# --- The planner, with the database --------------------------------------------------------


@pytest.fixture
def athlete(time_machine, client):
    time_machine.move_to(NOW, tick=False)
    user = UserFactory(time_zone="Europe/London", fitness_level="intermediate", goal="balanced")
    client.force_login(user)
    return user


def _plan_legs(user, n, intensity="hard", time=None, by=None):
    return plans.planned_leg_day_save(
        athlete=user, entered_by=by or user, day=day(n), intensity=intensity, time=time
    )


def _plan_run(user, n, run_type="intervals", time=None, by=None):
    return plans.planned_run_save(
        athlete=user, entered_by=by or user, day=day(n), run_type=run_type, minutes=50, time=time
    )


def test_a_leg_day_planned_before_a_key_run_flags_the_run(athlete):
    run_plan = _plan_run(athlete, 3)
    assert not run_plan.inside_recovery_window
    _plan_legs(athlete, 1)
    run_plan.refresh_from_db()
    assert run_plan.inside_recovery_window  # the guard, from the leg day's side
    plans.planned_leg_day_save(athlete=athlete, entered_by=athlete, day=day(1), intensity="light")
    run_plan.refresh_from_db()
    assert not run_plan.inside_recovery_window  # 24 h after a light one: Thursday is fine


def test_the_planner_shows_the_week_with_outlook_warning_and_fixes(athlete, client):
    _plan_legs(athlete, 1)
    _plan_run(athlete, 2)
    SessionFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=1))  # last Sunday
    page = " ".join(client.get(reverse("recovery:week")).content.decode().split())
    assert "Week of 7 Dec 2026" in page
    assert page.count('data-rule="P1"') == 1
    assert "That hard run falls inside your recovery window" in page
    assert "waits 48 hours after it ends, until Thu 10 Dec, 19:00" in page
    assert "Make it an easy run" in page
    assert "Make the leg day light" not in page  # 24 h would still reach into Wednesday
    assert "Move the run to Fri 11 Dec" in page
    assert "Swap the two days" in page
    assert "Quality running from 19:00" in page  # Thursday
    assert "No quality running" in page  # Wednesday


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("make_easy", lambda r, g: r.run_type == "easy"),
        ("move", lambda r, g: r.date == day(4)),
        ("swap", lambda r, g: (r.date, g.date) == (day(1), day(2))),
    ],
)
def test_each_fix_clears_the_warning(athlete, client, action, check):
    leg_plan, run_plan = _plan_legs(athlete, 1), _plan_run(athlete, 2)
    response = client.post(
        reverse("recovery:plan_fix", args=["run", run_plan.pk]), {"action": action}
    )
    assert response.status_code == 302
    run_plan.refresh_from_db()
    leg_plan.refresh_from_db()
    assert check(run_plan, leg_plan)
    assert not run_plan.inside_recovery_window
    assert 'data-rule="P1"' not in client.get(response["Location"]).content.decode()


def test_make_it_light_from_the_leg_days_side(athlete, client):
    leg_plan, run_plan = _plan_legs(athlete, 1), _plan_run(athlete, 2, time=dt.time(19))
    client.post(reverse("recovery:plan_fix", args=["leg", leg_plan.pk]), {"action": "make_light"})
    leg_plan.refresh_from_db()
    run_plan.refresh_from_db()
    assert leg_plan.intensity == "light"
    assert not run_plan.inside_recovery_window


def test_a_fix_that_no_longer_applies_changes_nothing(athlete, client):
    run_plan = _plan_run(athlete, 2)
    response = client.post(
        reverse("recovery:plan_fix", args=["run", run_plan.pk]),
        {"action": "make_easy"},
        follow=True,
    )
    assert "Nothing to fix there any more" in response.content.decode()
    run_plan.refresh_from_db()
    assert run_plan.run_type == "intervals"


def test_move_by_the_day_picker(athlete, client):
    run_plan = _plan_run(athlete, 2, run_type="easy")
    other = _plan_run(athlete, 3, run_type="easy")
    url = reverse("recovery:plan_move", args=["run", run_plan.pk])
    client.post(url, {"date": day(5).isoformat()})
    run_plan.refresh_from_db()
    assert run_plan.date == day(5)
    page = client.post(url, {"date": day(3).isoformat()}, follow=True).content.decode()
    assert "There is already a planned run on Thursday 10 December" in page
    for bad in ["", "yesterday", "2026-13-40", (MONDAY - dt.timedelta(days=1)).isoformat()]:
        response = client.post(url, {"date": bad}, follow=True)
        assert response.status_code == 200
    run_plan.refresh_from_db()
    other.refresh_from_db()
    assert (run_plan.date, other.date) == (day(5), day(3))


def test_plans_of_others_and_unknown_kinds_are_404(athlete, client):
    stranger = UserFactory()
    plan = PlannedRun.objects.create(athlete=stranger, date=day(2), run_type="easy", minutes=30)
    for name, data in [("plan_move", {"date": day(3).isoformat()}), ("plan_fix", {})]:
        assert (
            client.post(reverse(f"recovery:{name}", args=["run", plan.pk]), data).status_code == 404
        )
    assert client.post(reverse("recovery:plan_fix", args=["swim", plan.pk])).status_code == 404


def test_the_leg_day_form_warns_before_a_key_run_and_makes_it_light(athlete, client):
    _plan_run(athlete, 4)  # untimed: it may be early on Friday
    url = reverse("recovery:leg_plan_new")
    data = {"date": day(2).isoformat(), "intensity": "hard"}
    page = client.post(url, data).content.decode()
    assert "That leg day comes too soon before a key run" in page
    assert not PlannedLegDay.objects.exists()
    client.post(url, {**data, "resolve": "make_light"})
    assert PlannedLegDay.objects.get().intensity == "light"


def test_a_done_leg_day_closes_the_window_on_the_planner(athlete, client):
    StrengthFactory(
        athlete=athlete, started_at=NOW - dt.timedelta(hours=12), rpe=8, exercises=["Back squat"]
    )
    _plan_run(athlete, 0, run_type="tempo")
    page = client.get(reverse("recovery:week")).content.decode()
    assert "hard leg day you logged" in page
    assert "Make it an easy run" in page


def test_staff_plan_and_fix_for_their_athlete(athlete, client):
    coach = UserFactory()
    gym = MembershipFactory(user=coach, role=Role.COACH).gym
    MembershipFactory(user=athlete, gym=gym, role=Role.ATHLETE)
    client.force_login(coach)
    response = client.post(
        reverse("recovery:coach_leg_plan_new", args=[athlete.pk]),
        {"date": day(1).isoformat(), "intensity": "hard", "time": "18:00"},
    )
    assert response.status_code == 302
    assert PlannedLegDay.objects.get(athlete=athlete).entered_by == coach
    run_plan = _plan_run(athlete, 2, by=coach)
    page = client.get(reverse("recovery:coach_week", args=[athlete.pk])).content.decode()
    assert "Make it an easy run" in page
    client.post(reverse("recovery:plan_fix", args=["run", run_plan.pk]), {"action": "move"})
    run_plan.refresh_from_db()
    assert run_plan.date == day(4)


def test_move_skips_days_taken_beyond_the_week(athlete, client):
    """Easy runs planned on every day from Friday to the next Tuesday: the intervals move to
    the Wednesday after, not onto a day that has a run already."""
    _plan_legs(athlete, 1)
    run_plan = _plan_run(athlete, 2)
    for n in range(4, 9):
        _plan_run(athlete, n, run_type="easy")
    page = " ".join(client.get(reverse("recovery:week")).content.decode().split())
    assert f"Move the run to {day(9):%a} {day(9).day} Dec" in page
    client.post(reverse("recovery:plan_fix", args=["run", run_plan.pk]), {"action": "move"})
    run_plan.refresh_from_db()
    assert run_plan.date == day(9)
