"""Pages of partner organisations: their referrals, an export of them, and joining the portal.

Every referral page goes through `partner_required` and reads rows only from
`Referral.objects.visible_to_member(membership)`: a coordinator sees the
organisation's referrals, a reporter their own, and any other id is the same
404 as an id that does not exist. Reads and exports of personal data write an
audit row (`partners.audit.record`); writes go through `partners.services`.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.charts import bar_chart
from portal.imports import spreadsheet_file

from . import audit, services
from .access import partner_required
from .choices import AuditAction, ReferralStatus
from .forms import ReferralFilterForm, ReferralForm, TransitionForm
from .models import PartnerInvitation, PopulationGroup, Referral
from .models.accounts import hash_token
from .portal_resources import PartnerReferralResource

PAGE_SIZE = 25
SUBJECT = "referral"


def _visible(membership):
    return Referral.objects.visible_to_member(membership)


def _filter_query(request) -> str:
    """The current filters as a query string, without the page number."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# ---------------------------------------------------------------------------
# Dashboard


def organisation_totals(organisation, filter_form):
    """Counts of the organisation's referrals by status and by group, in two queries.

    Counts only, never rows: a reporter sees the organisation's figures but
    opens only their own referrals. The period filter applies; status and
    group filters narrow the list, not these totals.
    """
    referrals = filter_form.filter(
        Referral.objects.for_organisation(organisation), period_only=True
    )
    counts = dict(referrals.order_by().values_list("status").annotate(n=Count("pk")))
    by_status = [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in ReferralStatus.choices
    ]
    period = Q(referrals__organisation=organisation)
    dates = filter_form.filters
    if dates.get("date_from"):
        period &= Q(referrals__submitted_at__date__gte=dates["date_from"])
    if dates.get("date_to"):
        period &= Q(referrals__submitted_at__date__lte=dates["date_to"])
    by_group = list(
        PopulationGroup.objects.annotate(count=Count("referrals", filter=period, distinct=True))
    )
    return by_status, by_group


@partner_required
def dashboard(request, *, membership):
    filter_form = ReferralFilterForm(request.GET or None)
    referrals = (
        filter_form.filter(_visible(membership))
        .select_related("centre")
        .order_by("-submitted_at", "-pk")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    by_status, by_group = organisation_totals(membership.organisation, filter_form)
    audit.record(request.user, AuditAction.LIST, SUBJECT, row_count=len(rows), context=request.path)
    return TemplateResponse(
        request,
        "partners/portal/dashboard.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "filter_form": filter_form,
            "filters": filter_form.filters,
            "page_obj": page,
            "referrals": rows,
            "extra_query": _filter_query(request),
            "by_status": by_status,
            "by_group": by_group,
            "total": sum(row["count"] for row in by_status),
            "chart": bar_chart(by_status, title=gettext("Referrals by status")),
        },
    )


# ---------------------------------------------------------------------------
# Export


@partner_required
def referral_export(request, *, membership):
    """The member's visible referrals with the current filters, as an XLSX file."""
    filter_form = ReferralFilterForm(request.GET or None)
    referrals = filter_form.filter(_visible(membership)).order_by("-submitted_at", "-pk")
    resource = PartnerReferralResource()
    dataset = resource.export(resource.get_export_queryset(referrals))
    dataset.title = resource.sheet_title
    spreadsheet = spreadsheet_file(
        dataset, "xlsx", f"{resource.file_stem}-{timezone.localdate():%Y%m%d}"
    )
    # Counted from the rows written: the audit row says what left the portal.
    audit.record(
        request.user, AuditAction.EXPORT, SUBJECT, row_count=len(dataset), context=request.path
    )
    response = HttpResponse(spreadsheet.content, content_type=spreadsheet.content_type)
    response["Content-Disposition"] = f'attachment; filename="{spreadsheet.filename}"'
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------
# New referral


@partner_required
def referral_create(request, *, membership):
    organisation = membership.organisation
    if request.method == "POST":
        form = ReferralForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                referral, created = services.submit_referral(
                    membership=membership,
                    data=form.service_data(),
                    groups=form.cleaned_data["groups"],
                    submission_key=form.cleaned_data["submission_key"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created:
                    message = gettext("Referral %(reference)s was sent to %(centre)s.")
                else:
                    message = gettext(
                        "This form was sent already: referral %(reference)s was sent to "
                        "%(centre)s. Nothing was sent twice."
                    )
                messages.success(
                    request,
                    message % {"reference": referral.reference, "centre": referral.centre},
                )
                return redirect("partner_portal:referral", pk=referral.pk)
    else:
        form = ReferralForm(organisation=organisation)
    return TemplateResponse(
        request,
        "partners/portal/referral_form.html",
        {"form": form, "membership": membership, "organisation": organisation},
    )


# ---------------------------------------------------------------------------
# Referral detail and the partner's moves


def _actor_label(entry) -> str:
    """Who made a move, as a partner may see it: the centre, or a partner's email."""
    actor = entry.actor
    if actor is None or actor.is_staff:
        return gettext("Legal aid centre")
    return actor.email


def _detail_response(request, membership, referral, *, withdraw_form=None, reply_form=None):
    audit.record(
        request.user, AuditAction.VIEW, SUBJECT, object_id=referral.pk, context=request.path
    )
    moves = services.allowed_moves(referral.status, services.PARTNER)
    can_withdraw = ReferralStatus.WITHDRAWN in moves
    can_reply = (
        referral.status == ReferralStatus.NEEDS_INFO and ReferralStatus.UNDER_REVIEW in moves
    )
    initial = {"expected_status": referral.status}
    history = [
        {
            "at": entry.at,
            "from_status": entry.get_from_status_display() if entry.from_status else "",
            "to_status": entry.get_to_status_display(),
            "note": entry.note_for_partner,
            "actor": _actor_label(entry),
        }
        for entry in referral.history.select_related("actor").only(
            "at",
            "from_status",
            "to_status",
            "note_for_partner",
            "actor__email",
            "actor__is_staff",
            "referral_id",
        )
    ]
    return TemplateResponse(
        request,
        "partners/portal/referral_detail.html",
        {
            "membership": membership,
            "referral": referral,
            "groups": referral.groups.all(),
            "history": history,
            "days_left": referral.review_days_left(),
            "can_withdraw": can_withdraw,
            "can_reply": can_reply,
            "withdraw_form": withdraw_form or TransitionForm(initial=initial, prefix="withdraw"),
            "reply_form": reply_form
            or TransitionForm(initial=initial, prefix="reply", note_required=True),
        },
    )


def _get_visible(membership, pk):
    return get_object_or_404(_visible(membership).select_related("centre", "transferred_to"), pk=pk)


@partner_required
def referral_detail(request, pk, *, membership):
    referral = _get_visible(membership, pk)
    return _detail_response(request, membership, referral)


def _move(request, membership, pk, *, to_status, form, success_message):
    """Run a partner's move from a bound form; errors of the service become messages."""
    referral = _get_visible(membership, pk)
    if not form.is_valid():
        forms = {"reply_form" if form.prefix == "reply" else "withdraw_form": form}
        return _detail_response(request, membership, referral, **forms)
    try:
        services.transition_referral(
            referral.pk,
            to_status,
            by=request.user,
            role=services.PARTNER,
            expected_status=form.cleaned_data["expected_status"],
            note_for_partner=form.cleaned_data["note"],
        )
    except ValidationError as error:
        # TransitionNotAllowed, ReferralAlreadyHandled or a missing field: say it plainly.
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success_message % {"reference": referral.reference})
    return redirect("partner_portal:referral", pk=referral.pk)


@require_POST
@partner_required
def referral_withdraw(request, pk, *, membership):
    return _move(
        request,
        membership,
        pk,
        to_status=ReferralStatus.WITHDRAWN,
        form=TransitionForm(request.POST, prefix="withdraw"),
        success_message=gettext("Referral %(reference)s was withdrawn."),
    )


@require_POST
@partner_required
def referral_reply(request, pk, *, membership):
    return _move(
        request,
        membership,
        pk,
        to_status=ReferralStatus.UNDER_REVIEW,
        form=TransitionForm(request.POST, prefix="reply", note_required=True),
        success_message=gettext(
            "Your information was sent; the centre continues reviewing referral %(reference)s."
        ),
    )


# ---------------------------------------------------------------------------
# Invitation


INVALID_INVITATION = _(
    "This invitation link cannot be used: it has expired, was replaced by a newer "
    "invitation or was used already. Ask the legal aid centre to send you a new invitation."
)


def _new_username(email: str) -> str:
    from allauth.account.adapter import get_adapter

    return get_adapter().generate_unique_username([email, "partner"])


def invitation_accept(request, token):
    """Join a partner organisation from an emailed link.

    A person without an account sets a password here and is signed in; a person
    with an account signs in first (as the invited address) and confirms.
    """
    from allauth.account.adapter import get_adapter
    from allauth.account.forms import SetPasswordForm

    invitation = (
        PartnerInvitation.objects.select_related("organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return TemplateResponse(
            request,
            "partners/portal/invitation_invalid.html",
            {"message": INVALID_INVITATION},
            status=404 if invitation is None else 410,
        )

    User = get_user_model()
    existing = User.objects.filter(email__iexact=invitation.email).first()
    signed_in = request.user if request.user.is_authenticated else None
    context = {"invitation": invitation, "organisation": invitation.organisation}

    if signed_in is not None and (existing is None or signed_in.pk != existing.pk):
        # Signed in as someone else: the invitation belongs to another address.
        return TemplateResponse(
            request, "partners/portal/invitation_wrong_user.html", context, status=403
        )

    if existing is not None:
        if signed_in is None:
            messages.info(
                request,
                gettext("Sign in as %(email)s to accept the invitation.")
                % {"email": invitation.email},
            )
            return redirect_to_login(request.get_full_path())
        if request.method == "POST":
            try:
                services.accept_invitation(invitation, user=signed_in)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                return _joined(request, invitation)
        return TemplateResponse(request, "partners/portal/invitation_confirm.html", context)

    # No account yet: choose a password (Django's password validators apply).
    candidate = User(username=_new_username(invitation.email), email=invitation.email)
    form = SetPasswordForm(user=candidate, data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            with transaction.atomic():
                candidate.set_password(form.cleaned_data["password1"])
                candidate.save()
                services.accept_invitation(invitation, user=candidate)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            get_adapter(request).login(request, candidate)
            return _joined(request, invitation)
    context["form"] = form
    return TemplateResponse(
        request,
        "partners/portal/invitation_signup.html",
        context,
    )


def _joined(request, invitation):
    messages.success(
        request,
        gettext("Welcome: you can now send referrals for %(organisation)s.")
        % {"organisation": invitation.organisation},
    )
    return redirect(reverse("partner_portal:dashboard"))
