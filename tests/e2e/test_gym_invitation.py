"""A coach invites an athlete, sees them, and loses access the moment they leave."""

import pytest
from playwright.sync_api import Browser, expect

from accounts.models import Role
from tests.e2e.conftest import log_in
from tests.factories import GymFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_invite_accept_see_leave_lose_access(browser: Browser, live_server):
    base = live_server.url
    gym = GymFactory(name="Riverside Strength")
    coach = MembershipFactory(gym=gym, role=Role.COACH, user__display_name="Coach Kim").user
    athlete = UserFactory(display_name="Robin Runner")

    coach_page = browser.new_context().new_page()
    athlete_page = browser.new_context().new_page()

    log_in(coach_page, base, coach.email)
    coach_page.get_by_role("link", name="Invite", exact=True).click()
    coach_page.get_by_label("Invite as").select_option("athlete")
    coach_page.get_by_role("button", name="Create invitation").click()
    expect(coach_page.get_by_text("Invitation created")).to_be_visible()
    link = coach_page.locator(".invitation-link").first.inner_text()

    log_in(athlete_page, base, athlete.email)
    athlete_page.goto(link)
    expect(athlete_page.get_by_text("staff can see your training log")).to_be_visible()
    athlete_page.get_by_role("button", name="Accept and join Riverside Strength").click()
    expect(athlete_page.get_by_text("You joined Riverside Strength as athlete.")).to_be_visible()

    coach_page.get_by_role("link", name="Roster").click()
    coach_page.get_by_role("link", name="Robin Runner").click()
    expect(coach_page.get_by_role("heading", name="Robin Runner")).to_be_visible()
    athlete_url = coach_page.url

    athlete_page.get_by_role("link", name="Settings").click()
    expect(athlete_page.locator("#staff-seeing")).to_contain_text("Coach Kim")
    athlete_page.get_by_role("button", name="Leave Riverside Strength").click()
    expect(athlete_page.get_by_text("You left Riverside Strength")).to_be_visible()

    response = coach_page.goto(athlete_url)
    assert response.status == 404
    expect(coach_page.get_by_role("heading", name="Page not found")).to_be_visible()
    coach_page.goto(f"{base}/coach/")
    expect(coach_page.get_by_role("link", name="Robin Runner")).to_have_count(0)
