"""How the advice worked (issue 25, item 5): per level and rule, days, share kept, next-day
soreness and legs felt, kept vs not; for admins (everyone) and managers (their gyms, five
athletes or more, aggregated); one query whatever the gym's size."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership, Role, User
from recovery.models import CheckIn, Recommendation, RunAdherence
from tests.factories import GymFactory, MembershipFactory, UserFactory
from training.models import Session

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def _athletes(gym, n: int, prefix: str) -> list[User]:
    users = User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.com", password="!", time_zone="UTC") for i in range(n)
    )
    Membership.objects.bulk_create(Membership(user=u, gym=gym, role=Role.ATHLETE) for u in users)
    return users


def _advice(athlete, day, level, rules):
    return Recommendation(
        athlete=athlete, local_date=day, level=level, max_minutes=20, rpe_cap=2, avoid=[],
        checklist=[], fired=[{"rule_id": r, "reason": "", "refs": []} for r in rules],
        threshold_version=1, inputs={},
    )  # fmt: skip


def _checkin(athlete, day, quads):
    return CheckIn(
        athlete=athlete, local_date=day, rf_dark_urine=False, rf_severe_pain=False,
        rf_weakness=False, rf_joint_or_bone_pain=False, rf_acute_injury=False, rf_cardiac=False,
        rf_unwell=False, can_walk_normally=True, quads=quads, hamstrings=0, glutes=0, calves=0,
        adductors=0, sleep_quality=3, energy=3,
    )  # fmt: skip


def _run(athlete, day, followed, legs):
    run = Session(
        athlete=athlete, kind="run", started_at=dt.datetime.combine(day, dt.time(8), dt.UTC),
        duration_s=3600, rpe=7, distance_m=10000, run_type="intervals", legs_feel=legs,
    )  # fmt: skip
    return run, RunAdherence(
        session=run, athlete=athlete, local_date=day, level=2, followed=followed,
        deviations=[] if followed else [{"code": "minutes", "done": 60, "advised": 20}],
    )  # fmt: skip


def _world(athletes, days: int):
    """Every athlete advised every day; runs on even days, kept by half; check-ins daily."""
    advice, checkins, runs, judged = [], [], [], []
    for n, athlete in enumerate(athletes):
        for back in range(days):
            day = TODAY - dt.timedelta(days=back)
            advice.append(_advice(athlete, day, 2, ["S2", "G2"]))
            checkins.append(_checkin(athlete, day, (n + back) % 8))
            if back % 2 == 0:
                run, row = _run(
                    athlete, day, followed=n % 2 == 0, legs="sore" if n % 3 else "fresh"
                )
                runs.append(run)
                judged.append(row)
    Recommendation.objects.bulk_create(advice)
    CheckIn.objects.bulk_create(checkins)
    Session.objects.bulk_create(runs)
    RunAdherence.objects.bulk_create(judged)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _manager_of(athletes_count: int, prefix: str):
    gym = GymFactory()
    manager = MembershipFactory(gym=gym, role=Role.MANAGER).user
    return manager, _athletes(gym, athletes_count, prefix)


def test_the_figures_of_a_small_gym(frozen, client):
    manager, athletes = _manager_of(5, "small")
    a, b = athletes[0], athletes[1]
    day, after = TODAY - dt.timedelta(days=3), TODAY - dt.timedelta(days=2)
    Recommendation.objects.bulk_create(
        [_advice(a, day, 2, ["S2"]), _advice(b, day, 2, ["S2"]), _advice(b, after, 4, [])]
    )
    CheckIn.objects.bulk_create(
        [_checkin(a, day, 4), _checkin(a, after, 6), _checkin(b, day, 5), _checkin(b, after, 4)]
    )
    run_a, row_a = _run(a, day, followed=False, legs="sore")
    run_b, row_b = _run(b, day, followed=True, legs="fresh")
    Session.objects.bulk_create([run_a, run_b])
    RunAdherence.objects.bulk_create([row_a, row_b])
    client.force_login(manager)
    page = client.get(reverse("recovery:rule_evaluation")).content.decode()
    row = page[page.index('data-rule="S2"') :].split("</tr>")[0]
    cells = [c.split(">", 1)[1] for c in row.split("<td")[1:]]
    cells = [c[: c.index("</td>")] for c in cells]
    assert cells[2:] == ["2", "2", "2", "50 % (1)", "-1.0", "2.0", "0 of 1", "1 of 1"]
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("recovery:rule_evaluation_csv"))
                .content.decode()
                .lstrip("\ufeff")
            )
        )
    )
    assert rows[0][:4] == ["level", "rule", "title", "days"]
    assert rows[1][:7] == ["2", "S2", rows[1][2], "2", "2", "2", "1"]
    assert "@example.com" not in page  # aggregated: no one named


def test_who_may_see_it(frozen, client, admin_user):
    manager, athletes = _manager_of(4, "few")
    coach = MembershipFactory(
        gym=Membership.objects.get(user=athletes[0]).gym, role=Role.COACH
    ).user
    url = reverse("recovery:rule_evaluation")
    client.force_login(manager)
    assert 'id="too-few"' in client.get(url).content.decode()
    assert client.get(reverse("recovery:rule_evaluation_csv")).content.decode().count("\n") == 1
    for user in (coach, athletes[0], UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 403
    _athletes(GymFactory(), 3, "elsewhere")
    client.force_login(admin_user)
    assert 'id="too-few"' not in client.get(url).content.decode()


def test_a_managers_page_over_500_athletes_and_90_days_takes_the_queries_of_five(frozen, client):
    small, few = _manager_of(5, "five")
    large, many = _manager_of(500, "many")
    _world(few, 90)
    _world(many, 90)
    counts = []
    for manager in (small, large):
        client.force_login(manager)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("recovery:rule_evaluation")).content.decode()
        counts.append(len(queries))
        row = page[page.index('data-rule="S2"') :].split("</tr>")[0]
        assert f'<td class="days">{90 * (5 if manager is small else 500)}</td>' in row
    assert counts[0] == counts[1]


def test_the_newest_day_is_the_one_the_far_east_has_reached():
    from recovery.outcomes.evaluation import newest_day

    # 20:44 UTC on 7 Dec is already 8 Dec at UTC+12 to +14: an athlete there ran "today".
    assert newest_day(dt.datetime(2026, 12, 7, 20, 44, tzinfo=dt.UTC)) == dt.date(2026, 12, 8)
    assert newest_day(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)) == dt.date(2026, 12, 7)
