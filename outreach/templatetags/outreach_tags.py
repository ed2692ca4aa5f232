"""Template tags for outreach pages: QR codes and search highlighting."""

import segno
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def qr_code(context, page, title=""):
    """An inline SVG QR code of a page's full address, for printed posters."""
    url = page.get_full_url(context.get("request"))
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=4, border=2, title=title or url, svgclass="qr-code", lineclass=None)
    # segno writes the SVG itself (escaping the title), so marking it safe is sound.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
