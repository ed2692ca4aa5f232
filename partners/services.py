"""Writes of the partners app: partner accounts and the referral lifecycle.

The referral lifecycle is a small explicit state machine (`TRANSITIONS`). Every
move goes through `transition_referral`, which locks the row, checks the move
and the fields it needs, writes a history row and, once the transaction has
committed, queues the email to the partner. Views, admin views and commands call
these functions; nothing moves a referral by saving the model directly.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import audit
from .choices import AuditAction, MembershipRole, ReferralStatus
from .managers import FINISHED_STATUSES
from .models import (
    CENTRE_KINDS,
    PartnerInvitation,
    PartnerMembership,
    Referral,
    ReferralTransition,
)
from .models.referrals import ANONYMISED_NAME

S = ReferralStatus
STAFF = "staff"
PARTNER = "partner"


@dataclass(frozen=True)
class Move:
    """One allowed move: who may make it and which fields it requires."""

    by: frozenset
    requires: tuple = ()
    label: str = ""


def _move(*by, requires=(), label=""):
    return Move(by=frozenset(by), requires=tuple(requires), label=label)


#: from status → {to status: Move}. Anything not listed is refused.
TRANSITIONS: dict[str, dict[str, Move]] = {
    S.SUBMITTED: {
        S.UNDER_REVIEW: _move(STAFF, label=_("Start review")),
        S.WITHDRAWN: _move(PARTNER, label=_("Withdraw")),
    },
    S.UNDER_REVIEW: {
        S.NEEDS_INFO: _move(STAFF, requires=("note_for_partner",), label=_("Ask for information")),
        S.ACCEPTED: _move(STAFF, label=_("Accept")),
        S.DECLINED: _move(
            STAFF, requires=("decline_reason", "note_for_partner"), label=_("Decline")
        ),
        S.TRANSFERRED: _move(STAFF, requires=("transferred_to",), label=_("Transfer")),
        S.UNREACHABLE: _move(STAFF, label=_("Mark unreachable")),
        S.WITHDRAWN: _move(PARTNER, label=_("Withdraw")),
    },
    S.NEEDS_INFO: {
        S.UNDER_REVIEW: _move(
            STAFF, PARTNER, requires=("note_for_partner",), label=_("Information provided")
        ),
        S.UNREACHABLE: _move(STAFF, label=_("Mark unreachable")),
        S.WITHDRAWN: _move(PARTNER, label=_("Withdraw")),
    },
    S.ACCEPTED: {
        S.ASSIGNED: _move(STAFF, requires=("assigned_provider",), label=_("Assign")),
    },
    S.ASSIGNED: {
        S.CLOSED: _move(STAFF, label=_("Close")),
    },
    # The person may call back after the centre could not reach them.
    S.UNREACHABLE: {
        S.UNDER_REVIEW: _move(STAFF, label=_("Reopen review")),
    },
    S.CLOSED: {},
    S.DECLINED: {},
    S.TRANSFERRED: {},
    S.WITHDRAWN: {},
}

REQUIRED_MESSAGES = {
    "note_for_partner": _("Write a note for the partner."),
    "decline_reason": _("Choose the reason for declining."),
    "transferred_to": _("Name the centre the referral is transferred to."),
    "assigned_provider": _("Choose the lawyer or legal service worker."),
}


class TransitionNotAllowed(ValidationError):
    """The state machine does not allow this move for this person."""


class ReferralAlreadyHandled(ValidationError):
    """Someone else moved the referral since the acting user loaded it."""


def allowed_moves(status: str, role: str) -> dict[str, Move]:
    """The moves `role` ("staff" or "partner") may make from `status`."""
    return {to: move for to, move in TRANSITIONS.get(status, {}).items() if role in move.by}


def _status_label(value: str) -> str:
    return str(ReferralStatus(value).label) if value else "—"


# --- Partner accounts ------------------------------------------------------------------


def active_membership(user) -> PartnerMembership | None:
    """The user's active membership of a partner organisation, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = getattr(user, "partner_membership", None)
    if membership is None or not membership.is_active:
        return None
    return membership


def invite_partner(*, email: str, organisation, role: str, by) -> PartnerInvitation:
    """Create an invitation and queue the email with its link.

    The link's token is made by the email task itself, so no secret waits in
    the task queue; until then the stored hash matches no token at all.
    """
    from .tasks import send_invitation_email_task

    email = email.strip().lower()
    existing = PartnerMembership.objects.filter(user__email__iexact=email, is_active=True).first()
    if existing and existing.organisation_id != organisation.pk:
        raise ValidationError(
            {"email": _("This person already belongs to another partner organisation.")}
        )
    _unsent, token_hash = PartnerInvitation.new_token()
    with transaction.atomic():
        # A new invitation replaces any unused one for the same address.
        PartnerInvitation.objects.filter(
            email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        invitation = PartnerInvitation.objects.create(
            email=email,
            organisation=organisation,
            role=role,
            token_hash=token_hash,
            invited_by=by,
            expires_at=timezone.now() + datetime.timedelta(days=settings.PARTNER_INVITATION_DAYS),
        )
        transaction.on_commit(lambda: send_invitation_email_task.enqueue(invitation.pk))
    return invitation


def accept_invitation(invitation: PartnerInvitation, *, user) -> PartnerMembership:
    """Make `user` a member of the invited organisation and mark their email verified."""
    from allauth.account.models import EmailAddress

    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or was already used."))
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    with transaction.atomic():
        invitation = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError(_("This invitation has expired or was already used."))
        membership = PartnerMembership.objects.filter(user=user).first()
        if membership and membership.organisation_id != invitation.organisation_id:
            if membership.is_active:
                raise ValidationError(_("You already belong to another partner organisation."))
            membership.organisation = invitation.organisation
        if membership is None:
            membership = PartnerMembership(user=user, organisation=invitation.organisation)
        membership.role = invitation.role
        membership.is_active = True
        membership.save()
        # The person proved they read this mailbox by following the emailed link.
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email__iexact=user.email, defaults={"email": user.email}
        )
        if not address.verified or not address.primary:
            address.verified = True
            address.primary = True
            address.save(update_fields=["verified", "primary"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return membership


def end_user_sessions(user) -> int:
    """Log the user out everywhere (allauth.usersessions); returns how many sessions ended."""
    from allauth.usersessions.adapter import get_adapter
    from allauth.usersessions.models import UserSession

    sessions = UserSession.objects.purge_and_list(user)
    get_adapter().end_sessions(sessions)
    return len(sessions)


def deactivate_membership(membership: PartnerMembership, *, by) -> int:
    """Take a person's partner access away and end their sessions; returns sessions ended."""
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active"])
    return end_user_sessions(membership.user)


# --- Referrals -------------------------------------------------------------------------


def submit_referral(*, membership: PartnerMembership, data: dict, groups, submission_key, by):
    """Create a referral from the partner form's cleaned data; returns (referral, created).

    The organisation and status come from the membership and the state machine,
    never from the form. The same `submission_key` twice (a double click, a
    resubmitted page) returns the first referral instead of creating another.
    """
    from .tasks import send_referral_update_task

    existing = Referral.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        if existing.organisation_id != membership.organisation_id:
            raise ValidationError(_("This form was already used. Open a new referral form."))
        return existing, False

    now = timezone.now()
    id_number = data.pop("id_number", "")
    mobile = data.pop("mobile")
    guardian_consent = data.pop("guardian_consent", False)
    data.pop("consent", None)
    referral = Referral(
        **data,
        organisation=membership.organisation,
        submitted_by=by,
        submission_key=submission_key,
        status=S.SUBMITTED,
        submitted_at=now,
        status_changed_at=now,
        review_due_at=now + datetime.timedelta(days=settings.REFERRAL_REVIEW_DAYS),
        consent_given_at=now,
        guardian_consent_given_at=now if guardian_consent else None,
    )
    referral.set_mobile(mobile)
    referral.set_id_number(id_number)
    try:
        with transaction.atomic():
            referral.save()
            referral.groups.set(groups)
            entry = ReferralTransition.objects.create(
                referral=referral, actor=by, at=now, from_status="", to_status=S.SUBMITTED
            )
            transaction.on_commit(lambda: send_referral_update_task.enqueue(entry.pk))
    except IntegrityError:
        # Two submissions of the same form raced: the other one won.
        existing = Referral.objects.filter(submission_key=submission_key).first()
        if existing is None or existing.organisation_id != membership.organisation_id:
            raise
        return existing, False
    return referral, True


def transition_referral(
    referral_id: int,
    to_status: str,
    *,
    by,
    role: str,
    expected_status: str | None = None,
    note_for_partner: str = "",
    internal_note: str = "",
    decline_reason: str = "",
    transferred_to=None,
    transferred_to_name: str = "",
    assigned_provider=None,
) -> ReferralTransition:
    """Move a referral to `to_status` as `by` acting in `role` ("staff" or "partner").

    Locks the row first, so two people acting at once yield one move: the
    second gets `ReferralAlreadyHandled` when `expected_status` (the status they
    saw) is no longer current, or `TransitionNotAllowed` when the move is no
    longer possible.
    """
    from .tasks import send_referral_update_task

    if role == PARTNER:
        # A partner's note is all it can write; internal notes are the centre's.
        internal_note = ""
    values = {
        "note_for_partner": note_for_partner.strip(),
        "decline_reason": decline_reason,
        "transferred_to": transferred_to or transferred_to_name.strip(),
        "assigned_provider": assigned_provider,
    }
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_id)
        current = referral.status
        if expected_status and current != expected_status:
            raise ReferralAlreadyHandled(
                gettext(
                    "Referral %(reference)s was already handled by someone else: "
                    "it is now “%(status)s”. Reload the page to see the change."
                )
                % {"reference": referral.reference, "status": _status_label(current)}
            )
        move = allowed_moves(current, role).get(to_status)
        if move is None:
            raise TransitionNotAllowed(
                gettext("A referral that is “%(current)s” cannot be moved to “%(target)s”.")
                % {"current": _status_label(current), "target": _status_label(to_status)}
            )
        missing = {name: REQUIRED_MESSAGES[name] for name in move.requires if not values.get(name)}
        if missing:
            raise ValidationError(missing)
        if transferred_to is not None and transferred_to.kind not in CENTRE_KINDS:
            raise ValidationError({"transferred_to": _("Choose a legal aid centre.")})

        now = timezone.now()
        if current == S.NEEDS_INFO and referral.review_paused_at:
            # The clock stood still while the centre waited for the partner.
            referral.review_due_at += now - referral.review_paused_at
            referral.review_paused_at = None
        if to_status == S.NEEDS_INFO:
            referral.review_paused_at = now
        if to_status in (S.ACCEPTED, S.DECLINED, S.TRANSFERRED):
            referral.decided_at = now
        if to_status == S.DECLINED:
            referral.decline_reason = decline_reason
        if to_status == S.TRANSFERRED:
            referral.transferred_to = transferred_to
            referral.transferred_to_name = transferred_to_name.strip() or (
                transferred_to.name if transferred_to else ""
            )
        if to_status == S.ASSIGNED:
            referral.assigned_provider = assigned_provider
        referral.status = to_status
        referral.status_changed_at = now
        referral.save()
        entry = ReferralTransition.objects.create(
            referral=referral,
            actor=by,
            at=now,
            from_status=current,
            to_status=to_status,
            note_for_partner=values["note_for_partner"],
            internal_note=internal_note.strip(),
        )
        transaction.on_commit(lambda: send_referral_update_task.enqueue(entry.pk))
    return entry


def assign_referrals(referral_ids, *, provider, by, note_for_partner="") -> tuple[list, list]:
    """Assign several accepted referrals to one provider; returns (moved, refused) ids.

    Each referral moves in its own transaction, so one that someone else moved
    in the meantime is refused without undoing the others.
    """
    moved, refused = [], []
    for referral_id in referral_ids:
        try:
            transition_referral(
                referral_id,
                S.ASSIGNED,
                by=by,
                role=STAFF,
                expected_status=S.ACCEPTED,
                assigned_provider=provider,
                note_for_partner=note_for_partner,
            )
        except ValidationError:
            refused.append(referral_id)
        else:
            moved.append(referral_id)
    return moved, refused


def duplicate_referrals(referral: Referral, *, days: int | None = None):
    """Other referrals of the same mobile or ID number in the `days` before this one."""
    days = settings.REFERRAL_DUPLICATE_DAYS if days is None else days
    since = referral.submitted_at - datetime.timedelta(days=days)
    from django.db.models import Q

    match = Q()
    if referral.mobile_hash:
        match |= Q(mobile_hash=referral.mobile_hash)
    if referral.id_number_hash:
        match |= Q(id_number_hash=referral.id_number_hash)
    if not match:
        return Referral.objects.none()
    return (
        Referral.objects.filter(
            match, submitted_at__gte=since, submitted_at__lte=referral.submitted_at
        )
        .exclude(pk=referral.pk)
        .select_related("organisation")
        .order_by("-submitted_at")
    )


def anonymise_referrals(*, months: int | None = None, now=None, by=None) -> int:
    """Blank the personal fields of referrals finished more than `months` ago.

    Keeps organisation, centre, groups, age band, gender, issue, status and
    dates, so every statistic stays the same. Returns how many were anonymised.
    """
    months = settings.REFERRAL_RETENTION_MONTHS if months is None else months
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=round(months * 365.25 / 12))
    queryset = Referral.objects.filter(
        status__in=FINISHED_STATUSES, status_changed_at__lt=cutoff, anonymised_at__isnull=True
    )
    with transaction.atomic():
        ids = list(queryset.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        Referral.objects.filter(pk__in=ids).update(
            applicant_name=ANONYMISED_NAME,
            mobile="",
            mobile_hash="",
            id_number_encrypted="",
            id_number_hash="",
            id_number_last4="",
            description="",
            guardian_name="",
            guardian_relationship="",
            guardian_mobile="",
            anonymised_at=now,
        )
        ReferralTransition.objects.filter(referral_id__in=ids).update(
            note_for_partner="", internal_note=""
        )
        audit.record(by, AuditAction.ANONYMISE, "referral", row_count=len(ids), context="retention")
    return len(ids)


def coordinator_emails(organisation) -> list[str]:
    return list(
        PartnerMembership.objects.filter(
            organisation=organisation, is_active=True, role=MembershipRole.COORDINATOR
        ).values_list("user__email", flat=True)
    )
