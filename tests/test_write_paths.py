"""After every write path, every derived state equals a fresh recomputation (DESIGN §2).

Write paths: each service that writes, each admin add / change / delete (inlines, list edits
and actions included) of every registered model, each management command. A service
function, an admin model or action, or a command that has no case here fails the suite, so a
new write path cannot skip `recovery.sync` unnoticed (the access matrix does the same for
routes). Time stands still in each case, so "now" is one moment for the write and the check.
"""

import datetime as dt
import inspect
import io
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.management import call_command, get_commands
from django.test import RequestFactory, override_settings
from django.urls import URLResolver, reverse

from accounts import services as account_services
from accounts.forms import SettingsForm
from accounts.models import Gym, Invitation, Membership, Role, User
from recovery import services
from recovery.models import (
    CheckIn,
    GuidanceArticle,
    GuidanceTranslation,
    Notification,
    Recommendation,
    Reminder,
    ReminderStatus,
    RosterStatus,
    RuleSet,
    Threshold,
)
from recovery.outcomes import services as outcome_services
from recovery.planning import selectors as planner
from recovery.planning import services as plans
from recovery.reminders import services as reminder_services
from recovery.staff import services as staff_services
from recovery.verdict import background, presentation, verdicts
from tests.derived.check import mismatches
from tests.derived.forms import form_data
from tests.factories import (
    PASSWORD,
    GymFactory,
    MembershipFactory,
    SessionFactory,
    StrengthFactory,
    UserFactory,
    checkin,
    checkin_answers,
    override,
    planned_run,
)
from tests.training.test_imports import strength_fit
from training import fragments
from training import imports as training_imports
from training import importsave as training_importsave
from training import services as training_services
from training.models import (
    Exercise,
    MuscleGroup,
    PlannedLegDay,
    PlannedRun,
    PrescribedRow,
    Session,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(time_machine, admin_user):
    """A gym with a manager, a coach and two athletes with a week of data: a hard leg day
    20 h ago (reminders pending), a run, check-ins, an intervals run planned inside the
    quality window, a coach's override of today."""
    # Logged at 05:00, so this morning's 07:00 reminder was scheduled and is due at NOW.
    time_machine.move_to(NOW - dt.timedelta(hours=5), tick=False)
    gym = GymFactory(name="Write Gym")
    manager = MembershipFactory(gym=gym, role=Role.MANAGER).user
    coach = MembershipFactory(gym=gym, role=Role.COACH).user
    athlete = MembershipFactory(gym=gym, user=UserFactory(time_zone="Europe/London")).user
    other = MembershipFactory(gym=gym, user=UserFactory(time_zone="America/New_York")).user
    leg = StrengthFactory(
        athlete=athlete, started_at=NOW - dt.timedelta(hours=20), rpe=8, exercises=["Back squat"]
    )
    run = SessionFactory(athlete=athlete, started_at=NOW - dt.timedelta(days=2))
    User.objects.filter(pk=athlete.pk).update(hr_max=190)
    athlete.refresh_from_db()
    # Runs held against their day's advice: yesterday's (its verdict stored with the
    # check-in below) and today's (an intervals run on the override's recovery day).
    hard_runs = [
        SessionFactory(
            athlete=athlete,
            started_at=started,
            run_type="intervals",
            duration_s=45 * 60,
            rpe=7,
            avg_hr=140,  # above 70 % of 190 (133), within 75 % (143)
            descent_m=150,
        )
        for started in (NOW - dt.timedelta(hours=25), NOW - dt.timedelta(hours=6))
    ]
    upper = StrengthFactory(
        athlete=other, started_at=NOW - dt.timedelta(hours=3), exercises=["Bench press"]
    )
    checkin(athlete, days_ago=1, quads=5)
    checkin(athlete, quads=3)
    checkin(other, days_ago=1)
    plan = planned_run(athlete, days_ahead=1, run_type="intervals")
    later_plan = planned_run(athlete, days_ahead=4, run_type="tempo")
    leg_plan = plans.planned_leg_day_save(  # a hard leg day planned the day before it
        athlete=athlete, entered_by=athlete, day=_today(athlete) + dt.timedelta(days=3),
        intensity="hard",
    )  # fmt: skip
    override(coach, athlete, level=2, max_minutes=25)
    invitation = account_services.invitation_create(gym=gym, role=Role.ATHLETE, created_by=coach)
    time_machine.move_to(NOW, tick=False)
    w = SimpleNamespace(**locals())
    _warm(w)
    return w


def _warm(w) -> None:
    """Read every cached and stored derived state once, so a stale copy would be seen."""
    athletes = list(User.objects.all())
    for athlete in athletes:
        verdicts.verdict_today(athlete, now=NOW)
        fragments.trends_html(athlete)
    background.backgrounds_today(athletes, NOW)
    staff_services.roster_heal(w.coach, now=NOW)
    presentation.guidance_for()


def _today(athlete) -> dt.date:
    return athlete.local_today(NOW)


# --- Services -------------------------------------------------------------------------------


FENIX2 = (Path(__file__).parent / "data/fit/activity-small-fenix2-run.fit").read_bytes()


def _merge(w):
    """A run logged by hand, then its file: merged (start, distance, duration change)."""
    SessionFactory(
        athlete=w.other,
        started_at=dt.datetime(2015, 8, 15, 15, 0, tzinfo=dt.UTC),
        distance_m=9000,
        duration_s=2800,
    )
    batch = training_imports.batch_create(athlete=w.other, files=[("run.fit", FENIX2)])
    training_imports.batch_run(batch.pk)
    training_importsave.item_merge(athlete=w.other, item=batch.items.get(outcome="merge"))


def _prescribed_before_intervals(w, load_kind: str, load: float) -> list:
    """Intervals planned the day after a leg day marked light but prescribed: back squat
    3 x 5 at `load` (its kind)."""
    return [
        plans.planned_run_save(
            athlete=w.other,
            entered_by=w.other,
            day=_today(w.other) + dt.timedelta(days=2),
            run_type="intervals",
            minutes=40,
        ),
        plans.planned_leg_day_save(
            athlete=w.other,
            entered_by=w.coach,
            day=_today(w.other) + dt.timedelta(days=1),
            intensity="light",
            rows=[
                PrescribedRow(
                    exercise=Exercise.objects.get(name="Back squat"),
                    sets=3,
                    reps=5,
                    load_kind=load_kind,
                    load=load,
                )
            ],
        ),
    ]


def _settings_form(user, **changes):
    form = SettingsForm(instance=user)
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    bound = SettingsForm({k: v for k, v in data.items() if v is not None}, instance=user)
    assert bound.is_valid(), bound.errors
    return bound


SERVICE_CASES = {
    "training.services.session_create": lambda w: StrengthFactory(
        athlete=w.other, started_at=NOW - dt.timedelta(hours=2), exercises=["Back squat"]
    ),
    "training.services.session_update": lambda w: training_services.session_update(
        session=w.leg,
        by=w.athlete,
        entries=[
            training_services.EntryData(
                exercise=Exercise.objects.get(name="Bench press"), sets=3, reps=5, load_kg=None
            )
        ],
    ),
    "training.services.session_delete": lambda w: training_services.session_delete(
        session=w.leg, by=w.coach
    ),
    "recovery.services.checkin_save": lambda w: services.checkin_save(
        athlete=w.athlete, day=_today(w.athlete), answers=checkin_answers(quads=8)
    ),
    "recovery.services.checkin_save (a red flag, then changed back)": lambda w: [
        services.checkin_save(
            athlete=w.athlete, day=_today(w.athlete), answers=checkin_answers(rf_no_urine=True)
        ),
        services.checkin_save(
            athlete=w.athlete, day=_today(w.athlete), answers=checkin_answers(quads=2)
        ),
    ],
    "recovery.services.checkin_save (an earlier day)": lambda w: services.checkin_save(
        athlete=w.athlete,
        day=_today(w.athlete) - dt.timedelta(days=1),
        answers=checkin_answers(quads=0, sleep_quality=1),
    ),
    "recovery.services.threshold_save": lambda w: services.threshold_save(
        threshold=_threshold("t_quality_habitual_h", 30)
    ),
    "recovery.planning.services.planned_run_save": lambda w: plans.planned_run_save(
        athlete=w.other,
        entered_by=w.coach,
        day=_today(w.other),
        run_type="tempo",
        minutes=30,
    ),
    "recovery.planning.services.plan_delete": lambda w: plans.plan_delete(plan=w.plan),
    "recovery.planning.services.planned_leg_day_save": lambda w: [  # a key run, then legs the day before it
        plans.planned_run_save(
            athlete=w.other,
            entered_by=w.other,
            day=_today(w.other) + dt.timedelta(days=2),
            run_type="tempo",
            minutes=40,
        ),
        plans.planned_leg_day_save(
            athlete=w.other,
            entered_by=w.coach,
            day=_today(w.other) + dt.timedelta(days=1),
            intensity="hard",
        ),
    ],
    "recovery.planning.services.planned_leg_day_save (light, prescribed hard: a run flagged)": (
        lambda w: _prescribed_before_intervals(w, "rpe", 9)
    ),
    "recovery.planning.services.plan_move": lambda w: plans.plan_move(  # out of the window
        actor=w.athlete, plan=w.plan, day=_today(w.athlete) + dt.timedelta(days=6)
    ),
    "recovery.planning.services.week_save": lambda w: (
        plans.week_save(  # legs before the planned run
            athlete=w.athlete,
            entered_by=w.coach,
            candidates=[PlannedLegDay(athlete=w.athlete, date=_today(w.athlete), intensity="hard")],
        )
    ),
    "accounts.services.calendar_feed_reset": lambda w: account_services.calendar_feed_reset(
        user=w.athlete
    ),
    "accounts.services.calendar_feed_off": lambda w: account_services.calendar_feed_off(
        user=w.athlete
    ),
    "training.imports.batch_create": lambda w: training_imports.batch_create(
        athlete=w.other, files=[("run.fit", FENIX2)]
    ),
    "training.imports.batch_run (a strength workout with squats: a leg day)": lambda w: (
        training_imports.batch_run(
            training_imports.batch_create(
                athlete=w.other, files=[("legs.fit", strength_fit(NOW - dt.timedelta(hours=2)))]
            ).pk
        )
    ),
    "training.importsave.item_merge": lambda w: _merge(w),
    "training.services.one_rep_max_set (a prescribed weight judged anew)": lambda w: [
        _prescribed_before_intervals(w, "kg", 100),
        training_services.one_rep_max_set(  # 3 x 5 at 100 kg of 110: no reps in reserve, hard
            athlete=w.other, exercise=Exercise.objects.get(name="Back squat"), kg=110
        ),
    ],
    "training.imports.batch_step (one chunk of a leg-day workout)": lambda w: (
        training_imports.batch_step(
            training_imports.batch_create(
                athlete=w.other, files=[("legs.fit", strength_fit(NOW - dt.timedelta(hours=3)))]
            ).pk
        )
    ),
    "training.imports.batch_stop (a batch whose task died, before any file)": lambda w: (
        training_imports.batch_stop(
            training_imports.batch_create(athlete=w.other, files=[("run.fit", FENIX2)])
        )
    ),
    "training.imports.sweep (a dead batch stopped, its files deleted)": lambda w: (
        training_imports.batch_create(athlete=w.other, files=[("run.fit", FENIX2)]),
        training_imports.sweep(now=NOW + dt.timedelta(days=1)),
    ),
    "recovery.planning.services.plan_fix": lambda w: plans.plan_fix(
        actor=w.coach, fix=planner.Fix("make_easy", w.plan)
    ),
    "recovery.staff.services.note_add": lambda w: staff_services.note_add(
        staff=w.coach, athlete=w.athlete, body="Looked tired"
    ),
    "recovery.outcomes.services.level_decide": lambda w: outcome_services.level_decide(
        athlete=w.athlete, by=w.coach, accept=True, level="trained"
    ),
    "recovery.outcomes.services.level_decide keep": lambda w: outcome_services.level_decide(
        athlete=w.athlete, by=w.athlete, accept=False
    ),
    "recovery.staff.services.override_set": lambda w: override(
        w.coach, w.other, level=1, max_minutes=20
    ),
    "recovery.staff.services.override_clear": lambda w: staff_services.override_clear(
        staff=w.coach, athlete=w.athlete, day=_today(w.athlete)
    ),
    "recovery.staff.services.roster_heal": lambda w: _heal(w),
    "recovery.staff.services.override_dismiss": lambda w: staff_services.override_dismiss(
        athlete=w.athlete, day=_today(w.athlete)
    ),
    "recovery.reminders.services.reminders_dispatch": lambda w: _dispatch(),
    "recovery.reminders.services.reminders_prepare": lambda w: reminder_services.reminders_prepare(
        [_dispatch()]
    ),
    "recovery.reminders.services.reminder_send": lambda w: reminder_services.reminder_send(
        _dispatch()
    ),
    "recovery.reminders.services.reminder_failed": lambda w: reminder_services.reminder_failed(
        _dispatch(), "boom"
    ),
    "recovery.reminders.services.reminder_note_error": lambda w: (
        reminder_services.reminder_note_error(_dispatch(), "boom")
    ),
    "recovery.reminders.services.reminders_retry": lambda w: reminder_services.reminders_retry(
        Reminder.objects.filter(pk=_failed())
    ),
    "recovery.reminders.services.reminders_withdraw": lambda w: (
        reminder_services.reminders_withdraw(Reminder.objects.filter(athlete=w.athlete))
    ),
    "recovery.reminders.services.unsubscribe": lambda w: reminder_services.unsubscribe(
        athlete=w.athlete, kind="day_2"
    ),
    "accounts.services.invitation_create": lambda w: account_services.invitation_create(
        gym=w.gym, role=Role.ATHLETE, created_by=w.manager
    ),
    "accounts.services.invitation_accept": lambda w: account_services.invitation_accept(
        code=w.invitation.code, user=UserFactory()
    ),
    "accounts.services.invitation_revoke": lambda w: account_services.invitation_revoke(
        invitation=w.invitation, by=w.coach
    ),
    "accounts.services.membership_leave": lambda w: account_services.membership_leave(
        membership=Membership.objects.get(user=w.athlete)
    ),
    "accounts.services.staff_remove": lambda w: account_services.staff_remove(
        by=w.manager, membership=Membership.objects.get(user=w.coach)
    ),
    "accounts.services.profile_save": lambda w: account_services.profile_save(
        form=_settings_form(w.athlete, fitness_level="novice", time_zone="Asia/Tokyo")
    ),
    "accounts.services.user_delete": lambda w: account_services.user_delete(user=w.other),
    "accounts.services.coach_assign": lambda w: account_services.coach_assign(
        by=w.manager, membership=Membership.objects.get(user=w.athlete), coach=w.coach
    ),
    "accounts.services.push_subscribe": lambda w: account_services.push_subscribe(
        user=w.athlete, endpoint="https://fcm.googleapis.com/fcm/send/x", p256dh="k", auth="a"
    ),
    "accounts.services.push_unsubscribe": lambda w: account_services.push_unsubscribe(
        user=w.athlete, endpoint="https://fcm.googleapis.com/fcm/send/x"
    ),
}
# Public functions of the service modules that write nothing of their own: reads, helpers,
# and the refreshers `recovery.sync` itself calls.
NOT_WRITE_PATHS = {
    "training.services.announce": "sends the signal every training write path sends",
    "training.services.leg_day_flags_refresh": "a step of announce (and of recovery.sync.rebuild)",
    "recovery.planning.services.plan_conflict": "a read",
    "recovery.planning.services.conflict_in": "a read",
    "recovery.services.red_flags_record": "a step of checkin_save and the check-in admin",
    "recovery.planning.services.plans_recheck": "a refresher of recovery.sync",
    "recovery.planning.services.upcoming_flaggable_plans": "a read",
    "training.imports.batches_of": "a read",
    "training.imports.batch_running": "a read",
    "training.imports.clean_name": "a helper",
    "training.imports.enqueue": "sends the task (batch_create's and the task's next chunk)",
    "training.imports.uploads_delete": "deletes stored uploads: nothing derived reads them",
    "training.importsave.finish": "a step of batch_step: an import item's outcome",
    "training.importsave.import_item": "a step of batch_step (its cases run it)",
    "training.imports.report": "a read",
    "recovery.reminders.services.notification_read": "a notification's read mark: nothing derives from it",
    "recovery.reminders.services.notifications_read_all": "read marks: nothing derives from them",
    "recovery.planning.services.week_template_create": "a week template: nothing derives from it",
    "recovery.planning.services.week_template_delete": "a week template: nothing derives from it",
    "accounts.services.roles_user_may_invite": "a read",
    "accounts.services.user_export": "a read",
    "accounts.services.export_tables": "a read",
    "accounts.services.csv_safe": "a helper",
    "accounts.services.api_token_create": "an API token: nothing derives from it",
    "accounts.services.api_token_revoke": "an API token: nothing derives from it",
    "accounts.services.api_token_used": "a token's last use: nothing derives from it",
}
SERVICE_MODULES = (
    training_services,
    training_imports,
    training_importsave,
    services,
    plans,
    staff_services,
    reminder_services,
    account_services,
    outcome_services,
)


def _threshold(key: str, value: float) -> Threshold:
    threshold = Threshold.objects.get(key=key)
    threshold.value = value
    return threshold


def _heal(w) -> None:
    """Rows whose moment passed are rewritten by the roster's read."""
    RosterStatus.objects.update(valid_until=NOW - dt.timedelta(minutes=1))
    staff_services.roster_heal(w.manager, now=NOW)


def _dispatch() -> int:
    """Dispatch the reminder due this morning; its id."""
    due = Reminder.objects.get(status=ReminderStatus.PENDING, due_at__lte=NOW)
    reminder_services.reminders_dispatch(now=NOW, enqueue=lambda ids: None)
    return due.pk


def _failed() -> int:
    pk = _dispatch()
    reminder_services.reminder_failed(pk, "boom")
    return pk


# --- Admin ----------------------------------------------------------------------------------


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _admin_post(client, url: str, model, changes: dict, form: str = "") -> None:
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page.content.decode(), form or f"{model._meta.model_name}_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)


def _errors(response) -> str:
    context = response.context or {}
    form = context.get("adminform")
    errors = [form.form.errors] if form else []
    errors += [f.formset.errors for f in context.get("inline_admin_formsets", [])]
    return f"{response.status_code}: {errors}"


def admin_add(model, changes):
    def case(w, client):
        _admin_post(client, _admin_url(model, "add"), model, changes(w))

    return case


def admin_change(model, obj, changes):
    def case(w, client):
        _admin_post(client, _admin_url(model, "change", obj(w).pk), model, changes(w))

    return case


def admin_delete(model, obj):
    def case(w, client):
        response = client.post(_admin_url(model, "delete", obj(w).pk), {"post": "yes"})
        assert response.status_code == 302

    return case


def admin_action(model, action, obj):
    def case(w, client):
        url = _admin_url(model, "changelist")
        data = {"action": action, "_selected_action": [obj(w).pk], "post": "yes"}
        assert client.post(url, data).status_code == 302

    return case


def admin_revert(model, obj, field: str, value: str):
    """Change `field` to `value` and back through the admin (two history versions), then
    revert to the first from the history page (django-simple-history's form)."""

    def case(w, client):
        target = obj(w)
        original = str(getattr(target, field))
        change = _admin_url(model, "change", target.pk)
        _admin_post(client, change, model, {field: value})
        _admin_post(client, change, model, {field: original})
        first = target.history.order_by("history_date", "history_id").first()
        url = _admin_url(model, "simple_history", target.pk, first.history_id)
        _admin_post(client, url, model, {}, form=f"historical{model._meta.model_name}_form")
        target.refresh_from_db()
        assert str(getattr(target, field)) == value

    return case


def _guidance_translation_slot() -> dict:
    """An article without its German (every seeded one has it): the form to add it."""
    article = GuidanceArticle.objects.first()
    GuidanceTranslation.objects.filter(article=article).delete()
    return {
        "article": str(article.pk),
        "language": "de",
        "title": "Neu",
        "summary": "S",
        "body": "B",
    }


def _day(w, athlete, days=0) -> str:
    return str(_today(athlete) + dt.timedelta(days=days))


def _entry(prefix: str, exercise: str) -> dict:
    """One new inline exercise row (form 0 of `prefix`)."""
    return {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-exercise": str(Exercise.objects.get(name=exercise).pk),
        f"{prefix}-0-position": "0",
        f"{prefix}-0-sets": "3",
        f"{prefix}-0-reps": "5",
    }


ADMIN_CASES = {
    # accounts
    "accounts.user:add": admin_add(
        User,
        lambda w: {
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-gym": str(w.gym.pk),
            "memberships-0-role": Role.ATHLETE,
        },
    ),
    "accounts.user:change": admin_change(
        User, lambda w: w.athlete, lambda w: {"fitness_level": "novice", "time_zone": "Asia/Tokyo"}
    ),
    "accounts.gym:add": admin_add(Gym, lambda w: {"name": "New gym"}),
    "accounts.gym:change": admin_change(Gym, lambda w: w.gym, lambda w: {"name": "Renamed"}),
    "accounts.membership:add": admin_add(
        Membership,
        lambda w: {"gym": str(GymFactory().pk), "user": str(w.athlete.pk), "role": "athlete"},
    ),
    "accounts.membership:change": admin_change(
        Membership,
        lambda w: Membership.objects.get(user=w.other),
        lambda w: {"role": Role.COACH},
    ),
    "accounts.invitation:add": admin_add(
        Invitation,
        lambda w: {
            "gym": str(w.gym.pk),
            "role": Role.COACH,
            "code": "ADMIN1234",
            "created_by": str(w.manager.pk),
            "expires_at_0": str(NOW.date() + dt.timedelta(days=7)),
            "expires_at_1": "10:00:00",
        },
    ),
    "accounts.invitation:change": admin_change(
        Invitation, lambda w: w.invitation, lambda w: {"email": "someone@example.com"}
    ),
    # training
    "training.musclegroup:add": admin_add(
        MuscleGroup, lambda w: {"name": "Tibialis", "slug": "tibialis", "region": "lower"}
    ),
    "training.musclegroup:change": admin_change(
        MuscleGroup, lambda w: MuscleGroup.objects.get(slug="quads"), lambda w: {"name": "Quads"}
    ),
    "training.exercise:add": admin_add(
        Exercise,
        lambda w: {
            "name": "Pendulum squat",
            "muscle_groups": [str(MuscleGroup.objects.get(slug="quads").pk)],
            "lower_body": "on",
            "is_active": "on",
        },
    ),
    "training.exercise:change": admin_change(  # no longer lower-body: yesterday's leg day isn't
        Exercise,
        lambda w: Exercise.objects.get(name="Back squat"),
        lambda w: {"lower_body": ""},
    ),
    "training.exercise:list_edit": lambda w, client: _exercise_list_edit(w, client),
    "training.session:add": admin_add(
        Session,
        lambda w: {
            "athlete": str(w.other.pk),
            "kind": "strength",
            "started_at_0": str(NOW.date()),
            "started_at_1": "08:00:00",
            "duration_s": "3600",
            "rpe": "8",
            **_entry("entries", "Front squat"),
        },
    ),
    "training.session:change": admin_change(  # an upper-body day gets a squat: a leg day
        Session, lambda w: w.upper, lambda w: {"rpe": "9", **_entry("entries", "Back squat")}
    ),
    "training.plannedrun:add": admin_add(
        PlannedRun,
        lambda w: {
            "athlete": str(w.athlete.pk),
            "date": _day(w, w.athlete, 2),
            "run_type": "tempo",
            "minutes": "40",
        },
    ),
    "training.plannedrun:change": admin_change(
        PlannedRun, lambda w: w.plan, lambda w: {"run_type": "easy"}
    ),
    "training.plannedlegday:add": admin_add(  # the day before a planned tempo run
        PlannedLegDay,
        lambda w: {
            "athlete": str(w.athlete.pk),
            "date": _day(w, w.athlete, 2),
            "intensity": "hard",
        },
    ),
    "training.plannedlegday:change": admin_change(
        PlannedLegDay, lambda w: w.leg_plan, lambda w: {"intensity": "light"}
    ),
    # recovery
    "recovery.threshold:change": admin_change(
        Threshold,
        lambda w: Threshold.objects.get(key="soreness_moderate"),
        lambda w: {"value": "2"},
    ),
    "recovery.threshold:change heart rate": admin_change(
        Threshold,
        lambda w: Threshold.objects.get(key="recovery_hr_pct"),
        lambda w: {"value": "75"},
    ),
    "recovery.threshold:revert": admin_revert(
        Threshold, lambda w: Threshold.objects.get(key="soreness_moderate"), "value", "2.0"
    ),
    "training.exercise:revert": admin_revert(  # eccentric load back to high: the rules read it
        Exercise, lambda w: Exercise.objects.get(name="Back squat"), "eccentric_load", "2"
    ),
    "recovery.guidancearticle:revert": admin_revert(
        GuidanceArticle, lambda w: GuidanceArticle.objects.first(), "title", "Earlier title"
    ),
    "recovery.ruleset:change": admin_change(
        RuleSet,
        lambda w: RuleSet.objects.get_or_create(pk=1)[0],
        lambda w: {},
    ),
    "recovery.guidancearticle:add": admin_add(
        GuidanceArticle,
        lambda w: {
            "title": "New",
            "slug": "new-article",
            "summary": "S",
            "body": "B",
            "topic": "t",
        },
    ),
    "recovery.guidancearticle:change": admin_change(
        GuidanceArticle, lambda w: GuidanceArticle.objects.first(), lambda w: {"summary": "New"}
    ),
    "recovery.guidancearticle:list_edit": lambda w, client: _guidance_list_edit(w, client),
    "recovery.guidancetranslation:add": admin_add(
        GuidanceTranslation, lambda w: _guidance_translation_slot()
    ),
    "recovery.guidancetranslation:change": admin_change(
        GuidanceTranslation,
        lambda w: GuidanceTranslation.objects.first(),
        lambda w: {"summary": "Neu"},
    ),
    "recovery.guidancetranslation:revert": admin_revert(
        GuidanceTranslation,
        lambda w: GuidanceTranslation.objects.first(),
        "title",
        "Früherer Titel",
    ),
    "recovery.checkin:add": admin_add(
        CheckIn,
        lambda w: {
            **{k: "" for k in checkin_answers() if k.startswith("rf_")},
            "athlete": str(w.other.pk),
            "local_date": _day(w, w.other),
            "can_walk_normally": "on",
            **dict.fromkeys(("quads", "hamstrings", "glutes", "calves", "adductors"), "8"),
            "sleep_quality": "2",
            "energy": "2",
        },
    ),
    "recovery.checkin:change": admin_change(
        CheckIn,
        lambda w: CheckIn.objects.get(athlete=w.athlete, local_date=_today(w.athlete)),
        lambda w: {"quads": "9", "rf_dark_urine": "on"},
    ),
    "recovery.checkin:change (an earlier day)": admin_change(
        CheckIn,
        lambda w: CheckIn.objects.get(
            athlete=w.athlete, local_date=_today(w.athlete) - dt.timedelta(days=1)
        ),
        lambda w: {"quads": "0", "sleep_quality": "1"},
    ),
    "recovery.recommendation:change": admin_change(
        Recommendation,
        lambda w: Recommendation.objects.get(athlete=w.athlete, local_date=_today(w.athlete)),
        lambda w: {},
    ),
    "recovery.reminder:add": admin_add(
        Reminder,
        lambda w: {
            "athlete": str(w.other.pk),
            "kind": "next_day",
            "local_date": _day(w, w.other, 1),
            "due_at_0": str(NOW.date() + dt.timedelta(days=1)),
            "due_at_1": "07:00:00",
            "status": "pending",
        },
    ),
    "recovery.reminder:change": admin_change(
        Reminder,
        lambda w: Reminder.objects.filter(athlete=w.athlete).first(),
        lambda w: {"status": "cancelled"},
    ),
    "recovery.reminder:action:retry": lambda w, client: admin_action(
        Reminder, "retry", lambda w: Reminder.objects.get(pk=_failed())
    )(w, client),
    "recovery.reminder:action:withdraw": admin_action(
        Reminder, "withdraw", lambda w: Reminder.objects.filter(athlete=w.athlete).first()
    ),
    "recovery.notification:add": admin_add(
        Notification, lambda w: {"user": str(w.athlete.pk), "title": "Hello"}
    ),
    "recovery.notification:change": admin_change(
        Notification, lambda w: _notification(w), lambda w: {"title": "Changed"}
    ),
}
# Deleted one at a time and with the change list's bulk "delete selected" action.
ADMIN_DELETES = {
    "accounts.user": (User, lambda w: w.other),
    "accounts.gym": (Gym, lambda w: w.gym),
    "accounts.membership": (Membership, lambda w: Membership.objects.get(user=w.athlete)),
    "accounts.invitation": (Invitation, lambda w: w.invitation),
    "training.musclegroup": (MuscleGroup, lambda w: MuscleGroup.objects.get(slug="quads")),
    "training.exercise": (Exercise, lambda w: Exercise.objects.get(name="Nordic curl")),
    "training.session": (Session, lambda w: w.leg),
    "training.plannedrun": (PlannedRun, lambda w: w.plan),
    "training.plannedlegday": (PlannedLegDay, lambda w: w.leg_plan),
    "recovery.guidancearticle": (GuidanceArticle, lambda w: GuidanceArticle.objects.first()),
    "recovery.guidancetranslation": (
        GuidanceTranslation,
        lambda w: GuidanceTranslation.objects.first(),
    ),
    "recovery.checkin": (
        CheckIn,
        lambda w: CheckIn.objects.get(athlete=w.athlete, local_date=_today(w.athlete)),
    ),
    "recovery.recommendation": (
        Recommendation,
        lambda w: Recommendation.objects.get(athlete=w.athlete, local_date=_today(w.athlete)),
    ),
    "recovery.reminder": (Reminder, lambda w: Reminder.objects.filter(athlete=w.athlete).first()),
    "recovery.notification": (Notification, lambda w: _notification(w)),
}
for _label, (_model, _obj) in ADMIN_DELETES.items():
    ADMIN_CASES[f"{_label}:delete"] = admin_delete(_model, _obj)
    ADMIN_CASES[f"{_label}:action:delete_selected"] = admin_action(_model, "delete_selected", _obj)
# Registered models of other packages: nothing derived depends on them.
UNRELATED_ADMIN_MODELS = {
    "auth.group": "permission groups",
    "mfa.authenticator": "second factors (allauth.mfa)",
    "account.emailaddress": "allauth's addresses (verification is read at send time)",
    "axes.accessattempt": "sign-in lockouts",
    "axes.accesslog": "sign-in log",
    "axes.accessfailurelog": "sign-in log",
    "django_celery_beat.periodictask": "the beat schedule",
    "django_celery_beat.clockedschedule": "the beat schedule",
    "django_celery_beat.crontabschedule": "the beat schedule",
    "django_celery_beat.solarschedule": "the beat schedule",
    "django_celery_beat.intervalschedule": "the beat schedule",
    "recovery.weektemplate": "a week's shape; applying it saves plans through plans.week_save",
    "training.importbatch": "an import's record; deleting it deletes no session",
}


def _notification(w) -> Notification:
    return Notification.objects.create(user=w.athlete, title="Hi")


def _exercise_list_edit(w, client) -> None:
    url = _admin_url(Exercise, "changelist")
    page = client.get(url, {"q": "Back squat"})
    data = form_data(page.content.decode(), "changelist-form")
    index = next(
        k
        for k, v in data.items()
        if k.endswith("-id") and v == str(Exercise.objects.get(name="Back squat").pk)
    ).removesuffix("-id")
    data.pop(f"{index}-lower_body", None)  # unticked: no longer lower-body
    data["_save"] = "Save"
    assert client.post(f"{url}?q=Back+squat", data).status_code == 302


def _guidance_list_edit(w, client) -> None:
    url = _admin_url(GuidanceArticle, "changelist")
    data = form_data(client.get(url).content.decode(), "changelist-form")
    data["form-0-order"] = "99"
    data["_save"] = "Save"
    assert client.post(url, data).status_code == 302


# --- The API (issue 27): every writing operation, called as a client would -----------------


def _api(w, client, method: str, path: str, body: dict | None = None, *, as_user=None):
    _, token = account_services.api_token_create(
        user=as_user or w.athlete, name="write paths", can_write=True, days=1
    )
    send = getattr(client, method)
    headers = {"Authorization": f"Bearer {token}"}
    response = send(path, body, content_type="application/json", headers=headers)
    assert response.status_code < 300, response.content
    return response


def _api_import(w, client):
    """An upload by API, imported as the worker would (a run by hand it matches), merged."""
    SessionFactory(
        athlete=w.athlete,
        started_at=dt.datetime(2015, 8, 15, 15, 0, tzinfo=dt.UTC),
        distance_m=9000,
        duration_s=2800,
    )
    _, token = account_services.api_token_create(
        user=w.athlete, name="write paths", can_write=True, days=1
    )
    headers = {"Authorization": f"Bearer {token}"}
    sent = client.post("/api/imports", {"files": [ContentFile(FENIX2, "run.fit")]}, headers=headers)
    assert sent.status_code == 202, sent.content
    return headers, training_imports.batch_run(sent.json()["id"])


def _api_import_merge(w, client):
    headers, batch = _api_import(w, client)
    item = batch.items.get(outcome="merge")
    merged = client.post(f"/api/imports/items/{item.pk}/merge", headers=headers)
    assert merged.status_code == 200, merged.content


API_CASES = {
    "PUT /api/one-rep-maxes/{exercise_id}": lambda w, client: [
        _prescribed_before_intervals(w, "kg", 100),
        _api(
            w,
            client,
            "put",
            f"/api/one-rep-maxes/{Exercise.objects.get(name='Back squat').pk}",
            {"kg": 110},
            as_user=w.other,
        ),
    ],
    "POST /api/imports": lambda w, client: _api_import(w, client),
    "POST /api/imports/items/{item_id}/merge": _api_import_merge,
    "POST /api/sessions": lambda w, client: _api(
        w,
        client,
        "post",
        "/api/sessions",
        {
            "kind": "strength",
            "started_at": (NOW - dt.timedelta(hours=2)).isoformat(),
            "duration_s": 3000,
            "rpe": 8,
            "entries": [
                {"exercise_id": Exercise.objects.get(name="Back squat").pk, "sets": 5, "reps": 5}
            ],
        },
    ),
    "PATCH /api/sessions/{session_id}": lambda w, client: _api(
        w, client, "patch", f"/api/sessions/{w.hard_runs[1].pk}", {"duration_s": 15 * 60}
    ),
    "DELETE /api/sessions/{session_id}": lambda w, client: _api(
        w, client, "delete", f"/api/sessions/{w.leg.pk}"
    ),
    "PUT /api/checkins/{day}": lambda w, client: _api(
        w,
        client,
        "put",
        f"/api/checkins/{_today(w.athlete).isoformat()}",
        {**checkin_answers(quads=7), "note": "api"},
    ),
    "PATCH /api/me": lambda w, client: _api(
        w, client, "patch", "/api/me", {"fitness_level": "novice", "time_zone": "Asia/Tokyo"}
    ),
    "POST /api/plans/runs": lambda w, client: _api(
        w,
        client,
        "post",
        "/api/plans/runs",
        {
            "date": (_today(w.athlete) + dt.timedelta(days=2)).isoformat(),
            "run_type": "tempo",
            "minutes": 40,
        },
    ),
    "POST /api/plans/legs": lambda w, client: _api(
        w,
        client,
        "post",
        "/api/plans/legs",
        {"date": (_today(w.athlete) + dt.timedelta(days=5)).isoformat(), "intensity": "hard"},
    ),
    "DELETE /api/plans/{kind}/{plan_id}": lambda w, client: _api(
        w, client, "delete", f"/api/plans/run/{w.plan.pk}"
    ),
    "POST /api/plans/{kind}/{plan_id}/fix": lambda w, client: _api(
        w, client, "post", f"/api/plans/run/{w.plan.pk}/fix", {"action": "make_easy"}
    ),
    "POST /api/notifications/{notification_id}/read": lambda w, client: _api(
        w,
        client,
        "post",
        f"/api/notifications/{Notification.objects.create(user=w.athlete, title='t').pk}/read",
    ),
    "POST /api/athletes/{athlete_id}/notes": lambda w, client: _api(
        w, client, "post", f"/api/athletes/{w.athlete.pk}/notes", {"body": "n"}, as_user=w.coach
    ),
    "PUT /api/athletes/{athlete_id}/overrides/{day}": lambda w, client: _api(
        w,
        client,
        "put",
        f"/api/athletes/{w.athlete.pk}/overrides/{_today(w.athlete).isoformat()}",
        {"level": 1, "max_minutes": 20, "note": "rest"},
        as_user=w.coach,
    ),
    "DELETE /api/athletes/{athlete_id}/overrides/{day}": lambda w, client: _api(
        w,
        client,
        "delete",
        f"/api/athletes/{w.athlete.pk}/overrides/{_today(w.athlete).isoformat()}",
        as_user=w.coach,
    ),
}


# --- Commands -------------------------------------------------------------------------------

COMMAND_CASES = {
    "derived_rebuild": lambda w: call_command("derived_rebuild", stdout=_null()),
    "demo_data": lambda w: _demo_data(),
    "vapid_keys": lambda w: call_command("vapid_keys", "--print", stdout=_null()),
}


def _null():
    return io.StringIO()


def _demo_data():
    with override_settings(DEBUG=True), patch.dict("os.environ", {"RUNREADY_DEMO_DATA": "yes"}):
        call_command("demo_data", stdout=_null())


# --- The test -------------------------------------------------------------------------------


def _without_client(case):
    return lambda w, client: case(w)


ALL_CASES = {
    **{f"service {k}": _without_client(f) for k, f in SERVICE_CASES.items()},
    **{f"admin {k}": f for k, f in ADMIN_CASES.items()},
    **{f"command {k}": _without_client(f) for k, f in COMMAND_CASES.items()},
    **{f"api {k}": f for k, f in API_CASES.items()},
}


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_every_derived_state_equals_a_fresh_recomputation_after(name, world, client):
    assert mismatches(NOW) == []  # the world itself is consistent
    client.force_login(world.admin_user)
    ALL_CASES[name](world, client)
    assert mismatches(NOW) == []


# --- Guards: a write path without a case fails the suite --------------------------------------


def _public_functions(module):
    return [
        f"{module.__name__}.{name}"
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    ]


def test_every_service_function_is_a_write_path_case_or_named_as_none():
    missing = [
        name
        for module in SERVICE_MODULES
        for name in _public_functions(module)
        if name not in NOT_WRITE_PATHS and not any(k.split(" ")[0] == name for k in SERVICE_CASES)
    ]
    assert missing == []


def _admin_url_names(patterns=None) -> list[str]:
    """Every named URL the admin site serves, found by walking its URL patterns."""
    names = []
    for pattern in patterns if patterns is not None else admin.site.get_urls():
        if isinstance(pattern, URLResolver):
            names += _admin_url_names(pattern.url_patterns)
        elif pattern.name:
            names.append(pattern.name)
    return names


# Admin views that write nothing: what each model's URLs are, by the name's last part.
ADMIN_READ_VIEWS = {
    "history": "the change history (a read)",
    "changelist": "a read; its writes are its actions and list edits, checked below",
    "autocomplete": "a read",
    "password_change": "the user's password: nothing derived reads it",
}
# Admin views whose writes have cases under another name.
ADMIN_VIEW_CASES = {
    "simple_history": "revert",
    "add": "add",
    "change": "change",
    "delete": "delete",
}


def test_every_admin_write_of_every_registered_model_has_a_case(admin_user):
    """Walks the admin site's URL patterns (a new view, e.g. a history revert, is seen), then
    asks each model admin which writes it allows, its actions and list edits."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    views_of = {}
    for name in _admin_url_names():
        for model in admin.site._registry:
            prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
            if name.startswith(prefix):
                views_of.setdefault(model, set()).add(name.removeprefix(prefix))
    missing = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in UNRELATED_ADMIN_MODELS:
            continue
        allowed = {
            "add": model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission(request),
            "delete": model_admin.has_delete_permission(request),
            "revert": model_admin.has_change_permission(request),
        }
        writes = []
        for view in views_of.get(model, ()):
            if view in ADMIN_READ_VIEWS:
                continue
            operation = ADMIN_VIEW_CASES.get(view, view)  # an unknown view needs a case
            if allowed.get(operation, True):
                writes.append(operation)
        writes += [f"action:{name}" for name in model_admin.get_actions(request)]
        writes += ["list_edit"] if model_admin.list_editable else []
        missing += [f"{label}:{op}" for op in writes if f"{label}:{op}" not in ADMIN_CASES]
    assert missing == []


def test_the_admin_walk_finds_the_history_revert():
    assert "recovery_threshold_simple_history" in _admin_url_names()


# Commands of ours that write no data (so no derived state can go stale).
NOT_DATA_COMMANDS = {"makemessages": "Django's, extracting the engine's sentences too: files only"}


def test_every_management_command_of_ours_has_a_case():
    ours = [
        name for name, app in get_commands().items() if app in ("accounts", "training", "recovery")
    ]
    assert ours
    assert [n for n in ours if n not in COMMAND_CASES and n not in NOT_DATA_COMMANDS] == []


def test_every_writing_api_operation_has_a_case():
    from config.api import api

    schema = api.get_openapi_schema()
    writes = {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }
    assert writes == set(API_CASES)
