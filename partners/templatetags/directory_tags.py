"""Template tags of the network directory: QR codes, phone and map links."""

import re

import segno
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# RFC 3966 keeps digits, a leading "+" and visual separators; spaces are not allowed.
_NOT_DIALLED = re.compile(r"[^0-9+\-]")


@register.simple_tag
def qr_svg(url: str, title: str = ""):
    """An inline SVG QR code of `url` that scales to whatever size the CSS gives it.

    The same approach as the outreach pages' `qr_code` (segno, no image file,
    nothing fetched), with a viewBox instead of a fixed size so the notice board
    can print it large.
    """
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(
        scale=4, border=2, title=title or url, svgclass="qr-code", lineclass=None, omitsize=True
    )
    # segno writes the SVG itself (escaping the title), so marking it safe is sound.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


@register.filter
def tel_href(phone: str) -> str:
    """A `tel:` link for a number as people write it: `0451-8888 1234` → `tel:0451-88881234`."""
    return f"tel:{_NOT_DIALLED.sub('', phone or '')}"


@register.filter
def geo_href(point) -> str:
    """A `geo:` URI (RFC 5870, WGS84) that phones open in their map app; "" without coordinates."""
    if point.latitude is None or point.longitude is None:
        return ""
    # Formatted here, not in the template, so no locale turns the decimal point into a comma.
    return f"geo:{point.latitude:f},{point.longitude:f}"
