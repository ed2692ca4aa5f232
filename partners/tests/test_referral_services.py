"""The referral lifecycle service: the state machine, its clock, history, emails and retention."""

import datetime
import threading
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from partners import services
from partners.choices import AuditAction, ReferralStatus
from partners.factories import (
    PartnerMembershipFactory,
    PartnerOrganisationFactory,
    ProviderRosterEntryFactory,
    ReferralFactory,
    ServicePointFactory,
    make_id_number,
)
from partners.models import AuditEvent, Referral, ReferralTransition
from partners.models.referrals import ANONYMISED_NAME
from portal import crypto
from portal.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The assertions read the English messages of the services."""
    with translation.override("en"):
        yield


S = ReferralStatus
ALL = list(S.values)


def _move(referral, to, *, role="staff", by=None, **fields):
    by = by or StaffUserFactory()
    return services.transition_referral(referral.pk, to, by=by, role=role, **fields)


def _fields_for(to):
    """The fields each move requires, filled in."""
    return {
        S.NEEDS_INFO: {"note_for_partner": "请补充工资条"},
        S.DECLINED: {"decline_reason": "scope", "note_for_partner": "不属于法律援助范围"},
        S.TRANSFERRED: {"transferred_to": ServicePointFactory(county_centre=True)},
        S.ASSIGNED: {"assigned_provider": ProviderRosterEntryFactory()},
        S.UNDER_REVIEW: {"note_for_partner": "已补充"},
    }.get(to, {})


def test_transition_allowed_only_as_the_state_machine_says():
    organisation = PartnerOrganisationFactory()
    centre = ServicePointFactory(county_centre=True)
    staff = StaffUserFactory()
    fields = {target: _fields_for(target) for target in ALL}
    checked = 0
    for current in ALL:
        for target in ALL:
            referral = ReferralFactory(organisation=organisation, centre=centre, status=current)
            if target in services.allowed_moves(current, "staff"):
                entry = _move(referral, target, by=staff, **fields[target])
                referral.refresh_from_db()
                assert referral.status == target
                assert (entry.from_status, entry.to_status) == (current, target)
            else:
                with pytest.raises(services.TransitionNotAllowed) as error:
                    _move(referral, target, by=staff, **fields[target])
                assert "cannot be moved" in str(error.value)
                referral.refresh_from_db()
                assert referral.status == current
                assert not ReferralTransition.objects.filter(referral=referral).exists()
            checked += 1
    assert checked == len(ALL) ** 2


def test_partner_may_only_withdraw_or_answer_a_question():
    member = PartnerMembershipFactory()
    referral = ReferralFactory(organisation=member.organisation, submitted_by=member.user)
    with pytest.raises(services.TransitionNotAllowed):
        _move(referral, S.ACCEPTED, role="partner", by=member.user)
    entry = _move(referral, S.WITHDRAWN, role="partner", by=member.user, internal_note="secret")
    assert entry.internal_note == ""  # a partner cannot write the centre's internal notes
    referral.refresh_from_db()
    assert referral.status == S.WITHDRAWN


@pytest.mark.parametrize(
    ("target", "field"),
    [
        (S.DECLINED, "decline_reason"),
        (S.DECLINED, "note_for_partner"),
        (S.NEEDS_INFO, "note_for_partner"),
        (S.TRANSFERRED, "transferred_to"),
    ],
)
def test_required_fields_of_a_move_are_named(target, field):
    referral = ReferralFactory(status=S.UNDER_REVIEW)
    fields = {k: v for k, v in _fields_for(target).items() if k != field}
    with pytest.raises(ValidationError) as error:
        _move(referral, target, **fields)
    assert field in error.value.message_dict
    referral.refresh_from_db()
    assert referral.status == S.UNDER_REVIEW


def test_assign_requires_a_provider():
    referral = ReferralFactory(status=S.ACCEPTED)
    with pytest.raises(ValidationError) as error:
        _move(referral, S.ASSIGNED)
    assert "assigned_provider" in error.value.message_dict


def test_stale_expected_status_is_already_handled():
    referral = ReferralFactory(status=S.UNDER_REVIEW)
    _move(referral, S.ACCEPTED, expected_status=S.UNDER_REVIEW)
    with pytest.raises(services.ReferralAlreadyHandled) as error:
        _move(referral, S.DECLINED, expected_status=S.UNDER_REVIEW, **_fields_for(S.DECLINED))
    assert "already handled" in str(error.value)
    assert ReferralTransition.objects.filter(referral=referral).count() == 1


def test_review_clock_pauses_while_waiting_for_information():
    referral = ReferralFactory(status=S.UNDER_REVIEW)
    due = referral.review_due_at
    assert referral.review_days_left() == 7
    _move(referral, S.NEEDS_INFO, **_fields_for(S.NEEDS_INFO))
    referral.refresh_from_db()
    assert referral.review_paused_at is not None
    later = referral.review_paused_at + datetime.timedelta(days=20)
    assert referral.review_days_left(now=later) == 7  # frozen while the centre waits
    assert not referral.is_overdue
    # Three days pass while the partner collects the papers.
    Referral.objects.filter(pk=referral.pk).update(
        review_paused_at=referral.review_paused_at - datetime.timedelta(days=3)
    )
    referral.refresh_from_db()
    _move(referral, S.UNDER_REVIEW, **_fields_for(S.UNDER_REVIEW))
    referral.refresh_from_db()
    assert referral.review_paused_at is None
    shift = referral.review_due_at - due
    assert datetime.timedelta(days=3) <= shift < datetime.timedelta(days=3, minutes=1)


def test_overdue_referrals_are_found_and_paused_ones_are_not():
    past = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    late = ReferralFactory(status=S.UNDER_REVIEW, submitted_at=past)
    ReferralFactory(status=S.NEEDS_INFO, submitted_at=past, review_paused_at=past)
    ReferralFactory(status=S.ACCEPTED, submitted_at=past)
    ReferralFactory(status=S.SUBMITTED)
    assert list(Referral.objects.overdue()) == [late]
    assert late.is_overdue


def test_every_move_writes_history_and_emails_the_partner_without_personal_data(
    django_capture_on_commit_callbacks,
):
    reporter = PartnerMembershipFactory()
    coordinator = PartnerMembershipFactory(organisation=reporter.organisation, coordinator=True)
    referral = ReferralFactory(
        organisation=reporter.organisation, submitted_by=reporter.user, status=S.UNDER_REVIEW
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _move(referral, S.DECLINED, internal_note="内部：材料存疑", **_fields_for(S.DECLINED))
    entry = ReferralTransition.objects.get(referral=referral)
    assert entry.internal_note == "内部：材料存疑"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {reporter.user.email, coordinator.user.email}
    assert referral.reference in message.subject
    assert "不属于法律援助范围" in message.body
    assert "内部：材料存疑" not in message.body
    assert referral.applicant_name not in message.body
    assert referral.mobile not in message.body
    assert f"/partners/referrals/{referral.pk}/" in message.body


def test_submit_ignores_nothing_but_is_idempotent_per_form():
    member = PartnerMembershipFactory()
    centre = ServicePointFactory(county_centre=True)
    key = uuid.uuid4()
    data = {
        "applicant_name": "李桂英",
        "mobile": "13912345678",
        "id_number": make_id_number(7),
        "gender": "female",
        "age_band": "60_79",
        "issue_category": "maintenance",
        "description": "子女不履行赡养义务",
        "centre": centre,
    }
    first, created = services.submit_referral(
        membership=member, data=dict(data), groups=[], submission_key=key, by=member.user
    )
    again, created_again = services.submit_referral(
        membership=member, data=dict(data), groups=[], submission_key=key, by=member.user
    )
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert Referral.objects.count() == 1
    first.refresh_from_db()
    assert first.status == S.SUBMITTED
    assert first.organisation == member.organisation
    assert first.id_number_encrypted and make_id_number(7) not in first.id_number_encrypted
    assert first.id_number == make_id_number(7)
    assert first.masked_id_number.endswith(make_id_number(7)[-4:])
    assert first.history.get().to_status == S.SUBMITTED


def test_keys_rotate_old_ciphertext_still_decrypts(settings):
    token = crypto.encrypt("230102198001010057")
    digest = crypto.keyed_hash("230102198001010057")
    settings.PERSONAL_DATA_KEYS = ["a-brand-new-key", *settings.PERSONAL_DATA_KEYS]
    crypto._fernet.cache_clear()
    try:
        assert crypto.decrypt(token) == "230102198001010057"
        assert crypto.keyed_hash("230102198001010057") == digest
        assert crypto.decrypt("not-a-token") == ""
    finally:
        crypto._fernet.cache_clear()


def test_duplicates_within_ninety_days_by_mobile_or_id():
    now = datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC)
    current = ReferralFactory(mobile="13900000001", submitted_at=now, id_number=make_id_number(1))
    recent = ReferralFactory(mobile="13900000001", submitted_at=now - datetime.timedelta(days=30))
    same_id = ReferralFactory(
        mobile="13900000009",
        submitted_at=now - datetime.timedelta(days=80),
        id_number=make_id_number(1),
    )
    ReferralFactory(mobile="13900000001", submitted_at=now - datetime.timedelta(days=120))
    ReferralFactory(mobile="13900000002", submitted_at=now - datetime.timedelta(days=10))
    assert set(services.duplicate_referrals(current)) == {recent, same_id}


def test_assign_referrals_moves_accepted_and_refuses_others():
    provider = ProviderRosterEntryFactory()
    accepted = ReferralFactory.create_batch(2, status=S.ACCEPTED)
    other = ReferralFactory(status=S.UNDER_REVIEW)
    moved, refused = services.assign_referrals(
        [r.pk for r in accepted] + [other.pk], provider=provider, by=StaffUserFactory()
    )
    assert moved == [r.pk for r in accepted]
    assert refused == [other.pk]
    assert set(Referral.objects.filter(status=S.ASSIGNED).values_list("pk", flat=True)) == set(
        moved
    )


def test_retention_anonymises_old_finished_referrals_and_keeps_statistics():
    old = datetime.datetime(2022, 1, 10, tzinfo=datetime.UTC)
    finished = ReferralFactory(
        status=S.CLOSED, status_changed_at=old, submitted_at=old, groups=["elderly"]
    )
    finished.set_id_number(make_id_number(3))
    finished.save()
    ReferralTransition.objects.create(
        referral=finished, to_status=S.CLOSED, note_for_partner="张三已结案", internal_note="x"
    )
    still_open = ReferralFactory(status=S.UNDER_REVIEW, submitted_at=old, status_changed_at=old)
    recent = ReferralFactory(status=S.CLOSED)
    call_command("anonymise_referrals", months=36, stdout=open("/dev/null", "w"))  # noqa: SIM115
    finished.refresh_from_db()
    assert finished.applicant_name == ANONYMISED_NAME
    assert finished.mobile == finished.mobile_hash == finished.id_number_encrypted == ""
    assert finished.description == ""
    assert finished.anonymised_at is not None
    assert list(finished.groups.values_list("code", flat=True)) == ["elderly"]
    assert (finished.issue_category, finished.status) == ("wage_arrears", S.CLOSED)
    assert finished.history.get().note_for_partner == ""
    for kept in (still_open, recent):
        kept.refresh_from_db()
        assert kept.anonymised_at is None and kept.applicant_name != ANONYMISED_NAME
    assert AuditEvent.objects.get(action=AuditAction.ANONYMISE).row_count == 1


def test_invitation_accepted_makes_membership_and_refuses_second_use(
    django_capture_on_commit_callbacks,
):
    from partners.models.accounts import PartnerInvitation
    from portal.factories import UserFactory

    organisation = PartnerOrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_partner(
            email="New.Person@Example.org", organisation=organisation, role="coordinator", by=None
        )
    assert invitation.email == "new.person@example.org"
    assert len(mail.outbox) == 1
    assert "/partners/invitation/" in mail.outbox[0].body
    user = UserFactory(email="new.person@example.org", verified_email=False)
    membership = services.accept_invitation(PartnerInvitation.objects.get(), user=user)
    assert (membership.organisation, membership.role) == (organisation, "coordinator")
    assert user.emailaddress_set.get().verified
    with pytest.raises(ValidationError):
        services.accept_invitation(PartnerInvitation.objects.get(), user=user)


def test_a_person_belongs_to_one_organisation():
    member = PartnerMembershipFactory()
    with pytest.raises(ValidationError) as error:
        services.invite_partner(
            email=member.user.email,
            organisation=PartnerOrganisationFactory(),
            role="reporter",
            by=None,
        )
    assert "another partner organisation" in str(error.value)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_staff_acting_at_once_yield_one_transition():
    referral = ReferralFactory(status=S.UNDER_REVIEW)
    staff = StaffUserFactory.create_batch(2)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, target, fields):
        try:
            barrier.wait()
            services.transition_referral(
                referral.pk,
                target,
                by=user,
                role="staff",
                expected_status=S.UNDER_REVIEW,
                **fields,
            )
            outcomes.append("moved")
        except services.ReferralAlreadyHandled:
            outcomes.append("already handled")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(staff[0], S.ACCEPTED, {})),
        threading.Thread(
            target=act,
            args=(staff[1], S.DECLINED, {"decline_reason": "scope", "note_for_partner": "x"}),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already handled", "moved"]
    assert ReferralTransition.objects.filter(referral=referral).count() == 1
