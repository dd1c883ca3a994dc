"""Build (or reuse) the synthetic demo county and print the demo accounts.

    python -m django demo [--size small|county|large] [--rebuild] [--seed N]

Brings the database up to date (``migrate``), loads the local authorities, then builds the county
unless one is already there; ``--rebuild`` empties the database first (``flush``). Refuses to run
with production settings: the county is made-up data with published passwords.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.demo.generator import (
    DEFAULT_SEED,
    SIZES,
    account_rows,
    accounts_table,
    build_county,
    county_exists,
)

URL = "http://localhost:8000/"


class Command(BaseCommand):
    help = "Build the synthetic demo county (made-up children, families, settings and staff) and list its accounts."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=list(SIZES), default="county",
                            help="small (~360 children), county (8,500) or large (85,000)")
        parser.add_argument("--rebuild", action="store_true",
                            help="empty the database (flush) and build the county again")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"random seed: the same seed builds the same county (default {DEFAULT_SEED})")

    @staticmethod
    def _built() -> dict:
        """What the last demo build recorded about itself (size, seed, date, counts)."""
        return (AuditEvent.objects.filter(verb=Verb.GENERATED, target_type="demo.county")
                .order_by("-seq").values_list("payload", flat=True).first()) or {}

    def handle(self, *args, size: str, rebuild: bool, seed: int, verbosity: int = 1, **options):
        if str(getattr(settings, "SETTINGS_MODULE", "")).endswith("production"):
            raise CommandError(
                "The demo county is made-up data with published passwords: it is never built with production "
                "settings. Use DJANGO_SETTINGS_MODULE=config.settings.local."
            )
        started = time.perf_counter()
        quiet = max(0, verbosity - 1)
        call_command("migrate", interactive=False, verbosity=quiet)
        if rebuild:
            self.stdout.write("Emptying the database (--rebuild)…")
            call_command("flush", interactive=False, verbosity=quiet)
        call_command("load_local_authorities", stdout=self.stdout)
        built_counts = self._built().get("counts", {}) if not rebuild and county_exists() else None
        if built_counts is not None and ("reviews" not in built_counts or "directory" not in built_counts):
            # A county from an earlier release, without assessments and reviews, or without the Local Offer
            # directory: it would show empty pages.
            missing = ("EHC needs assessments and reviews" if "reviews" not in built_counts
                       else "the Local Offer directory")
            self.stdout.write(f"The demo county was built by an earlier release, without {missing}: building it "
                              "again…")
            call_command("flush", interactive=False, verbosity=quiet)
            call_command("load_local_authorities", stdout=self.stdout)

        if county_exists():
            built = self._built()
            self.stdout.write(self.style.SUCCESS(
                f"The demo county is already built (size {built.get('size', 'unknown')}, "
                f"seed {built.get('seed', 'unknown')}, on {built.get('on', 'an earlier day')}): reusing it. "
                "Run with --rebuild to start again."
            ))
            if built.get("size") and built.get("size") != size:
                self.stdout.write(self.style.WARNING(
                    f"You asked for --size {size}; run `wayfinder demo --size {size} --rebuild` to build that."
                ))
        else:
            self.stdout.write(f"Building the demo county: size {size}, seed {seed}…")
            county, timings = build_county(size, seed, progress=self.stdout.write if verbosity else None)
            counts = county.counts()
            settings_line = ", ".join(f"{n:,} {kind.replace('_', ' ')}" for kind, n in counts["settings"].items())
            children = counts["children"]
            self.stdout.write(self.style.SUCCESS(
                f"Built in {sum(timings.values()):.1f} s: {counts['localities']} localities; "
                f"{sum(counts['settings'].values()):,} settings ({settings_line}); "
                f"{counts['resourced_provisions']} resourced provisions; "
                f"{children.get('E', 0):,} children and young people with EHC plans and "
                f"{children.get('K', 0):,} on SEN support; {counts['carers']:,} carers; "
                f"{counts['enrolments']:,} enrolments; {counts['involvements']:,} involvements; "
                f"{counts['assessments']:,} EHC needs assessments ({counts['final_plans']:,} with a final plan); "
                f"{counts['reviews'].get('reviews', 0):,} reviews of plans; "
                f"{counts['directory'].get('published services', 0):,} published Local Offer services from "
                f"{counts['directory'].get('organisations', 0):,} organisations; "
                f"{counts['staff_users']} staff and demo accounts. Postcode districts: {county.district_source}."
            ))

        self.stdout.write("")
        self.stdout.write(accounts_table(account_rows()))
        self.stdout.write("")
        self.stdout.write("All demo accounts use the same password. * Staff sign in with a 6-digit code: run "
                          "`wayfinder totp <username>` to get the current one.")
        self.stdout.write(f"Sign in at {URL} (`wayfinder demo` serves it; otherwise run `wayfinder serve`). "
                          f"Ready in {time.perf_counter() - started:.1f} s.")
