"""What every API operation may answer besides its success: a problem document (RFC 9457).
Each app's router declares these with its own responses, so the schema tells clients (and
the fuzzer) the whole truth."""

import datetime as dt
import re
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Strict, StrictBool, StrictInt


class Problem(Schema):
    """An error: `title` and `status` always; `detail` in words; `errors` per field, with
    the same messages as the pages' forms."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: dict[str, list[str]] | None = None


ERROR_CODES = frozenset({400, 401, 403, 404, 405, 409, 413, 422, 429})


def responds(success: dict) -> dict:
    """`success` ({200: Schema} or {201: …}) and every error as a problem document."""
    return {**success, ERROR_CODES: Problem}


def _iso_date(value):
    """A date only as written in ISO 8601 ("2026-12-07"): not a number of seconds."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise ValueError(gettext_lazy("Write the date as YYYY-MM-DD."))
    return value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(gettext_lazy("Text can't contain NUL characters."))
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Text = Annotated[str, AfterValidator(_no_nul)]
# Numbers and yes/no as JSON writes them: "5" is not 5, and true is not 1.
Int = StrictInt
Number = Annotated[float, Strict()]
Bool = StrictBool


class Body(Schema):
    """A request body: unknown fields refused."""

    model_config = ConfigDict(extra="forbid")


def valid(form) -> dict:
    """The form's cleaned data, or its errors (with the pages' messages) as a 422 problem."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data
