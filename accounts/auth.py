"""Glue between django-axes and the login forms."""


def axes_username(request, credentials) -> str | None:
    """The login identifier, whichever form sent it.

    allauth passes `email=` to authenticate(); the admin login passes `username=`
    (our USERNAME_FIELD is the email). Lower-cased so "A@x.com" and "a@x.com" share
    one failure count.
    """
    source = credentials or getattr(request, "POST", {}) or {}
    value = source.get("email") or source.get("username") or source.get("login")
    return value.strip().lower() if value else None
