"""Run by tests/test_embedded.py in a subprocess: the embedded default of `make run` (SQLite,
file cache) with its demo data, every main page fetched by the demo athlete and coach, an
import through the service. Prints one line per problem; exits 1 if there was any."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
os.environ["RUNREADY_DEMO_DATA"] = "yes"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from accounts.models import User  # noqa: E402
from training import imports  # noqa: E402

setup_test_environment()  # the test client's host, "testserver", is allowed
call_command("migrate", verbosity=0)
call_command("demo_data", verbosity=0)
problems = []
athlete = User.objects.get(email="athlete@example.com")
coach = User.objects.get(email="coach@example.com")
admin = User.objects.get(email="admin@example.com")
manager = User.objects.get(email="manager@example.com")
batch = imports.batch_create(
    athlete=athlete,
    files=[("run.fit", (ROOT / "tests/data/fit/activity-small-fenix2-run.fit").read_bytes())],
)
imports.batch_run(batch.pk)
pages = {
    athlete: [
        "/today/", "/checkin/", "/training/", "/training/week/", "/training/week/suggest/?leg_days=2&runs=3&key_runs=1",
        "/training/plan/new/", "/training/plan/legs/new/", "/training/import/", f"/training/import/{batch.pk}/",
        "/recovery/history/", "/accounts/settings/", "/notifications/", "/level/",
        "/recovery/tonight/",
    ],
    admin: ["/coach/rules/", "/coach/rules/outcomes.csv"],
    manager: ["/coach/rules/"],
    coach: ["/coach/", "/coach/?sort=name", "/coach/templates/", "/accounts/settings/"],
}  # fmt: skip
for user, paths in pages.items():
    client = Client(raise_request_exception=False)
    client.force_login(user)
    for path in paths:
        status = client.get(path).status_code
        if status != 200:
            problems.append(f"{user.email} {path}: {status}")
athlete_id = athlete.pk
client = Client(raise_request_exception=False)
client.force_login(coach)
for path in (f"/coach/athletes/{athlete_id}/", f"/coach/athletes/{athlete_id}/week/"):
    status = client.get(path).status_code
    if status != 200:
        problems.append(f"coach {path}: {status}")
print("\n".join(problems) or "ok")
sys.exit(1 if problems else 0)
