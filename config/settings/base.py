"""Settings shared by every run mode, read from the environment (django-environ).

Secure by default: DEBUG is off unless the environment turns it on, and with DEBUG
off the secret key must come from the environment and cookies/HSTS/SSL are strict.
`.env.example` documents every variable read here.
"""

from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; real environment variables win over it.
env.read_env(BASE_DIR / ".env", overwrite=False)
# Local state of the embedded default (SQLite, broker folders, file cache, static files).
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = env.str("SECRET_KEY", default="") if DEBUG else env.str("SECRET_KEY")
# Keys printed in this repository (.env.example, the dev and test settings): never production's.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
TEST_SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnop"
KNOWN_SECRET_KEYS = {"change-me", DEV_SECRET_KEY, TEST_SECRET_KEY}
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.adminsite.RunReadyAdminConfig",  # django.contrib.admin, its home grouped for editors
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "django_celery_beat",
    "simple_history",
    "csp",
    "ninja",  # the API; its docs page's assets from our static files, not a CDN
    "accounts",
    "training",
    "recovery",
]

MIDDLEWARE = [
    "config.logs.RequestIdMiddleware",  # first: every later line carries the request's id
    "django.middleware.security.SecurityMiddleware",
    "config.cache.RequestMemoMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (static files come compressed from WhiteNoise, which answers before
    # this). Django's GZip pads responses against BREACH-style length attacks.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.UserLanguageMiddleware",
    "config.logs.SignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.middleware.LoginRequiredMiddleware",
    "config.middleware.RequireSecondFactorMiddleware",
    "config.middleware.TimezoneMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # django-template-partials as a builtin, like Django 6's own partials,
            # so moving to Django 6 later is a settings change.
            # config.i18n: Django's i18n tags, a literal {% translate %} kept per language;
            # built in, so our templates need no {% load i18n %} (which would load Django's).
            "builtins": ["template_partials.templatetags.partials", "config.i18n"],
            # Explicit loaders switch off Django's default template caching: keep the cached
            # loader (runserver's autoreload still clears it when a template changes).
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + immediate transactions let web, worker and beat share the file without
    # "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # Persistent connections need health checks, or the first request of each
    # worker fails after a database restart.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
# Rate limits (allauth) live in the cache: use Redis in production so every
# process shares them. https://docs.djangoproject.com/en/5.2/topics/cache/#redis
# Shared by every process: Redis in production (CACHE_URL=redis://...); with none set, files
# under var/, so the web, worker and beat of `make run` see each other's writes.
CACHES = {"default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
    # Any failure (a corrupt or outdated file) is a miss, not an error.
    CACHES["default"]["BACKEND"] = "config.cache.SafeFileBasedCache"
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Same client, but a Redis outage degrades to "no cache" instead of failing requests.
    CACHES["default"]["BACKEND"] = "config.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )

# --- Auth -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out account before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id with OWASP's parameters first (accounts.hashers); the others only read older
# hashes, which are re-made with the first at the next sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth 65.x: https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = True  # the emailed link confirms in one tap
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[RunReady] "
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# django-axes locks an account for one client (account + IP) after 5 failures; allauth
# throttles failures per IP (password spraying) and per account from all clients together
# (distributed guessing), loosely enough that one client's failures never lock the account
# for everyone else.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,20/5m/key"}
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies of ours the
# address they saw, from X-Forwarded-For (never trusted without them: it can be spoofed).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_ADAPTER = "accounts.auth.AccountAdapter"  # its get_client_ip is accounts.auth.client_ip
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# Two-factor authentication (allauth.mfa): authenticator apps (TOTP) with recovery codes, and
# security keys or passkeys where the browser offers them. Managers, coaches and superusers
# must enrol one before anything else (config.middleware.RequireSecondFactorMiddleware) when
# MFA_REQUIRED is on: by default whenever DEBUG is off (make run's demo accounts are exempt).
# https://docs.allauth.org/en/latest/mfa/configuration.html
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # plain http://127.0.0.1 in development only
MFA_TOTP_ISSUER = "RunReady"
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=not DEBUG)
# The code step counts wrong codes per account, with axes (accounts.auth).
MFA_FORMS = {"authenticate": "accounts.auth.MfaAuthenticateForm"}

# django-axes: lock an account+IP pair after repeated failures, for a while
# (the default is "forever, until an admin resets it", which is hostile).
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# The same client address for axes: X-Forwarded-For only behind proxies of ours.
AXES_CLIENT_IP_CALLABLE = "accounts.auth.client_ip"

# --- Internationalisation ---------------------------------------------------------
# English is the source language; German the first translation (README: "Languages").
# A person's language follows the browser (Accept-Language) until they pick one in
# Settings; emails, pushes and calendar feeds use it (accounts.models.User.language_code).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request otherwise
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded activity files wait here until their import ends (never served: no MEDIA_URL
# route). Web and import worker must share it: a shared folder, or another storage backend
# in STORAGES["default"] (e.g. django-storages' S3) on several hosts.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ------------------------------------------------------------------------
# EMAIL_URL in django-environ's form, e.g. smtp+tls://user:pass@smtp.example.com:587
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="RunReady <noreply@runready.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Errors (config.errors) -------------------------------------------------------------------
# Sentry (or a compatible service) when SENTRY_DSN is set; else each server error is emailed
# to ADMINS ("Name <address>, …"). Neither carries request bodies, cookies, credentials or
# local variables.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
ADMINS = [
    parseaddr(entry.strip()) for entry in env.str("ADMINS", default="").split(",") if entry.strip()
]
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.errors.NothingPersonal"
if SENTRY_DSN:
    from config.errors import init_sentry

    init_sentry(SENTRY_DSN, env.str("SENTRY_ENVIRONMENT", default="production"))

# --- Celery -----------------------------------------------------------------------
# With no REDIS_URL the broker is kombu's filesystem transport under var/, so the
# app runs with no server at all (RECIPES.md). Production sets REDIS_URL.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Longer than any task may run, or Redis redelivers a task still running.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "visibility_timeout": 3600,
        "socket_connect_timeout": 3,
    }
else:
    _celery_dir = VAR_DIR / "celery"
    for _sub in ("data", "control"):
        (_celery_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "data"),
        "data_folder_out": str(_celery_dir / "data"),
        "control_folder": str(_celery_dir / "control"),
    }
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Synced into django-celery-beat's tables when beat starts, so the admin shows it.
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-reminders": {
        "task": "recovery.tasks.dispatch_due_reminders",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # Stops imports whose task died and deletes what ended batches left in the file storage.
    "sweep-imports": {"task": "training.tasks.imports_sweep", "schedule": 600.0},
}
# The training app's tasks (imports) run on their own queue and worker (Procfile: importer).
CELERY_TASK_ROUTES = {"training.tasks.*": {"queue": "imports"}}
# Workers and beat log through LOGGING above (JSON lines), not Celery's own set-up.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# How often the staff roster refreshes itself (HTMX polling).
ROSTER_REFRESH_SECONDS = env.int("ROSTER_REFRESH_SECONDS", default=60)

# Activity imports (training.imports) refuse more than 100 files with their own message; let
# Django's own cap (100 by default, a bare 400) sit above it.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

# Absolute links in emails (reminders, unsubscribe) start with this.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Web push (VAPID). Without a key pair push is off and Settings says so. `make run` writes a
# development pair to var/vapid.env the first time (read here in DEBUG only).
if DEBUG:
    env.read_env(VAR_DIR / "vapid.env", overwrite=False)
VAPID_PRIVATE_KEY = env.str("VAPID_PRIVATE_KEY", default="")  # base64url raw key, or PEM path
VAPID_PUBLIC_KEY = env.str("VAPID_PUBLIC_KEY", default="")  # the applicationServerKey
VAPID_SUBJECT = env.str("VAPID_SUBJECT", default="mailto:admin@example.com")
# Push services a subscription may point at (the worker posts there): browser vendors only.
PUSH_SERVICE_HOSTS = env.list(
    "PUSH_SERVICE_HOSTS",
    default=[
        "fcm.googleapis.com",
        "push.services.mozilla.com",
        "push.apple.com",
        "notify.windows.com",
    ],
)
PUSH_ALLOW_INSECURE = False  # plain http endpoints: the tests' loopback push service only

# --- Security (strict unless DEBUG) -------------------------------------------------
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if env.bool("BEHIND_PROXY", default=False):
        # Trust the proxy's X-Forwarded-Proto, or SSL redirect loops forever.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The API's rate limit per token (or signed-in user): requests/period (s, m, h, d).
API_RATE = env.str("API_RATE", default="120/m")

# Content-Security-Policy on every page (django-csp 4): scripts only from our own origin,
# no inline or eval'd script (htmx's hx-on is not used for that reason); inline style
# attributes stay allowed for the admin and htmx's swapping.
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# One JSON object a line (config.logs), from web, workers and beat alike: time, level, logger,
# message, request id, user id. LOG_FORMAT=text for people reading a terminal (make run).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Calendar tokens (the key to a feed) never written: "Not Found: /calendar/….ics".
    "filters": {
        "secrets": {"()": "config.logfilters.RedactSecrets"},
        "context": {"()": "config.logs.ContextFilter"},
    },
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["secrets", "context"],
            "formatter": "text" if LOG_FORMAT == "text" else "json",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Without Sentry, server errors go to ADMINS too (nothing posted in them).
        "django.request": {
            "handlers": ["console", "mail_admins"] if ADMINS and not SENTRY_DSN else ["console"],
            "level": "WARNING",
            "propagate": False,
        },
        "axes": {"level": "WARNING"},
        # runserver's request lines (make run), through the same filter.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# The demo password is shown in the README and printed by `make run`.
DEMO_PASSWORD = "runready-demo"
