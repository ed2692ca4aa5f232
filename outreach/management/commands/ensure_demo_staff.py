from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outreach.demo import DEMO_PASSWORD
from outreach.demo_referrals import ensure_demo_partner_accounts
from outreach.demo_volunteers import ensure_demo_volunteer_accounts
from outreach.services import ensure_demo_staff


class Command(BaseCommand):
    help = (
        "Create (or reset) the demo staff and partner accounts and print their credentials. "
        "Development only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.org")
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args, email, password, **options):
        if not settings.DEBUG:
            raise CommandError("The demo staff account is for development only (DEBUG is off).")
        user = ensure_demo_staff(email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo staff account — sign in at http://127.0.0.1:8000/admin/\n"
                f"  email:    {user.email}\n"
                f"  password: {password}"
            )
        )
        partners = ensure_demo_partner_accounts(password=password)
        if partners:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo partner accounts (same password) — sign in at "
                    "http://127.0.0.1:8000/accounts/login/, then open /partners/"
                )
            )
            for email, organisation, role in partners:
                self.stdout.write(f"  {email:<28} {organisation} · {role}")
        volunteers = ensure_demo_volunteer_accounts(password=password)
        if volunteers:
            self.stdout.write(
                self.style.SUCCESS(
                    "Demo volunteer accounts (same password) — sign in, then open /volunteers/me/"
                )
            )
            for email, label in volunteers[:3]:
                self.stdout.write(f"  {email:<28} {label}")
            if len(volunteers) > 3:
                self.stdout.write(f"  … and {len(volunteers) - 3} more (zhiyuanzhe4@example.org …)")
