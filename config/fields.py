"""Form fields every app uses for input that must stay in a sane range, so that no date or
number typed into a form or a query string can reach the database or date arithmetic
out of bounds (DESIGN §6: no query string can cause a 500)."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

EARLIEST = dt.date(2000, 1, 1)  # nothing in a training log is older
AHEAD = dt.timedelta(days=366)  # plans and overrides: at most a year ahead


def latest() -> dt.date:
    return timezone.localdate() + AHEAD


class SaneDateField(forms.DateField):
    """A date from 2000-01-01 to a year from today, with a plain message outside it."""

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST <= value <= latest():
            raise forms.ValidationError(
                gettext_lazy(
                    "Choose a date between {EARLIEST:%d %b %Y} and {value:%d %b %Y}."
                ).format(EARLIEST=EARLIEST, value=latest()),
                code="out_of_range",
            )


def day_from_query(raw: str | None, default: dt.date) -> tuple[dt.date, bool]:
    """A date from a query string, or `default` when it is missing, malformed or out of range;
    and whether the given value was refused."""
    if not raw:
        return default, False
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return default, True
    if not EARLIEST <= day <= latest():
        return default, True
    return day, False


def id_from_query(raw: str | None) -> int | None:
    """A row id from a query string, or None for anything that cannot be one (an id is a
    positive 32-bit integer: larger numbers would fail in the database, not be "not found")."""
    if raw and raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**31:
        return int(raw)
    return None


def text_from_query(raw: str | None, max_length: int = 100) -> str:
    """Search words from a query string: without NUL characters (which PostgreSQL text cannot
    hold), trimmed, at most `max_length` characters."""
    return (raw or "").replace("\x00", "").strip()[:max_length]


def errors_onto(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form it came from: each message on its field when the
    form has one, else above the form."""
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
