"""Certificates of volunteer service: numbering, the activities they list, the PDF.

The PDF embeds a subset of the Noto Sans CJK font (settings.CERTIFICATE_FONT) so
Chinese names and places print on any reader. Without the font the certificate
cannot be made: `CertificateFontMissing` lets the view answer with a clear page.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import segno
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from fpdf.fonts import FontFace

from portal.emails import absolute_url
from portal.pdf import FONT_FAMILY, CJKFontMissing, cjk_document

from .choices import ReviewStatus
from .models import Certificate, ExtraHours, ShiftSignup, VolunteerSettings
from .services import verified_hours

NUMBER_PREFIX = "ZY"
NUMBER_DIGITS = 6
#: The certificate needs the CJK font; the name stays for the views that catch it.
CertificateFontMissing = CJKFontMissing


@dataclass
class Activity:
    """One line of a certificate: an attended shift or approved extra hours."""

    date: datetime.date
    title: str
    place: str
    hours: Decimal


def certificate_activities(volunteer, start, end) -> list[Activity]:
    """What counts towards the verified hours in the period, oldest first.

    Uses the same filters as `services.verified_hours`, so the lines add up to its total.
    """
    rows = []
    signups = (
        ShiftSignup.objects.filter(volunteer=volunteer)
        .attended()
        .filter(shift__start__date__gte=start, shift__start__date__lte=end)
        .select_related("shift__opportunity__point", "shift__point")
    )
    for signup in signups:
        shift = signup.shift
        rows.append(
            Activity(
                date=timezone.localtime(shift.start).date(),
                title=shift.opportunity.title,
                place=shift.place.name,
                hours=signup.hours,
            )
        )
    extras = ExtraHours.objects.filter(
        volunteer=volunteer, status=ReviewStatus.APPROVED, date__gte=start, date__lte=end
    ).select_related("point")
    for extra in extras:
        rows.append(
            Activity(
                date=extra.date,
                title=Truncator(extra.description).chars(60),
                place=extra.point.name if extra.point else "",
                hours=extra.hours,
            )
        )
    rows.sort(key=lambda row: row.date)
    return rows


def issuing_centre_name(site=None) -> str:
    """The centre named on certificates (volunteer settings of the site)."""
    from wagtail.models import Site

    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return VolunteerSettings._meta.get_field("issuing_centre_name").default
    return VolunteerSettings.for_site(site).issuing_centre_name


def _next_number(year: int) -> str:
    prefix = f"{NUMBER_PREFIX}{year}-"
    # Locks the year's last certificate on PostgreSQL; SQLite serialises writes anyway.
    last = (
        Certificate.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:0{NUMBER_DIGITS}d}"


def issue_certificate(volunteer, start, end, *, by, site=None, now=None) -> Certificate:
    """Record a certificate of the volunteer's verified hours in the period, numbered in sequence.

    Numbers run per year of issue ("ZY2026-000123"). The year's last row is locked
    while the next number is taken, and the unique number is the backstop: when
    two issues still collide (the first of a year has no row to lock), the loser
    takes the following number.
    """
    now = now or timezone.now()
    totals = verified_hours(volunteer, start, end)
    if totals["hours"] <= 0:
        raise ValidationError(_("There are no verified hours in this period."))
    centre = issuing_centre_name(site)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    number=_next_number(timezone.localtime(now).year),
                    volunteer=volunteer,
                    name_initial=volunteer.name_initial,
                    period_start=start,
                    period_end=end,
                    hours=totals["hours"],
                    activities=totals["activities"],
                    issuing_centre=centre,
                    issued_at=now,
                    issued_by=by,
                )
        except IntegrityError:
            continue
    raise IntegrityError("Could not take a certificate number after 5 attempts.")


def verification_url(certificate) -> str:
    return absolute_url(
        reverse("volunteers:certificate-verify", args=[certificate.verification_code])
    )


def _bilingual(message: str) -> str:
    """A label in Chinese and English: a certificate is read by both, whatever the page language."""
    with translation.override("zh-hans"):
        chinese = gettext(message)
    with translation.override("en"):
        english = gettext(message)
    return english if chinese == english else f"{chinese} / {english}"


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


def _hours(value) -> str:
    return f"{Decimal(value):.1f}"


def render_certificate_pdf(certificate, volunteer) -> bytes:
    """The A4 certificate: number, name, period, hours, activities, centre, date and a QR code."""
    pdf = cjk_document(title=certificate.number, creator=certificate.issuing_centre)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font(FONT_FAMILY, size=20)
    pdf.multi_cell(
        width, 12, _bilingual(gettext_noop("Certificate of volunteer service")), align="C"
    )
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.cell(
        width,
        6,
        f"{_bilingual(gettext_noop('Certificate number'))}: {certificate.number}",
        align="R",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)

    facts = [
        (_bilingual(gettext_noop("Full name")), volunteer.real_name),
        (
            _bilingual(gettext_noop("Period")),
            f"{certificate.period_start:%Y-%m-%d} – {certificate.period_end:%Y-%m-%d}",
        ),
        (_bilingual(gettext_noop("Total verified hours")), _hours(certificate.hours)),
        (_bilingual(gettext_noop("Activities")), str(certificate.activities)),
    ]
    pdf.set_font(FONT_FAMILY, size=12)
    for label, value in facts:
        pdf.set_text_color(80, 80, 80)
        pdf.cell(60, 8, label)
        pdf.set_text_color(0, 0, 0)
        pdf.multi_cell(width - 60, 8, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    activities = certificate_activities(volunteer, certificate.period_start, certificate.period_end)
    pdf.set_font(FONT_FAMILY, size=9)
    heading = FontFace(emphasis=None, fill_color=(228, 234, 240))
    with pdf.table(
        col_widths=(24, 80, 56, 20),
        headings_style=heading,
        line_height=6,
        text_align=("LEFT", "LEFT", "LEFT", "RIGHT"),
    ) as table:
        row = table.row()
        for label in (
            gettext_noop("Date"),
            gettext_noop("Activity"),
            gettext_noop("Place"),
            gettext_noop("Hours"),
        ):
            row.cell(_bilingual(label))
        for activity in activities:
            row = table.row()
            row.cell(f"{activity.date:%Y-%m-%d}")
            row.cell(activity.title)
            row.cell(activity.place or "—")
            row.cell(_hours(activity.hours))
        row = table.row()
        row.cell(_bilingual(gettext_noop("Total")), colspan=3)
        row.cell(_hours(certificate.hours))

    # The centre, the date and the QR code stay together at the foot of a page.
    if pdf.get_y() > pdf.h - 75:
        pdf.add_page()
    pdf.ln(8)
    top = pdf.get_y()
    pdf.set_font(FONT_FAMILY, size=11)
    issued_on = timezone.localtime(certificate.issued_at).date()
    pdf.multi_cell(
        width - 45,
        7,
        f"{_bilingual(gettext_noop('Issued by'))}: {certificate.issuing_centre}\n"
        f"{_bilingual(gettext_noop('Issued on'))}: {issued_on:%Y-%m-%d}",
    )
    pdf.set_font(FONT_FAMILY, size=8)
    pdf.set_text_color(80, 80, 80)
    pdf.multi_cell(
        width - 45,
        5,
        _bilingual(gettext_noop("Scan the QR code to check this certificate on our website.")),
    )
    url = verification_url(certificate)
    pdf.image(_qr_png(url), x=pdf.l_margin + width - 38, y=top, w=38, h=38)
    pdf.set_y(max(pdf.get_y(), top + 40))
    pdf.set_font(FONT_FAMILY, size=7)
    pdf.multi_cell(width, 4, url, align="R")
    return bytes(pdf.output())
