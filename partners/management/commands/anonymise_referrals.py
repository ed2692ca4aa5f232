"""Anonymise the personal fields of finished referrals past the retention period.

Run daily (cron or a systemd timer; see the README's deployment section), or
queue `partners.tasks.anonymise_referrals_task` from a scheduler.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners.services import anonymise_referrals


class Command(BaseCommand):
    help = (
        "Blank names, phone and ID numbers, descriptions and notes of referrals closed, "
        "declined, transferred or withdrawn more than N months ago; statistics are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=f"Retention in months (default: REFERRAL_RETENTION_MONTHS, now "
            f"{settings.REFERRAL_RETENTION_MONTHS}).",
        )

    def handle(self, *args, months=None, **options):
        if months is not None and months < 1:
            raise CommandError("--months must be at least 1.")
        count = anonymise_referrals(months=months)
        self.stdout.write(f"anonymised={count}")
