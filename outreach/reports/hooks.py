"""Admin registration of the statistics pages: URLs under /admin/reports/ and menu items.

Imported by `outreach.wagtail_hooks`, which Wagtail loads.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .views import REPORT_PERMISSION


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [path("reports/", include(urls, namespace="statistics"))]


MENU = (
    ("year-end", _("Year-end summary"), "doc-full", 100),
    ("referrals", _("Referral statistics"), "table", 110),
    ("outreach", _("Outreach statistics"), "table", 120),
    ("volunteers", _("Volunteer statistics"), "table", 130),
    ("coverage", _("Network coverage"), "site", 140),
)


def _menu_item(name, label, icon, order):
    def register():
        return StatisticsMenuItem(
            label,
            reverse(f"statistics:{name}"),
            name=f"statistics-{name}",
            icon_name=icon,
            order=order,
        )

    register.__name__ = f"register_statistics_{name.replace('-', '_')}_menu_item"
    return register


for _name, _label, _icon, _order in MENU:
    hooks.register("register_reports_menu_item", _menu_item(_name, _label, _icon, _order))
