"""Read queries of the outreach pages."""

import datetime

from django.utils import timezone
from wagtail.query import PageQuerySet


class EventPageQuerySet(PageQuerySet):
    def upcoming(self):
        """Events that have not ended yet, soonest first."""
        return self.filter(end__gte=timezone.now()).order_by("start", "pk")

    def past(self):
        """Events that have ended, most recent first."""
        return self.filter(end__lt=timezone.now()).order_by("-start", "-pk")

    def in_month(self, year: int, month: int):
        """Events overlapping a calendar month in the site's time zone."""
        tz = timezone.get_current_timezone()
        first = datetime.datetime(year, month, 1, tzinfo=tz)
        following = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
        return self.filter(start__lt=following, end__gte=first).order_by("start", "pk")
