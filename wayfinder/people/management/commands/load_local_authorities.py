"""Load the dated table of English local authorities from the DfE EHC plan statistics.

    python -m django load_local_authorities [--path CSV]

Reads ``caseload.csv`` of the DfE "Education, health and care plans" release in place (it is never
copied into the repository). Each pair of codes (3-digit DfE ``old_la_code`` and 9-character GSS
``new_la_code``) becomes one ``LocalAuthority`` row, dated by the January censuses it appears in:
``time_period`` 202324 means January 2024, so ``valid_from`` is 1 January of the first census the pair
appears in and ``valid_to`` is 31 January of the last one. Pairs present in the newest census are
still current and have no ``valid_to``. These are the bounds the statistics show, not the legal dates
of a reorganisation (data-standards.md §3.5: never derive an authority from a code prefix).

Running it again updates the same rows (idempotent). If the file is missing, only Derbyshire is
created so the rest of the system (and the demo county) can still run.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wayfinder.people.models import LocalAuthority

RELATIVE_PATH = Path("dfe-ehcp/release-2025-without-latest-year/caseload.csv")
DERBYSHIRE = {"code": "830", "gss_code": "E10000007", "name": "Derbyshire"}
REQUIRED_COLUMNS = {"time_period", "geographic_level", "old_la_code", "new_la_code", "la_name"}


@dataclass
class _Seen:
    name: str
    first: str
    last: str


def _census_year(time_period: str) -> int:
    """``202324`` → 2024 (the January census of the 2023/24 academic year)."""
    if len(time_period) != 6 or not time_period.isdigit():
        raise ValueError(f"time_period {time_period!r} is not an academic year like 202324")
    return int(time_period[:4]) + 1


def read_local_authorities(path: Path) -> list[dict]:
    """The local authority rows of the file, one per pair of codes, with their validity dates."""
    seen: dict[tuple[str, str], _Seen] = {}
    periods: set[str] = set()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = REQUIRED_COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise CommandError(f"{path} is missing the column(s): {', '.join(sorted(missing))}")
        for row in reader:
            period = row["time_period"].strip()
            periods.add(period)
            if row["geographic_level"].strip() != "Local authority":
                continue
            key = (row["old_la_code"].strip(), row["new_la_code"].strip())
            name = row["la_name"].strip()
            entry = seen.get(key)
            if entry is None:
                seen[key] = _Seen(name=name, first=period, last=period)
                continue
            if period < entry.first:
                entry.first = period
            if period >= entry.last:
                entry.last, entry.name = period, name  # the newest name wins
    if not seen:
        raise CommandError(f"{path} has no local authority rows.")
    newest = max(periods)
    return [
        {
            "code": code,
            "gss_code": gss_code,
            "name": entry.name,
            "valid_from": date(_census_year(entry.first), 1, 1),
            "valid_to": None if entry.last == newest else date(_census_year(entry.last), 1, 31),
        }
        for (code, gss_code), entry in sorted(seen.items())
    ]


class Command(BaseCommand):
    help = "Load English local authorities (DfE and GSS codes, with dates) from the DfE EHC plan statistics."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path", type=Path, default=None,
            help=f"the caseload CSV (default: WAYFINDER_SHARED_DATA/{RELATIVE_PATH})",
        )

    def handle(self, *args, **options):
        path: Path = options["path"] or Path(settings.WAYFINDER_SHARED_DATA) / RELATIVE_PATH
        if not path.is_file():
            self.stdout.write(self.style.WARNING(
                f"The DfE caseload file was not found at {path}. Set WAYFINDER_SHARED_DATA to the folder "
                "holding dfe-ehcp/ to load every English local authority; creating Derbyshire (830) only."
            ))
            LocalAuthority.objects.update_or_create(
                code=DERBYSHIRE["code"], gss_code=DERBYSHIRE["gss_code"], defaults={"name": DERBYSHIRE["name"]}
            )
            return
        rows = read_local_authorities(path)
        created = 0
        with transaction.atomic():
            for row in rows:
                _, was_created = LocalAuthority.objects.update_or_create(
                    code=row["code"], gss_code=row["gss_code"],
                    defaults={"name": row["name"], "valid_from": row["valid_from"], "valid_to": row["valid_to"]},
                )
                created += was_created
        current = sum(1 for row in rows if row["valid_to"] is None)
        self.stdout.write(
            f"Local authorities: {len(rows)} code pairs from {path.name} ({current} current, "
            f"{len(rows) - current} superseded); {created} created, {len(rows) - created} updated."
        )
