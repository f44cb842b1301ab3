"""History, week view, detail/edit/delete access, constant query counts, HTMX rows, no-JS rows."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import SessionFactory, StrengthFactory, UserFactory
from training import services
from training.models import Exercise, Kind, Session

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    cache.clear()  # the trends are cached per training change; count the uncached page
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _log_sessions(athlete, count: int) -> None:
    now = timezone.now()
    for i in range(count):
        started = now - dt.timedelta(hours=6 * i + 1)
        if i % 2:
            SessionFactory(athlete=athlete, started_at=started)
        else:
            StrengthFactory(athlete=athlete, started_at=started, exercises=["Back squat", "Plank"])


@pytest.mark.parametrize("url", [reverse("training:history"), reverse("recovery:week")])
def test_history_and_week_use_constant_queries(athlete_client, url):
    _log_sessions(athlete_client.user, 1)
    with_one = _queries(athlete_client, url)
    _log_sessions(UserFactory(), 5)  # someone else's sessions change nothing
    _log_sessions(athlete_client.user, 199)
    assert Session.objects.filter(athlete=athlete_client.user).count() == 200
    assert _queries(athlete_client, url) == with_one


def test_cached_trends_follow_every_session_change_and_the_day(athlete_client, time_machine):
    athlete = athlete_client.user
    time_machine.move_to(dt.datetime(2026, 3, 11, 12, tzinfo=dt.UTC), tick=False)

    def weekly_table() -> str:
        page = athlete_client.get(reverse("training:history")).content.decode()
        rows.append(page.count('class="list-group-item session-row"'))
        return page.split('id="weekly-table"')[1].split("</table>")[0]

    rows = []  # session rows listed by each view of the (cached) page

    assert ">600<" not in weekly_table()  # cached now, without the run below
    run = services.session_create(
        athlete=athlete,
        entered_by=athlete,
        kind=Kind.RUN,
        started_at=timezone.now() - dt.timedelta(hours=2),
        duration_s=3600,
        rpe=10,
        distance_m=10000,
        run_type="easy",
        legs_feel="fresh",
    )
    assert ">600<" in weekly_table()  # RPE 10 x 60 min
    services.session_update(session=run, by=athlete, rpe=5)
    assert ">300<" in weekly_table()
    services.session_delete(session=run, by=athlete)
    assert ">300<" not in weekly_table()
    # A session logged behind the services' back shows once the day turns.
    SessionFactory(athlete=athlete, started_at=timezone.now() - dt.timedelta(hours=1), rpe=7)
    time_machine.move_to(dt.datetime(2026, 3, 12, 12, tzinfo=dt.UTC), tick=False)
    assert ">210<" in weekly_table()  # RPE 7 x 30 min
    assert rows == [0, 1, 1, 0, 1]


def test_history_paginates_and_filters(athlete_client):
    _log_sessions(athlete_client.user, 45)
    page = athlete_client.get(reverse("training:history")).content.decode()
    assert page.count('class="list-group-item session-row"') == 20
    assert "Page 1 of 3" in page
    assert "?page=2" in page
    runs = athlete_client.get(
        reverse("training:history"), {"kind": "run", "page": "2"}
    ).content.decode()
    assert "Page 2 of 2" in runs
    assert "kind=run&amp;page=1" in runs  # the filter is kept in the page links
    assert "Leg day" not in runs.split('id="session-list"')[1]


def test_history_date_range_uses_local_days(client):
    user = UserFactory(time_zone="America/New_York")
    client.force_login(user)
    # 23:30 in New York on 1 March is 04:30 UTC on 2 March.
    late = dt.datetime(2026, 3, 1, 23, 30, tzinfo=user.tz)
    SessionFactory(athlete=user, started_at=late)
    on_first = client.get(
        reverse("training:history"), {"date_from": "2026-03-01", "date_to": "2026-03-01"}
    )
    assert on_first.content.decode().count("session-row") == 1
    on_second = client.get(
        reverse("training:history"), {"date_from": "2026-03-02", "date_to": "2026-03-02"}
    )
    assert on_second.content.decode().count("session-row") == 0


def test_history_filter_rejects_reversed_range(athlete_client):
    page = athlete_client.get(
        reverse("training:history"), {"date_from": "2026-03-05", "date_to": "2026-03-01"}
    )
    assert "must be on or after" in page.content.decode()


def test_week_view_groups_by_local_day(client):
    user = UserFactory(time_zone="Europe/Berlin")
    client.force_login(user)
    SessionFactory(
        athlete=user, started_at=dt.datetime(2026, 3, 2, 0, 30, tzinfo=user.tz)
    )  # Monday
    page = client.get(reverse("recovery:week"), {"date": "2026-03-04"}).content.decode()
    assert "Week of 2 Mar 2026" in page
    monday = page.split("Monday 2 Mar")[1].split("Tuesday 3 Mar")[0]
    assert "00:30" in monday


@pytest.mark.parametrize("name", ["session_detail", "session_edit", "session_delete"])
def test_another_athletes_session_is_404(athlete_client, name):
    other = StrengthFactory(exercises=["Back squat"])
    url = reverse(f"training:{name}", args=[other.pk])
    assert athlete_client.get(url).status_code == 404
    assert athlete_client.post(url, {}).status_code == 404
    assert Session.objects.filter(pk=other.pk).exists()


def test_delete_own_session_after_confirming(athlete_client):
    session = SessionFactory(athlete=athlete_client.user)
    url = reverse("training:session_delete", args=[session.pk])
    assert "Delete this session?" in athlete_client.get(url).content.decode()
    assert Session.objects.filter(pk=session.pk).exists()
    assert athlete_client.post(url).status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_edit_strength_session_replaces_rows(athlete_client):
    session = StrengthFactory(athlete=athlete_client.user, exercises=["Back squat"])
    url = reverse("training:session_edit", args=[session.pk])
    form = athlete_client.get(url).content.decode()
    assert 'value="60"' in form  # duration shown in minutes
    bench = Exercise.objects.get(name="Bench press").pk
    response = athlete_client.post(
        url,
        {
            "started_at": timezone.localtime(session.started_at, dt.UTC).strftime("%Y-%m-%dT%H:%M"),
            "duration": "45",
            "rpe": "6",
            "entries-TOTAL_FORMS": "1",
            "entries-INITIAL_FORMS": "0",
            "entries-0-exercise": str(bench),
            "entries-0-sets": "3",
            "entries-0-reps": "10",
            "entries-0-load": "60",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.duration_s, session.load, session.is_leg_day) == (2700, 270.0, False)
    assert list(session.entries.values_list("exercise__name", flat=True)) == ["Bench press"]


def test_edit_run_shows_the_athletes_unit(client):
    user = UserFactory(distance_unit="mi")
    client.force_login(user)
    run = SessionFactory(athlete=user, distance_m=16093.44, duration_s=5400)
    form = client.get(reverse("training:session_edit", args=[run.pk])).content.decode()
    assert 'value="10.0"' in form or 'value="10"' in form
    assert 'value="90"' in form  # whole minutes are shown as minutes


def test_htmx_add_row_returns_the_row_and_new_count(athlete_client):
    response = athlete_client.get(
        reverse("training:entry_row"), {"entries-TOTAL_FORMS": "3"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert 'id="entry-row-3"' in page
    assert 'name="entries-3-exercise"' in page
    assert 'value="4" id="id_entries-TOTAL_FORMS" hx-swap-oob="true"' in page


def test_add_and_remove_rows_without_javascript(athlete_client):
    squat = Exercise.objects.get(name="Back squat").pk
    data = {
        "started_at": "",
        "duration": "",
        "rpe": "",
        "entries-TOTAL_FORMS": "1",
        "entries-INITIAL_FORMS": "0",
        "entries-0-exercise": str(squat),
        "entries-0-sets": "5",
        "entries-0-reps": "5",
        "add_row": "1",
    }
    page = athlete_client.post(reverse("training:strength_new"), data).content.decode()
    assert 'id="entry-row-1"' in page
    assert "This field is required" not in page  # no errors shown while still editing
    assert Session.objects.count() == 0
    data = {**data, "entries-TOTAL_FORMS": "2", "remove_row": "0"}
    del data["add_row"]
    page = athlete_client.post(reverse("training:strength_new"), data).content.decode()
    assert f'<option value="{squat}" selected>' not in page  # row 0 emptied


def _selected(page: str, name: str) -> list[str]:
    """The option values selected in each `<select name="...-name">` of a form page."""
    import re

    selects = re.findall(rf'<select name="entries-\d+-{name}".*?</select>', page, re.S)
    return [m for s in selects for m in re.findall(r'<option value="(\d+)" selected>', s)]


def test_repeat_last_session_fills_the_form_from_the_latest_strength_session(athlete_client):
    athlete = athlete_client.user
    url = reverse("training:strength_new")
    assert 'id="repeat-last"' not in athlete_client.get(url).content.decode()  # nothing to repeat
    StrengthFactory(
        athlete=athlete,
        exercises=["Bench press"],
        started_at=timezone.now() - dt.timedelta(days=9),
    )
    latest = StrengthFactory(
        athlete=athlete,
        exercises=["Back squat", "Romanian deadlift"],
        started_at=timezone.now() - dt.timedelta(days=3),
        duration_s=50 * 60,
    )
    SessionFactory(athlete=athlete)  # a later run is not a strength session to repeat
    page = athlete_client.get(url).content.decode()
    assert 'id="repeat-last"' in page
    assert "back squat, romanian deadlift" in page
    page = athlete_client.get(url, {"repeat": "last"}).content.decode()
    assert 'id="repeating"' in page
    names = dict(Exercise.objects.values_list("pk", "name"))
    assert [names[int(pk)] for pk in _selected(page, "exercise")] == [
        "Back squat",
        "Romanian deadlift",
    ]
    assert 'name="duration" value="50"' in page
    started = latest.started_at.strftime("%Y-%m-%dT%H:%M")
    assert started not in page  # starts now, not when the original did
    # Saving the form as filled makes a second session with the same rows.
    data = {"started_at": timezone.now().strftime("%Y-%m-%dT%H:%M"), "duration": "50", "rpe": "7"}
    data |= {"entries-TOTAL_FORMS": "2", "entries-INITIAL_FORMS": "0"}
    for index, pk in enumerate(_selected(page, "exercise")):
        data |= {f"entries-{index}-exercise": pk, f"entries-{index}-sets": "3"}
        data |= {f"entries-{index}-reps": "5"}
    assert athlete_client.post(url, data).status_code == 302
    assert Session.objects.filter(kind=Kind.STRENGTH).count() == 3


@pytest.mark.parametrize("value", ["0", "x", "²", "99999999999999999999", "-1"])
def test_repeating_what_cannot_be_repeated_says_so_and_opens_an_empty_form(athlete_client, value):
    other = StrengthFactory(exercises=["Back squat"])  # another athlete's
    for wanted in (value, str(other.pk)):
        response = athlete_client.get(reverse("training:strength_new"), {"repeat": wanted})
        page = response.content.decode()
        assert response.status_code == 200
        assert "can&#x27;t be repeated" in page
        assert 'id="repeating"' not in page
        assert _selected(page, "exercise") == []


def test_a_strength_session_page_offers_to_log_it_again_and_recent_exercises_come_first(
    athlete_client,
):
    session = StrengthFactory(athlete=athlete_client.user, exercises=["Nordic curl"])
    page = athlete_client.get(session.get_absolute_url()).content.decode()
    assert f'?repeat={session.pk}"' in page
    form = athlete_client.get(reverse("training:strength_new")).content.decode()
    recent = form.index('<optgroup label="Recent">')
    nordic = Exercise.objects.get(name="Nordic curl").pk
    assert form.index(f'<option value="{nordic}">', recent) < form.index('<optgroup label="Lower')
