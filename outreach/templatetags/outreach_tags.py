"""Template tags for outreach pages: QR codes for printed posters."""

from django import template

from portal.qr import qr_svg

register = template.Library()


@register.simple_tag(takes_context=True)
def qr_code(context, page, title=""):
    """An inline SVG QR code of a page's full address (see portal.qr)."""
    return qr_svg(page.get_full_url(context.get("request")), title)
