"""Fixtures shared by every app's tests: the site, its home pages, users per role."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale, Site

from outreach.models import HomePage, PortalSettings
from portal.factories import StaffUserFactory, SuperuserFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /en/ leaves English active in the thread; each test starts in Chinese."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached fragments must not leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(site):
    """The Chinese home page the data migration made the site root."""
    return site.root_page.specific


@pytest.fixture
def home_page_en(home_page):
    return HomePage.objects.get(locale=Locale.objects.get(language_code="en"))


@pytest.fixture
def portal_settings(site):
    return PortalSettings.for_site(site)


@pytest.fixture
def user(db):
    """A signed-up member of the public with a verified email address."""
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def superuser(db):
    return SuperuserFactory()
