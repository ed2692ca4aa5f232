"""The partner dashboard, referral detail, the partner's moves and the export."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from partners import services
from partners.choices import AuditAction, ReferralStatus
from partners.factories import PartnerMembershipFactory, ReferralFactory, make_id_number
from partners.models import AuditEvent, Referral
from portal.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    return PartnerMembershipFactory(coordinator=True)


@pytest.fixture
def reporter(coordinator):
    return PartnerMembershipFactory(organisation=coordinator.organisation)


@pytest.fixture
def staff(db):
    return StaffUserFactory()


def _login(client, membership):
    client.force_login(membership.user)
    return client


def _referral(membership, **kwargs):
    kwargs.setdefault("groups", ["elderly"])
    return ReferralFactory(
        organisation=membership.organisation, submitted_by=membership.user, **kwargs
    )


# --- Dashboard ---------------------------------------------------------------------


def test_dashboard_lists_newest_first_and_writes_a_list_audit_row(client, reporter):
    now = timezone.now()
    old = _referral(reporter, submitted_at=now - datetime.timedelta(days=3))
    new = _referral(reporter, submitted_at=now)
    html = _login(client, reporter).get("/partners/").content.decode()
    assert html.index(new.reference) < html.index(old.reference)
    event = AuditEvent.objects.get(action=AuditAction.LIST)
    assert (event.actor, event.subject, event.row_count) == (reporter.user, "referral", 2)
    assert event.context == "/partners/"


def test_dashboard_reporter_sees_organisation_totals_but_not_rows(client, reporter, coordinator):
    _referral(reporter)
    for _ in range(3):
        _referral(coordinator, status=ReferralStatus.ACCEPTED)
    response = _login(client, reporter).get("/partners/")
    assert response.context["total"] == 4
    totals = {row["status"]: row["count"] for row in response.context["by_status"]}
    assert totals["accepted"] == 3
    assert totals["submitted"] == 1
    groups = {group.code: group.count for group in response.context["by_group"]}
    assert groups["elderly"] == 4
    assert groups["disabled"] == 0
    assert len(response.context["referrals"]) == 1


def test_dashboard_chart_is_inline_svg_without_scripts(client, reporter):
    _referral(reporter)
    html = _login(client, reporter).get("/partners/").content.decode()
    start = html.index("<svg")
    svg = html[start : html.index("</svg>", start)]
    assert 'role="img"' in svg
    assert "aria-label=" in svg
    assert "<script" not in html.split('<figure class="partner-chart">')[1].split("</figure>")[0]
    assert "<?xml" not in html


def test_dashboard_filters_by_status_group_and_period(client, coordinator):
    today = timezone.now()
    match = _referral(coordinator, groups=["disabled"], status=ReferralStatus.ACCEPTED)
    _referral(coordinator, groups=["elderly"], status=ReferralStatus.ACCEPTED)
    _referral(coordinator, groups=["disabled"])
    _referral(
        coordinator,
        groups=["disabled"],
        status=ReferralStatus.ACCEPTED,
        submitted_at=today - datetime.timedelta(days=40),
    )
    since = (today - datetime.timedelta(days=7)).date().isoformat()
    response = _login(client, coordinator).get(
        "/partners/", {"status": "accepted", "group": "disabled", "date_from": since}
    )
    assert response.context["referrals"] == [match]


def test_dashboard_invalid_period_shows_the_error_and_keeps_other_filters(client, coordinator):
    accepted = _referral(coordinator, status=ReferralStatus.ACCEPTED)
    _referral(coordinator)
    response = _login(client, coordinator).get(
        "/partners/", {"status": "accepted", "date_from": "2026-05-01", "date_to": "2026-01-01"}
    )
    html = response.content.decode()
    assert 'id="filter-date_to_errors"' in html
    assert 'role="alert"' in html
    assert response.context["referrals"] == [accepted]


def test_dashboard_paginates_by_25(client, coordinator):
    for _ in range(27):
        _referral(coordinator, groups=None)
    response = _login(client, coordinator).get("/partners/", {"page": 2})
    assert len(response.context["referrals"]) == 2
    assert AuditEvent.objects.get(action=AuditAction.LIST).row_count == 2


def _dashboard_queries(client, membership, django_assert_max_num_queries, count):
    for _ in range(count):
        _referral(membership, groups=["elderly", "women"])
    client.get("/partners/")  # warm the per-process caches (menus, settings)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get("/partners/").status_code == 200
    return len(context.captured_queries)


def test_dashboard_query_count_does_not_grow_with_rows(
    client, coordinator, django_assert_num_queries
):
    _login(client, coordinator)
    few = _dashboard_queries(client, coordinator, None, 5)
    many = _dashboard_queries(client, coordinator, None, 25)
    assert few == many
    with django_assert_num_queries(few):
        client.get("/partners/")


# --- Detail ------------------------------------------------------------------------


def test_detail_writes_a_view_audit_row_and_masks_personal_numbers(client, reporter):
    referral = _referral(reporter, id_number=make_id_number(3))
    html = _login(client, reporter).get(f"/partners/referrals/{referral.pk}/").content.decode()
    assert referral.masked_mobile in html
    assert referral.mobile not in html
    assert referral.masked_id_number in html
    assert make_id_number(3) not in html
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.subject, event.object_id, event.actor) == (
        "referral",
        str(referral.pk),
        reporter.user,
    )


def test_detail_history_hides_internal_notes_and_names_the_centre(client, reporter, staff):
    referral = _referral(reporter)
    services.transition_referral(
        referral.pk,
        ReferralStatus.UNDER_REVIEW,
        by=staff,
        role="staff",
        internal_note="内部备注XYZ",
    )
    services.transition_referral(
        referral.pk,
        ReferralStatus.NEEDS_INFO,
        by=staff,
        role="staff",
        note_for_partner="请补充劳动合同",
        internal_note="只给中心看的ABC",
    )
    html = _login(client, reporter).get(f"/partners/referrals/{referral.pk}/").content.decode()
    assert "请补充劳动合同" in html
    assert "内部备注XYZ" not in html
    assert "只给中心看的ABC" not in html
    assert staff.email not in html
    assert "reply-note" in html  # the reply form shows while information is awaited


def test_detail_shows_paused_clock_and_decline_reason(client, reporter):
    paused = _referral(reporter, status=ReferralStatus.NEEDS_INFO, review_paused_at=timezone.now())
    _login(client, reporter)
    response = client.get(f"/partners/referrals/{paused.pk}/")
    assert response.context["days_left"] == paused.review_days_left()
    declined = _referral(reporter, status=ReferralStatus.DECLINED, decline_reason="scope")
    html = client.get(f"/en/partners/referrals/{declined.pk}/").content.decode()
    assert "Matter outside the scope of legal aid" in html
    assert "withdraw-note" not in html


# --- Moves -------------------------------------------------------------------------


def test_withdraw_moves_the_referral_with_the_partner_note(client, reporter):
    referral = _referral(reporter)
    response = _login(client, reporter).post(
        f"/partners/referrals/{referral.pk}/withdraw/",
        {"withdraw-expected_status": "submitted", "withdraw-note": "已自行和解"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN
    entry = referral.history.get()
    assert (entry.actor, entry.note_for_partner) == (reporter.user, "已自行和解")
    page = client.get(response["Location"]).content.decode()
    assert reporter.user.email in page


def test_withdraw_of_a_referral_moved_meanwhile_says_so(client, reporter, staff):
    referral = _referral(reporter)
    services.transition_referral(referral.pk, ReferralStatus.UNDER_REVIEW, by=staff, role="staff")
    response = _login(client, reporter).post(
        f"/en/partners/referrals/{referral.pk}/withdraw/",
        {"withdraw-expected_status": "submitted"},
        follow=True,
    )
    html = response.content.decode()
    assert "already handled by someone else" in html
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.UNDER_REVIEW


def test_withdraw_when_not_allowed_says_so(client, reporter):
    referral = _referral(reporter, status=ReferralStatus.ACCEPTED)
    response = _login(client, reporter).post(
        f"/en/partners/referrals/{referral.pk}/withdraw/",
        {"withdraw-expected_status": "accepted"},
        follow=True,
    )
    assert "cannot be moved" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED


def test_reply_needs_a_note_and_restarts_the_review(client, reporter):
    referral = _referral(
        reporter, status=ReferralStatus.NEEDS_INFO, review_paused_at=timezone.now()
    )
    _login(client, reporter)
    url = f"/partners/referrals/{referral.pk}/reply/"
    response = client.post(url, {"reply-expected_status": "needs_info", "reply-note": ""})
    assert response.status_code == 200
    assert 'id="id_reply-note_errors"' in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.NEEDS_INFO
    response = client.post(
        url, {"reply-expected_status": "needs_info", "reply-note": "合同已上传，电话可联系"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.UNDER_REVIEW
    assert referral.review_paused_at is None


# --- Export ------------------------------------------------------------------------


def _sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_export_has_own_rows_masked_and_escaped_with_an_audit_row(client, reporter, coordinator):
    own = _referral(reporter, applicant_name='=HYPERLINK("http://evil.example","x")')
    own.set_id_number(make_id_number(9))
    own.save()
    _referral(coordinator)  # the organisation's, but not this reporter's
    ReferralFactory()  # another organisation's
    response = _login(client, reporter).get("/partners/referrals/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    today = timezone.localdate().strftime("%Y%m%d")
    assert f'filename="referrals-{today}.xlsx"' in response["Content-Disposition"]
    headers, rows = _sheet(response)
    assert "转介编号" in headers and "申请人" in headers
    assert len(rows) == 1
    row = dict(zip(headers, rows[0], strict=True))
    assert row["转介编号"] == own.reference
    assert row["申请人"] == "'" + own.applicant_name
    assert row["手机号(隐去中间四位)"] == own.masked_mobile
    assert row["身份证号(仅后四位)"] == own.masked_id_number
    assert own.mobile not in str(rows)
    assert row["状态"] == "已提交" or row["状态"] == str(ReferralStatus.SUBMITTED.label)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.row_count, event.subject) == (reporter.user, 1, "referral")


def test_export_applies_the_current_filters(client, coordinator):
    _referral(coordinator, status=ReferralStatus.ACCEPTED)
    _referral(coordinator)
    response = _login(client, coordinator).get(
        "/partners/referrals/export/", {"status": "accepted"}
    )
    _headers, rows = _sheet(response)
    assert len(rows) == 1
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).row_count == 1
