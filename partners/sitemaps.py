"""Directory pages for sitemap.xml, beside Wagtail's pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Area, ServicePoint


class AreaSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        # Counties, townships and villages that have an active point (the city
        # itself is the directory's front page).
        return (
            Area.objects.filter(level__in=["county", "township", "village"])
            .filter(points__is_active=True)
            .distinct()
            .only("code")
            .order_by("code")
        )

    def location(self, item):
        return reverse("partners:area", args=[item.code])


class ServicePointSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ServicePoint.objects.active().only("code", "updated").order_by("code")

    def location(self, item):
        return reverse("partners:point", args=[item.code])

    def lastmod(self, item):
        return item.updated
