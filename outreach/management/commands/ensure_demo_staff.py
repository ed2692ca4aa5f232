from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from outreach.services import ensure_demo_staff


class Command(BaseCommand):
    help = "Create (or reset) the demo staff account and print its credentials. Development only."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.org")
        parser.add_argument("--password", default="legal-aid-12348")

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
