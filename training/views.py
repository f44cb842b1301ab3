"""Logging and editing sessions (the athlete's own, or staff's through `strength_page` and
`run_page`), a session's page and its deletion, and the history with its load trends."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.fields import id_from_query

from . import prescriptions, selectors, services
from .forms import (
    EntryFormSet,
    HistoryFilterForm,
    LegsFeelForm,
    RunForm,
    StrengthForm,
    entry_initial,
)
from .fragments import cached, trends_html
from .models import Kind, LegsFeel, Session
from .units import day_words

HISTORY_PAGE_SIZE = 20
ENTRY_PREFIX = "entries"


def _own_session(request, pk: int) -> Session:
    try:
        return selectors.session_detail(request.user, pk)
    except Session.DoesNotExist:
        raise Http404(gettext_lazy("No such session")) from None


def _exercises() -> dict:
    return {exercise.pk: exercise for exercise in selectors.active_exercises()}


def _entry_formset(*, weight_unit: str, athlete, data=None, initial=None, exercises=None):
    return EntryFormSet(
        data,
        initial=initial,
        prefix=ENTRY_PREFIX,
        form_kwargs={
            "exercises": exercises if exercises is not None else _exercises(),
            "weight_unit": weight_unit,
            "recent": selectors.recent_exercise_ids(athlete),
        },
    )


def _repeat_of(request, athlete) -> tuple[Session | None, Session | None]:
    """(the session `?repeat=<id>` or `?repeat=last` asks to log again, the latest strength
    session to offer repeating). An id that is not one of `athlete`'s strength sessions is
    refused with a message."""
    latest = selectors.strength_to_repeat(athlete, None)
    wanted = request.GET.get("repeat")
    if not wanted:
        return None, latest
    if wanted == "last":
        return latest, latest
    pk = id_from_query(wanted)
    source = selectors.strength_to_repeat(athlete, pk) if pk else None
    if source is None:
        messages.error(
            request, gettext_lazy("That session can't be repeated here; start from an empty form.")
        )
    return source, latest


def _prescribed(request, athlete):
    """The planned leg day `?plan=<id>` (or the form's `plan`) asks to log as prescribed: one
    of `athlete`'s with a prescription, as `request.user` may act for them; else None (an id
    that is not such a plan gets a message)."""
    wanted = request.POST.get("plan") or request.GET.get("plan")
    if not wanted:
        return None
    pk = id_from_query(wanted)
    plan = prescriptions.prescribed_plan(request.user, athlete, pk) if pk else None
    if plan is None:
        messages.error(
            request, gettext_lazy("That plan has no prescription to log here; log what you did.")
        )
    return plan


def _hide_errors(form, formset) -> None:
    """Re-render a bound form without its errors (after "add/remove row" without JavaScript):
    validated once, then each error list emptied."""
    form.errors.clear()
    for row in formset.forms:
        row.errors.clear()
    formset.non_form_errors().clear()


def _row_edit(post: QueryDict) -> QueryDict | None:
    """The posted data changed by the no-JavaScript "add row" / "remove row" buttons, if pressed."""
    if "add_row" not in post and "remove_row" not in post:
        return None
    data = post.copy()
    total_key = f"{ENTRY_PREFIX}-TOTAL_FORMS"
    if "add_row" in post:
        current = data.get(total_key, "")
        # A tampered count is left for the formset's own validation to reject.
        if current.isdigit():
            data[total_key] = str(int(current) + 1)
    else:
        index = data["remove_row"]
        for key in [k for k in data if k.startswith(f"{ENTRY_PREFIX}-{index}-")]:
            del data[key]
    return data


@require_http_methods(["GET", "POST"])
def strength_form(request):
    """Log a strength session of one's own."""
    return strength_page(request, athlete=request.user)


@require_http_methods(["GET", "POST"])
def strength_page(request, *, athlete, session: Session | None = None):
    """The strength form for `athlete`'s new session, or to edit `session`, acted on by
    `request.user` (recorded as its author): the athlete's own view, the edit view and the
    staff's logging view, each having checked access, call it; the athlete's units apply."""
    athlete = session.athlete if session else athlete
    exercises = _exercises()
    unit = athlete.weight_unit
    status = 200
    repeat = latest = None  # GET of a new session: what "repeat" fills the form from
    prescribed = None if session else _prescribed(request, athlete)
    if request.method == "POST":
        edited = _row_edit(request.POST)
        form = StrengthForm(edited or request.POST, user=athlete)
        formset = _entry_formset(
            weight_unit=unit, athlete=athlete, data=edited or request.POST, exercises=exercises
        )
        if edited is not None:
            _hide_errors(form, formset)
        elif form.is_valid() & formset.is_valid():
            saved = _save_session(
                request, form, session, athlete, entries=formset.entries(), prescription=prescribed
            )
            if saved:
                return _after_save(request, saved)
        if form.errors or formset.total_error_count():
            status = 422
    else:
        if session is None and prescribed is None:
            repeat, latest = _repeat_of(request, athlete)
        source = session or repeat
        initial = StrengthForm.initial_from(source) if source else None
        if repeat and initial:  # logged again: now, not when the original began
            del initial["started_at"]
        rows = entry_initial(source, unit) if source else None
        if prescribed is not None:  # as prescribed: the plan's rows, effort and minutes
            initial, rows = prescriptions.log_initial(
                prescribed, prescriptions.one_rep_maxes(athlete), unit
            )
        form = StrengthForm(initial=initial, user=athlete)
        formset = _entry_formset(
            weight_unit=unit, athlete=athlete, initial=rows, exercises=exercises
        )
    context = {
        "form": form,
        "formset": formset,
        "session": session,
        "athlete": athlete,
        "weight_unit": unit,
        "repeat": repeat,
        "latest": latest,
        "prescribed": prescribed,
    }
    return render(request, "training/strength_form.html", context, status=status)


def _after_save(request, session: Session):
    if session.athlete_id != request.user.pk:
        return redirect("recovery:coach_athlete", athlete_id=session.athlete_id)
    if session.is_leg_day and session.started_at >= timezone.now() - dt.timedelta(days=1):
        # A leg day just done: tonight's recovery checklist and when the reminder comes.
        return redirect("recovery:after_leg_day")
    return redirect(session)


@require_GET
def entry_row(request):
    """HTMX: one more empty exercise row, and the formset's new row count (out of band)."""
    try:
        index = max(int(request.GET.get(f"{ENTRY_PREFIX}-TOTAL_FORMS", "0")), 0)
    except ValueError:
        index = 0
    unit = request.GET.get("unit")
    formset = _entry_formset(
        weight_unit=unit if unit in ("kg", "lb") else request.user.weight_unit,
        athlete=request.user,
    )
    row = formset.form(
        prefix=formset.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        renderer=formset.renderer,
        **formset.get_form_kwargs(index),
    )
    return render(
        request,
        "training/_entry_row_added.html",
        {"row": row, "index": index, "total": index + 1},
    )


@require_http_methods(["GET", "POST"])
def run_form(request):
    """Log a run of one's own."""
    return run_page(request, athlete=request.user)


@require_http_methods(["GET", "POST"])
def run_page(request, *, athlete, session: Session | None = None):
    """The run form for `athlete`'s new run, or to edit `session`; as `strength_page`."""
    athlete = session.athlete if session else athlete
    status = 200
    if request.method == "POST":
        form = RunForm(request.POST, user=athlete)
        if form.is_valid():
            saved = _save_session(request, form, session, athlete)
            if saved:
                return _after_save(request, saved)
        status = 422
    else:
        initial = RunForm.initial_from(session, athlete) if session else None
        form = RunForm(initial=initial, user=athlete)
    context = {"form": form, "session": session, "athlete": athlete}
    return render(request, "training/run_form.html", context, status=status)


def _save_session(
    request, form, session: Session | None, athlete, entries=None, prescription=None
) -> Session | None:
    """Create or update through the service; field errors from it go back onto the form.
    A new session logged from a prescribed leg day keeps a link to it."""
    try:
        if session is None:
            extra = {"prescription": prescription} if prescription else {}
            saved = services.session_create(
                athlete=athlete,
                entered_by=request.user,
                kind=form.kind,
                entries=entries,
                **form.session_fields(),
                **extra,
            )
            messages.success(
                request, gettext_lazy("{kind} logged.").format(kind=saved.get_kind_display())
            )
        else:
            saved = services.session_update(
                session=session, by=request.user, entries=entries, **form.session_fields()
            )
            messages.success(request, gettext_lazy("Session updated."))
    except ValidationError as error:
        for field, field_errors in error.message_dict.items():
            target = field if field in form.fields else None
            if field == "duration_s":
                target = "duration"
            elif field == "distance_m":
                target = "distance" if "distance" in form.fields else None
            for message in field_errors:
                form.add_error(target, message)
        return None
    return saved


def session_detail(request, pk: int):
    """A session's page: its owner's, or staff of the athlete's gym (read-only unless they
    logged it), in the athlete's time zone."""
    try:
        session, editable = selectors.session_seen(request.user, pk)
    except Session.DoesNotExist:
        raise Http404(gettext_lazy("No such session")) from None
    versus = None
    if session.prescription_id:
        maxes = prescriptions.one_rep_maxes(session.athlete)
        versus = prescriptions.done_vs_prescribed(session, maxes, request.user.weight_unit)
    context = {
        "session": session,
        "editable": editable,
        "own": session.athlete_id == request.user.pk,
        "versus": versus,
    }
    with timezone.override(session.athlete.tz):
        return render(request, "training/session_detail.html", context)


@require_http_methods(["GET", "POST"])
def session_delete(request, pk: int):
    session = _own_session(request, pk)
    if request.method == "POST":
        services.session_delete(session=session, by=request.user)
        messages.success(
            request,
            gettext_lazy("{kind} of {day} deleted.").format(
                kind=session.get_kind_display(),
                day=day_words(timezone.localtime(session.started_at).date()),
            ),
        )
        if session.athlete_id != request.user.pk:  # staff, for an athlete
            return redirect("recovery:coach_athlete", athlete_id=session.athlete_id)
        return redirect("training:history")
    return render(request, "training/session_confirm_delete.html", {"session": session})


@require_POST
def legs_feel(request, pk: int):
    """The answer to "How did your legs feel on the run?" (asked on Today): saved on the run;
    "painful" makes the next check-in ask the joint and injury signs one by one."""
    session = _own_session(request, pk)
    form = LegsFeelForm(request.POST)
    if session.kind != Kind.RUN or not form.is_valid():
        messages.error(
            request, gettext_lazy("Pick how your legs felt: fresh, heavy, sore or painful.")
        )
        return redirect("recovery:today")
    services.session_update(session=session, by=request.user, **form.cleaned_data)
    if session.legs_feel == LegsFeel.PAINFUL:
        messages.warning(
            request,
            gettext_lazy(
                "Noted: painful. Your check-in asks about joint pain and injury one by one; "
                "if the pain is sharp or getting worse, see a clinician."
            ),
        )
    else:
        messages.success(
            request,
            gettext_lazy("Noted: your legs felt {lower}.").format(
                lower=session.get_legs_feel_display().lower()
            ),
        )
    return redirect("recovery:today")


def session_edit(request, pk: int):
    session = _own_session(request, pk)
    page = run_page if session.kind == Kind.RUN else strength_page
    return page(request, athlete=session.athlete, session=session)


HISTORY_PARAMETERS = {"kind", "date_from", "date_to", "page"}


def history(request):
    filters = HistoryFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}

    def session_list() -> str:
        sessions = selectors.history(
            request.user,
            kind=criteria.get("kind") or None,
            date_from=criteria.get("date_from"),
            date_to=criteria.get("date_to"),
        )
        page = Paginator(sessions, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        # Rendered without the request (it is cached): nothing of the viewer's can leak in.
        return render_to_string(
            "training/_session_list.html",
            {"page": page, "filters": filters, "query": request.GET, "user": request.user},
        )

    # Cached only for the links the page itself makes, so odd query strings can't fill it.
    usual = (
        set(request.GET) <= HISTORY_PARAMETERS
        and (not filters.is_bound or filters.is_valid())
        and request.GET.get("page", "1").isdigit()
        and len(request.GET.urlencode()) < 200
    )
    context = {
        "filters": filters,
        "session_list": cached(request.user, f"sessions?{request.GET.urlencode()}", session_list)
        if usual
        else session_list(),
        "trends": trends_html(request.user),
        "plans": selectors.upcoming_plans(request.user, request.user.local_today()),
    }
    return render(request, "training/history.html", context)
