"""The installable app's parts as a browser fetches them: manifest, service worker, offline page."""

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def _exists(client, url: str) -> bool:
    """A static file is found by the finders (the test server does not serve them); any
    other address answers 200."""
    if url.startswith(settings.STATIC_URL):
        return finders.find(url.removeprefix(settings.STATIC_URL)) is not None
    return client.get(url).status_code == 200


def test_manifest_names_an_installable_app(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["display"], manifest["scope"], manifest["start_url"]) == (
        "standalone",
        "/",
        "/",
    )
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert _exists(client, icon["src"])


def test_service_worker_is_served_from_the_root_and_precaches_what_exists(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    precache = json.loads(body.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0])
    assert len(precache) >= 8
    for url in [*precache, "/offline/"]:
        assert _exists(client, url), url
    # The cache is named after the assets' contents.
    version = body.split('const VERSION = "', 1)[1].split('"', 1)[0]
    assert len(version) == 12


def test_offline_page_holds_nothing_personal(client, django_user_model):
    from tests.factories import UserFactory

    user = UserFactory(display_name="Somebody Private")
    client.force_login(user)
    body = client.get("/offline/").content.decode()
    assert "Somebody Private" not in body
    assert "csrfmiddlewaretoken" not in body
    assert 'id="last-verdict"' in body


def test_robots_txt_is_plain_text(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()
