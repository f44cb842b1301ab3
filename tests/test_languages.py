"""RunReady in German (issue 29): the language follows the browser until one is picked; each
reader sees their own (an athlete and their coach in different languages); the engine's
reasons are stored as message ids and translated where shown; guidance articles in German
with an English fallback the admin lists; the calendar feed in its owner's language; and the
translation check that fails on a new English string."""

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone, translation

from accounts import services as account_services
from accounts.models import Role
from recovery.engine import readiness, texts
from recovery.models import GuidanceArticle, GuidanceTranslation
from tests.factories import MembershipFactory, StrengthFactory, UserFactory, checkin

pytestmark = pytest.mark.django_db


def _hours_ago(hours: float):
    return timezone.now() - dt.timedelta(hours=hours)


ROOT = Path(__file__).resolve().parent.parent
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}


def _text(response) -> str:
    html = re.sub(
        r"<script.*?</script>|<style.*?</style>", " ", response.content.decode(), flags=re.S
    )
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_language_follows_the_browser_until_one_is_picked(client):
    landing = client.get("/", **GERMAN)
    assert "Kostenlos registrieren" in _text(landing)
    assert landing["Content-Language"] == "de"
    assert '<html lang="de">' in landing.content.decode()
    assert "Sign up free" in _text(client.get("/"))  # no Accept-Language: English
    js_words = re.search(r'<script id="js-words" type="application/json">(.*?)</script>',
                         landing.content.decode())  # fmt: skip
    assert json.loads(js_words.group(1))["search_exercises"] == "Übungen suchen"  # for app.js

    athlete = UserFactory(display_name="Ingrid")
    client.force_login(athlete)
    assert "Hallo, Ingrid" in _text(client.get("/today/", **GERMAN))
    athlete.refresh_from_db()
    assert (athlete.language, athlete.browser_language) == ("", "de")
    assert athlete.language_code == "de"  # what is sent follows the browser's last choice

    settings_page = client.get("/accounts/settings/", **GERMAN)
    form = dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', settings_page.content.decode()))
    response = client.post(
        "/accounts/settings/",
        {
            **form,
            "language": "en",
            "time_zone": "UTC",
            "distance_unit": "km",
            "weight_unit": "kg",
            "fitness_level": "intermediate",
            "goal": "balanced",
            "reminder_time": "07:00",
            "legs_trained_recently": "yes",
        },
        **GERMAN,
    )
    assert response.status_code == 302, _text(response)[:500]
    athlete.refresh_from_db()
    assert athlete.language == "en"
    page = _text(client.get("/today/", **GERMAN))  # the browser still says German
    assert "Hello, Ingrid" in page
    assert "Hallo" not in page


def test_a_reason_is_stored_as_a_message_id_and_shown_in_the_readers_language():
    result = readiness.assess(
        readiness.ReadinessInput(
            hours_since_leg=20,
            leg_rpe=8,
            leg_minutes=60,
            leg_unaccustomed=False,
            typical_leg_load=480,
            soreness={"quads": 5, "hamstrings": 2, "glutes": 2, "calves": 1, "adductors": 0},
            can_walk_normally=True,
            sleep_quality=4,
            energy=4,
            red_flags=frozenset(),
            fitness_level="intermediate",
            acwr=None,
            wellness_z=None,
            planned_minutes=None,
        )
    )
    s2 = next(rule for rule in result.fired if rule.rule_id == "S2")
    assert (
        s2.reason
        == "Your worst soreness is 5/10 (quads): moderate, so a short recovery run at most."
    )
    stored = texts.from_stored(s2.text.stored())
    assert stored == s2.text
    with translation.override("de"):
        german = str(stored)
    assert german == (
        "Dein stärkster Muskelkater ist 5/10 (Quadrizeps): mäßig, also höchstens ein kurzer "
        "Regenerationslauf."
    )
    with translation.override("en"):
        assert str(stored) == s2.reason


def test_an_athlete_and_their_coach_each_read_their_own_language(client, seeded):
    coach = MembershipFactory(role=Role.COACH, user__language="en").user
    german_coach = MembershipFactory(gym=coach.memberships.get().gym, role=Role.COACH).user
    german_coach.language = "de"
    german_coach.save()
    athlete = UserFactory(display_name="Ingrid", language="de")
    MembershipFactory(gym=coach.memberships.get().gym, user=athlete)
    StrengthFactory(athlete=athlete, exercises=["Back squat"], started_at=_hours_ago(20), rpe=8)
    checkin(athlete, quads=5)

    client.force_login(athlete)
    today = _text(client.get("/today/"))  # no Accept-Language: her own choice decides
    assert "Kurzer Regenerationslauf" in today
    assert "Dein stärkster Muskelkater ist 5/10 (Quadrizeps)" in today
    assert "Warum diese Empfehlung?" in today

    client.force_login(coach)
    roster = _text(client.get("/coach/", **GERMAN))  # his choice beats his browser
    assert "Recovery run — Moderate soreness (4/10 or more)" in roster
    athlete_page = _text(client.get(f"/coach/athletes/{athlete.pk}/", **GERMAN))
    assert "Their worst soreness is 5/10 (quads)" in athlete_page

    client.force_login(german_coach)
    roster = _text(client.get("/coach/"))
    assert "Regenerationslauf – Mäßiger Muskelkater (4/10 oder mehr)" in roster
    assert "Deine Athletinnen und Athleten heute" in roster


def test_a_guidance_article_in_german_and_the_fallback_the_admin_lists(client, admin_client):
    article = GuidanceArticle.objects.get(slug="timing-after-leg-day")
    page = _text(client.get(article.get_absolute_url(), **GERMAN))
    assert "Wie lange nach dem Beintag bis zum harten Laufen?" in page
    assert "Lockeres Laufen am Tag nach dem Beintraining ist also mit der Studienlage" in page
    assert "nicht übersetzt" not in page
    assert "[[" not in page  # the thresholds' numbers are filled in German too

    GuidanceTranslation.objects.filter(article=article).delete()
    page = _text(client.get(article.get_absolute_url(), **GERMAN))
    assert "Dieser Artikel ist noch nicht übersetzt: Hier ist er auf Englisch." in page
    assert "How long after leg day before hard running?" in page
    listing = admin_client.get("/admin/recovery/guidancearticle/").content.decode()
    row = re.search(r"How long after leg day before hard running\?.*?</tr>", listing, re.S)
    assert row
    assert '<td class="field-missing">de</td>' in row.group(0)
    other = re.search(r"Warning signs: when soreness is not just soreness.*?</tr>", listing, re.S)
    assert other
    assert '<td class="field-missing">—</td>' in other.group(0)


def test_every_german_article_keeps_the_threshold_placeholders_of_its_english():
    placeholders = re.compile(r"\[\[\w+\]\]")
    translations = GuidanceTranslation.objects.filter(language="de").select_related("article")
    assert translations.count() == GuidanceArticle.objects.count() == 10
    for translation_ in translations:
        for field in ("title", "summary", "body"):
            english = sorted(placeholders.findall(getattr(translation_.article, field)))
            assert sorted(placeholders.findall(getattr(translation_, field))) == english, (
                translation_.article.slug,
                field,
            )


def test_the_calendar_feed_speaks_its_owners_language(client):
    athlete = UserFactory(language="de")
    StrengthFactory(athlete=athlete, exercises=["Back squat"], started_at=_hours_ago(20), rpe=8)
    token = account_services.calendar_feed_reset(user=athlete)
    feed = client.get(f"/calendar/{token}.ics").content.decode()  # a calendar app: no language
    assert "SUMMARY:Beintag" in feed
    assert "Qualitätsläufe ab" in feed


def _project_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    for name in ("accounts", "training", "recovery", "config", "templates", "locale", "scripts"):
        shutil.copytree(
            ROOT / name, copy / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__")
        )
    shutil.copy2(ROOT / "manage.py", copy / "manage.py")
    return copy


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_translations.py"), "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_translation_check_fails_on_a_new_english_string(tmp_path):
    copy = _project_copy(tmp_path)
    assert _check(copy).returncode == 0, _check(copy).stdout

    new = copy / "templates" / "recovery" / "_new.html"
    new.write_text('{% load i18n %}<p>{% translate "A brand new sentence for runners." %}</p>\n')
    found = _check(copy)
    assert found.returncode == 1
    assert "de: no translation: 'A brand new sentence for runners.'" in found.stdout

    new.write_text("<p>A sentence nobody marked.</p>\n")
    found = _check(copy)
    assert found.returncode == 1
    assert "not marked for translation: 'A sentence nobody marked.'" in found.stdout

    new.unlink()
    python = copy / "recovery" / "engine" / "wording.py"
    python.write_text(python.read_text() + '\n\nNEW = say("A new sentence of the engine.")\n')
    found = _check(copy)
    assert found.returncode == 1
    assert "de: no translation: 'A new sentence of the engine.'" in found.stdout


def test_a_literal_translate_tag_is_kept_per_language_and_a_variable_is_not():
    """config.i18n: as Django renders it (a literal is trusted, as in Django), per language."""
    from django.template import engines

    page = engines["django"].from_string(
        '{% translate "Today" %}|{% translate word %}|{% translate "Sign <in>" %}'
    )
    assert page.render({"word": "History"}) == "Today|History|Sign <in>"
    with translation.override("de"):
        assert page.render({"word": "History"}) == "Heute|Verlauf|Sign <in>"
        assert page.render({"word": "Training"}) == "Heute|Training|Sign <in>"
    assert page.render({"word": "Guidance"}) == "Today|Guidance|Sign <in>"
    literal = page.template.nodelist[0]
    assert type(literal).__name__ == "ConstantTranslateNode"  # the builtin, not Django's own
    assert set(literal.rendered) == {("en", True), ("de", True)}
