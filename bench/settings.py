"""`make bench`: production settings on loopback HTTP, plus the reference view (its URL conf
and template live here in bench/, not in the app)."""

from config.settings.loopback import loopback_defaults

loopback_defaults(name="runready_bench", redis_db=2, cache_db=3)

from config.settings.production import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}

# The mixed load's 100 simulated users all sign in from 127.0.0.1 within ten seconds; real
# users come from many addresses. Lift allauth's per-IP sign-in limit (30 a minute) for that
# alone; the limit on failed sign-ins stays.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "600/m/ip"}  # noqa: F405
# The API's calls are measured at saturation from one token: its rate limit is not the test.
API_RATE = "100000000/m"
