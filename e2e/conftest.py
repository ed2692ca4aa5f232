"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system one at /usr/bin/chromium,
installed by `.ci/ensure-system-deps`.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.e2e)
            # Live-server tests need committed data; restore what migrations made.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_site(live_server):
    """The live server with the demo content loaded; yields its base URL."""
    call_command("load_demo_data", verbosity=0)
    return live_server.url


def _new_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="zh-CN", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def phone_page(browser):
    context, page = _new_page(browser, PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context, page = _new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser):
    context, page = _new_page(browser, PHONE, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot named after the test under e2e/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, suffix=""):
        name = request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
        path = ARTIFACTS / f"{name}{suffix}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def platform_fonts(page, selector):
    """The fonts Chromium actually used to draw an element's text (via DevTools)."""
    cdp = page.context.new_cdp_session(page)
    document = cdp.send("DOM.getDocument")
    root_id = document["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root_id, "selector": selector})
    cdp.send("CSS.enable")
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    cdp.detach()
    return fonts
