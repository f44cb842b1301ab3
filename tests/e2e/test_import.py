"""Importing through the page: three files and an export archive uploaded, a real Celery
worker imports them while the progress bar fills, and the report says what became of each."""

import gzip
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.recovery.reminders.test_reminders_worker import worker
from training.models import Session

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack]
DATA = Path(__file__).parent.parent / "data"


def test_upload_three_files_and_a_zip_and_read_the_report(
    page: Page, live_server, seeded, tmp_path
):
    athlete = UserFactory(time_zone="Europe/London")
    archive = tmp_path / "strava-export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as export:
        export.writestr(
            "activities/101.fit.gz",
            gzip.compress((DATA / "fit/developer-types-sample.fit").read_bytes()),
        )
        export.writestr("activities/102.gpx", (DATA / "gpx/korita-zbevnica.gpx").read_bytes())
        export.writestr("profile.csv", "not an activity")
    crashed = tmp_path / "crashed-at-once.fit"  # a phone app that died before the first record
    crashed.write_bytes((DATA / "fit/activity-small-fenix2-run.fit").read_bytes()[:250])
    files = [
        crashed,
        DATA / "fit/activity-small-fenix2-run.fit",
        DATA / "gpx/cerknicko-jezero.gpx",
        DATA / "fit/activity-unexpected-eof.fit",
        archive,
    ]
    log_in(page, live_server.url, athlete.email)
    with worker():
        page.goto(f"{live_server.url}/training/import/")
        page.get_by_label("Files").set_input_files([str(f) for f in files])
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_role("progressbar", name="Import progress")).to_be_visible()
        expect(page.locator("#import-progress")).to_contain_text(
            "Done: 7 of 7 files read.", timeout=30_000
        )
    rows = page.locator("tr.import-item")
    expect(rows).to_have_count(7)
    report = {
        rows.nth(i).locator("td").first.inner_text(): rows.nth(i).get_attribute("data-outcome")
        for i in range(7)
    }
    assert report == {
        "activity-small-fenix2-run.fit": "created",
        "cerknicko-jezero.gpx": "created",
        "crashed-at-once.fit": "failed",
        "activity-unexpected-eof.fit": "created",
        "strava-export.zip": "skipped",
        "activities/101.fit.gz": "created",
        "activities/102.gpx": "skipped",
    }
    expect(page.locator("#import-counts")).to_contain_text("4 imported")
    expect(page.locator("#import-counts")).to_contain_text("1 failed")
    expect(rows.filter(has_text="crashed-at-once.fit")).to_contain_text(
        "The FIT file is damaged or cut short"
    )
    expect(rows.filter(has_text="activity-unexpected-eof.fit")).to_contain_text(
        "Cut short: imported the readable part"
    )
    expect(rows.filter(has_text="102.gpx")).to_contain_text("This is a walk")
    expect(rows.filter(has_text="strava-export.zip")).to_contain_text(
        "Archive opened: 2 activity files inside."
    )
    run_row = rows.filter(has_text="activity-small-fenix2-run.fit")
    # The file has no effort: the report asks for it (an imported run's RPE is a default).
    expect(run_row.get_by_role("link", name="How hard was it?")).to_be_visible()
    run_row.get_by_role("link", name="Imported").click()
    expect(page.get_by_text("9.01 km")).to_be_visible()
    assert Session.objects.filter(athlete=athlete, kind="run").count() == 4
