"""Background work of the partners app (django-tasks): emails and retention."""

from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portal.emails import absolute_url, send_bilingual
from portal.tasks import email_task

from .models import PartnerInvitation, ReferralTransition


@email_task()
def send_referral_update_task(transition_id: int) -> int:
    """Tell the partner what happened to a referral; returns the number of recipients.

    Holds no personal data of the person referred: the reference number, the
    status and the centre's note for the partner only.
    """
    from .services import coordinator_emails

    entry = ReferralTransition.objects.select_related(
        "referral__organisation", "referral__submitted_by", "referral__centre"
    ).get(pk=transition_id)
    referral = entry.referral
    recipients = set(coordinator_emails(referral.organisation))
    submitter = referral.submitted_by
    membership = getattr(submitter, "partner_membership", None) if submitter else None
    if membership is not None and membership.is_active:
        recipients.add(submitter.email)
    with translation.override("zh-hans"):
        path = reverse("partner_portal:referral", args=[referral.pk])
    context = {
        "referral": referral,
        "entry": entry,
        "url": absolute_url(path),
        "url_en": absolute_url("/en" + path),
    }
    return send_bilingual("partners/email/referral_update", context, recipients)


@email_task()
def send_invitation_email_task(invitation_id: int) -> str:
    """Email the invitation link; the token is made here and only its hash is kept."""
    invitation = PartnerInvitation.objects.select_related("organisation").get(pk=invitation_id)
    if not invitation.is_usable:
        return "skipped"
    token, token_hash = PartnerInvitation.new_token()
    invitation.token_hash = token_hash
    invitation.save(update_fields=["token_hash"])
    with translation.override("zh-hans"):
        path = reverse("partner_portal:invitation", args=[token])
    context = {
        "invitation": invitation,
        "url": absolute_url(path),
        "url_en": absolute_url("/en" + path),
    }
    send_bilingual("partners/email/invitation", context, [invitation.email])
    return "sent"


@task()
def anonymise_referrals_task() -> int:
    """The periodic retention run (see the `anonymise_referrals` command)."""
    from .services import anonymise_referrals

    return anonymise_referrals()
