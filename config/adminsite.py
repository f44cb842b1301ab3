"""The admin's home for the people who use it: editors find the content they tune (guidance,
rule thresholds, exercises) in one section at the top, the app's own data by app below, and
the infrastructure (sign-in, lockouts, two-factor devices, schedules) in one section at the
end."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy

CONTENT = {
    ("recovery", "guidancearticle"),
    ("recovery", "threshold"),
    ("recovery", "ruleset"),
    ("training", "exercise"),
    ("training", "musclegroup"),
}
OUR_APPS = ("accounts", "training", "recovery")


class RunReadyAdminSite(admin.AdminSite):
    site_header = gettext_lazy("RunReady administration")
    site_title = gettext_lazy("RunReady admin")

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label:  # one app's own page: as Django lists it
            return apps
        content = _section(gettext_lazy("Content: guidance, rule thresholds, exercises"), "content")
        infrastructure = _section(
            gettext_lazy("Infrastructure: sign-in, lockouts, two-factor devices, schedules"),
            "infrastructure",
        )
        ours = []
        for app in apps:
            kept = []
            for model in app["models"]:
                key = (app["app_label"], model["object_name"].lower())
                (content["models"] if key in CONTENT else kept).append(model)
            if app["app_label"] in OUR_APPS:
                ours.append({**app, "models": kept})
            else:
                infrastructure["models"].extend(kept)
        return [app for app in (content, *ours, infrastructure) if app["models"]]


def _section(name: str, label: str) -> dict:
    return {"name": name, "app_label": label, "app_url": "", "has_module_perms": True, "models": []}


class RunReadyAdminConfig(AdminConfig):
    default_site = "config.adminsite.RunReadyAdminSite"
