import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = reverse("outreach:display-mode")


def test_turning_elder_mode_on_sets_cookie_and_returns_to_page(client):
    response = client.post(URL, {"mode": "elder", "next": "/en/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    cookie = response.cookies["elder_mode"]
    assert cookie.value == "1"
    assert cookie["httponly"]
    assert int(cookie["max-age"]) > 30 * 24 * 3600


def test_elder_mode_cookie_marks_every_page(client):
    client.post(URL, {"mode": "elder", "next": "/"})
    html = client.get("/").content.decode()
    assert 'class="elder-mode"' in html
    assert 'aria-pressed="true"' in html


def test_turning_elder_mode_off_removes_cookie(client):
    client.post(URL, {"mode": "elder", "next": "/"})
    response = client.post(URL, {"mode": "standard", "next": "/"})
    assert response.cookies["elder_mode"].value == ""
    html = client.get("/").content.decode()
    assert 'class="elder-mode"' not in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_display_mode_never_redirects_off_site(client, target):
    response = client.post(URL, {"mode": "elder", "next": target})
    assert response["Location"] == "/"


def test_display_mode_refuses_get(client):
    assert client.get(URL).status_code == 405
