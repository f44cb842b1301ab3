"""Guidance that follows the rules (issue 24): the check-in's soreness bands and the articles'
numbers from the thresholds in force, every reference a rule cites listed in the article it
links to, the rule -> article mapping as data, and no "Read more" that leads to a 404."""

import re

import pytest
from django.urls import reverse

from recovery import services
from recovery.engine import wording
from recovery.engine.readiness import RULES
from recovery.models import GuidanceArticle, Threshold
from recovery.verdict import presentation
from recovery.verdict.thresholds import current_thresholds
from tests.derived.forms import form_data
from tests.factories import StrengthFactory, checkin_answers

pytestmark = pytest.mark.django_db

CHECKLIST_KEYS = (
    "sleep", "protein", "fluids", "carbs", "easy_movement", "comfort_aids", "skip_ice_baths",
    "repeated_bout", "stop_and_seek_care",
)  # fmt: skip


def test_every_rule_and_checklist_item_has_a_published_article():
    guidance = presentation.guidance_for()
    for key in [*RULES, *CHECKLIST_KEYS]:
        assert key in guidance, key


def test_every_reference_a_rule_cites_is_listed_in_its_article():
    guidance = presentation.guidance_for()
    for rule_id, info in RULES.items():
        listed = guidance[rule_id].references
        assert set(info.refs) <= listed, (rule_id, guidance[rule_id].url, set(info.refs) - listed)


def test_references_shown_are_only_those_the_linked_article_lists():
    article = GuidanceArticle.objects.get(slug="doms-and-soreness")
    article.references = "- [18] Palos GR et al. (2006)."
    article.save()
    guidance = presentation.guidance_for()
    fired = [{"rule_id": "S2", "reason": "r", "refs": ["18", "19", "119"]}]
    (shown,) = presentation.reasons(fired, current_thresholds()[0], guidance)
    assert shown["refs"] == ["18"]
    assert shown["url"] == article.get_absolute_url()


def _links(page: str) -> list[str]:
    return re.findall(r'<a class="small" href="([^"]+)">(?:Read more|Why)', page)


def test_unpublishing_an_article_keeps_every_read_more_link_working(athlete_client):
    user = athlete_client.user
    StrengthFactory(athlete=user, rpe=8, exercises=["Back squat"])
    services.checkin_save(
        athlete=user, day=user.local_today(), answers=checkin_answers(quads=5, sleep_quality=2)
    )
    GuidanceArticle.objects.filter(slug__in=["doms-and-soreness", "sleep-and-wellness"]).update(
        published=False
    )
    page = athlete_client.get(reverse("recovery:today")).content.decode()
    links = _links(page)
    assert reverse("recovery:guidance") in links  # the unpublished ones fall back to the index
    assert len(links) >= 5
    for link in links:
        assert athlete_client.get(link).status_code == 200, link


def test_moving_soreness_moderate_in_the_admin_moves_the_check_in_bands(
    admin_client, athlete_client
):
    before = wording.soreness_band_text(current_thresholds()[0])
    assert before == "0 none · 1–3 mild · 4–6 moderate · 7–10 severe"
    threshold = Threshold.objects.get(key="soreness_moderate")
    url = reverse("admin:recovery_threshold_change", args=[threshold.pk])
    data = {**form_data(admin_client.get(url).content.decode(), "threshold_form"), "value": "5"}
    assert admin_client.post(url, data).status_code == 302
    page = athlete_client.get(reverse("recovery:checkin")).content.decode()
    assert "0 none · 1–4 mild · 5–6 moderate · 7–10 severe" in page
    assert "4 — mild: noticed on stairs" in page
    article = athlete_client.get(reverse("recovery:guidance_article", args=["doms-and-soreness"]))
    text = article.content.decode()
    assert "5-6 moderate" in text
    assert "counts as 5 (moderate)" in text


def test_an_unpublished_or_missing_article_sends_to_the_library(client):
    GuidanceArticle.objects.filter(slug="warm-up").update(published=False)
    for slug in ("warm-up", "no-such-article"):
        response = client.get(reverse("recovery:guidance_article", args=[slug]))
        assert response.status_code == 302
        assert response.url == reverse("recovery:guidance")


def test_the_admin_previews_an_article_before_it_is_published(admin_client):
    article = GuidanceArticle.objects.create(
        slug="draft", title="Draft", summary="s", topic="t", published=False,
        body="Soreness of **[[soreness_moderate]]/10** is moderate.",
    )  # fmt: skip
    page = admin_client.get(reverse("admin:recovery_guidancearticle_change", args=[article.pk]))
    text = page.content.decode()
    assert "Soreness of <strong>4/10</strong> is moderate." in text
    history = admin_client.get(reverse("admin:recovery_guidancearticle_history", args=[article.pk]))
    assert history.status_code == 200


def test_the_guidance_links_are_cached_and_follow_every_article_write(
    admin_client, django_assert_num_queries
):
    presentation.guidance_for()  # warm
    with django_assert_num_queries(0):
        links = presentation.guidance_for()
    assert links["W1"].url.endswith("/guidance/sleep-and-wellness/")
    article = GuidanceArticle.objects.get(slug="sleep-and-wellness")
    url = reverse("admin:recovery_guidancearticle_change", args=[article.pk])
    data = {**form_data(admin_client.get(url).content.decode(), "guidancearticle_form")}
    data["rules"] = "W2 W3 W4 sleep"  # W1 no longer named here
    assert admin_client.post(url, data).status_code == 302
    assert "W1" not in presentation.guidance_for()
