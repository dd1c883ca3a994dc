"""Load postcode or postcode district centroids for "near a postcode":

    wayfinder manage directory_load_postcodes FILE.csv [--county Derbyshire ...]

FILE is the postcode districts file (``postcode,…,latitude,longitude,city,county,…``) or a full postcode
directory with ``pcds``, ``lat`` and ``long`` columns (ONS Postcode Directory layout). All or nothing; rows
without a position are reported and skipped. Loading again replaces the same postcodes.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wayfinder.directory.postcodes import PostcodeError, load_csv


class Command(BaseCommand):
    help = "Load postcode or postcode district centroids (latitude and longitude) from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--county", action="append", default=[],
                            help="keep only rows of this county (repeatable); default: every row")

    def handle(self, *args, file: Path, county: list[str], **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file")
        try:
            report = load_csv(file, counties=set(county) or None)
        except PostcodeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Loaded {report.loaded:,} postcode centroids from {file.name}.")
        if report.skipped:
            self.stdout.write(f"Skipped {len(report.skipped):,} rows:")
            for line in report.skipped[:20]:
                self.stdout.write(f"  {line}")
            if len(report.skipped) > 20:
                self.stdout.write(f"  … and {len(report.skipped) - 20:,} more")
