"""The partner journey in Chromium: log outreach, refer a person, staff accept, partner sees it."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from outreach.demo import DEMO_PASSWORD
from partners.models import Referral
from portal.factories import DEFAULT_PASSWORD, SuperuserFactory

PARTNER_EMAIL = "fulian2@example.org"  # the Women's Federation reporter of the demo data


def _log_in(page, base, email, password, next_path):
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}{next_path}")


def _assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"


def _assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_partner_logs_outreach_refers_a_person_and_sees_the_centre_accept(
    demo_site, phone_page, desktop_page, mailoutbox, screenshot
):
    page = phone_page
    _log_in(page, demo_site, PARTNER_EMAIL, DEMO_PASSWORD, "/partners/")
    assert page.locator("h1").first.is_visible()
    screenshot(page, "-dashboard")
    _assert_fits(page)

    # Log an outreach activity the organisation ran.
    page.goto(demo_site + "/partners/outreach/new/")
    page.locator("#id_date").fill("2026-11-20")
    page.locator("#id_place").fill("六镇大集")
    page.locator("#id_activity_type").select_option(index=1)
    page.locator("#id_people_reached").fill("120")
    page.locator("#id_leaflets").fill("300")
    screenshot(page, "-outreach-form")
    _assert_fits(page)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/partners/outreach/$"))
    assert page.get_by_text("六镇大集").first.is_visible()

    # Refer a person; the first try misses the consent and keeps what was typed.
    page.goto(demo_site + "/partners/referrals/new/")
    page.locator("#id_applicant_name").fill("欧阳秀珍")
    page.locator("#id_mobile").fill("13912345678")
    page.locator("input[name=gender][value=female]").check()
    page.locator("#id_age_band").select_option("60_79")
    page.locator("input[name=groups][value]").first.check()
    page.locator("#id_issue_category").select_option("maintenance")
    page.locator("#id_description").fill("三个子女均不履行赡养义务。")
    page.locator("main form button[type=submit]").last.click()
    assert page.locator("#id_applicant_name").input_value() == "欧阳秀珍"
    assert page.locator("[role=alert], .error-summary").first.is_visible()
    screenshot(page, "-referral-errors")
    _assert_fits(page)
    page.locator("#id_consent").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/partners/referrals/\d+/$"))
    referral = Referral.objects.get(applicant_name="欧阳秀珍")
    assert "13912345678" not in page.content()  # the mobile number is shown masked
    screenshot(page, "-referral-submitted")

    # Staff start the review and accept it in the Wagtail admin.
    SuperuserFactory(email="triage@example.org")
    admin = desktop_page
    _log_in(
        admin, demo_site, "triage@example.org", DEFAULT_PASSWORD, f"/admin/referrals/{referral.pk}/"
    )
    admin.locator("form:has(input[name=move][value=under_review]) button[type=submit]").click()
    admin.wait_for_load_state()
    admin.locator("form:has(input[name=move][value=accepted]) button[type=submit]").click()
    admin.wait_for_load_state()
    screenshot(admin, "-admin-accepted")
    referral.refresh_from_db()
    assert referral.status == "accepted"

    # The partner sees "accepted" and was told by email.
    page.goto(f"{demo_site}/partners/referrals/{referral.pk}/")
    assert page.get_by_text("已受理").first.is_visible()
    screenshot(page, "-referral-accepted")
    to_partner = [m for m in mailoutbox if PARTNER_EMAIL in m.to]
    assert any(referral.reference in m.subject and "已受理" in m.subject for m in to_partner)


@pytest.mark.parametrize(
    "path",
    [
        "/partners/",
        "/partners/referrals/new/",
        "/partners/outreach/",
        "/partners/outreach/new/",
        "/en/partners/referrals/new/",
        "/partners/figures/",
        "/en/partners/figures/",
        "/partners/figures/?date_from=2026-12-31&date_to=2026-01-01",
    ],
)
def test_partner_pages_have_no_axe_violations(demo_site, phone_page, path):
    _log_in(phone_page, demo_site, PARTNER_EMAIL, DEMO_PASSWORD, "/partners/")
    phone_page.goto(demo_site + path)
    _assert_no_axe_violations(phone_page)
    _assert_fits(phone_page)


def test_referral_detail_has_no_axe_violations(demo_site, phone_page):
    referral = Referral.objects.filter(submitted_by__email=PARTNER_EMAIL).order_by("-pk").first()
    _log_in(
        phone_page, demo_site, PARTNER_EMAIL, DEMO_PASSWORD, f"/partners/referrals/{referral.pk}/"
    )
    _assert_no_axe_violations(phone_page)
    _assert_fits(phone_page)


def test_partner_figures_fit_a_phone(demo_site, phone_page, screenshot):
    _log_in(phone_page, demo_site, PARTNER_EMAIL, DEMO_PASSWORD, "/partners/figures/")
    assert phone_page.locator("[data-figure=received]").is_visible()
    assert phone_page.locator("table.figures-table").count() == 6
    screenshot(phone_page, "-figures")
    _assert_fits(phone_page)
