"""Directory pages for sitemap.xml, beside Wagtail's pages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Area, ServicePoint


class AreaSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Area.objects.exclude(level="province").only("code").order_by("code")

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
