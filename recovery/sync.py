"""The one owner of derived state: everything stored or cached that is computed from other data.

| derived state | lives in | depends on | refreshed by |
|---|---|---|---|
| `Session.is_leg_day` | training_session column | the session's exercise rows, `Exercise.lower_body` | training owns it: `training.services.announce` refreshes it before sending `training_changed` (and `rebuild` here) |
| `PlannedRun.inside_recovery_window` (today on) | training_plannedrun column | leg days done and planned (`PlannedLegDay`, its prescribed rows: their exercises' eccentric load, the athlete's 1RMs set or estimated from logged sets, their usual leg-day load), planned runs and their times, profile (level), thresholds | `training_changed`, `profile_changed`, `thresholds_changed` |
| today's `Recommendation` | recovery_recommendation row | check-ins, leg days, loads, plans, override, profile, thresholds, the clock | every entry point; on read when `valid_until` passed or the threshold version moved (`verdicts.verdict_today`, `staff.services.roster_heal`) |
| an earlier day's `Recommendation` | recovery_recommendation row | that day's check-in and background | `checkin_changed`, `override_changed` |
| `RosterStatus` (its verdict cell kept as a message id with fields, translated when read) | recovery_rosterstatus row | today's verdict and what it read; today's and yesterday's `RunAdherence` (the flag "ran harder than advised") | written with today's verdict (same call), so the same triggers |
| `RunAdherence` (a run against its day's advice) | recovery_runadherence row per run | the run, its day's stored `Recommendation`, HRmax (Settings, else the highest heart rate in imports), the heart-rate cap thresholds | written with every stored verdict for that day's runs (`verdicts_refresh`, `verdict_refresh_day`); every run of the athletes in `training_changed` and `profile_changed`; runs judged on heart rate in `thresholds_changed` |
| pending `Reminder` rows | recovery_reminder rows | leg days, flagged plans (`inside_recovery_window`), reminder settings, time zone | `training_changed`, `profile_changed`; `thresholds_changed` for athletes whose plan flags moved |
| readiness background | cache `readiness:background:*` | sessions, plans, overrides, earlier check-ins, the red-flag trail, profile | version bump (`background.inputs_changed`) in every entry point but `thresholds_changed`; expires after 10 min |
| training fragments (trends, session list) | cache `training:fragment:*`, one per reader's language | sessions, profile (zone, units), the day; the runs' `RunAdherence` (session list) | version bump (`training.fragments.training_changed`) in `training_changed`, `profile_changed`, and by `adherence.store` when a run's judgement changes; expires after 10 min |
| level suggestion (`outcomes.calibration`) | cache `recovery:calibration:*` | 13 weeks of leg days and check-ins, the fitness level, the day | the readiness-inputs version bump (`background.inputs_changed`), as the background; the level and day are in its key; expires after 10 min |
| thresholds | cache `recovery:thresholds:*` | `Threshold` rows, `RuleSet.version` | deleted by `thresholds_changed`; expires after 5 min |
| guidance links (rule -> article, its references) | cache `recovery:guidance-links:*` | published `GuidanceArticle` rows (`rules`, `references`, `slug`) | version bump (`guidance_changed`) on every article or translation write (admin add, change, list edit, inline, revert, delete); expires after 10 min |

Each kind of change has one entry point below, and every write path calls exactly one: the
services (directly, or for the lower apps through their named signals, received in
`RecoveryConfig.ready`), every admin add, change, delete and action (`config.admin.AnnouncingAdmin`
— each app's admin says what a row touches),
the management commands, and the activity importer (`training.imports`: one
`training_changed` per chunk of files, in the chunk's transaction). Each runs inside the writer's transaction, so the derived state
commits with the data or not at all. `tests/test_write_paths.py` checks, after every write
path, that each derived state above equals a fresh recomputation.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Membership, Role, User
from accounts.selectors import may_act_for
from config.cache import data_changed
from training import fragments
from training.services import leg_day_flags_refresh

from .models import CheckIn, Notification, Override, Recommendation, RuleSet
from .outcomes import adherence
from .planning import services as plans
from .reminders.schedule import reminders_schedule
from .verdict import background, presentation, thresholds, verdicts


def guidance_changed() -> None:
    """A guidance article was added, changed, reverted or deleted: the verdict cards' "Read
    more" links and the references they show follow."""
    data_changed(presentation.GUIDANCE_VERSION)


def _distinct(athletes) -> list[User]:
    return list({athlete.pk: athlete for athlete in athletes}.values())


def training_changed(athletes, *, now: dt.datetime | None = None) -> None:
    """Sessions, exercise rows, exercises, planned runs or planned leg days of `athletes` changed."""
    athletes = _distinct(athletes)
    if not athletes:
        return
    now = now or timezone.now()
    for athlete in athletes:
        background.inputs_changed(athlete)
        fragments.training_changed(athlete)
    plans.plans_recheck(athletes)
    adherence.runs_refresh(athletes, thresholds.current_thresholds()[0])
    verdicts.verdicts_refresh(athletes, now=now)
    for athlete in athletes:
        reminders_schedule(athlete=athlete, now=now)


def checkin_changed(
    athlete: User,
    day: dt.date,
    *,
    checkin: CheckIn | None = None,
    trail_changed: bool = True,
) -> Recommendation | None:
    """The athlete's check-in of `day` was saved or deleted (`checkin`: the saved one of
    today, to spare a read; `trail_changed`: whether red-flag answers were added to the
    trail, which today's background holds). An earlier day's check-in feeds today's verdict
    (RF8, wellness z), so today's is recomputed too. Returns the day's verdict."""
    now = timezone.now()
    today = athlete.local_today(now)
    if day > today:
        return None
    if trail_changed:
        background.inputs_changed(athlete)
    if day == today:
        found: dict[int, CheckIn | None] | None = (
            {athlete.pk: checkin} if checkin is not None else None
        )
        return verdicts.verdicts_refresh([athlete], now=now, checkins=found)[athlete.pk]
    background.inputs_changed(athlete)
    recommendation = verdicts.verdict_refresh_day(athlete, day)
    verdicts.verdicts_refresh([athlete], now=now)
    return recommendation


def override_changed(athlete: User, day: dt.date) -> None:
    """A coach's override of the athlete's `day` was set or cleared."""
    now = timezone.now()
    today = athlete.local_today(now)
    background.inputs_changed(athlete)
    if day < today:
        verdicts.verdict_refresh_day(athlete, day)
    verdicts.verdicts_refresh([athlete], now=now)


def profile_changed(athlete: User) -> None:
    """The athlete's profile or reminder settings changed (time zone, level, goal, units,
    reminder time and channels): windows, verdicts, reminders and renderings follow."""
    now = timezone.now()
    athlete = User.objects.get(pk=athlete.pk)  # as saved
    background.inputs_changed(athlete)
    fragments.training_changed(athlete)
    plans.plans_recheck([athlete])
    adherence.runs_refresh([athlete], thresholds.current_thresholds()[0])  # HRmax, time zone
    verdicts.verdicts_refresh([athlete], now=now)
    reminders_schedule(athlete=athlete, now=now)


def membership_changed(users) -> None:
    """Gym memberships of `users` changed: coach overrides end with the membership they were
    made through (the athlete's or their author's), and the athletes' rows are rewritten so a
    new member's roster row exists at once."""
    ids = [user.pk for user in users]
    touched = set()
    # An author's account deleted leaves its overrides without one: those end too.
    for override in Override.objects.filter(
        Q(athlete__in=ids) | Q(author__in=ids) | Q(author__isnull=True)
    ):
        if not _override_holds(override):
            override.delete()
            touched.add(override.athlete_id)
    existing = list(User.objects.filter(pk__in={*ids, *touched}))  # none deleted
    staff_notifications_prune(existing)
    for athlete in existing:  # an override may also have gone with its gym (a cascade)
        background.inputs_changed(athlete)
    verdicts.verdicts_refresh(existing)


def _override_holds(override: Override) -> bool:
    """Its author is still staff, and its athlete still an athlete, of the gym it was made
    through."""
    if override.author_id is None or override.gym_id is None:
        return False
    members = Membership.objects.filter(gym_id=override.gym_id)
    return (
        members.filter(user_id=override.author_id, role__in=Role.staff_roles()).exists()
        and members.filter(user_id=override.athlete_id, role=Role.ATHLETE).exists()
    )


def thresholds_changed() -> int:
    """A rule threshold was edited: bump the rule-set version (stored verdicts and roster
    rows of another version are recomputed on read), forget the cached thresholds, and
    re-flag upcoming hard runs against the new windows. Returns the new version."""
    ruleset, _ = RuleSet.objects.get_or_create(pk=1)
    RuleSet.objects.filter(pk=ruleset.pk).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    thresholds.thresholds_forget()
    transaction.on_commit(thresholds.thresholds_forget)
    adherence.heart_rate_refresh(thresholds.current_thresholds()[0])
    now = timezone.now()
    for athlete in plans.plans_recheck(User.objects.filter(planned_runs__isnull=False).distinct()):
        reminders_schedule(athlete=athlete, now=now)  # heads-ups follow the flags
    return RuleSet.objects.get(pk=ruleset.pk).version


def rebuild(athletes=None, *, batch: int = 500) -> int:
    """Recompute every derived state of `athletes` (default: everyone), in batches: after a
    rule change, a restore or a deploy that changed a rule. Returns how many athletes."""
    athletes = athletes if athletes is not None else User.objects.filter(is_active=True)
    thresholds.thresholds_forget()
    done = 0
    ids = list(athletes.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            group = list(User.objects.filter(pk__in=ids[start : start + batch]))
            leg_day_flags_refresh(group)  # training's own column, as its announce does
            training_changed(group)
        done += len(group)
    return done


# --- Receivers of the lower apps' signals (connected once in RecoveryConfig.ready) ---------


def on_training_changed(sender, *, athletes, **kwargs) -> None:
    training_changed(athletes)


def on_profile_changed(sender, *, user, **kwargs) -> None:
    profile_changed(user)


def staff_notifications_prune(users) -> int:
    """Notifications naming an athlete go from every staff member who no longer sees them
    (the athlete left the gym, or the staff member did). A deleted account's go by cascade."""
    stale = [
        n.pk
        for n in Notification.objects.filter(
            Q(about__in=users) | Q(user__in=users), about__isnull=False
        ).select_related("about", "user")
        if n.about is not None and n.user_id != n.about_id and not may_act_for(n.user, n.about)
    ]
    return Notification.objects.filter(pk__in=stale).delete()[0]


def on_membership_changed(sender, *, users, **kwargs) -> None:
    membership_changed(users)
