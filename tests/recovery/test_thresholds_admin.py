"""Thresholds in the admin: bounds and cross-checks refuse a value that would switch a rule
off, and a preview says how many of today's verdicts a change would move before it is saved."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from recovery import sync
from recovery.models import RuleSet, Threshold
from tests.derived.forms import form_data
from tests.factories import StrengthFactory, UserFactory, checkin

pytestmark = pytest.mark.django_db


def _post(admin_client, key: str, value: str, **extra):
    threshold = Threshold.objects.get(key=key)
    url = reverse("admin:recovery_threshold_change", args=[threshold.pk])
    data = {**form_data(admin_client.get(url).content.decode(), "threshold_form"), "value": value}
    return admin_client.post(url, {**data, **extra}, follow=True)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("soreness_severe", "11", "soreness_severe must be between 5 and 10."),
        ("soreness_moderate", "7", "soreness_moderate (7) must be below soreness_severe (7)."),
        ("t_quality_habitual_h", "100", "between 24 and 96"),
        ("widespread_groups", "2.5", "must be a whole number"),
    ],
)
def test_an_out_of_bounds_threshold_is_refused_with_a_message(admin_client, key, value, message):
    before = Threshold.objects.get(key=key).value
    version = RuleSet.objects.get_or_create(pk=1)[0].version
    response = _post(admin_client, key, value)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Threshold.objects.get(key=key).value == before
    assert RuleSet.objects.get(pk=1).version == version


def test_the_preview_shows_how_many_verdicts_move_and_saves_nothing(admin_client):
    now = timezone.now()
    for quads in (4, 5, 2):  # moderate, moderate, mild at the default threshold (4)
        athlete = UserFactory(time_zone="UTC")
        StrengthFactory(
            athlete=athlete, started_at=now - dt.timedelta(hours=20), exercises=["Back squat"]
        )
        checkin(athlete, quads=quads)
    response = _post(admin_client, "soreness_moderate", "5", _preview="Preview")
    page = response.content.decode()
    # At 5, quads 4 is mild: one verdict up (less cautious), none down, of three today.
    assert "would move 1 of today&#x27;s 3 verdicts: 1 up (less cautious), 0 down" in page
    assert Threshold.objects.get(key="soreness_moderate").value == 4

    response = _post(admin_client, "soreness_moderate", "5")
    assert "Rule thresholds are now version" in response.content.decode()
    assert Threshold.objects.get(key="soreness_moderate").value == 5


def test_guidance_is_public_and_its_numbers_follow_the_thresholds(client):
    assert client.get(reverse("recovery:guidance")).status_code == 200
    page = client.get(reverse("recovery:guidance_article", args=["timing-after-leg-day"]))
    assert page.status_code == 200
    assert "<strong>48 hours</strong>" in page.content.decode()
    Threshold.objects.filter(key="t_quality_habitual_h").update(value=36)
    sync.thresholds_changed()
    page = client.get(reverse("recovery:guidance_article", args=["timing-after-leg-day"]))
    assert "<strong>36 hours</strong>" in page.content.decode()
    assert "[[" not in page.content.decode()


def test_a_revert_from_the_threshold_history_bumps_the_rule_set_version(admin_client):
    """django-simple-history's revert saves without the admin's save_related: it announces too."""
    _post(admin_client, "soreness_moderate", "2")
    _post(admin_client, "soreness_moderate", "3")
    threshold = Threshold.objects.get(key="soreness_moderate")
    earlier = threshold.history.get(value=2)
    version = RuleSet.objects.get(pk=1).version
    url = reverse(
        "admin:recovery_threshold_simple_history", args=[threshold.pk, earlier.history_id]
    )
    data = form_data(admin_client.get(url).content.decode(), "historicalthreshold_form")
    assert admin_client.post(url, data).status_code == 302
    assert Threshold.objects.get(key="soreness_moderate").value == 2
    assert RuleSet.objects.get(pk=1).version == version + 1


def test_every_threshold_has_a_label_in_plain_words_and_the_admin_lists_by_it(admin_client):
    from recovery.engine.rules import THRESHOLD_LABELS, Thresholds

    assert set(THRESHOLD_LABELS) == set(Thresholds.names())
    assert set(Threshold.objects.values_list("key", flat=True)) <= set(THRESHOLD_LABELS)
    listing = admin_client.get(reverse("admin:recovery_threshold_changelist")).content.decode()
    assert "Hours after a leg day that count as &#x27;just after&#x27;" in listing
    threshold = Threshold.objects.get(key="t1_hours")
    page = admin_client.get(reverse("admin:recovery_threshold_change", args=[threshold.pk]))
    text = page.content.decode()
    assert "In h; from 1 to 24." in text
    assert 'name="unit"' not in text
    assert 'name="evidence_tag"' not in text
    assert "DOMAIN.md" not in text


def test_the_admin_home_puts_content_first_and_infrastructure_last(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    main = page[page.index('id="content-main"') :]
    captions = re.findall(r"<caption>\s*<a [^>]*>([^<]+)</a>", main)
    assert captions[0].startswith("Content")
    assert captions[-1].startswith("Infrastructure")
    assert [c for c in captions if c.strip().lower() == "accounts"] == []  # no two "ACCOUNTS"
    content = main[: main.index(captions[1])]
    for name in ("Guidance articles", "Thresholds", "Exercises"):
        assert name in content
    infrastructure = main[main.index(captions[-1]) :]
    assert "Access attempts" in infrastructure
    assert "Periodic tasks" in infrastructure
    assert "batchs" not in page
