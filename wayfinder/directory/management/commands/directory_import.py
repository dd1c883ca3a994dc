"""Import another publisher's Open Referral UK feed into the Local Offer directory:

    wayfinder manage directory_import SOURCE [--publish] [--dry-run] [--timeout SECONDS] [--per-page N]

SOURCE is an ORUK API base address (``https://example.gov.uk/api/openreferral``) or a JSON file (one full
service, a page of services, or a list of full services). Everything is checked first and written all or
nothing; running it again changes nothing that has not changed in the feed. New services stay unpublished
for an editor to review unless ``--publish``. The rules are in :mod:`wayfinder.directory.importer`.
"""

from django.core.management.base import BaseCommand, CommandError

from wayfinder.directory.importer import DEFAULT_PER_PAGE, DEFAULT_TIMEOUT, FeedError, import_feed


class Command(BaseCommand):
    help = "Import services from an Open Referral UK API or JSON file, all or nothing, with a report."

    def add_arguments(self, parser):
        parser.add_argument("source", help="an Open Referral UK API base address (http/https) or a JSON file")
        parser.add_argument("--publish", action="store_true",
                            help="publish new services at once (default: an editor reviews them first)")
        parser.add_argument("--dry-run", action="store_true", help="check and report, but save nothing")
        parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                            help=f"seconds to wait for each answer from an API (default {DEFAULT_TIMEOUT})")
        parser.add_argument("--per-page", type=int, default=DEFAULT_PER_PAGE,
                            help=f"services to ask an API for on each page (default {DEFAULT_PER_PAGE})")

    def handle(self, *args, source: str, publish: bool, dry_run: bool, timeout: float, per_page: int, **options):
        if timeout <= 0:
            raise CommandError("--timeout must be more than 0 seconds")
        if not 1 <= per_page <= 500:
            raise CommandError("--per-page must be from 1 to 500")
        try:
            report = import_feed(source, publish=publish, dry_run=dry_run, timeout=timeout, per_page=per_page)
        except FeedError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"Nothing was imported: {len(report.errors)} problem"
                               f"{'s' if len(report.errors) != 1 else ''} in the feed (listed above).")
