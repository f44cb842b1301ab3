"""Load figures against hand-computed values: session load, weekly sums, EWMA ACWR, leg-day facts."""

import datetime as dt

import pytest
from django.db.models import Q

from tests.factories import SessionFactory, StrengthFactory, UserFactory
from training import legdays, load
from training.models import Session

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def at(day: dt.date, hour: int = 12, tz=UTC) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=tz)


def test_session_load_is_rpe_times_minutes_in_the_database():
    session = SessionFactory(rpe=7, duration_s=45 * 60 + 30)
    assert Session.objects.values_list("load", flat=True).get(pk=session.pk) == pytest.approx(318.5)


def test_weekly_figures_match_hand_sums():
    athlete = UserFactory(time_zone="America/New_York")
    tz = athlete.tz
    today = dt.date(2026, 3, 18)  # a Wednesday; this week starts Monday 16 March
    # This week: a leg day (RPE 8 x 60 = 480) and a 10 km run (RPE 4 x 50 = 200).
    StrengthFactory(
        athlete=athlete,
        started_at=at(dt.date(2026, 3, 16), 18, tz),
        rpe=8,
        duration_s=3600,
        exercises=["Back squat"],
    )
    SessionFactory(
        athlete=athlete,
        started_at=at(dt.date(2026, 3, 17), 7, tz),
        rpe=4,
        duration_s=3000,
        distance_m=10_000,
    )
    # Last week: two leg sessions on one Sunday evening (one leg day), 23:30 local = Monday UTC.
    StrengthFactory(
        athlete=athlete,
        started_at=at(dt.date(2026, 3, 15), 9, tz),
        rpe=5,
        duration_s=1800,
        exercises=["Leg press"],
    )
    late = dt.datetime(2026, 3, 15, 23, 30, tzinfo=tz)
    StrengthFactory(
        athlete=athlete, started_at=late, rpe=6, duration_s=1200, exercises=["Nordic curl"]
    )
    # An upper-body session is not a leg day.
    StrengthFactory(
        athlete=athlete,
        started_at=at(dt.date(2026, 3, 12), 18, tz),
        rpe=6,
        duration_s=2400,
        exercises=["Bench press"],
    )
    SessionFactory(athlete=UserFactory(), started_at=at(dt.date(2026, 3, 17)))  # someone else

    figures = load.weekly_figures(athlete, weeks=3, today=today)

    assert [f.week_start for f in figures] == [
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 9),
        dt.date(2026, 3, 16),
    ]
    assert figures[0].sessions == 0
    last, this = figures[1], figures[2]
    assert (this.load, this.distance_m, this.leg_days, this.sessions) == (680, 10_000, 1, 2)
    assert last.load == pytest.approx(150 + 120 + 240)
    assert (last.distance_m, last.leg_days, last.sessions) == (0, 1, 3)


def test_acwr_is_none_before_28_days_of_data():
    athlete = UserFactory()
    today = dt.date(2026, 4, 30)
    SessionFactory(athlete=athlete, started_at=at(today - dt.timedelta(days=26)))  # 27 days of data
    trend = load.load_trends([athlete], today={athlete.pk: today})[athlete.pk]
    assert trend.days_of_data == 27
    assert trend.acwr is None
    assert "28 days" in load.trend_phrase(trend.acwr)


def test_acwr_matches_a_hand_computed_ewma():
    athlete = UserFactory()
    today = dt.date(2026, 4, 30)
    first = today - dt.timedelta(days=27)  # exactly 28 days of data
    SessionFactory(athlete=athlete, started_at=at(first), rpe=5, duration_s=20 * 60)  # 100 AU
    SessionFactory(athlete=athlete, started_at=at(today, 7), rpe=4, duration_s=25 * 60)  # 100 AU
    # Daily loads: 100, then 26 days of 0, then 100. EWMA seeded with the first day:
    # acute   (lambda 2/8):  0.25 * 100 + 100 * 0.75**27
    # chronic (lambda 2/29): (2/29) * 100 + 100 * (27/29)**27
    acute = 25 + 100 * 0.75**27
    chronic = 100 * 2 / 29 + 100 * (27 / 29) ** 27
    trend = load.load_trends([athlete], today={athlete.pk: today})[athlete.pk]
    assert trend.days_of_data == 28
    assert trend.acute == pytest.approx(acute)
    assert trend.chronic == pytest.approx(chronic)
    assert trend.acwr == pytest.approx(acute / chronic)
    assert trend.acwr == pytest.approx(1.1691, abs=1e-4)  # 25.0424 / 21.4206


def test_acwr_of_steady_training_is_one():
    athlete = UserFactory()
    today = dt.date(2026, 4, 30)
    for days_ago in range(40):
        SessionFactory(
            athlete=athlete,
            started_at=at(today - dt.timedelta(days=days_ago)),
            rpe=5,
            duration_s=3600,
        )
    assert load.load_trends([athlete], today={athlete.pk: today})[athlete.pk].acwr == pytest.approx(
        1.0
    )


@pytest.mark.parametrize(
    ("ratio", "words"),
    [(0.5, "Lighter"), (1.0, "In line"), (1.4, "build up gradually"), (1.8, "Well above")],
)
def test_trend_phrase_never_predicts_injury(ratio, words):
    phrase = load.trend_phrase(ratio)
    assert words in phrase
    assert "injur" not in phrase.lower()


def test_latest_leg_day_first_in_28_days_is_unaccustomed():
    athlete = UserFactory()
    now = dt.datetime(2026, 5, 10, 12, tzinfo=UTC)
    StrengthFactory(
        athlete=athlete, started_at=now - dt.timedelta(days=40), exercises=["Leg press"]
    )
    StrengthFactory(
        athlete=athlete, started_at=now - dt.timedelta(days=2), exercises=["Bench press"]
    )
    leg = StrengthFactory(
        athlete=athlete,
        started_at=now - dt.timedelta(hours=20),
        rpe=8,
        duration_s=3600,
        exercises=["Leg press"],
    )
    latest = legdays.latest_leg_days(Q(athlete=athlete, started_at__lte=now)).get(athlete.pk)
    assert latest.session_id == leg.pk
    assert (latest.rpe, latest.minutes, latest.load) == (8, 60, 480)
    assert latest.ended_at == leg.started_at + dt.timedelta(hours=1)
    assert latest.unaccustomed is True  # the previous leg day was 40 days ago


def test_latest_leg_day_habitual_vs_new_eccentric_exercise():
    athlete = UserFactory()
    now = dt.datetime(2026, 5, 10, 12, tzinfo=UTC)
    SessionFactory(athlete=athlete, started_at=now - dt.timedelta(days=40))  # the log covers 28 d
    StrengthFactory(
        athlete=athlete, started_at=now - dt.timedelta(days=7), exercises=["Back squat"]
    )
    StrengthFactory(
        athlete=athlete,
        started_at=now - dt.timedelta(hours=20),
        exercises=["Back squat", "Leg press"],
    )
    assert (
        legdays.latest_leg_days(Q(athlete=athlete, started_at__lte=now))
        .get(athlete.pk)
        .unaccustomed
        is False
    )  # squats done last week
    StrengthFactory(
        athlete=athlete,
        started_at=now - dt.timedelta(hours=2),
        exercises=["Back squat", "Nordic curl"],
    )
    assert (
        legdays.latest_leg_days(Q(athlete=athlete, started_at__lte=now))
        .get(athlete.pk)
        .unaccustomed
        is True
    )  # Nordics are new and eccentric


def test_latest_leg_day_ignores_future_sessions_and_other_athletes():
    athlete = UserFactory()
    now = dt.datetime(2026, 5, 10, 12, tzinfo=UTC)
    assert legdays.latest_leg_days(Q(athlete=athlete, started_at__lte=now)).get(athlete.pk) is None
    StrengthFactory(
        athlete=UserFactory(), started_at=now - dt.timedelta(hours=3), exercises=["Back squat"]
    )
    StrengthFactory(
        athlete=athlete, started_at=now + dt.timedelta(hours=3), exercises=["Back squat"]
    )
    assert legdays.latest_leg_days(Q(athlete=athlete, started_at__lte=now)).get(athlete.pk) is None


def _median(athlete, now: dt.datetime) -> float | None:
    facts = legdays.leg_facts(
        {athlete: now.date()}, recent=dt.timedelta(hours=72), activity=dt.timedelta(days=28)
    )
    return facts[athlete.pk].typical_load(now)


def test_median_leg_load_over_8_weeks():
    athlete = UserFactory()
    now = dt.datetime(2026, 5, 10, 12, tzinfo=UTC)
    for days_ago, rpe in [(3, 6), (10, 8), (20, 7), (70, 10)]:  # the last is outside 8 weeks
        StrengthFactory(
            athlete=athlete,
            started_at=now - dt.timedelta(days=days_ago),
            rpe=rpe,
            duration_s=3600,
            exercises=["Back squat"],
        )
    StrengthFactory(
        athlete=athlete, started_at=now - dt.timedelta(days=5), rpe=9, exercises=["Bench press"]
    )  # not legs
    assert _median(athlete, now) == 420  # median of 360, 420, 480
    assert _median(UserFactory(), now) is None


def test_leg_day_selectors_use_a_fixed_number_of_queries(django_assert_num_queries):
    athlete = UserFactory()
    now = dt.datetime(2026, 5, 10, 12, tzinfo=UTC)
    for days_ago in range(1, 30):
        StrengthFactory(
            athlete=athlete,
            started_at=now - dt.timedelta(days=days_ago),
            exercises=["Back squat", "Nordic curl"],
        )
    with django_assert_num_queries(1):
        legdays.latest_leg_days(Q(athlete=athlete, started_at__lte=now)).get(athlete.pk)
    with django_assert_num_queries(6):  # latest, loads, leg days, trend (2), activity
        legdays.leg_facts(
            {athlete: now.date()}, recent=dt.timedelta(hours=72), activity=dt.timedelta(days=28)
        )
    with django_assert_num_queries(2):
        load.load_trends([athlete], today={athlete.pk: now.date()})
