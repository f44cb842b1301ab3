"""Check-in validation, the recommendation service and the Today page."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recovery import services
from recovery.engine.readiness import Level
from recovery.models import CheckIn, Recommendation, Threshold
from tests.factories import (
    SessionFactory,
    StrengthFactory,
    UserFactory,
    checkin_answers,
    checkin_post,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quads", "11", "Choose a number from 0 to 10."),
        ("calves", "-1", "Choose a number from 0 to 10."),
        ("sleep_quality", "0", "Choose a number from 1 to 5."),
        ("energy", "6", "Choose a number from 1 to 5."),
        ("rf_dark_urine", "", "Answer yes or no."),
        ("rf_cardiac", "maybe", "Answer yes or no."),
        ("can_walk_normally", "", "Answer yes or no."),
        ("glutes", "", "Choose a number from 0 to 10."),
    ],
)
def test_bad_check_in_is_422_and_saves_nothing(athlete_client, field, value, message):
    response = athlete_client.post(
        reverse("recovery:checkin"), checkin_post(**{field: value}), headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert f"id_{field}_error" in page
    assert "Nothing was saved" in page
    assert not CheckIn.objects.exists()


def test_warning_signs_all_no_stay_folded_after_a_failed_submit(athlete_client):
    """ "None of these apply" was tapped, a soreness answer missing: the nine questions stay
    folded behind the summary; with one of them unanswered they open again."""
    folded = athlete_client.post(reverse("recovery:checkin"), checkin_post(glutes="")).content
    page = folded.decode()
    assert '<div id="red-flags" hidden>' in page
    assert (
        'id="red-flags-summary" class="alert alert-success d-flex flex-wrap align-items-center gap-2 py-2">'
        in page
    )
    data = checkin_post(glutes="")
    del data["rf_unwell"]
    page = athlete_client.post(reverse("recovery:checkin"), data).content.decode()
    assert '<div id="red-flags">' in page
    assert 'gap-2 py-2" hidden>' in page


def test_missing_red_flag_answer_is_422(athlete_client):
    data = checkin_post()
    del data["rf_unwell"]
    response = athlete_client.post(reverse("recovery:checkin"), data)
    assert response.status_code == 422
    assert not CheckIn.objects.exists()


def test_htmx_check_in_swaps_in_the_recommendation(athlete_client):
    response = athlete_client.post(
        reverse("recovery:checkin"), checkin_post(quads="5"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "checkin-saved"
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="today-card">')  # the partial, not a whole page
    assert "Short recovery run — up to 30 min" in page
    assert "HX-Request" in response["Vary"]
    recommendation = Recommendation.objects.get(athlete=athlete_client.user)
    assert (recommendation.level, recommendation.provisional) == (Level.RECOVERY_RUN, False)


def test_plain_post_redirects_and_a_second_check_in_replaces_the_first(athlete_client):
    assert athlete_client.post(reverse("recovery:checkin"), checkin_post()).status_code == 302
    athlete_client.post(reverse("recovery:checkin"), checkin_post(hamstrings="7"))
    checkin = CheckIn.objects.get()
    assert checkin.hamstrings == 7
    assert Recommendation.objects.get().level == Level.REST


def test_future_check_in_is_refused(athlete_client):
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = athlete_client.post(
        reverse("recovery:checkin"), {**checkin_post(), "date": tomorrow}
    )
    assert response.status_code == 422
    assert "started yet" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_past_day_check_in_is_saved_for_that_day(athlete_client):
    day = athlete_client.user.local_today() - dt.timedelta(days=3)
    response = athlete_client.post(
        reverse("recovery:checkin"), {**checkin_post(), "date": day.isoformat()}
    )
    assert response.status_code == 302
    assert CheckIn.objects.get().local_date == day
    assert Recommendation.objects.get(local_date=day).provisional is False


def test_red_flag_check_in_sees_a_doctor_today(athlete_client):
    response = athlete_client.post(
        reverse("recovery:checkin"),
        checkin_post(rf_dark_urine="yes"),
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "See a doctor today" in page
    assert "does not diagnose" in page


def test_today_without_check_in_is_provisional_and_shows_the_form(athlete_client):
    StrengthFactory(athlete=athlete_client.user, exercises=["Back squat"])
    page = athlete_client.get(reverse("recovery:today")).content.decode()
    assert 'id="checkin-form"' in page
    assert "provisional" in page
    assert 'id="day-one"' not in page
    assert Recommendation.objects.get().provisional is True


def test_day_one_asks_for_a_first_leg_day_not_warning_signs(athlete_client):
    """Nothing logged yet: no verdict "as planned" for nothing, no questions "since your
    workout"; the check-in stays one link away, and after it the verdict shows."""
    page = athlete_client.get(reverse("recovery:today")).content.decode()
    assert 'id="day-one"' in page
    assert "Log your first leg day" in page
    assert 'id="checkin-form"' not in page
    assert "Since your workout" not in page
    assert "As planned" not in page
    assert 'id="verdict"' not in page
    assert reverse("recovery:checkin") in page
    athlete_client.post(reverse("recovery:checkin"), checkin_post())
    page = athlete_client.get(reverse("recovery:today")).content.decode()
    assert 'id="verdict"' in page
    assert 'id="day-one"' not in page


def test_a_run_alone_ends_day_one(athlete_client):
    SessionFactory(athlete=athlete_client.user)
    page = athlete_client.get(reverse("recovery:today")).content.decode()
    assert 'id="day-one"' not in page
    assert 'id="checkin-form"' in page


def test_changing_a_threshold_in_the_admin_changes_the_next_recommendation(
    admin_client, athlete_client
):
    services.checkin_save(
        athlete=athlete_client.user,
        day=athlete_client.user.local_today(),
        answers=checkin_answers(quads=4),
    )
    before = Recommendation.objects.get()
    assert (before.level, before.threshold_version) == (Level.RECOVERY_RUN, 1)

    threshold = Threshold.objects.get(key="soreness_moderate")
    url = reverse("admin:recovery_threshold_change", args=[threshold.pk])
    response = admin_client.post(
        url,
        {
            "value": "5",
            "unit": threshold.unit,
            "evidence_tag": threshold.evidence_tag,
            "references": threshold.references,
            "description": threshold.description,
        },
    )
    assert response.status_code == 302
    assert threshold.history.count() >= 1
    assert threshold.history.first().history_user is not None  # who changed it

    page = athlete_client.get(reverse("recovery:today")).content.decode()
    after = Recommendation.objects.get()
    assert (after.level, after.threshold_version) == (Level.AS_PLANNED, 2)
    assert "Rule thresholds version 2" in page


def test_logging_a_leg_day_refreshes_todays_recommendation(
    athlete_client, django_capture_on_commit_callbacks
):
    user = athlete_client.user
    user.legs_trained_recently = False  # a first leg day in a while: unaccustomed, T3
    user.save(update_fields=["legs_trained_recently"])
    services.checkin_save(athlete=user, day=user.local_today(), answers=checkin_answers())
    assert Recommendation.objects.get().level == Level.AS_PLANNED
    with django_capture_on_commit_callbacks(execute=True):
        from training import services as training_services
        from training.models import Exercise
        from training.services import EntryData

        training_services.session_create(
            athlete=user,
            entered_by=user,
            kind="strength",
            started_at=timezone.now() - dt.timedelta(hours=3),
            duration_s=3600,
            rpe=8,
            entries=[
                EntryData(
                    exercise=Exercise.objects.get(name="Back squat"), sets=5, reps=5, load_kg=100
                )
            ],
        )
    recommendation = Recommendation.objects.get()
    assert recommendation.level == Level.EASY_RUN
    # Three hours ago, and the first leg day in 28 days (unaccustomed): T1 and T3.
    assert {rule["rule_id"] for rule in recommendation.fired} >= {"T1", "T3"}


def _today_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("recovery:today")).status_code == 200
    return len(captured)


def test_today_page_queries_do_not_grow_with_history(client):
    short, long = UserFactory(), UserFactory()
    now = timezone.now()
    for user, days in [(short, 1), (long, 200)]:
        for day in range(days):
            when = now - dt.timedelta(days=day, hours=3)
            StrengthFactory(athlete=user, started_at=when, exercises=["Back squat", "Nordic curl"])
            SessionFactory(athlete=user, started_at=when - dt.timedelta(hours=5))
            if day:
                CheckIn.objects.create(
                    athlete=user,
                    local_date=user.local_today() - dt.timedelta(days=day),
                    **checkin_answers(quads=day % 5),
                )
    counts = {}
    for user in (short, long):
        cache.clear()  # both start with cold cached thresholds
        client.force_login(user)
        counts[user.pk] = (_today_queries(client), _today_queries(client))  # computing, then stored
    assert counts[short.pk] == counts[long.pk]


def test_yesterdays_answers_are_offered_as_a_start_but_warning_signs_are_asked_afresh(
    athlete_client,
):
    athlete = athlete_client.user
    StrengthFactory(athlete=athlete, exercises=["Back squat"])
    today = athlete.local_today()
    url = reverse("recovery:checkin")
    fresh = athlete_client.get(reverse("recovery:today")).content.decode()
    assert 'id="start-from-yesterday"' not in fresh  # no check-in yesterday
    assert (
        'id="from-yesterday"'
        not in athlete_client.get(url, {"start": "yesterday"}).content.decode()
    )
    services.checkin_save(
        athlete=athlete,
        day=today - dt.timedelta(days=1),
        answers=checkin_answers(quads=6, calves=3, sleep_quality=2, energy=4),
    )
    page = athlete_client.get(reverse("recovery:today")).content.decode()
    assert 'id="start-from-yesterday"' in page
    assert "soreness up to 6/10" in page
    page = athlete_client.get(url, {"start": "yesterday"}).content.decode()
    assert 'id="from-yesterday"' in page
    assert re.search(r'name="quads" value="6"[^>]*checked', page)
    assert re.search(r'name="energy" value="4"[^>]*checked', page)
    assert not re.search(r'name="rf_dark_urine" value="no"[^>]*checked', page)
    assert not re.search(r'name="can_walk_normally" value="yes"[^>]*checked', page)


def test_today_shows_tomorrow_after_a_run_and_a_clashing_plan_with_its_fix(
    athlete_client, time_machine
):
    from recovery.planning import services as plans

    # Noon in the athlete's zone: the leg day, the run and the plan fall on the days meant.
    athlete = athlete_client.user
    # Today's noon (not a fixed date: the signed-in session must not have expired).
    noon = dt.datetime.combine(athlete.local_today(), dt.time(12), tzinfo=athlete.tz)
    time_machine.move_to(noon, tick=False)
    today = athlete.local_today()
    StrengthFactory(athlete=athlete, exercises=["Back squat"])  # two hours ago
    page = athlete_client.get(reverse("recovery:today")).content.decode()
    assert 'id="today-tomorrow"' not in page  # no run yet, no clash
    plans.planned_run_save(
        athlete=athlete,
        entered_by=athlete,
        day=today + dt.timedelta(days=1),
        run_type="intervals",
        minutes=50,
    )
    page = athlete_client.get(reverse("recovery:today")).content.decode()
    section = page[
        page.index('id="today-tomorrow"') : page.index(
            "</section>", page.index('id="today-tomorrow"')
        )
    ]
    assert "A plan clashes with your leg day" in section
    assert 'data-rule="P1"' in section
    assert "/fix/" in section
    SessionFactory(athlete=athlete, started_at=timezone.now() - dt.timedelta(minutes=30))
    page = athlete_client.get(reverse("recovery:today")).content.decode()
    section = page[page.index('id="today-tomorrow"') :]
    assert ">Tomorrow</h2>" in section
    assert 'id="tomorrow-outlook"' in section
