"""Ask providers to confirm their Local Offer listings are still correct (the reconfirmation schedule):

    wayfinder manage directory_reconfirm [--days-before 14] [--on YYYY-MM-DD] [--base-url https://host]

Emails the provider accounts of each organisation (or the listing's or organisation's email address) about
its listings whose confirm-by date is past or within ``--days-before`` days, unless reminded in the last 14
days, and prints a report. Run it daily (cron or a scheduled task); running it twice on a day sends nothing
the second time.
"""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wayfinder.core.dates import today
from wayfinder.directory.services import REMIND_EVERY_DAYS, reminders_report


class Command(BaseCommand):
    help = "Email providers whose Local Offer listings are due or overdue for confirmation."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=14,
                            help="remind this many days before a listing's confirm-by date (default 14)")
        parser.add_argument("--on", default="", help="the day to run as (YYYY-MM-DD); default today")
        parser.add_argument("--base-url", default=getattr(settings, "WAYFINDER_SITE_URL", ""),
                            help="the site's address, e.g. https://localoffer.example.gov.uk, for the emailed link")

    def handle(self, *args, days_before: int, on: str, base_url: str, **options):
        if days_before < 0:
            raise CommandError("--days-before must be 0 or more")
        try:
            day = date.fromisoformat(on) if on else today()
        except ValueError as error:
            raise CommandError(f"--on must be a date like 2025-09-01, not {on!r}") from error
        report = reminders_report(on=day, days_before=days_before, base_url=base_url)
        self.stdout.write(f"Listings due or overdue for confirmation on {day:%d/%m/%Y}: {report.due}")
        self.stdout.write(f"Reminded: {report.reminded} listing{'s' if report.reminded != 1 else ''} in "
                          f"{report.emails} email{'s' if report.emails != 1 else ''}")
        self.stdout.write(f"Skipped, reminded in the last {REMIND_EVERY_DAYS} days: {report.recently_reminded}")
        if report.no_address:
            self.stdout.write(f"No email address to remind ({len(report.no_address)}): add a provider account or an "
                              "email address to these:")
            for service in report.no_address[:50]:
                self.stdout.write(f"  {service.name} ({service.organisation.name})")
        if report.failed:
            self.stderr.write(f"Could not send to {len(report.failed)} address"
                              f"{'es' if len(report.failed) != 1 else ''}: {', '.join(report.failed[:20])}")
