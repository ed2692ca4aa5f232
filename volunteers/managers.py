"""Read queries of the volunteer programme."""

from django.db import models
from django.utils import timezone


class VolunteerQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status="approved")

    def active_between(self, start, end):
        """Volunteers with an attended shift or approved extra hours in the period."""
        return self.filter(
            models.Q(
                signups__attendance="attended",
                signups__shift__start__date__gte=start,
                signups__shift__start__date__lte=end,
            )
            | models.Q(
                extra_hours__status="approved",
                extra_hours__date__gte=start,
                extra_hours__date__lte=end,
            )
        ).distinct()


class ShiftQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now())

    def published(self):
        return self.filter(opportunity__is_published=True)


class SignupQuerySet(models.QuerySet):
    def holding(self):
        """Sign-ups that hold a place: confirmed, or offered and not yet expired."""
        return self.filter(status__in=("confirmed", "offered"))

    def waitlist(self):
        return self.filter(status="waitlisted").order_by("created", "pk")

    def attended(self):
        return self.filter(attendance="attended")
