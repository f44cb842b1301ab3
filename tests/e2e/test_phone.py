"""The morning on a phone (360 x 780): sign-up in the device's time zone, a check-in in a dozen
taps with big targets, no sideways scrolling, the installed app offline, push turned on."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.models import PushSubscription, Role, User
from recovery.planning import services as plans
from tests.e2e.conftest import log_in
from tests.factories import MembershipFactory, StrengthFactory, UserFactory, checkin

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}


def _phone(browser: Browser, **options) -> Page:
    page = browser.new_context(**PHONE, **options).new_page()
    page.on("console", lambda m: m.type == "error" and print("console:", m.text))
    return page


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} is {width[0]} px wide on a {width[1]} px screen"


def test_sign_up_on_a_phone_in_new_york_saves_that_zone(browser: Browser, live_server, smtp_server):
    base = live_server.url
    page = _phone(browser, timezone_id="America/New_York")
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Email").fill("ny@example.com")
    page.locator("#id_password1").fill("squats-then-strides-42")
    page.get_by_label("Password (again)").fill("squats-then-strides-42")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_text("Verify Your Email Address")).to_be_visible()
    body = smtp_server.wait_for(1)[0].get_body(preferencelist=("plain",)).get_content()
    # One tap: the emailed link confirms, no second "Confirm" page.
    page.goto(re.search(r"https?://\S+/accounts/confirm-email/\S+/", body).group(0))

    # Straight into onboarding, the zone already the device's: one tap confirms it all.
    expect(page).to_have_url(f"{base}/onboarding/")
    expect(page.get_by_label("Your time zone")).to_have_value("America/New_York")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Save and start").click()
    expect(page).to_have_url(f"{base}/today/")
    user = User.objects.get(email="ny@example.com")
    assert (user.time_zone, user.time_zone_confirmed) == ("America/New_York", True)
    assert user.onboarded_at is not None


def _athlete_after_leg_day() -> User:
    athlete = UserFactory(display_name="Robin")
    StrengthFactory(
        athlete=athlete,
        started_at=timezone.now() - dt.timedelta(hours=22),
        exercises=["Back squat"],
    )
    return athlete


def test_a_morning_check_in_takes_at_most_twelve_taps_on_big_targets(
    browser: Browser, live_server, seeded
):
    base = live_server.url
    athlete = _athlete_after_leg_day()
    coach = MembershipFactory(role=Role.COACH).user
    MembershipFactory(gym=coach.memberships.get().gym, user=athlete)
    flagged = MembershipFactory(
        gym=coach.memberships.get().gym, user=UserFactory(display_name="Flo")
    ).user
    checkin(flagged, rf_dark_urine=True)
    page = _phone(browser)
    log_in(page, base, athlete.email)
    page.goto(f"{base}/today/")
    _no_sideways_scroll(page)

    form = page.locator("#checkin-form")
    # Every control of the check-in is at least 44 x 44 px: the buttons, and for each radio
    # the button drawn for it (its label) — the eleven soreness answers too, in two rows.
    sizes = form.evaluate(
        """form => [...form.querySelectorAll('button, textarea, input:not([type=hidden])')]
             .filter(c => !c.closest('[hidden]'))
             .map(c => {
               const target = c.classList.contains('btn-check') ? form.querySelector(`label[for="${c.id}"]`) : c;
               const box = target.getBoundingClientRect();
               return [c.id || c.textContent.trim(), box.height, box.width];
             })"""
    )
    assert len(sizes) > 50
    assert form.locator("select").count() == 0  # no dropdowns
    assert [s for s in sizes if s[1] < 44 or s[2] < 44] == []

    taps = 0

    def tap(locator):
        nonlocal taps
        locator.tap()
        taps += 1

    def answer(field: str, value: str):
        radio = page.locator(f'input[name="{field}"][value="{value}"]')
        tap(page.locator(f'label[for="{radio.get_attribute("id")}"]'))

    tap(page.get_by_role("button", name="None of these apply"))
    answer("can_walk_normally", "yes")
    for field, score in [
        ("quads", 3),
        ("hamstrings", 2),
        ("glutes", 2),
        ("calves", 1),
        ("adductors", 1),
    ]:
        answer(field, str(score))
    answer("sleep_quality", "4")
    answer("energy", "4")
    submit = page.get_by_role("button", name="Get today's advice")
    expect(submit).to_be_in_viewport()  # always reachable: it sticks to the bottom
    tap(submit)
    expect(page.locator("#verdict-headline")).to_be_visible()
    expect(page.locator("#verdict-headline")).not_to_contain_text("See a doctor")
    assert taps <= 12, taps

    for path in [
        "/today/",
        "/checkin/",
        "/training/strength/new/",
        "/training/runs/new/",
        "/training/week/",
        "/training/plan/legs/new/",
    ]:
        page.goto(base + path)
        _no_sideways_scroll(page)

    coach_page = _phone(browser)
    log_in(coach_page, base, coach.email)
    coach_page.goto(f"{base}/coach/")
    _no_sideways_scroll(coach_page)
    card = coach_page.locator("tr.roster-row", has_text="Robin")
    # A card: the light, the verdict, the hours since leg day, all within the screen's width.
    leg = card.locator('td[data-label="Since leg day"]')
    expect(leg).to_contain_text("h")
    for part in (card.locator(".light"), card.locator(".light-label"), leg):
        expect(part).to_be_in_viewport()
        box = part.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 360
    flag = coach_page.locator("tr.roster-row", has_text="Flo").locator(".flag-badge").first
    expect(flag).to_be_in_viewport()
    box = flag.bounding_box()
    assert box["x"] + box["width"] <= 360


def test_the_installed_app_registers_and_shows_the_last_verdict_offline(
    browser: Browser, live_server, seeded
):
    base = live_server.url
    athlete = _athlete_after_leg_day()
    checkin(athlete, quads=3)
    page = _phone(browser)
    log_in(page, base, athlete.email)
    page.goto(f"{base}/today/")
    headline = page.locator("#verdict-headline").inner_text()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now the service worker controls the page
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"

    page.context.set_offline(True)
    page.goto(f"{base}/today/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.locator("#last-verdict-headline")).to_have_text(headline)
    today = timezone.now().astimezone(athlete.tz)
    expect(page.locator("#last-verdict-date")).to_contain_text(f"{today:%A} {today.day} {today:%B}")
    page.context.set_offline(False)

    # Logging out forgets it: the next person on this device sees none of it.
    page.goto(f"{base}/today/")
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("button", name="Sign out").click()
    page.context.set_offline(True)
    page.goto(f"{base}/today/")
    expect(page.locator("#no-verdict")).to_be_visible()
    expect(page.locator("#last-verdict")).to_be_hidden()


STUB_PUSH = """
(() => {
  // Like the browser's, the subscription outlives a reload (kept in sessionStorage here).
  const fake = (endpoint, keys) => ({
    endpoint,
    toJSON: () => ({ endpoint, expirationTime: null, keys }),
    unsubscribe: async () => { sessionStorage.removeItem("stub-push"); return true; },
  });
  PushManager.prototype.getSubscription = async () =>
    sessionStorage.getItem("stub-push") ? fake(%s, %s) : null;
  PushManager.prototype.subscribe = async (options) => {
    window.__subscribeKeyLength = options.applicationServerKey.byteLength;
    sessionStorage.setItem("stub-push", "1");
    return fake(%s, %s);
  };
})();
"""


def test_turning_push_on_in_settings_saves_the_subscription(
    browser: Browser, live_server, settings
):
    """No browser can reach a push service here: PushManager.subscribe is stubbed, and the
    server side of sending is tested in tests/recovery/reminders/test_push.py."""
    from accounts.management.commands.vapid_keys import new_key_pair

    settings.VAPID_PRIVATE_KEY, settings.VAPID_PUBLIC_KEY = new_key_pair()
    settings.PUSH_SERVICE_HOSTS = ["push.example.net"]
    endpoint = "https://push.example.net/send/abc123"
    keys = {"p256dh": "B" + "A" * 86, "auth": "c" * 22}
    athlete = UserFactory()
    context = browser.new_context(**PHONE, permissions=["notifications"], base_url=live_server.url)
    context.add_init_script(STUB_PUSH % ((json.dumps(endpoint), json.dumps(keys)) * 2))
    page = context.new_page()
    log_in(page, live_server.url, athlete.email)
    page.goto("/accounts/settings/")
    expect(page.locator("#push-status")).to_have_text("Push is off for this device.")
    page.get_by_role("button", name="Turn on push on this device").click()
    expect(page.locator("#push-status")).to_have_text("Push is on for this device.")
    assert page.evaluate("window.__subscribeKeyLength") == 65  # an uncompressed P-256 key
    subscription = PushSubscription.objects.get()
    assert (subscription.user, subscription.endpoint) == (athlete, endpoint)
    assert (subscription.p256dh, subscription.auth) == (keys["p256dh"], keys["auth"])

    page.reload()
    expect(page.locator("#push-devices")).to_be_visible()
    page.get_by_role("button", name="Turn off push on this device").click()
    expect(page.locator("#push-status")).to_have_text("Push is off for this device.")
    assert not PushSubscription.objects.exists()


def _small_controls(page: Page, scope: str) -> list:
    """The button-like controls in `scope` (buttons, links drawn as buttons, fields, the
    labels drawn for radios) under 44 x 44 px."""
    return page.locator(scope).first.evaluate(
        """root => [...root.querySelectorAll('button, a.btn, select, textarea, input:not([type=hidden])')]
             .filter(c => !c.closest('[hidden]') && c.getClientRects().length)
             .map(c => {
               // A radio or a checkbox is tapped through its label (drawn as a button or not).
               const label = ['radio', 'checkbox'].includes(c.type) && root.querySelector(`label[for="${c.id}"]`);
               const target = label && (c.classList.contains('btn-check') || label.getBoundingClientRect().height > 0) ? label : c;
               const box = target.getBoundingClientRect();
               return [c.id || c.name || c.textContent.trim(), Math.round(box.height), Math.round(box.width)];
             })
             .filter(([, h, w]) => h < 44 || w < 44)"""
    )


def test_the_strength_form_planner_and_staff_pages_fit_a_phone(
    browser: Browser, live_server, seeded
):
    """Every control of the strength form and the planner is at least 44 x 44 px at 360 px,
    and no page of the athlete's or the staff's area scrolls sideways."""
    base = live_server.url
    athlete = _athlete_after_leg_day()
    checkin(athlete, quads=5)
    coach = MembershipFactory(role=Role.COACH).user
    MembershipFactory(gym=coach.memberships.get().gym, user=athlete)
    plans.planned_run_save(
        athlete=athlete,
        entered_by=athlete,
        day=athlete.local_today() + dt.timedelta(days=1),
        run_type="intervals",
        minutes=45,
    )
    page = _phone(browser)
    log_in(page, base, athlete.email)
    page.goto(f"{base}/training/strength/new/")
    page.get_by_role("button", name="+ Add exercise").click()
    expect(page.locator("#entry-row-1")).to_be_visible()
    assert _small_controls(page, "main") == []
    _no_sideways_scroll(page)
    page.goto(f"{base}/training/runs/new/")
    assert _small_controls(page, "main") == []
    page.goto(f"{base}/training/week/")
    expect(page.locator(".planner-plan")).to_have_count(1)  # with its move and remove controls
    assert _small_controls(page, "main") == []
    for path in (
        "/training/week/",
        "/today/",
        "/recovery/history/",
        "/training/",
        "/accounts/settings/",
    ):
        page.goto(f"{base}{path}")
        _no_sideways_scroll(page)
    page = _phone(browser)
    log_in(page, base, coach.email)
    for path in (
        "/coach/",
        f"/coach/athletes/{athlete.pk}/",
        f"/coach/athletes/{athlete.pk}/week/",
    ):
        page.goto(f"{base}{path}")
        _no_sideways_scroll(page)
