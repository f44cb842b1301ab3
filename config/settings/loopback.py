"""Environment defaults of the production-like runs on loopback (`make bench`, `make audit`):
plain HTTP on 127.0.0.1, their own database and Redis databases, no second factor."""

import os


def loopback_defaults(*, name: str, redis_db: int, cache_db: int) -> None:
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")
    os.environ.setdefault("REDIS_URL", f"redis://127.0.0.1:6379/{redis_db}")
    os.environ.setdefault("CACHE_URL", f"redis://127.0.0.1:6379/{cache_db}")
    os.environ.setdefault("SECRET_KEY", f"{name}-only-key-not-secret-0123456789-abcdefghijklmnop")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
    os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
    os.environ.setdefault("MFA_REQUIRED", "false")  # they measure pages, not sign-in
