"""The API's account operations: who I am and my settings (read and change, through the
Settings form's own validation)."""

import datetime as dt
from decimal import Decimal

from django import forms
from ninja import Router, Schema

from config.apischema import Body, Bool, Int, Number, Text, responds, valid

from . import services
from .forms import SettingsForm
from .models import PROFILE_FIELDS, REMINDER_FIELDS, User

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    display_name: str
    language: str
    time_zone: str
    distance_unit: str
    weight_unit: str
    body_mass_kg: float | None
    fitness_level: str
    legs_trained_recently: bool | None
    hr_max: int | None
    goal: str
    reminder_time: str
    remind_next_day: bool
    remind_day_2: bool
    remind_plan: bool
    remind_by_email: bool
    remind_in_app: bool
    remind_by_push: bool
    is_gym_staff: bool
    today: dt.date


class MeIn(Body):
    """Any of these; the rest stay as they are. Values as in Settings: `time_zone` an IANA
    name, `reminder_time` "HH:MM", `language` "en" or "de" ("" follows the browser), units "km"/"mi" and "kg"/"lb"."""

    display_name: Text | None = None
    language: Text | None = None
    time_zone: Text | None = None
    distance_unit: Text | None = None
    weight_unit: Text | None = None
    body_mass_kg: Number | None = None
    fitness_level: Text | None = None
    legs_trained_recently: Bool | None = None
    hr_max: Int | None = None
    goal: Text | None = None
    reminder_time: Text | None = None
    remind_next_day: Bool | None = None
    remind_day_2: Bool | None = None
    remind_plan: Bool | None = None
    remind_by_email: Bool | None = None
    remind_in_app: Bool | None = None
    remind_by_push: Bool | None = None


def me_out(user: User) -> dict:
    values = {name: getattr(user, name) for name in (*PROFILE_FIELDS, *REMINDER_FIELDS)}
    body_mass = values["body_mass_kg"]
    return {
        **values,
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "body_mass_kg": float(body_mass) if body_mass is not None else None,
        "reminder_time": user.reminder_time.strftime("%H:%M"),
        "is_gym_staff": user.is_gym_staff,
        "today": user.local_today(),
    }


def _as_form_data(form: forms.BaseForm, values: dict) -> dict:
    """`values` as the Settings form posts them (checkboxes present when on, yes/no
    choices as "yes"/"no", times as HH:MM)."""
    data = {}
    for name, field in form.fields.items():
        value = values.get(name)
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, bool):
            data[name] = "yes" if value else "no"
        elif isinstance(value, dt.time):
            data[name] = value.strftime("%H:%M")
        elif isinstance(value, Decimal | float):
            data[name] = f"{value:g}"
        elif value is not None:
            data[name] = str(value)
    return data


@router.get("/me", response=responds({200: MeOut}), summary="Me: profile and settings")
def me(request):
    return me_out(request.user)


@router.patch("/me", response=responds({200: MeOut}), summary="Change my settings")
def me_change(request, changes: MeIn):
    user = request.user
    form = SettingsForm(instance=user)
    current = {name: getattr(user, name) for name in form.fields if hasattr(user, name)}
    wanted = {**current, **changes.dict(exclude_unset=True)}
    bound = SettingsForm(_as_form_data(form, wanted), instance=user)
    valid(bound)
    services.profile_save(form=bound)
    return me_out(user)
