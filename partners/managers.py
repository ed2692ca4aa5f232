"""Read queries of the network."""

from django.db import models


class ServicePointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_area(self, area):
        """Points in an area or anywhere below it (division codes nest by prefix)."""
        return self.filter(area__code__startswith=area.code_prefix)

    def for_directory(self):
        """What a directory list shows, fetched in a fixed number of queries."""
        return (
            self.active()
            .select_related("area", "host_organisation")
            .prefetch_related("groups_served", "services", "opening_hours")
        )
