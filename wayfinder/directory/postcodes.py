"""Where a postcode is, and how far apart two places are: for "near a postcode" on the public search
and the ``postcode``/``proximity`` parameters of the Open Referral API.

A full postcode (``DE4 3AG``) or just its district (``DE4``) is accepted. A full postcode is looked up in
:class:`~wayfinder.directory.models.PostcodeCentroid` and falls back to its district, so the postcode
districts file is enough; a council that loads a full postcode directory gets exact distances.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from wayfinder.people import identifiers

from .models import PostcodeCentroid

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_MILE = 1609.344
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


class PostcodeError(ValueError):
    """A postcode that is not in the right form, or that we do not know where it is. ``str()`` is the message
    to show."""


@dataclass(frozen=True)
class Place:
    query: str  # what was asked for, tidied: "DE4 3AG" or "DE4"
    latitude: float
    longitude: float
    exact: bool  # a full postcode's own centroid, rather than its district's
    district: str
    name: str = ""


def tidy(value: str) -> tuple[str, str]:
    """``(full postcode or "", district)`` from what someone typed; :class:`PostcodeError` if it is neither
    a postcode nor a postcode district."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not compact:
        raise PostcodeError("Enter a postcode, like DE4 3AG, or the first part of one, like DE4")
    if _DISTRICT.fullmatch(compact):
        return "", compact
    try:
        full = identifiers.normalise_postcode(compact)
    except identifiers.IdentifierError as error:
        raise PostcodeError(f"Enter a real postcode, like DE4 3AG or DE4. {error}") from None
    return full, full.split(" ")[0]


def locate(value: str) -> Place:
    """The centroid of a postcode or district, or :class:`PostcodeError` saying what is wrong."""
    full, district = tidy(value)
    codes = [full, district] if full else [district]
    found = {row.code: row for row in PostcodeCentroid.objects.filter(code__in=codes)}
    for code in codes:
        row = found.get(code)
        if row is not None:
            return Place(full or district, float(row.latitude), float(row.longitude), exact=bool(full) and code == full,
                         district=district, name=row.place)
    if full:
        raise PostcodeError(f"We do not know where {full} is. Check the postcode, or try just the first part "
                            f"(like {district})")
    raise PostcodeError(f"We do not know where {district} is. Check the postcode, or try a full postcode, like "
                        "DE4 3AG")


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def miles(metres: float) -> float:
    return metres / METRES_PER_MILE


# ------------------------------------------------------------------------------------------------ loading


@dataclass
class LoadReport:
    loaded: int = 0
    skipped: list[str] = None  # "line N: reason"

    def __post_init__(self):
        self.skipped = self.skipped or []


#: Column names for each layout: (code, latitude, longitude, place), first match wins.
_CODE_COLUMNS = ("postcode", "pcds", "pcd", "pcd2", "code")
_LAT_COLUMNS = ("latitude", "lat")
_LON_COLUMNS = ("longitude", "long", "lon", "lng")
_PLACE_COLUMNS = ("city", "town", "place")


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[n] for n in names if n in lowered), None)


def load_csv(path: Path, *, counties: set[str] | None = None) -> LoadReport:
    """Load postcode or district centroids from a CSV (the postcode districts file, or a full postcode
    directory with ``pcds``/``lat``/``long`` columns), all or nothing. Rows without a usable position (ONS
    marks them 99.999999) are skipped and reported; ``counties`` keeps only rows of those counties (when the
    file has a ``county`` column)."""
    report = LoadReport()
    rows: dict[str, PostcodeCentroid] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        code_col, lat_col, lon_col = (_column(header, _CODE_COLUMNS), _column(header, _LAT_COLUMNS),
                                      _column(header, _LON_COLUMNS))
        if not (code_col and lat_col and lon_col):
            raise PostcodeError(f"{path.name} needs a postcode column and latitude and longitude columns; it has "
                                f"{', '.join(header) or 'no header'}")
        place_col, county_col = _column(header, _PLACE_COLUMNS), _column(header, ("county",))
        for line, row in enumerate(reader, start=2):
            if counties and county_col and (row.get(county_col) or "").strip() not in counties:
                continue
            raw = (row.get(code_col) or "").strip()
            try:
                full, district = tidy(raw)
                lat, lon = Decimal(row[lat_col].strip()), Decimal(row[lon_col].strip())
            except (PostcodeError, InvalidOperation, AttributeError) as error:
                report.skipped.append(f"line {line}: {raw or 'blank postcode'}: {error or 'no position'}")
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or lat == Decimal("99.999999"):
                report.skipped.append(f"line {line}: {raw}: no position")
                continue
            code = full or district
            rows[code] = PostcodeCentroid(
                code=code, kind=PostcodeCentroid.Kind.UNIT if full else PostcodeCentroid.Kind.DISTRICT,
                latitude=lat.quantize(Decimal("0.000001")), longitude=lon.quantize(Decimal("0.000001")),
                place=(row.get(place_col) or "").strip()[:100] if place_col else "")
    with transaction.atomic():
        PostcodeCentroid.objects.filter(code__in=list(rows)).delete()
        PostcodeCentroid.objects.bulk_create(rows.values(), batch_size=2000)
    report.loaded = len(rows)
    return report
