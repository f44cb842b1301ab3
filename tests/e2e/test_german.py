"""RunReady in German (issue 29), with the browser set to German: sign up, onboarding, a leg
day, the check-in, the verdict and "Why this advice?" with its article, and the coach's
roster; none of those pages shows the English words they use in English."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import Gym, Membership, Role, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ZONE = "Europe/Berlin"
# Words these pages show in English (nav, headings, buttons, the verdict and its reasons):
# none may be left on the German pages. Exercise names are the library's content (English).
ENGLISH = re.compile(
    r"\b(Today|History|Settings|Sign out|Guidance|Log a|leg day|Leg day|soreness|Soreness|"
    r"warning signs?|Why this advice|Read more|Easy run|Recovery run|Rest or walk|minutes|"
    r"Save|your|Your|You|you|the|The|and|with|Hello|Welcome|advice|athletes|Athletes|"
    r"Last check-in|Since leg day|Next planned run|Plans this week|Flags|Avoid|today|Sleep|"
    r"Energy|Quads|Calves|Hamstrings|none|mild|moderate|severe|Change|Search|Previous|Next|"
    r"Duration|Start|Cancel|Why|Done|Planned|Recovery checklist|evidence|rule)\b"
)


def english_on(page: Page, selector: str = "body") -> list[str]:
    text = page.locator(selector).inner_text()
    text = re.sub(r"^.*(squat|lunge|deadlift|curl|raise|bridge|thrust|jump|press).*$", "", text,
                  flags=re.I | re.M)  # fmt: skip
    return sorted(set(ENGLISH.findall(text)))


def tap(page: Page, question: str, answer: str) -> None:
    radio = page.get_by_role("group", name=question).get_by_role("radio", name=answer, exact=True)
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()


def test_in_german_from_sign_up_to_the_coachs_roster(
    browser: Browser, live_server, smtp_server, seeded
):
    base = live_server.url
    page = browser.new_context(locale="de-DE", timezone_id=ZONE).new_page()
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="Beintag gemacht.", exact=False)).to_be_visible()
    assert english_on(page) == []

    page.get_by_role("link", name="Kostenlos registrieren").click()
    assert english_on(page, "main") == []
    page.locator("#id_email").fill("ingrid@example.com")
    page.locator("#id_password1").fill("kniebeugen-und-laufen-42")
    page.locator("#id_password2").fill("kniebeugen-und-laufen-42")
    page.locator("main form button[type=submit]").click()
    body = smtp_server.wait_for(1)[0].get_body(preferencelist=("plain",)).get_content()
    assert body.startswith("Hallo von RunReady,")
    page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", body).group(0))

    expect(page).to_have_url(f"{base}/onboarding/")
    expect(page.get_by_role("heading", name="Willkommen bei RunReady")).to_be_visible()
    assert english_on(page) == []
    page.get_by_label("Dein Vorname").fill("Ingrid")
    page.get_by_role("button", name="Speichern und loslegen").click()
    expect(page.get_by_role("heading", name="Hallo, Ingrid")).to_be_visible()
    assert english_on(page) == []
    ingrid = User.objects.get(email="ingrid@example.com")
    assert (ingrid.language, ingrid.browser_language) == ("", "de")  # follows the browser

    # A hard leg day last night.
    page.get_by_role("link", name="Beintag erfassen").click()
    expect(page.get_by_role("heading", name="Krafteinheit erfassen")).to_be_visible()
    assert english_on(page, "main") == []
    started = timezone.now().astimezone(ZoneInfo(ZONE)) - dt.timedelta(hours=14)
    page.get_by_label("Beginn").fill(started.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Dauer (Minuten)").fill("60")
    page.get_by_label("Session-RPE (0–10)").select_option("8")
    page.get_by_role("searchbox", name="Übungen suchen").fill("back squat")
    page.locator("#id_entries-0-sets").fill("5")
    page.locator("#id_entries-0-reps").fill("5")
    page.get_by_role("button", name="Einheit speichern").click()
    expect(page.get_by_text("Kraft erfasst.")).to_be_visible()

    # The check-in, in German, then the verdict and its reasons.
    page.goto(f"{base}/today/")
    expect(page.get_by_role("heading", name="1. Irgendwelche Warnzeichen?")).to_be_visible()
    assert english_on(page) == []
    page.get_by_role("button", name="Nichts davon trifft zu").click()
    tap(page, "Kannst du normal gehen und Treppen steigen, ohne zu hinken?", "Ja")
    for group, score in (("Quadrizeps", 5), ("Beinbeuger", 3), ("Gesäß", 2), ("Waden", 2),
                         ("Adduktoren", 1)):  # fmt: skip
        radio = page.get_by_role("group", name=group, exact=True).get_by_role(
            "radio", name=re.compile(rf"^{score} —")
        )
        page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
    tap(page, "Schlafqualität", "4 gut")
    tap(page, "Energie", "4 frisch")
    page.get_by_role("button", name="Heutige Empfehlung holen").click()
    expect(page.locator("#verdict-headline")).to_have_text(
        "Kurzer Regenerationslauf – bis zu 30 min"
    )
    expect(page.get_by_role("heading", name="Warum diese Empfehlung?")).to_be_visible()
    expect(page.locator("#why")).to_contain_text(
        "Dein stärkster Muskelkater ist 5/10 (Quadrizeps): mäßig"
    )
    assert english_on(page) == []

    # "Mehr lesen" leads to the article, in German.
    page.locator("#why .fired-rule[data-rule^='T'] a", has_text="Mehr lesen").first.click()
    expect(page.get_by_role("heading", name="Wie lange nach dem Beintag bis zum harten Laufen?"))
    expect(page.locator("#not-translated")).to_have_count(0)
    assert english_on(page, ".article-body") == []
    assert english_on(page, "nav.navbar") == []

    # Her coach, whose browser says German too, reads the roster in German.
    coach = UserFactory(email="jens@example.com", display_name="Jens")
    gym = Gym.objects.create(name="Studio Nord")
    Membership.objects.create(gym=gym, user=coach, role=Role.COACH)
    Membership.objects.create(gym=gym, user=ingrid, role=Role.ATHLETE, coach=coach)
    staff = browser.new_context(locale="de-DE", timezone_id=ZONE).new_page()
    staff.goto(f"{base}/accounts/login/")
    staff.locator("#id_login").fill(coach.email)
    staff.locator("#id_password").fill(PASSWORD)
    staff.locator("main form button[type=submit]").click()
    expect(staff).to_have_url(f"{base}/coach/")
    row = staff.locator("tr.roster-row", has_text="Ingrid")
    expect(row).to_contain_text("Regenerationslauf – Mäßiger Muskelkater (4/10 oder mehr)")
    expect(
        staff.get_by_role("heading", name="Deine Athletinnen und Athleten heute")
    ).to_be_visible()
    assert english_on(staff) == []
