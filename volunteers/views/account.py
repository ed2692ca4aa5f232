"""The volunteer's own pages: apply, home, scans, calendar feed and data rights."""

import datetime
import hashlib
import secrets
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar, Event

from partners.audit import record
from partners.choices import AuditAction

from .. import services
from ..access import current_volunteer, volunteer_required
from ..applications import submit_application, update_application
from ..choices import SignupStatus, VolunteerStatus
from ..forms import AccountDeleteForm, ApplicationForm, FileUploadForm
from ..models import ACTIVE_STATUSES, ShiftSignup, Volunteer, VolunteerFile, VolunteerSettings
from ..privacy import build_export_zip, delete_volunteer_account
from ..uploads import UploadRefused, download_name, open_volunteer_file, store_volunteer_file

#: A credential expiring within this many days is flagged on the home page.
EXPIRY_WARNING_DAYS = 30
PAST_SHIFTS_SHOWN = 20


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Applying --------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request):
    """The application form; once applied, its status (and editing while still `applied`)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    volunteer = current_volunteer(request.user)
    if volunteer is not None and volunteer.status != VolunteerStatus.APPLIED:
        return redirect("volunteers:home")
    if not EmailAddress.objects.filter(user=request.user, verified=True).exists():
        return render(request, "volunteers/account/verify_email.html", status=403)

    code_page = VolunteerSettings.for_request(request).code_page
    form = ApplicationForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and form.is_valid():
        kwargs = {
            "preferred_areas": form.cleaned_data["preferred_areas"],
            "code_page": code_page,
            "scan_consent": form.cleaned_data["scan_consent"],
        }
        try:
            if volunteer is None:
                submit_application(request.user, form.application_data(), **kwargs)
                messages.success(
                    request,
                    gettext(
                        "Thank you: your application was received. The centre will contact you."
                    ),
                )
            else:
                update_application(volunteer.pk, form.application_data(), by=request.user, **kwargs)
                messages.success(request, gettext("Your application was updated."))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return redirect("volunteers:home")
    return render(
        request,
        "volunteers/account/apply.html",
        {"form": form, "volunteer": volunteer, "code_page": code_page},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Home ------------------------------------------------------------------------------


def _waitlist_position():
    """1 + the sign-ups waiting on the same shift ahead of this one (one subquery)."""
    ahead = (
        ShiftSignup.objects.filter(shift=OuterRef("shift"), status=SignupStatus.WAITLISTED)
        .filter(
            Q(created__lt=OuterRef("created"))
            | Q(created=OuterRef("created"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("shift")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)) + 1


@never_cache
@require_GET
@volunteer_required
def home(request, *, volunteer):
    """Status, shifts, hours and credentials, in the same number of queries for any history."""
    now = timezone.now()
    today = timezone.localdate()
    signups = ShiftSignup.objects.filter(volunteer=volunteer).select_related(
        "shift__opportunity__point", "shift__point"
    )
    upcoming = list(
        signups.filter(status__in=ACTIVE_STATUSES, shift__end__gte=now)
        .annotate(position=_waitlist_position())
        .order_by("shift__start", "pk")
    )
    past = list(
        signups.filter(status=SignupStatus.CONFIRMED, shift__end__lt=now).order_by(
            F("shift__start").desc(), "-pk"
        )[:PAST_SHIFTS_SHOWN]
    )
    credentials = list(volunteer.credentials.all())
    for credential in credentials:
        credential.expired = bool(credential.expires_on and credential.expires_on < today)
        credential.expiring_soon = bool(
            credential.expires_on
            and not credential.expired
            and credential.expires_on <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        )
    context = {
        "volunteer": volunteer,
        "upcoming": upcoming,
        "past": past,
        "hours": services.verified_hours(volunteer),
        "credentials": credentials,
        "credential_alerts": [c for c in credentials if c.expired or c.expiring_soon],
        "is_approved": volunteer.status == VolunteerStatus.APPROVED,
    }
    return render(request, "volunteers/account/home.html", context)


# --- Files -----------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@volunteer_required
def file_upload(request, *, volunteer):
    """Upload a scan (GET shows the form and the files kept)."""
    form = FileUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                store_volunteer_file(
                    volunteer,
                    form.cleaned_data["kind"],
                    form.cleaned_data["file"],
                    credential=form.credential_data(),
                )
            except UploadRefused as error:
                form.add_error("file", error)
            else:
                messages.success(request, gettext("Your file was uploaded."))
                return redirect("volunteers:file-upload")
        status = 400
    files = volunteer.files.all()
    return render(
        request,
        "volunteers/account/files.html",
        {"form": form, "volunteer": volunteer, "files": files},
        status=status,
    )


@never_cache
@require_GET
def file_download(request, pk):
    """Serve a scan to its owner or to staff allowed to see volunteers (audited)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    stored = get_object_or_404(VolunteerFile.objects.select_related("volunteer"), pk=pk)
    owner = current_volunteer(request.user)
    is_owner = owner is not None and owner.pk == stored.volunteer_id
    is_staff = request.user.is_staff and request.user.has_perm("volunteers.view_volunteer")
    if not (is_owner or is_staff):
        raise Http404
    try:
        handle = open_volunteer_file(stored)
    except FileNotFoundError:
        raise Http404 from None
    if not is_owner:
        record(request.user, AuditAction.VIEW, "volunteer-file", object_id=pk, context=request.path)
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(stored), content_type=stored.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


# --- Calendar feed ---------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
@volunteer_required
def calendar_token(request, *, volunteer):
    """Create, regenerate or revoke the secret address of the volunteer's calendar feed."""
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            volunteer.calendar_token_hash = ""
            volunteer.save(update_fields=["calendar_token_hash", "updated"])
            messages.success(request, gettext("Your calendar address was turned off."))
            return redirect("volunteers:calendar-token")
        token = secrets.token_urlsafe(32)
        volunteer.calendar_token_hash = _token_hash(token)
        volunteer.save(update_fields=["calendar_token_hash", "updated"])
        # Shown this once: only the hash is kept, so it cannot be shown again.
        feed_url = request.build_absolute_uri(reverse("volunteers:calendar-feed", args=[token]))
    response = render(
        request,
        "volunteers/account/calendar.html",
        {
            "volunteer": volunteer,
            "feed_url": feed_url,
            "active": bool(volunteer.calendar_token_hash),
        },
    )
    return _no_store(response)


@require_GET
def calendar_feed(request, token):
    """The volunteer's confirmed and offered shifts as iCalendar, for a phone's calendar app."""
    if not token:
        raise Http404
    volunteer = Volunteer.objects.filter(
        calendar_token_hash=_token_hash(token), anonymised_at__isnull=True
    ).first()
    if volunteer is None:
        raise Http404
    tz = ZoneInfo("Asia/Shanghai")
    host = request.get_host().split(":")[0]
    calendar = Calendar()
    calendar.add("prodid", "-//Legal aid network portal//volunteer shifts//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("My volunteer shifts"))
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    signups = ShiftSignup.objects.filter(
        volunteer=volunteer, status__in=(SignupStatus.CONFIRMED, SignupStatus.OFFERED)
    ).select_related("shift__opportunity__point", "shift__point")
    stamp = timezone.now().astimezone(datetime.UTC)
    for signup in signups:
        shift = signup.shift
        place = shift.place
        summary = shift.opportunity.title
        if signup.status == SignupStatus.OFFERED:
            summary = gettext("%(title)s (place offered: confirm it)") % {"title": summary}
        event = Event()
        event.add("uid", f"volunteer-signup-{signup.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.start.astimezone(tz))
        event.add("dtend", shift.end.astimezone(tz))
        event.add("summary", summary)
        event.add("location", f"{place.name} {place.address}".strip())
        event.add("status", "CONFIRMED" if signup.status == SignupStatus.CONFIRMED else "TENTATIVE")
        event.add("url", request.build_absolute_uri(reverse("volunteers:shift", args=[shift.pk])))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="volunteer-shifts.ics"'
    return _no_store(response)


# --- My data (PIPL) --------------------------------------------------------------------


@never_cache
@require_GET
@volunteer_required
def my_data(request, *, volunteer):
    """What is kept, why, and the buttons to export or delete it."""
    return render(
        request,
        "volunteers/account/my_data.html",
        {"volunteer": volunteer, "delete_form": AccountDeleteForm(user=request.user)},
    )


@never_cache
@require_POST
@volunteer_required
def data_export(request, *, volunteer):
    """A ZIP of data.json and the volunteer's files."""
    content = build_export_zip(volunteer)
    response = HttpResponse(content, content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-volunteer-data-{stamp}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@never_cache
@require_POST
@volunteer_required
def account_delete(request, *, volunteer):
    """Delete the account after the box is ticked and the password entered again."""
    form = AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(
            request,
            "volunteers/account/my_data.html",
            {"volunteer": volunteer, "delete_form": form},
            status=400,
        )
    delete_volunteer_account(volunteer, by=request.user)
    logout(request)
    messages.success(
        request, gettext("Your account was deleted. Thank you for volunteering with us.")
    )
    return redirect("wagtail_serve", "")
