"""Plain words first (issue 26): the athlete's Today, the check-in's answer and a run's page
show no rule codes, evidence grades, reference numbers, "AU" or "++" outside "Details"."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from recovery.engine.rules import RULES
from tests.factories import SessionFactory, StrengthFactory, checkin_post

pytestmark = pytest.mark.django_db

CODES = re.compile(r"\b(?:" + "|".join(re.escape(code) for code in [*RULES, "CO"]) + r")\b")
JARGON = re.compile(r"\bAU\b|\+\+|E-inf|\bversion\b|References:")


def _visible_outside_details(html: str, *, details: bool = False) -> str:
    body = html[html.index("<main") :]
    if not details:
        body = re.sub(r"<details.*?</details>", " ", body, flags=re.S)
    body = re.sub(r"<(script|style|template)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)  # attributes (data-rule="S2") are not read
    return re.sub(r"\s+", " ", body)


def test_no_rule_codes_or_jargon_outside_details(athlete_client):
    athlete = athlete_client.user
    now = timezone.now()
    StrengthFactory(
        athlete=athlete, started_at=now - dt.timedelta(hours=26), rpe=9, duration_s=5400,
        exercises=["Back squat", "Romanian deadlift"],
    )  # fmt: skip
    card = athlete_client.post(
        reverse("recovery:checkin"),
        checkin_post(quads="6", calves="5", hamstrings="4", sleep_quality="2"),
        headers={"HX-Request": "true"},
    ).content.decode()
    run = SessionFactory(athlete=athlete, started_at=now - dt.timedelta(hours=1), rpe=9)
    today = athlete_client.get(reverse("recovery:today")).content.decode()
    pages = {
        "today": today,
        "check-in answer": "<main>" + card,
        "run": athlete_client.get(run.get_absolute_url()).content.decode(),
    }
    # Rules fired: their codes and evidence are on the page, behind "Details".
    assert CODES.findall(_visible_outside_details(today, details=True))
    for name, html in pages.items():
        text = _visible_outside_details(html)
        assert CODES.findall(text) == [], name
        assert JARGON.findall(text) == [], name


@pytest.mark.parametrize(
    "keys",
    [
        ("intervals", "hills", "trail_descents", "any_downhill"),
        ("hills", "steep_downhill", "any_downhill", "long_run"),
        ("any_downhill", "trail_descents"),
    ],
)
def test_the_avoid_list_says_downhill_once(keys):
    from recovery.engine.wording import avoid_words

    words = avoid_words(keys)
    assert sum("downhill" in w or "descent" in w for w in words) == 1
    assert len(words) == len(set(words))
    without = avoid_words([k for k in keys if k != "any_downhill"])
    assert any("downhill" in w or "descent" in w for w in without)  # still said without it
