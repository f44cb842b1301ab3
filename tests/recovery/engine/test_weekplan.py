"""The week suggester (recovery/engine/weekplan.py): every suggested week meets every spacing rule, or
the answer names the rule that cannot be met; a week that meets the rules is never reported
impossible (checked by a brute force of its own on small weeks)."""

import itertools
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recovery.engine.rules import Thresholds
from recovery.engine.weekplan import RULES, Session, WeekRequest, suggest, violations
from tests.factories import UserFactory

WAIT = {"light": 24, "hard": 48, "novice": 72}


def _rules_hold(sessions, level: str, goal: str) -> bool:
    """The spacing rules written out again, plainly, for the brute force."""
    at = {"am": 7, "pm": 18}
    hour = lambda s: s.day * 24 + at[s.slot]  # noqa: E731
    for a, b in itertools.combinations(sessions, 2):
        if a.day == b.day and a.kind == b.kind:
            return False  # P4
        if (a.day, a.slot) == (b.day, b.slot):
            return False  # P3
    for run in (s for s in sessions if s.kind == "run"):
        for leg in (s for s in sessions if s.kind == "leg"):
            if run.day == leg.day and goal == "strength" and hour(run) < hour(leg):
                return False  # P2
            wait = (
                WAIT["light"] if not leg.hard else WAIT["novice" if level == "novice" else "hard"]
            )
            if run.hard and 0 < hour(run) - hour(leg) < wait:
                return False  # P1
    return True


def _brute_force_has_a_week(request: WeekRequest) -> bool:
    """Every way to put the wanted sessions into the free slots, checked one by one."""
    slots = [(d, s) for d in range(request.days) for s in ("am", "pm")]
    taken = {(s.day, s.slot) for s in request.fixed}
    free = [slot for slot in slots if slot not in taken]
    legs = request.leg_days - sum(s.kind == "leg" for s in request.fixed)
    fixed_runs = [s for s in request.fixed if s.kind == "run"]
    runs = request.runs - len(fixed_runs)
    keys = request.key_runs - sum(s.hard for s in fixed_runs)
    if min(legs, runs, keys) < 0 or keys > runs:
        return False
    for leg_slots in itertools.combinations(free, legs):
        rest = [slot for slot in free if slot not in leg_slots]
        for run_slots in itertools.combinations(rest, runs):
            for key_slots in itertools.combinations(run_slots, keys):
                week = [
                    *request.fixed,
                    *(Session(d, s, "leg", not request.light_legs) for d, s in leg_slots),
                    *(Session(d, s, "run", (d, s) in key_slots) for d, s in run_slots),
                ]
                if _rules_hold(week, request.level, request.goal):
                    return True
    return False


def _fixed(days: int):
    return st.lists(
        st.builds(
            Session,
            day=st.integers(0, days - 1),
            slot=st.sampled_from(["am", "pm"]),
            kind=st.sampled_from(["leg", "run"]),
            hard=st.booleans(),
            fixed=st.just(True),
        ),
        max_size=2,
        unique_by=lambda s: (s.day, s.slot),
    )


@st.composite
def requests(draw, max_days: int = 7):
    days = draw(st.integers(2, max_days))
    fixed = tuple(draw(_fixed(days)))
    runs = draw(st.integers(0, days))
    return WeekRequest(
        level=draw(st.sampled_from(["novice", "intermediate", "trained"])),
        goal=draw(st.sampled_from(["strength", "running", "balanced"])),
        leg_days=draw(st.integers(0, min(days, 4))),
        runs=runs,
        key_runs=draw(st.integers(0, runs)),
        light_legs=draw(st.booleans()),
        fixed=fixed,
        days=days,
    )


@settings(max_examples=150, deadline=None)
@given(week=requests())
def test_a_suggested_week_meets_every_rule_or_names_the_one_that_cannot_be_met(week):
    request = week
    plan = suggest(request)
    if plan.ok:
        assert violations(plan.sessions, request) == []
        assert _rules_hold(plan.sessions, request.level, request.goal)
        assert sum(s.kind == "leg" for s in plan.sessions) == request.leg_days
        assert sum(s.kind == "run" for s in plan.sessions) == request.runs
        assert sum(s.kind == "run" and s.hard for s in plan.sessions) == request.key_runs
        assert set(request.fixed) <= set(plan.sessions)  # commitments are kept, unmoved
        assert len(plan.reasons) >= len(plan.sessions)  # each choice explained
    else:
        assert plan.sessions == ()
        assert set(plan.impossible) <= set(RULES)
        assert plan.impossible
        assert plan.reasons
        assert any(
            RULES[rule] in " ".join(plan.reasons) or rule == "P4" for rule in plan.impossible
        )


@settings(max_examples=300, deadline=None)
@given(week=requests(max_days=4))
def test_a_week_that_meets_the_rules_is_never_reported_impossible(week):
    assert suggest(week).ok == _brute_force_has_a_week(week)


def test_the_classic_week_long_run_sunday_two_leg_days():
    """Intermediate, balanced: two hard leg days, four runs, two of them key, the long run on
    Sunday morning fixed."""
    long_run = Session(6, "am", "run", hard=True, fixed=True, label="long run")
    request = WeekRequest(
        level="intermediate", goal="balanced", leg_days=2, runs=4, key_runs=2, fixed=(long_run,)
    )
    plan = suggest(request)
    assert plan.ok
    assert long_run in plan.sessions
    legs = [s for s in plan.sessions if s.kind == "leg"]
    assert len(legs) == 2
    assert abs(legs[0].day - legs[1].day) > 1  # not on consecutive days
    for key in (s for s in plan.sessions if s.kind == "run" and s.hard):
        assert all(not 0 < key.hour - leg.hour < 48 for leg in legs)
    assert "Long run, Sunday morning: fixed, as you asked." in plan.reasons


def test_novices_wait_longer_and_an_impossible_week_names_the_rule():
    # A hard leg day fixed on Monday morning, one key run wanted by Wednesday evening.
    legs = Session(0, "am", "leg", hard=True, fixed=True)
    trained = WeekRequest(
        level="trained", goal="running", leg_days=1, runs=1, key_runs=1, fixed=(legs,), days=3
    )
    plan = suggest(trained)
    assert plan.ok
    run = next(s for s in plan.sessions if s.kind == "run")
    assert run.hour - legs.hour >= 48
    novice = replace(trained, level="novice")  # 72 h: Wednesday evening is only 59 h later
    plan = suggest(novice)
    assert plan.impossible == ("P1",)
    assert "Quality running waits after a leg day" in plan.reasons[0]
    assert suggest(replace(novice, key_runs=0)).ok  # an easy run fits


def test_thresholds_from_the_admin_move_the_suggestion():
    legs = Session(0, "am", "leg", hard=True, fixed=True)
    request = WeekRequest(
        level="trained", goal="balanced", leg_days=1, runs=1, key_runs=1, fixed=(legs,), days=3
    )
    assert suggest(request).ok
    assert not suggest(replace(request, thresholds=Thresholds(t_quality_habitual_h=96))).ok


def test_strength_first_lifts_before_running_on_a_shared_day():
    request = WeekRequest(level="trained", goal="strength", leg_days=1, runs=1, key_runs=0, days=1)
    plan = suggest(request)
    assert plan.ok
    leg, run = sorted(plan.sessions, key=lambda s: s.hour)
    assert (leg.kind, run.kind) == ("leg", "run")
    assert "lifting first" in " ".join(plan.reasons)


def test_too_many_sessions_for_the_days_is_said_plainly():
    plan = suggest(WeekRequest(level="trained", goal="balanced", leg_days=3, runs=1, days=2))
    assert plan.impossible == ("P4",)
    assert "do not fit 2 days" in plan.reasons[0]


@pytest.mark.django_db
def test_the_suggest_page_proposes_and_explains_or_says_why_not(client, seeded):
    athlete = UserFactory(fitness_level="intermediate", goal="balanced")
    client.force_login(athlete)
    assert client.get("/training/week/suggest/").status_code == 200
    page = client.get(
        "/training/week/suggest/",
        {"leg_days": 2, "runs": 4, "key_runs": 2, "long_run_day": "6"},
    ).content.decode()
    assert 'id="suggestion"' in page
    assert "Long run, Sunday morning: fixed, as you asked." in page
    assert page.count("Hard leg day") >= 2

    novice = UserFactory(fitness_level="novice")
    client.force_login(novice)
    page = client.get(
        "/training/week/suggest/", {"leg_days": 4, "runs": 7, "key_runs": 3, "leg_class_day": "0"}
    ).content.decode()
    assert 'id="suggestion"' in page or 'id="suggestion-impossible"' in page
    bad = client.get("/training/week/suggest/", {"leg_days": 9, "runs": 1, "key_runs": 3})
    assert bad.status_code == 422
