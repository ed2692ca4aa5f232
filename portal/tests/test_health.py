"""`/healthz` tells the proxy whether this app server can reach what it needs."""

from unittest import mock

import pytest
from django.core.files.storage import storages
from django.db.utils import OperationalError
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

ALL_OK = {"database": "ok", "cache": "ok", "storage": "ok", "private_storage": "ok"}


def test_healthz_answers_ok_with_every_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": ALL_OK}


def test_healthz_is_never_cached_and_has_no_language_prefix(client):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    with translation.override("en"):
        assert reverse("healthz") == "/healthz"


def test_healthz_writes_one_marker_per_storage_then_only_reads_it(client):
    client.get("/healthz")
    for alias in ("default", "private"):
        assert storages[alias].listdir("health") == ([], ["marker.txt"])
    with mock.patch.object(type(storages["default"]), "save") as save:
        assert client.get("/healthz").status_code == 200
    save.assert_not_called()


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def _broken(*args, **kwargs):
    raise OperationalError("connection to server at 10.0.0.5 failed: password authentication")


def _break_storage(settings, tmp_path, alias):
    """Point a storage at a path where a file stands in the way of its folder."""
    blocked = tmp_path / f"not-a-folder-{alias}"
    blocked.write_text("a file where the folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        alias: {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked)},
        },
    }


@pytest.mark.parametrize("failing", ["database", "cache", "storage", "private_storage"])
def test_healthz_names_the_failing_dependency_with_503(client, settings, tmp_path, failing):
    patchers = {
        "database": mock.patch(
            "django.db.backends.utils.CursorWrapper.execute", side_effect=_broken
        ),
        "cache": mock.patch(
            "django.core.cache.backends.locmem.LocMemCache.set", side_effect=_broken
        ),
    }
    if failing == "storage":
        _break_storage(settings, tmp_path, "default")
    if failing == "private_storage":
        _break_storage(settings, tmp_path, "private")
    with patchers.get(failing, mock.MagicMock()):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {**ALL_OK, failing: "error"}}
    assert "no-store" in response["Cache-Control"]


def test_healthz_keeps_error_details_out_of_the_answer(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=_broken):
        response = client.get("/healthz")
    # Host names and credentials in the exception's text go to the log only.
    assert b"10.0.0.5" not in response.content
    assert b"password" not in response.content


def test_healthz_fails_when_the_cache_returns_something_else(client):
    with mock.patch("django.core.cache.backends.locmem.LocMemCache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
