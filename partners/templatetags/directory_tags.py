"""Template tags of the network directory: QR codes, phone and map links."""

import re

from django import template

from portal.qr import qr_svg as make_qr_svg

register = template.Library()

# RFC 3966 keeps digits, a leading "+" and visual separators; spaces are not allowed.
_NOT_DIALLED = re.compile(r"[^0-9+\-]")


@register.simple_tag
def qr_svg(url: str, title: str = ""):
    """An inline SVG QR code of `url` (see portal.qr)."""
    return make_qr_svg(url, title)


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
