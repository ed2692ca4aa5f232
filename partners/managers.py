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


OPEN_STATUSES = ("submitted", "under_review", "needs_info")
CLOCK_STATUSES = ("submitted", "under_review")
FINISHED_STATUSES = ("closed", "declined", "transferred", "withdrawn")


class ReferralQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def visible_to_member(self, membership):
        """What a member may open: a coordinator the organisation's, a reporter their own."""
        queryset = self.filter(organisation_id=membership.organisation_id)
        if membership.role != "coordinator":
            queryset = queryset.filter(submitted_by_id=membership.user_id)
        return queryset

    def open(self):
        """Waiting for the centre's decision (including while information is awaited)."""
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        """Undecided past the review deadline (the clock does not run while info is awaited)."""
        from django.utils import timezone

        return self.filter(status__in=CLOCK_STATUSES, review_due_at__lt=now or timezone.now())

    def submitted_between(self, start=None, end=None):
        """Submitted on dates from `start` to `end`, both inclusive (Asia/Shanghai days)."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(submitted_at__date__gte=start)
        if end is not None:
            queryset = queryset.filter(submitted_at__date__lte=end)
        return queryset

    def queue_order(self):
        """Staff triage order: urgent first, then oldest first."""
        return self.order_by("-is_urgent", "submitted_at", "pk")
