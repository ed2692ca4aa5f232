"""The strict Content-Security-Policy in Chromium: nothing on the public and partner
pages is blocked, and the pages still work (scripts run, chart styles apply).
"""

import pytest
from playwright.sync_api import expect

from outreach.demo import DEMO_PASSWORD

PARTNER_EMAIL = "fulian2@example.org"  # the Women's Federation reporter of the demo data

# Collects violations from the first byte of every document the page loads.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
        `at ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


@pytest.fixture
def console_errors():
    """Console lines in which Chromium reports a blocked resource or a bad policy."""
    return []


@pytest.fixture
def watched_page(phone_page, console_errors):
    """A page that records CSP violations, from events and from the console."""
    phone_page.on(
        "console",
        lambda message: (
            console_errors.append(message.text)
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
            else None
        ),
    )
    phone_page.add_init_script(RECORD_VIOLATIONS)
    return phone_page


def _assert_nothing_blocked(page, console_errors):
    assert page.evaluate("window.__cspViolations") == []
    assert console_errors == []


def _log_in(page, base, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.locator("#id_login").fill(PARTNER_EMAIL)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}{next_path}")


def test_public_pages_load_without_csp_violations(demo_site, watched_page, console_errors):
    for path in ("/", "/en/", "/directory/"):
        response = watched_page.goto(demo_site + path)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        watched_page.wait_for_load_state("load")
        _assert_nothing_blocked(watched_page, console_errors)


def test_partner_pages_work_under_the_policy(demo_site, watched_page, console_errors):
    page = watched_page
    _log_in(page, demo_site, "/partners/referrals/new/")
    guardian = page.locator("[data-guardian-section]")
    # partner-form.js hides the guardian's part until a child under 14 is chosen.
    expect(guardian).to_be_hidden()
    page.locator("#id_age_band").select_option("under_14")
    expect(guardian).to_be_visible()
    page.locator("#id_age_band").select_option("60_79")
    expect(guardian).to_be_hidden()
    _assert_nothing_blocked(page, console_errors)

    for path in ("/partners/", "/partners/figures/"):
        page.goto(demo_site + path)
        chart = page.locator("svg.pygal-chart").first
        expect(chart).to_be_visible()
        # pygal's CSS comes from static/css/charts.css, not a <style> inside the SVG.
        assert chart.locator("style").count() == 0
        assert "Noto Sans CJK SC" in chart.evaluate("svg => getComputedStyle(svg).fontFamily")
        assert chart.locator(".tooltip").evaluate("g => getComputedStyle(g).opacity") == "0"
        _assert_nothing_blocked(page, console_errors)
