"""Service rules of contract v3 (DESIGN §4, DOMAIN §8.5): RF8 reads the days the check-ins are
for (never when their rows were saved), the rise test only between two check-ins with no run or
leg day between them, persistence means moderate soreness; the wellness z-score is sleep and
energy only; an ordinary illness leaves no red-flag trail and sends no alert. Every test runs
on a fixed clock: Wednesday 11 March 2026, 08:00 in London (the athlete's zone)."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role, User
from recovery import services
from recovery.models import Recommendation, RedFlagAnswer, Reminder, ReminderKind
from recovery.planning import services as plans
from recovery.staff import services as staff_services
from recovery.verdict import presentation, verdicts
from tests.factories import (
    MembershipFactory,
    SessionFactory,
    StrengthFactory,
    UserFactory,
    checkin_answers,
)

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = dt.date(2026, 3, 11)
NOW = dt.datetime.combine(TODAY, dt.time(8, 0), tzinfo=LONDON)


@pytest.fixture
def athlete(time_machine):
    time_machine.move_to(NOW, tick=False)
    return UserFactory(time_zone="Europe/London")


def _leg_day(athlete, ends: dt.datetime):
    StrengthFactory(  # a habitual leg day a week before, so the session is not unaccustomed
        athlete=athlete, started_at=ends - dt.timedelta(days=7, hours=1), exercises=["Leg press"]
    )
    StrengthFactory(
        athlete=athlete, started_at=ends - dt.timedelta(hours=1), duration_s=3600,
        exercises=["Leg press"],
    )  # fmt: skip


def _evening(days_before: int) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=days_before), dt.time(19), tzinfo=LONDON)


def _checkin(athlete, days_before: int = 0, **answers) -> Recommendation:
    day = TODAY - dt.timedelta(days=days_before)
    services.checkin_save(athlete=athlete, day=day, answers=checkin_answers(**answers))
    return Recommendation.objects.get(athlete=athlete, local_date=day)


def _rules(recommendation) -> set[str]:
    return {rule["rule_id"] for rule in recommendation.fired}


# --- RF8: a rise of 2 points ------------------------------------------------------------------


def test_a_rise_of_two_points_after_72_hours_fires_rf8(athlete):
    _leg_day(athlete, _evening(5))  # yesterday morning is 84 h after it
    _checkin(athlete, 1, quads=2)
    today = _checkin(athlete, 0, quads=4)
    assert today.level == 0
    assert "RF8" in _rules(today)


def test_yesterdays_check_in_added_today_does_not_count_as_after_72_hours(athlete):
    """The leg day ended 61 h before yesterday's morning: yesterday's check-in, saved only now
    (from the history), is for a day inside the 72 h, so the rise is ordinary DOMS."""
    _leg_day(athlete, _evening(4))
    _checkin(athlete, 1, quads=2)  # saved today, 08:00 — 85 h after the leg day
    today = _checkin(athlete, 0, quads=4)
    assert "RF8" not in _rules(today)
    assert today.level > 0


def test_a_downhill_run_between_two_check_ins_is_not_a_rise_without_cause(athlete):
    _leg_day(athlete, _evening(5))
    _checkin(athlete, 1, quads=2)
    SessionFactory(  # yesterday afternoon: a long run with a big descent
        athlete=athlete,
        started_at=_evening(1) - dt.timedelta(hours=3),
        duration_s=5400,
        distance_m=16000,
        run_type="long",
    )
    today = _checkin(athlete, 0, quads=4)
    assert "RF8" not in _rules(today)


# --- RF8: persistence -------------------------------------------------------------------------


def test_a_steady_mild_calf_for_ten_days_is_not_rf8(athlete):
    _leg_day(athlete, _evening(10))
    for days_before in range(9, -1, -1):
        recommendation = _checkin(athlete, days_before, calves=1)
    assert "RF8" not in _rules(recommendation)
    assert recommendation.level > 0


def test_moderate_soreness_on_every_check_in_for_eight_days_is_rf8(athlete):
    _leg_day(athlete, _evening(9))
    for days_before in range(8, -1, -1):
        recommendation = _checkin(athlete, days_before, calves=4)
    assert recommendation.level == 0
    assert "RF8" in _rules(recommendation)


def test_persistence_counts_check_ins_by_their_day(athlete):
    """One check-in below moderate since the leg day (given late, from the history) breaks it."""
    _leg_day(athlete, _evening(9))
    for days_before in range(8, 0, -1):
        _checkin(athlete, days_before, calves=4 if days_before != 3 else 2)
    assert "RF8" not in _rules(_checkin(athlete, 0, calves=4))


# --- Wellness z: sleep and energy only --------------------------------------------------------


def test_one_poor_night_on_a_stable_baseline_costs_one_level(athlete):
    for days_before in range(28, 0, -1):  # a steady month: sleep 4 or 5, energy 4
        _checkin(athlete, days_before, sleep_quality=4 + days_before % 2, energy=4)
    today = _checkin(athlete, 0, sleep_quality=2, energy=4)
    assert today.inputs["wellness_z"] < -1
    assert _rules(today) & {"W1", "W2", "W3", "W4"} == {"W1"}
    assert today.level == 3  # as planned (4), one step down


def test_soreness_no_longer_moves_the_wellness_score(athlete):
    for days_before in range(20, 0, -1):
        _checkin(athlete, days_before, sleep_quality=4 + days_before % 2, energy=4)
    sore = _checkin(athlete, 0, sleep_quality=4, energy=4, quads=6)
    assert sore.inputs["wellness_z"] > -1  # the S-rules judge the soreness, not W3
    assert "W3" not in _rules(sore)


# --- An ordinary illness is no red flag -------------------------------------------------------


@pytest.fixture
def coached(athlete):
    coach = MembershipFactory(role=Role.COACH).user
    MembershipFactory(gym=coach.memberships.get().gym, user=athlete, role=Role.ATHLETE)
    return athlete


def test_illness_alone_leaves_no_trail_and_sends_no_alert(coached):
    athlete = coached
    today = _checkin(athlete, 0, rf_unwell=True, quads=1)
    assert today.level == 1
    assert "I1" in _rules(today)
    assert not RedFlagAnswer.objects.filter(athlete=athlete).exists()
    assert not Reminder.objects.filter(athlete=athlete, kind=ReminderKind.RED_FLAG_ALERT).exists()


def test_illness_with_moderate_soreness_is_a_red_flag_with_its_alert(coached):
    athlete = coached
    today = _checkin(athlete, 0, rf_unwell=True, quads=6)
    assert today.level == 0
    assert RedFlagAnswer.objects.filter(athlete=athlete, flag="systemic_illness").exists()
    assert Reminder.objects.filter(athlete=athlete, kind=ReminderKind.RED_FLAG_ALERT).exists()


# --- The demo data --------------------------------------------------------------------------


def test_the_demo_history_has_no_level_0_day_without_a_warning_sign(
    settings, time_machine, monkeypatch
):
    time_machine.move_to(NOW, tick=False)
    settings.DEBUG = True
    monkeypatch.setenv("RUNREADY_DEMO_DATA", "yes")  # as `make run` does
    call_command("demo_data", stdout=None)
    for athlete in User.objects.filter(email__startswith="athlete"):
        for recommendation in Recommendation.objects.filter(athlete=athlete, level=0):
            answered = recommendation.inputs.get("red_flags", [])
            assert set(answered) - {"non_resolving_soreness"}, (athlete.email, recommendation)


# --- Unaccustomed: the log where it covers 28 days, else the athlete's answer ------------------


@pytest.mark.parametrize(("answer", "rule"), [(True, "T2"), (False, "T3"), (None, "T3")])
def test_a_new_accounts_first_hard_leg_day_follows_its_answer(athlete, answer, rule):
    athlete.legs_trained_recently = answer
    athlete.save(update_fields=["legs_trained_recently"])
    StrengthFactory(
        athlete=athlete, started_at=NOW - dt.timedelta(hours=21), rpe=8, exercises=["Back squat"]
    )
    today = _checkin(athlete, 0)
    assert today.inputs["leg_unaccustomed"] is (answer is not True)
    assert rule in _rules(today)


def test_once_the_log_covers_28_days_it_decides_whatever_the_answer(athlete):
    SessionFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=40))  # runs only
    StrengthFactory(
        athlete=athlete, started_at=NOW - dt.timedelta(hours=21), rpe=8, exercises=["Leg press"]
    )
    today = _checkin(athlete, 0)  # answered "yes", but no leg day in the 28 days logged
    assert today.inputs["leg_unaccustomed"] is True
    assert "T3" in _rules(today)


@pytest.mark.parametrize(("answer", "warned"), [(True, False), (False, True)])
def test_the_planner_judges_a_planned_leg_day_by_the_same_rule(athlete, answer, warned):
    """A hard leg day planned Thursday evening and a tempo run Sunday morning, 61 h later: fine
    after 48 h (habitual), too soon after 72 h (unaccustomed)."""
    athlete.legs_trained_recently = answer
    athlete.save(update_fields=["legs_trained_recently"])
    thursday = TODAY + dt.timedelta(days=1)
    plans.planned_leg_day_save(
        athlete=athlete, entered_by=athlete, day=thursday, time=dt.time(18), intensity="hard",
        exercises=[],
    )  # fmt: skip
    conflict = plans.plan_conflict(
        athlete, day=thursday + dt.timedelta(days=3), run_type="tempo", time=dt.time(8)
    )
    assert (conflict is not None) is warned


def test_a_coach_lowering_to_a_recovery_run_with_300_minutes_shows_the_levels_cap(coached):
    coach = User.objects.get(memberships__role=Role.COACH)
    staff_services.override_set(
        staff=coach, athlete=coached, day=TODAY, level=2, max_minutes=300, note="Easy week"
    )
    verdict = verdicts.verdict_today(coached)
    assert verdict.level == 2
    assert verdict.max_minutes == 30  # an intermediate's recovery run, never 300


# --- The athlete's own soreness response before the check-in (issue 25) -----------------------


def _hard_leg_day_ending(athlete, ends: dt.datetime):
    StrengthFactory(
        athlete=athlete, started_at=ends - dt.timedelta(hours=1), duration_s=3600, rpe=8,
        exercises=["Back squat"],
    )  # fmt: skip


def _six_hard_leg_days(athlete, time_machine) -> None:
    """Six hard leg days ending at noon, each followed the next morning (20 h on) by quads 2,
    others 1."""
    days = (25, 21, 17, 13, 9, 5)
    noons = {
        d: dt.datetime.combine(TODAY - dt.timedelta(days=d), dt.time(12), LONDON) for d in days
    }
    for noon in noons.values():
        _hard_leg_day_ending(athlete, noon)
    for days_before, noon in noons.items():  # each check-in given the next morning, 20 h on
        time_machine.move_to(noon + dt.timedelta(hours=20), tick=False)
        _checkin(athlete, days_before - 1, quads=2, hamstrings=1, glutes=1, calves=1, adductors=1)


def test_the_advice_before_the_check_in_uses_the_athletes_own_response(athlete, time_machine):
    """After the six, a seventh: the provisional advice expects their mornings, not the
    blanket 4."""
    newcomer = UserFactory(time_zone="Europe/London")
    _six_hard_leg_days(athlete, time_machine)
    yesterday_noon = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(12), LONDON)
    time_machine.move_to(NOW, tick=False)  # 08:00: 20 h after yesterday's session
    for someone in (athlete, newcomer):
        _hard_leg_day_ending(someone, yesterday_noon)
    own = verdicts.verdict_today(athlete)
    blanket = verdicts.verdict_today(newcomer)
    assert own.provisional
    assert blanket.provisional
    assert own.inputs["expected_soreness"] == {
        "quads": 2, "hamstrings": 1, "glutes": 1, "calves": 1, "adductors": 1,
    }  # fmt: skip
    assert blanket.inputs["expected_soreness"] is None
    assert blanket.level == 2  # every unanswered group counts as moderate
    assert own.level == 3  # mild, from the athlete's own mornings: an easy run
    assert any("from your past sessions" in rule["reason"] for rule in own.fired)
    assert presentation.expected_before_checkin(own)[:2] == [("quads", 2), ("adductors", 1)]
    assert presentation.expected_before_checkin(blanket) == []
    checked_in = _checkin(athlete, 0, quads=5)  # the check-in always replaces it
    assert checked_in.inputs["expected_soreness"] is None
    assert checked_in.level == 2


def test_tonight_says_what_the_athletes_mornings_were_after_sessions_like_this(
    athlete, time_machine, client
):
    _six_hard_leg_days(athlete, time_machine)
    noon = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(12), LONDON)
    time_machine.move_to(noon + dt.timedelta(hours=2), tick=False)
    _hard_leg_day_ending(athlete, noon)
    client.force_login(athlete)
    page = client.get(reverse("recovery:after_leg_day")).content.decode()
    said = page[page.index('id="expected-soreness"') :].split("</section>")[0]
    assert "similar sessions): quads about 2, hamstrings about 1" in said
    assert "from your last 6 similar sessions" in said
    newcomer = UserFactory(time_zone="Europe/London")
    _hard_leg_day_ending(newcomer, noon)
    client.force_login(newcomer)
    assert (
        'id="expected-soreness"'
        not in client.get(reverse("recovery:after_leg_day")).content.decode()
    )
