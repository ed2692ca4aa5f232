"""The shift side of the volunteer pages: browse and take shifts, report hours, certificates.

Anyone may browse published shifts; signing up, cancelling and confirming go
through `services`, which decide who may take a place. A volunteer only ever
reaches their own sign-ups: another's is 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Site

from .. import services
from ..access import current_volunteer, volunteer_required
from ..certificates import (
    CertificateFontMissing,
    certificate_activities,
    issue_certificate,
    render_certificate_pdf,
)
from ..choices import ReviewStatus, SignupStatus, Skill, VolunteerStatus
from ..models import ACTIVE_STATUSES, HOLDING_STATUSES, Certificate, Shift, ShiftSignup
from ..shift_forms import CertificatePeriodForm, ExtraHoursForm, OpportunityFilterForm

SHIFTS_PER_PAGE = 20
REPORTS_PER_PAGE = 20


def _listed_shifts():
    """Published shifts with their places and counts, fetched in one query."""
    return (
        Shift.objects.published()
        .select_related("opportunity__point__area", "point__area")
        .annotate(
            held=Count("signups", filter=Q(signups__status__in=HOLDING_STATUSES)),
            waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
        )
    )


def _decorate(shift, own=None):
    """What a page shows beside the row: places left, skill labels, the viewer's sign-up."""
    labels = dict(Skill.choices)
    shift.places_left = max(shift.capacity - shift.held, 0)
    shift.skill_labels = [str(labels.get(code, code)) for code in shift.required_skills]
    shift.own_signup = own
    return shift


def _own_signups(volunteer, shifts) -> dict:
    if volunteer is None or not shifts:
        return {}
    signups = ShiftSignup.objects.filter(
        volunteer=volunteer, shift__in=[s.pk for s in shifts], status__in=ACTIVE_STATUSES
    )
    return {signup.shift_id: signup for signup in signups}


def _waitlist_position(signup) -> int:
    """1 for the first in the queue: the order the service offers freed places in."""
    return (
        ShiftSignup.objects.filter(shift_id=signup.shift_id, status=SignupStatus.WAITLISTED)
        .filter(Q(created__lt=signup.created) | Q(created=signup.created, pk__lte=signup.pk))
        .count()
    )


def _refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_GET
def opportunity_list(request):
    """Upcoming shifts of published opportunities, filtered, with places and waitlists."""
    form = OpportunityFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    shifts = form.filter(_listed_shifts().upcoming()).order_by("start", "pk")
    page = Paginator(shifts, SHIFTS_PER_PAGE).get_page(request.GET.get("page"))
    volunteer = current_volunteer(request.user)
    own = _own_signups(volunteer, page.object_list)
    for shift in page.object_list:
        _decorate(shift, own.get(shift.pk))
    query = {
        name: request.GET[name]
        for name in form.fields
        if request.GET.get(name) and name not in form.errors
    }
    return render(
        request,
        "volunteers/shifts/opportunity_list.html",
        {
            "form": form,
            "items": page,
            "shifts": page.object_list,
            "volunteer": volunteer,
            "extra_query": urlencode(query),
            "filtered": bool(query),
        },
    )


@require_GET
def shift_detail(request, pk):
    """One shift: when, where, who it needs, and the viewer's sign-up with its actions."""
    shift = get_object_or_404(_listed_shifts(), pk=pk)
    volunteer = current_volunteer(request.user)
    own = _own_signups(volunteer, [shift]).get(shift.pk)
    _decorate(shift, own)
    now = timezone.now()
    return render(
        request,
        "volunteers/shifts/shift_detail.html",
        {
            "shift": shift,
            "volunteer": volunteer,
            "own": own,
            "position": _waitlist_position(own)
            if own and own.status == SignupStatus.WAITLISTED
            else None,
            "is_approved": volunteer is not None and volunteer.status == VolunteerStatus.APPROVED,
            "has_started": shift.start <= now,
            "can_cancel": own is not None
            and (own.status == SignupStatus.WAITLISTED or now <= shift.cancel_deadline),
        },
    )


@require_POST
@volunteer_required
def shift_signup(request, pk, *, volunteer):
    shift = get_object_or_404(Shift.objects.published(), pk=pk)
    try:
        signup = services.sign_up(shift.pk, volunteer)
    except services.SignupRefused as error:
        messages.error(request, _refusal(error))
    else:
        if signup.status == SignupStatus.CONFIRMED:
            messages.success(request, _("You have a place on this shift. Thank you!"))
        elif signup.status == SignupStatus.OFFERED:
            messages.success(request, _("A place is waiting for you: confirm it below."))
        else:
            messages.info(
                request,
                _(
                    "The shift is full: you are on the waitlist at position %(position)d. "
                    "We will email you if a place becomes free."
                )
                % {"position": _waitlist_position(signup)},
            )
    return redirect("volunteers:shift", pk=shift.pk)


@require_POST
@volunteer_required
def signup_cancel(request, pk, *, volunteer):
    signup = get_object_or_404(ShiftSignup, pk=pk, volunteer=volunteer)
    try:
        services.cancel_signup(signup.pk, volunteer=volunteer)
    except services.SignupRefused as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect("volunteers:shift", pk=signup.shift_id)


@require_POST
@volunteer_required
def signup_confirm(request, pk, *, volunteer):
    signup = get_object_or_404(ShiftSignup, pk=pk, volunteer=volunteer)
    try:
        services.confirm_offer(signup.pk, volunteer=volunteer)
    except services.SignupRefused as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("The place is yours. Thank you!"))
    return redirect("volunteers:shift", pk=signup.shift_id)


@require_http_methods(["GET", "POST"])
@volunteer_required
def hours(request, *, volunteer):
    """Report hours outside a shift, see what was reported and the verified totals."""
    can_report = volunteer.status == VolunteerStatus.APPROVED
    form = ExtraHoursForm(request.POST if request.method == "POST" and can_report else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_extra_hours(
                volunteer,
                date=data["date"],
                hours=data["hours"],
                description=data["description"],
                point=data["point"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you: your hours count once the centre has approved them.")
            )
            return redirect("volunteers:hours")
    reports = volunteer.extra_hours.select_related("point").order_by("-date", "-pk")
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "volunteers/shifts/hours.html",
        {
            "form": form,
            "can_report": can_report,
            "items": page,
            "reports": page.object_list,
            "totals": services.verified_hours(volunteer),
            "year_totals": services.verified_hours(volunteer, today.replace(month=1, day=1), today),
            "year": today.year,
            "pending": ReviewStatus.PENDING,
            "approved": ReviewStatus.APPROVED,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@volunteer_required
def certificate(request, *, volunteer):
    """Choose a period, see its verified hours, and download a numbered certificate (PDF)."""
    data = request.POST if request.method == "POST" else request.GET
    form = CertificatePeriodForm(data or None)
    start, end = form.period()
    totals = services.verified_hours(volunteer, start, end)
    if request.method == "POST" and form.is_valid():
        if totals["hours"] <= 0:
            form.add_error(None, _("There are no verified hours in this period."))
        else:
            site = Site.find_for_request(request)
            try:
                with transaction.atomic():
                    # A certificate whose PDF cannot be made is not kept.
                    issued = issue_certificate(volunteer, start, end, by=request.user, site=site)
                    pdf = render_certificate_pdf(issued, volunteer)
            except CertificateFontMissing:
                return render(
                    request, "volunteers/shifts/certificate_font_missing.html", status=503
                )
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{issued.number}.pdf"'
            return response
    return render(
        request,
        "volunteers/shifts/certificate.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "totals": totals,
            "activities": certificate_activities(volunteer, start, end),
            "certificates": volunteer.certificates.all()[:10],
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def certificate_verify(request, code):
    """The public page the certificate's QR code opens: only what the certificate states."""
    issued = get_object_or_404(Certificate, verification_code=code)
    return render(request, "volunteers/shifts/certificate_verify.html", {"certificate": issued})
