"""The staff's referral queue in the Wagtail admin: access, list, detail, moves, bulk, export."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from partners.choices import AuditAction, DeclineReason, ReferralStatus
from partners.factories import (
    PartnerOrganisationFactory,
    ProviderRosterEntryFactory,
    ReferralFactory,
    ServicePointFactory,
    make_id_number,
    make_mobile,
)
from partners.models import AuditEvent, Referral, ReferralTransition
from partners.services import REQUIRED_MESSAGES, allowed_moves
from portal.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

S = ReferralStatus
QUEUE = "/admin/referrals/"


def detail_url(referral):
    return reverse("referrals:detail", args=[referral.pk])


@pytest.fixture
def officer(db):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Referral officers"))
    return user


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


# --- Access ---------------------------------------------------------------------------------


def _urls():
    referral = ReferralFactory()
    return [QUEUE, detail_url(referral), reverse("referrals:export") + "?format=xlsx"]


def test_queue_anonymous_is_sent_to_login(client):
    for url in _urls():
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_queue_refuses_people_who_are_not_staff(client):
    client.force_login(UserFactory())
    for url in _urls():
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert response.status_code == 403 or "/login/" in response["Location"]


def test_queue_refuses_staff_without_permissions(client):
    client.force_login(StaffUserFactory())
    for url in _urls():
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/admin/" in response["Location"]
        assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 0


@pytest.mark.parametrize("who", ["officer", "superuser"])
def test_queue_open_to_referral_officers_and_superusers(client, who, officer, superuser):
    client.force_login(officer if who == "officer" else superuser)
    for url in _urls():
        assert client.get(url).status_code == 200


def test_data_protection_officer_cannot_open_referrals(client):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Data protection officers"))
    client.force_login(user)
    referral = ReferralFactory()
    assert client.get(detail_url(referral)).status_code in (302, 403)


def test_queue_has_no_add_edit_or_delete(officer_client, superuser, client):
    referral = ReferralFactory()
    client.force_login(superuser)
    for path in ("new/", f"edit/{referral.pk}/", f"delete/{referral.pk}/"):
        assert client.get(QUEUE + path).status_code == 404
        assert client.post(QUEUE + path).status_code in (404, 405)
    assert Referral.objects.filter(pk=referral.pk).exists()


# --- The list -------------------------------------------------------------------------------


def test_queue_shows_unfinished_urgent_first_without_personal_data(officer_client):
    now = timezone.now()
    old = ReferralFactory(submitted_at=now - datetime.timedelta(days=3), applicant_name="王小明")
    urgent = ReferralFactory(submitted_at=now - datetime.timedelta(days=1), is_urgent=True)
    finished = ReferralFactory(status=S.DECLINED)
    assigned = ReferralFactory(status=S.ASSIGNED)
    response = officer_client.get(QUEUE)
    content = response.content.decode()
    assert content.index(urgent.reference) < content.index(old.reference)
    assert assigned.reference in content
    assert finished.reference not in content
    assert "王小明" not in content
    assert old.mobile not in content


def test_queue_filters_and_search(officer_client):
    declined = ReferralFactory(status=S.DECLINED)
    other = ReferralFactory()
    response = officer_client.get(QUEUE, {"status": S.DECLINED})
    assert declined.reference in response.content.decode()
    assert other.reference not in response.content.decode()
    response = officer_client.get(QUEUE, {"status": "all", "q": declined.reference})
    assert declined.reference in response.content.decode()
    assert other.reference not in response.content.decode()
    response = officer_client.get(QUEUE, {"organisation": other.organisation_id})
    assert other.reference in response.content.decode()


def test_queue_overdue_filter_and_badge(officer_client):
    past = timezone.now() - datetime.timedelta(days=30)
    late = ReferralFactory(status=S.UNDER_REVIEW, submitted_at=past)
    fresh = ReferralFactory()
    response = officer_client.get(QUEUE, {"overdue": "true"})
    content = response.content.decode()
    assert late.reference in content
    assert fresh.reference not in content
    assert "w-status--primary" in content


def test_queue_flags_duplicates(officer_client):
    mobile = make_mobile(4242)
    ReferralFactory(mobile=mobile, submitted_at=timezone.now() - datetime.timedelta(days=30))
    ReferralFactory(mobile=mobile)
    response = officer_client.get(QUEUE)
    assert response.content.decode().count('w-status--label">') >= 1


def _queue_queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_queue_query_count_does_not_grow_with_rows(officer_client):
    groups = ["elderly", "women"]
    for _ in range(5):
        ReferralFactory(groups=groups)
    officer_client.get(QUEUE)  # warm caches (content types, site, permissions)
    few = _queue_queries(officer_client)
    for n in range(45):
        ReferralFactory(
            groups=groups, organisation=PartnerOrganisationFactory(), is_urgent=n % 3 == 0
        )
    many = _queue_queries(officer_client)
    assert few == many


# --- The detail page and its moves ---------------------------------------------------------


def test_detail_shows_personal_data_and_audits_each_view(officer_client, officer):
    referral = ReferralFactory(id_number=make_id_number(7), guardian_name="李监护")
    ReferralTransition.objects.create(
        referral=referral, from_status="", to_status=S.SUBMITTED, internal_note="内部备注甲"
    )
    response = officer_client.get(detail_url(referral))
    content = response.content.decode()
    assert referral.applicant_name in content
    assert referral.mobile in content
    assert make_id_number(7) in content
    assert "李监护" in content
    assert "内部备注甲" in content
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.actor, event.subject, event.object_id) == (officer, "referral", str(referral.pk))
    assert event.context == detail_url(referral)
    officer_client.get(detail_url(referral))
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 2


def test_detail_offers_one_form_per_allowed_staff_move(officer_client):
    referral = ReferralFactory(status=S.UNDER_REVIEW)
    content = officer_client.get(detail_url(referral)).content.decode()
    for to_status in allowed_moves(S.UNDER_REVIEW, "staff"):
        assert f'name="move" value="{to_status}"' in content
    assert 'value="withdrawn"' not in content  # the partner's move


def _move_data(referral, to_status, **fields):
    data = {"move": to_status, f"{to_status}-expected_status": referral.status}
    data.update({f"{to_status}-{name}": value for name, value in fields.items()})
    return data


def _fields_for(to_status):
    if to_status == S.DECLINED:
        return {"decline_reason": DeclineReason.OUT_OF_SCOPE, "note_for_partner": "不属于援助范围"}
    if to_status == S.TRANSFERRED:
        return {"transferred_to": ServicePointFactory(county_centre=True).pk}
    if to_status == S.ASSIGNED:
        return {"assigned_provider": ProviderRosterEntryFactory().pk}
    if to_status in (S.NEEDS_INFO,) or (to_status == S.UNDER_REVIEW):
        return {"note_for_partner": "请补充材料"}
    return {}


STAFF_MOVES = [
    (current, to_status) for current in S.values for to_status in allowed_moves(current, "staff")
]


@pytest.mark.parametrize(("current", "to_status"), STAFF_MOVES)
def test_every_staff_move_through_the_admin_form(officer_client, officer, current, to_status):
    paused = timezone.now() if current == S.NEEDS_INFO else None
    referral = ReferralFactory(status=current, review_paused_at=paused)
    data = _move_data(referral, to_status, internal_note="内部", **_fields_for(to_status))
    response = officer_client.post(detail_url(referral), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    referral.refresh_from_db()
    assert referral.status == to_status
    entry = referral.history.get()
    assert (entry.actor, entry.from_status, entry.internal_note) == (officer, current, "内部")


def test_move_missing_a_required_field_shows_the_error(officer_client):
    referral = ReferralFactory(status=S.UNDER_REVIEW)
    response = officer_client.post(detail_url(referral), _move_data(referral, S.DECLINED))
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = str(REQUIRED_MESSAGES["decline_reason"])
    assert expected == "请选择不予受理的理由。"
    assert expected in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == S.UNDER_REVIEW
    assert not referral.history.exists()


def test_move_not_allowed_is_refused_with_a_message(officer_client):
    referral = ReferralFactory(status=S.SUBMITTED)
    response = officer_client.post(
        detail_url(referral), _move_data(referral, S.ACCEPTED), follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    assert not referral.history.exists()


def test_stale_form_says_already_handled_and_writes_no_second_row(officer_client, officer):
    from partners.services import transition_referral

    referral = ReferralFactory(status=S.UNDER_REVIEW)
    stale = _move_data(referral, S.ACCEPTED)
    transition_referral(
        referral.pk,
        S.DECLINED,
        by=officer,
        role="staff",
        decline_reason="scope",
        note_for_partner="x",
    )
    response = officer_client.post(
        detail_url(referral), stale, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any(referral.reference in m for m in messages)
    assert referral.history.count() == 1
    referral.refresh_from_db()
    assert referral.status == S.DECLINED


def test_view_only_staff_cannot_move(client):
    from django.contrib.auth.models import Permission

    user = StaffUserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_referral"),
    )
    client.force_login(user)
    referral = ReferralFactory(status=S.SUBMITTED)
    assert 'name="move"' not in client.get(detail_url(referral)).content.decode()
    response = client.post(detail_url(referral), _move_data(referral, S.UNDER_REVIEW))
    # Wagtail turns PermissionDenied into a redirect to the dashboard with a message.
    assert response.status_code in (302, 403)
    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED


def test_duplicate_warning_for_same_mobile_30_days_earlier(officer_client):
    mobile = make_mobile(777)
    earlier = ReferralFactory(
        mobile=mobile, submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    referral = ReferralFactory(mobile=mobile)
    assert earlier.organisation_id != referral.organisation_id
    content = officer_client.get(detail_url(referral)).content.decode()
    assert detail_url(earlier) in content
    assert str(earlier.organisation) in content


def test_no_duplicate_warning_for_same_mobile_120_days_earlier(officer_client):
    mobile = make_mobile(778)
    earlier = ReferralFactory(
        mobile=mobile, submitted_at=timezone.now() - datetime.timedelta(days=120)
    )
    referral = ReferralFactory(mobile=mobile)
    content = officer_client.get(detail_url(referral)).content.decode()
    assert detail_url(earlier) not in content


# --- Bulk assignment -------------------------------------------------------------------------


def test_bulk_assign_moves_accepted_and_refuses_others(officer_client):
    accepted = [ReferralFactory(status=S.ACCEPTED) for _ in range(2)]
    submitted = ReferralFactory(status=S.SUBMITTED)
    provider = ProviderRosterEntryFactory()
    url = reverse("wagtail_bulk_action", args=["partners", "referral", "assign"])
    ids = "&".join(f"id={r.pk}" for r in [*accepted, submitted])
    assert officer_client.get(f"{url}?{ids}").status_code == 200
    response = officer_client.post(
        f"{url}?{ids}&next={QUEUE}", {"provider": provider.pk}, follow=True
    )
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "2" in messages and "1" in messages
    assert set(Referral.objects.filter(status=S.ASSIGNED).values_list("pk", flat=True)) == {
        r.pk for r in accepted
    }
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_bulk_assign_needs_change_permission(client):
    user = StaffUserFactory()
    user.groups.add(Group.objects.get(name="Data protection officers"))
    client.force_login(user)
    referral = ReferralFactory(status=S.ACCEPTED)
    url = reverse("wagtail_bulk_action", args=["partners", "referral", "assign"])
    response = client.post(f"{url}?id={referral.pk}", {"provider": ProviderRosterEntryFactory().pk})
    assert response.status_code in (302, 403)
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED


# --- Export ---------------------------------------------------------------------------------


def test_export_masks_escapes_formulas_and_is_audited(officer_client, officer):
    referral = ReferralFactory(applicant_name="=cmd|' /C calc'!A0", id_number=make_id_number(9))
    ReferralFactory(status=S.CLOSED)  # finished: not in the default queue
    response = officer_client.get(reverse("referrals:export"), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "转介编号"
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["申请人"] == "'=cmd|' /C calc'!A0"
    assert row["手机号(隐去中间四位)"] == referral.masked_mobile
    assert referral.mobile not in str(rows)
    assert make_id_number(9) not in str(rows)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.actor, event.subject, event.row_count) == (officer, "referral", 1)


def test_export_queries_do_not_grow_with_the_rows(officer_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        ReferralFactory.create_batch(n, groups=["elderly", "women"])
        with CaptureQueriesContext(connection) as queries:
            response = officer_client.get(reverse("referrals:export"), {"format": "xlsx"})
        assert response.status_code == 200
        return len(queries)

    assert count(2) == count(8)
