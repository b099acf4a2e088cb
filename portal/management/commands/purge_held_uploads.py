"""Remove the files of complaint forms abandoned after an error (the holding area)."""

from django.core.management.base import BaseCommand

from portal import holding


class Command(BaseCommand):
    help = (
        "Delete files kept from refused complaint forms that nobody came back to within "
        "UPLOAD_HOLD_HOURS. Run it from the scheduler (e.g. hourly); idempotent."
    )

    def handle(self, *args, **options):
        removed = holding.prune()
        self.stdout.write(f"{removed} abandoned upload folder(s) removed")
