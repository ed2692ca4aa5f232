"""The volunteer journey in Chromium on a 375 px phone, with staff steps in the admin."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from portal.factories import DEFAULT_PASSWORD, SuperuserFactory
from volunteers import services
from volunteers.choices import Attendance, ReviewStatus, SignupStatus
from volunteers.factories import OpportunityFactory, ShiftFactory, VolunteerFactory
from volunteers.models import Certificate, ExtraHours, ShiftSignup, Volunteer

EMAIL = "wang.xiaohong@example.org"
PASSWORD = "a-long-passphrase-12348"


def _assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width} px wide on a 375 px phone"


def _assert_no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _sign_up_and_verify(page, base, mailoutbox):
    page.goto(base + "/accounts/signup/?next=/volunteers/apply/")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/**")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    page.goto(link.group(0))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _staff_moves(admin, base, volunteer, *moves):
    for move in moves:
        admin.goto(f"{base}/admin/volunteers/people/inspect/{volunteer.pk}/")
        admin.locator(f"form[data-vetting-move={move}] button[type=submit]").click()
        admin.wait_for_load_state()


def test_volunteer_applies_serves_and_gets_a_verified_certificate(
    demo_site, phone_page, desktop_page, mailoutbox, screenshot
):
    page = phone_page
    _sign_up_and_verify(page, demo_site, mailoutbox)

    # Apply: a Chinese name of any length, a student with a supervisor, the code accepted.
    page.goto(demo_site + "/volunteers/apply/")
    page.locator("#id_real_name").fill("欧阳晓红")
    page.locator("#id_mobile").fill("13698765432")
    page.locator("input[name=source][value=student]").check()
    page.locator("#id_institution").fill("牡丹江师范学院")
    page.locator("#id_supervisor_name").fill("李老师")
    page.locator("input[name=has_legal_qualification][value=no]").check()
    page.locator("input[name=skills][value=consultation]").check()
    page.locator("input[name=availability][value=sat]").check()
    page.locator("#id_accept_code").check()
    _assert_fits(page)
    _assert_no_axe_violations(page)
    screenshot(page, "-apply")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/volunteers/me/")
    volunteer = Volunteer.objects.get(real_name="欧阳晓红")
    assert volunteer.status == "applied"

    # Staff review and approve it in the admin; the volunteer is emailed each decision.
    SuperuserFactory(email="coordinator@example.org")
    admin = desktop_page
    admin.goto(f"{demo_site}/accounts/login/?next=/admin/")
    admin.locator("#id_login").fill("coordinator@example.org")
    admin.locator("#id_password").fill(DEFAULT_PASSWORD)
    admin.locator("main form button[type=submit]").click()
    admin.wait_for_url(f"{demo_site}/admin/")
    _staff_moves(admin, demo_site, volunteer, "in_review", "approved")
    volunteer.refresh_from_db()
    assert volunteer.status == "approved"
    assert any(EMAIL in m.to and "已批准" in m.subject for m in mailoutbox)

    # Two shifts: one with room, one full.
    opportunity = OpportunityFactory(title="六镇工作站周六值班咨询")
    start = timezone.localtime() + datetime.timedelta(days=6)
    start = start.replace(hour=9, minute=0, second=0, microsecond=0)
    open_shift = ShiftFactory(
        opportunity=opportunity, start=start, end=start + datetime.timedelta(hours=3), capacity=3
    )
    later = start + datetime.timedelta(days=1)
    full_shift = ShiftFactory(
        opportunity=opportunity, start=later, end=later + datetime.timedelta(hours=2), capacity=1
    )
    holder = VolunteerFactory(teacher=True)
    services.sign_up(full_shift.pk, holder)

    page.goto(f"{demo_site}/volunteers/shifts/{open_shift.pk}/")
    page.locator("main form[action$='/sign-up/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert ShiftSignup.objects.get(shift=open_shift, volunteer=volunteer).status == "confirmed"
    page.goto(f"{demo_site}/volunteers/shifts/{full_shift.pk}/")
    _assert_fits(page)
    page.locator("main form[action$='/sign-up/'] button[type=submit]").click()
    page.wait_for_load_state()
    waiting = ShiftSignup.objects.get(shift=full_shift, volunteer=volunteer)
    assert waiting.status == SignupStatus.WAITLISTED
    screenshot(page, "-waitlisted")

    # The holder cancels: the place is offered to the volunteer, who confirms it at home.
    services.cancel_signup(
        ShiftSignup.objects.get(shift=full_shift, volunteer=holder).pk, volunteer=holder
    )
    assert any(EMAIL in m.to for m in mailoutbox if "名额" in m.subject)
    page.goto(demo_site + "/volunteers/me/")
    _assert_fits(page)
    _assert_no_axe_violations(page)
    screenshot(page, "-offered")
    page.locator(f"form[action$='/signups/{waiting.pk}/confirm/'] button[type=submit]").click()
    page.wait_for_load_state()
    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.CONFIRMED

    # Attended (marked by staff); extra hours reported on the phone and approved by staff.
    staff = SuperuserFactory()
    attended = ShiftSignup.objects.get(shift=open_shift, volunteer=volunteer)
    attended = services.mark_attendance(attended.pk, Attendance.ATTENDED, by=staff)
    page.goto(demo_site + "/volunteers/me/hours/")
    page.locator("#id_date").fill((timezone.localdate() - datetime.timedelta(days=2)).isoformat())
    page.locator("#id_hours").fill("2.5")
    page.locator("#id_description").fill("电话解答农民工欠薪咨询，协助整理工资条和考勤记录。")
    _assert_fits(page)
    _assert_no_axe_violations(page)
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    extra = ExtraHours.objects.get(volunteer=volunteer)
    services.review_extra_hours(extra.pk, ReviewStatus.APPROVED, by=staff)

    # The certificate: a PDF with the CJK font, and a QR page that verifies it.
    page.goto(demo_site + "/volunteers/me/certificate/")
    _assert_fits(page)
    _assert_no_axe_violations(page)
    screenshot(page, "-certificate")
    with page.expect_download() as download_info:
        page.locator("main form[method=post] button[type=submit]").click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF") and b"/FontFile" in pdf
    certificate = Certificate.objects.get(volunteer=volunteer)
    assert certificate.hours == attended.hours + extra.hours
    page.goto(f"{demo_site}/volunteers/certificates/{certificate.verification_code}/")
    body = page.locator("main").inner_text()
    assert certificate.number in body
    assert "欧***" in body and "欧阳晓红" not in body
    _assert_fits(page)
    _assert_no_axe_violations(page)
    screenshot(page, "-verified")


@pytest.mark.parametrize("path", ["/volunteers/opportunities/", "/en/volunteers/opportunities/"])
def test_opportunities_have_no_axe_violations(demo_site, phone_page, path):
    phone_page.goto(demo_site + path)
    _assert_no_axe_violations(phone_page)
    _assert_fits(phone_page)
