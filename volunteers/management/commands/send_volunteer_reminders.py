"""Scheduled job of the volunteer programme: release stale offers and send reminders.

Run it every hour, from cron or a systemd timer, e.g.::

    5 * * * *  cd /srv/portal && .venv/bin/python manage.py send_volunteer_reminders

Hourly keeps offered places moving (an offer expires after VOLUNTEER_OFFER_HOURS);
the shift and credential reminders are idempotent, so they still go out once.
Once a day is the minimum: tomorrow's shift reminders are found by date.
"""

from django.core.management.base import BaseCommand

from volunteers.reminders import send_volunteer_reminders


class Command(BaseCommand):
    help = (
        "Expire place offers not confirmed in time, remind volunteers of tomorrow's shifts "
        "(email and SMS) and of credentials about to expire. Safe to run hourly."
    )

    def handle(self, *args, **options):
        counts = send_volunteer_reminders()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
