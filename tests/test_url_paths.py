"""Every named URL of the app keeps its path (issue 23 moves the code behind them): the
routes as they stood before the layout change, name by name. A route that moves, or a new
one, must be added here on purpose. allauth's and the admin's own routes are theirs."""

from django.urls import URLResolver, get_resolver

ROUTES = {
    "accounts:account_delete": "accounts/delete/",
    "accounts:account_export": "accounts/export/",
    "accounts:account_settings": "accounts/settings/",
    "accounts:calendar_off": "accounts/calendar/off/",
    "accounts:calendar_reset": "accounts/calendar/reset/",
    "accounts:gym_join": "gyms/join/<str:code>/",
    "accounts:gym_join_form": "gyms/join/",
    "accounts:gym_leave": "gyms/memberships/<int:membership_id>/leave/",
    "accounts:onboarding": "onboarding/",
    "accounts:push_subscribe": "accounts/push/subscribe/",
    "accounts:push_unsubscribe": "accounts/push/unsubscribe/",
    "accounts:time_zone_confirm": "onboarding/time-zone/",
    "favicon": "favicon.ico",
    "healthz": "healthz",
    "home": "",
    "manifest": "manifest.webmanifest",
    "offline": "offline/",
    "readyz": "readyz",
    "recovery:after_leg_day": "recovery/tonight/",
    "recovery:calendar_feed": "calendar/<slug:token>.ics",
    "recovery:checkin": "checkin/",
    "recovery:coach_assign": "coach/athletes/<int:athlete_id>/coach/",
    "recovery:coach_athlete": "coach/athletes/<int:athlete_id>/",
    "recovery:coach_invite": "coach/invite/",
    "recovery:coach_invite_revoke": "coach/invite/<int:invitation_id>/revoke/",
    "recovery:coach_leg_plan_new": "coach/athletes/<int:athlete_id>/plan/legs/new/",
    "recovery:coach_log_run": "coach/athletes/<int:athlete_id>/runs/new/",
    "recovery:coach_log_strength": "coach/athletes/<int:athlete_id>/strength/new/",
    "recovery:coach_note_add": "coach/athletes/<int:athlete_id>/notes/",
    "recovery:coach_override": "coach/athletes/<int:athlete_id>/override/",
    "recovery:coach_plan": "coach/athletes/<int:athlete_id>/plan/",
    "recovery:coach_plan_new": "coach/athletes/<int:athlete_id>/plan/new/",
    "recovery:coach_roster": "coach/",
    "recovery:coach_roster_csv": "coach/roster.csv",
    "recovery:coach_staff_remove": "coach/staff/<int:membership_id>/remove/",
    "recovery:coach_template_apply": "coach/templates/<int:template_id>/apply/",
    "recovery:coach_template_delete": "coach/templates/<int:template_id>/delete/",
    "recovery:coach_templates": "coach/templates/",
    "recovery:coach_week": "coach/athletes/<int:athlete_id>/week/",
    "recovery:guidance": "guidance/",
    "recovery:guidance_article": "guidance/<slug:slug>/",
    "recovery:kind_plan_delete": "training/plan/<str:kind>/<int:pk>/delete/",
    "recovery:leg_plan_new": "training/plan/legs/new/",
    "recovery:notification_read": "notifications/<int:pk>/read/",
    "recovery:notifications": "notifications/",
    "recovery:notifications_bell": "notifications/bell/",
    "recovery:notifications_read_all": "notifications/read-all/",
    "recovery:override_dismiss": "today/override/dismiss/",
    "recovery:plan_delete": "training/plan/<int:pk>/delete/",
    "recovery:plan_fix": "training/plan/<str:kind>/<int:pk>/fix/",
    "recovery:plan_move": "training/plan/<str:kind>/<int:pk>/move/",
    "recovery:plan_new": "training/plan/new/",
    "recovery:recovery_history": "recovery/history/",
    "recovery:reminder_unsubscribe": "reminders/unsubscribe/<str:token>/",
    "recovery:today": "today/",
    "recovery:week": "training/week/",
    "recovery:week_suggest": "training/week/suggest/",
    "robots": "robots.txt",
    "privacy": "privacy/",
    "terms": "terms/",
    "service_worker": "sw.js",
    "training:entry_row": "training/strength/row/",
    "training:history": "training/",
    "training:import": "training/import/",
    "training:exercises": "training/exercises/",
    "training:exercise": "training/exercises/<slug:slug>/",
    "training:one_rm_set": "training/exercises/<slug:slug>/1rm/",
    "training:import_merge": "training/import/item/<int:pk>/merge/",
    "training:import_report": "training/import/<int:pk>/",
    "training:run_new": "training/runs/new/",
    "training:session_delete": "training/<int:pk>/delete/",
    "training:legs_feel": "training/<int:pk>/legs/",
    "recovery:rule_evaluation": "coach/rules/",
    "recovery:rule_evaluation_csv": "coach/rules/outcomes.csv",
    "recovery:level_suggestion": "level/",
    "recovery:coach_level": "coach/athletes/<int:athlete_id>/level/",
    "training:session_detail": "training/<int:pk>/",
    "training:session_edit": "training/<int:pk>/edit/",
    "training:strength_new": "training/strength/new/",
    "accounts:api_token_create": "accounts/tokens/",
    "accounts:api_token_revoke": "accounts/tokens/<int:pk>/revoke/",
    # The API (issue 27): its schema, docs and operations (one name per operation).
    "api:api-root": "api/",
    "api:openapi-json": "api/schema",
    "api:openapi-view": "api/docs",
    "api:me": "api/me",
    "api:me_change": "api/me",
    "api:exercises": "api/exercises",
    "api:one_rep_maxes": "api/one-rep-maxes",
    "api:one_rep_max_put": "api/one-rep-maxes/<exercise_id>",
    "api:import_create": "api/imports",
    "api:import_list": "api/imports",
    "api:import_read": "api/imports/<import_id>",
    "api:import_merge": "api/imports/items/<item_id>/merge",
    "api:sessions": "api/sessions",
    "api:session_create": "api/sessions",
    "api:session_read": "api/sessions/<session_id>",
    "api:session_change": "api/sessions/<session_id>",
    "api:session_remove": "api/sessions/<session_id>",
    "api:today": "api/today",
    "api:checkins": "api/checkins",
    "api:checkin_put": "api/checkins/<day>",
    "api:plan_list": "api/plans",
    "api:plan_run": "api/plans/runs",
    "api:plan_legs": "api/plans/legs",
    "api:plan_remove": "api/plans/<kind>/<plan_id>",
    "api:plan_fix": "api/plans/<kind>/<plan_id>/fix",
    "api:notifications": "api/notifications",
    "api:notification_read": "api/notifications/<notification_id>/read",
    "api:roster": "api/roster",
    "api:athlete": "api/athletes/<athlete_id>",
    "api:notes": "api/athletes/<athlete_id>/notes",
    "api:note_add": "api/athletes/<athlete_id>/notes",
    "api:override_set": "api/athletes/<athlete_id>/overrides/<day>",
    "api:override_clear": "api/athletes/<athlete_id>/overrides/<day>",
}
THEIRS = ("account_", "mfa_", "socialaccount_", "headless_")


def _routes(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or pattern.app_name == "allauth":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif pattern.name and (namespace or not pattern.name.startswith(THEIRS)):
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


def test_every_named_url_keeps_its_path():
    found = {}
    for name, route in _routes(get_resolver().url_patterns):
        found.setdefault(name, route)  # the first match is the one that resolves
    assert found == ROUTES
