from django.core.management.base import BaseCommand

from outreach.demo import DEMO_SEED, load_demo_data


class Command(BaseCommand):
    help = "Load the demo network and content (fixed seed, one transaction, safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo data first, then load it anew."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when demo content is already present (used by `make run`).",
        )
        parser.add_argument("--seed", type=int, default=DEMO_SEED)

    def handle(self, *args, reset, if_empty, seed, **options):
        from outreach.models import PortalSettings

        if if_empty and not reset and PortalSettings.objects.exists():
            self.stdout.write("Demo data already present; skipped.")
            return
        counts = load_demo_data(reset=reset, seed=seed)
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
