"""End the plans whose cease decision can no longer be appealed (CAFA 2014 s45, CEASE-HOLD); run daily."""

from django.core.management.base import BaseCommand

from wayfinder.reviews.services import plan_endings_apply


class Command(BaseCommand):
    help = "End plans whose appeal period against ceasing has passed, or whose appeal has ended (CAFA s45)."

    def handle(self, *args, **options):
        counts = plan_endings_apply()
        self.stdout.write(f"Plans ended: {counts['ended']}. Plans continuing after an appeal: {counts['kept']}.")
