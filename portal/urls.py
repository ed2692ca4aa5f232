"""Root URL configuration.

The Wagtail admin lives at /admin/ without a language prefix (staff pick their
admin language in their profile; Chinese by default). Public pages, accounts and
display preferences are under `i18n_patterns`: Chinese at `/`, English at `/en/`.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from partners.sitemaps import AreaSitemap, ServicePointSitemap
from portal.health import healthz

SITEMAPS = {"pages": WagtailSitemap, "areas": AreaSitemap, "points": ServicePointSitemap}

urlpatterns = [
    # For the proxy and load balancer: no language prefix, never cached.
    path("healthz", healthz, name="healthz"),
    # Wagtail's own login form would bypass allauth's verification and limits.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin-login",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/directory/", include("partners.api_urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots-txt",
    ),
]

if settings.DEBUG:  # pragma: no cover - development convenience only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("directory/", include("partners.urls")),
    # Partner pages of the outreach app (outreach logs, figures) first, then the portal's.
    path("partners/", include("outreach.partner_urls")),
    path("partners/", include("partners.portal_urls")),
    path("volunteers/", include("volunteers.urls")),
    path("", include("outreach.urls")),
    # Wagtail's page serving is last: it matches every remaining path.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
