"""The synthetic demo county: a made-up Derbyshire-shaped local area with settings, staff, children and
young people with SEN, their families and the professionals involved with them.

Two steps, so the same seed always gives the same county:

* :func:`plan_county` builds every row as an unsaved model instance, from ``random.Random(seed)`` and
  the date it is built on, without touching the database;
* :func:`write_county` stores the plan with ``bulk_create`` in batches (no query per row), then writes
  one audit event per child and one for the run with ``audit_record_many``, so the hash chain verifies.

Everyone in it is invented. Identifiers are valid in form but synthetic: NHS numbers use the 999 range
NHS England keeps for test data, phone numbers the Ofcom ranges kept for drama (07700 900xxx,
01632 960xxx), email addresses the reserved ``example`` domains.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import itertools
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from wayfinder.accounts.models import DEFAULT_SCOPE, Role, Scope, Team, TeamKind, User
from wayfinder.audit.models import Verb
from wayfinder.audit.services import PendingEvent, audit_record_many
from wayfinder.core.dates import today
from wayfinder.people import identifiers
from wayfinder.people.codes import (
    ContactMethod,
    Ethnicity,
    Phase,
    ProvisionKind,
    Relationship,
    SENStatus,
    SENType,
    SettingType,
    Sex,
    UPNUnknown,
)
from wayfinder.people.models import (
    Carer,
    Child,
    ChildCarer,
    Enrolment,
    Involvement,
    LocalAuthority,
    Locality,
    ResourcedProvision,
    Setting,
    search_key,
)

from . import names
from .assessments import AssessmentPlanner, read_shares

DEFAULT_SEED = 2019
DEMO_PASSWORD = "wayfinder-demo-2026"
MARKER_LOCALITY = "high-peak-north-dales"
BATCH_SIZE = 2000
AUDIT_CHUNK = 5000
LA_CODE, LA_GSS, LA_NAME = "830", "E10000007", "Derbyshire"
DISTRICTS_FILE = Path("geo/uk-postcode-districts.csv")
TOTP_DEVICE_NAME = "Authenticator app"
CHILD_CREATED_SUMMARY = "Record created by the demo county generator"
# Letters Royal Mail uses in the inward code (never C, I, K, M, O or V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


# ------------------------------------------------------------------------------------------------ sizes


@dataclass(frozen=True)
class Size:
    name: str
    nursery: int
    primary: int
    secondary: int
    special: int
    ap: int
    fe: int
    early_years: int
    resourced: int
    ehc: int
    sen_support: int
    officers_per_team: int
    eps: int
    therapists: int
    social_workers: int

    @property
    def settings_total(self) -> int:
        return (self.nursery + self.primary + self.secondary + self.special + self.ap + self.fe
                + self.early_years)


SIZES: dict[str, Size] = {
    "small": Size("small", 1, 20, 4, 2, 1, 1, 3, 3, 120, 240, 2, 2, 2, 2),
    "county": Size("county", 8, 350, 45, 10, 3, 3, 30, 23, 2_500, 6_000, 5, 8, 4, 8),
    "large": Size("large", 21, 936, 120, 27, 8, 8, 80, 61, 25_000, 60_000, 25, 40, 12, 40),
}


# ------------------------------------------------------------------------------------------- localities


@dataclass(frozen=True)
class LocalityDef:
    code: str
    name: str
    weight: float  # share of the county's children (roughly its share of Derbyshire's population)
    districts: dict[str, str]  # outward code -> town, the full set the plan assigns to this locality
    fallback: tuple[str, ...]  # outward codes used when the districts file is missing


LOCALITIES: tuple[LocalityDef, ...] = (
    LocalityDef(
        "high-peak-north-dales", "High Peak and North Derbyshire Dales", 0.19,
        {"SK13": "Glossop", "SK17": "Buxton", "SK22": "New Mills", "SK23": "Chapel-en-le-Frith",
         "S32": "Hathersage", "S33": "Hope", "DE4": "Matlock", "DE45": "Bakewell"},
        ("SK13", "SK17", "DE4"),
    ),
    LocalityDef(
        "south-derbyshire-south-dales", "South Derbyshire and South Derbyshire Dales", 0.16,
        {"DE11": "Swadlincote", "DE12": "Overseal", "DE65": "Hilton", "DE73": "Melbourne", "DE6": "Ashbourne"},
        ("DE11", "DE65"),
    ),
    LocalityDef("erewash", "Erewash", 0.14, {"DE7": "Ilkeston", "DE72": "Draycott", "NG10": "Long Eaton"}, ("DE7",)),
    LocalityDef(
        "amber-valley", "Amber Valley", 0.16,
        {"DE5": "Ripley", "DE55": "Alfreton", "DE56": "Belper", "DE75": "Heanor"},
        ("DE75", "DE5", "DE56"),
    ),
    LocalityDef(
        "bolsover-north-east-derbyshire", "Bolsover and North East Derbyshire", 0.20,
        {"S44": "Bolsover", "S42": "Wingerworth", "S45": "Clay Cross", "S21": "Eckington", "S18": "Dronfield"},
        ("S44", "S42"),
    ),
    LocalityDef(
        "chesterfield", "Chesterfield", 0.15,
        {"S40": "Chesterfield", "S41": "Chesterfield", "S43": "Staveley"},
        ("S40", "S41"),
    ),
)
CHESTERFIELD = "chesterfield"
# Where a type of setting goes when there are fewer of them than localities.
SPARSE_ORDER = (CHESTERFIELD, "amber-valley", "high-peak-north-dales", "bolsover-north-east-derbyshire",
                "erewash", "south-derbyshire-south-dales")


def read_districts(path: Path | None = None) -> tuple[dict[str, list[tuple[str, str]]], str]:
    """Postcode districts and their towns for each locality, from the shared districts file (county
    Derbyshire), and where they came from. A Derbyshire district the table above does not name goes
    to the locality with the nearest centroid; without the file a small built-in list is used."""
    if path is None:
        path = Path(django_settings.WAYFINDER_SHARED_DATA) / DISTRICTS_FILE
    assigned = {district: loc.code for loc in LOCALITIES for district in loc.districts}
    builtin_town = {district: town for loc in LOCALITIES for district, town in loc.districts.items()}
    fallback = {loc.code: [(d, loc.districts[d]) for d in loc.fallback] for loc in LOCALITIES}
    if not path.is_file():
        return fallback, f"built-in list ({path} not found)"
    rows = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if (row.get("county") or "").strip() != "Derbyshire":
                continue
            district = (row.get("postcode") or "").strip().upper()
            try:
                identifiers.normalise_postcode(f"{district} 1AA")
            except identifiers.IdentifierError:
                continue
            try:
                point = (float(row["latitude"]), float(row["longitude"]))
            except (KeyError, TypeError, ValueError):
                point = None
            town = (row.get("city") or "").strip() or builtin_town.get(district, "")
            rows.append((district, town, point))
    known = [(d, t, p) for d, t, p in rows if d in assigned]
    centroids: dict[str, tuple[float, float]] = {}
    for loc in LOCALITIES:
        points = [p for d, _, p in known if assigned[d] == loc.code and p]
        if points:
            centroids[loc.code] = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    result: dict[str, list[tuple[str, str]]] = {loc.code: [] for loc in LOCALITIES}
    for district, town, point in sorted(rows):
        code = assigned.get(district)
        if code is None and point and centroids:
            code = min(centroids, key=lambda c: math.dist(point, centroids[c]))
        if code is None or not town:
            continue
        result[code].append((district, town))
    for code, found in result.items():
        if not found:
            result[code] = fallback[code]
    return result, str(path)


# ------------------------------------------------------------------------------------------------ mixes


class Weighted:
    """A fixed weighted choice, fast enough to call hundreds of thousands of times."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]):
        self.values = [value for value, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


# National mix of EHC plans by primary need (DfE, January 2024, rounded).
EHC_NEEDS = Weighted([
    (SENType.ASD, 30), (SENType.SLCN, 21), (SENType.SEMH, 15), (SENType.MLD, 11), (SENType.SLD, 7),
    (SENType.SPLD, 4), (SENType.PD, 4), (SENType.PMLD, 2.5), (SENType.HI, 1.7), (SENType.VI, 0.9),
    (SENType.MSI, 0.4), (SENType.OTH, 2.5),
])
# SEN support leans to speech and language, social and emotional, moderate and specific difficulties.
SUPPORT_NEEDS = Weighted([
    (SENType.SLCN, 25), (SENType.SEMH, 21), (SENType.MLD, 17), (SENType.SPLD, 16), (SENType.ASD, 9),
    (SENType.OTH, 4), (SENType.PD, 2.5), (SENType.HI, 1.5), (SENType.VI, 1), (SENType.SLD, 0.7),
    (SENType.MSI, 0.3),
])
# Age in whole years: EHC plans 0–25, most of school age; SEN support 4–16.
EHC_AGES = Weighted(list(enumerate([
    0.05, 0.2, 0.6, 1.4, 2.3, 4.4, 5.3, 6.0, 6.6, 7.1, 7.5, 7.3, 6.9, 6.6, 6.3, 6.0, 6.2, 5.7, 5.0, 3.8,
    1.6, 1.2, 0.9, 0.6, 0.4, 0.2,
])))
SUPPORT_AGES = Weighted([(age, weight) for age, weight in zip(
    range(4, 17), [4, 6, 8, 9, 9.5, 9.5, 9.5, 9, 8.5, 8, 7.5, 7, 4.5], strict=True
)])
EHC_SEX = Weighted([(Sex.MALE, 72), (Sex.FEMALE, 27.7), (Sex.UNKNOWN, 0.3)])
SUPPORT_SEX = Weighted([(Sex.MALE, 64), (Sex.FEMALE, 35.8), (Sex.UNKNOWN, 0.2)])
# Derbyshire's pupils are mostly White British, with small minority communities.
ETHNICITIES = Weighted([
    (Ethnicity.WBRI, 86), (Ethnicity.WOTH, 3.2), (Ethnicity.WIRI, 0.2), (Ethnicity.WIRT, 0.2),
    (Ethnicity.WROM, 0.3), (Ethnicity.MWBC, 1.4), (Ethnicity.MWBA, 0.4), (Ethnicity.MWAS, 1.0),
    (Ethnicity.MOTH, 1.3), (Ethnicity.AIND, 0.7), (Ethnicity.APKN, 0.8), (Ethnicity.ABAN, 0.2),
    (Ethnicity.AOTH, 0.5), (Ethnicity.BCRB, 0.2), (Ethnicity.BAFR, 0.7), (Ethnicity.BOTH, 0.2),
    (Ethnicity.CHNE, 0.3), (Ethnicity.OOTH, 0.5), (Ethnicity.REFU, 0.4), (Ethnicity.NOBT, 1.5),
])
CONTACT = Weighted([(ContactMethod.EMAIL, 55), (ContactMethod.SMS, 25), (ContactMethod.PHONE, 10),
                    (ContactMethod.POST, 10)])
RP_SPECIALISMS = Weighted([(SENType.ASD, 45), (SENType.SLCN, 20), (SENType.PD, 10), (SENType.HI, 8),
                           (SENType.SEMH, 7), (SENType.VI, 5), (SENType.MLD, 5)])
COMMUNICATION_NEEDS = {
    SENType.HI: "Uses British Sign Language; book a BSL interpreter for meetings.",
    SENType.VI: "Needs documents in large print or read aloud.",
    SENType.PMLD: "Communicates through sounds, facial expression and objects of reference.",
    SENType.SLD: "Uses Makaton signs and symbols.",
    SENType.SLCN: "Uses a communication book (PECS) alongside speech.",
}
HEALTH_TEAM_FOR_NEED = {
    SENType.SLCN: ("slt", 0.6, 0.3), SENType.ASD: ("paediatrics", 0.5, 0.2),
    SENType.PD: ("paediatrics", 0.7, 0.4), SENType.PMLD: ("paediatrics", 0.8, 0.5),
    SENType.SLD: ("paediatrics", 0.7, 0.4), SENType.MSI: ("paediatrics", 0.7, 0.4),
    SENType.HI: ("paediatrics", 0.4, 0.2), SENType.VI: ("paediatrics", 0.4, 0.2),
    SENType.SEMH: ("camhs", 0.45, 0.2),
}

# ------------------------------------------------------------------------------------- demo accounts


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    first_name: str
    last_name: str
    job_title: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("officer", Role.CASEWORK_OFFICER, "Helen", "Marsh", "SEN casework officer, Chesterfield"),
    DemoAccount("manager", Role.TEAM_MANAGER, "Gareth", "Lomas", "SEN team manager, Chesterfield"),
    DemoAccount("panel", Role.PANEL_MEMBER, "Priya", "Sandhu", "SEN panel member"),
    DemoAccount("ep", Role.EDUCATIONAL_PSYCHOLOGIST, "Tom", "Ashworth", "Educational psychologist"),
    DemoAccount("health", Role.HEALTH_PROFESSIONAL, "Claire", "Redfern", "Speech and language therapist"),
    DemoAccount("socialcare", Role.SOCIAL_CARE, "Marcus", "Bennett", "Social worker"),
    DemoAccount("senco", Role.SENCO, "Joanne", "Hibbert", "SENCO"),
    DemoAccount("earlyyears", Role.EARLY_YEARS, "Kerry", "Wain", "Early years SENCO"),
    DemoAccount("parent", Role.PARENT, "Sarah", "Marsden", ""),
    DemoAccount("youngperson", Role.YOUNG_PERSON, "Jamie", "Marsden", ""),
    DemoAccount("strategic", Role.STRATEGIC_LEAD, "Anita", "Chowdhury", "Head of SEND strategy and performance"),
    DemoAccount("editor", Role.DIRECTORY_EDITOR, "Rob", "Fearn", "Local Offer editor"),
    DemoAccount("provider", Role.DIRECTORY_PROVIDER, "Lucy", "Hallam",
                "Family support coordinator, Peak and Dales Autism Family Network"),
    DemoAccount("admin", Role.SYSTEM_ADMIN, "Sam", "Okafor", "System administrator"),
)
DEMO_USERNAMES = tuple(account.username for account in DEMO_ACCOUNTS)
# Django admin models the system administrator may manage: organisation data, never children.
ADMIN_MODELS = {
    "accounts": ("user", "team"),
    "people": ("locality", "localauthority", "setting", "resourcedprovision", "closure"),
}


def totp_key(seed: int, username: str) -> str:
    """A demo account's fixed TOTP secret (20 bytes, hex), derived from the seed."""
    return hashlib.sha256(f"wayfinder-demo-totp:{seed}:{username}".encode()).hexdigest()[:40]


# ------------------------------------------------------------------------------------------------ plan


@dataclass
class County:
    """Every row of a demo county, as unsaved model instances."""

    size: Size
    seed: int
    on: date
    district_source: str = ""
    localities: list[Locality] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    provisions: list[ResourcedProvision] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    user_localities: list[tuple[User, Locality]] = field(default_factory=list)
    accounts: dict[str, User] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)
    carers: list[Carer] = field(default_factory=list)
    links: list[ChildCarer] = field(default_factory=list)
    enrolments: list[Enrolment] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    assessments: list = field(default_factory=list)
    clock_events: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    advice: list = field(default_factory=list)
    consultations: list = field(default_factory=list)
    exceptions: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    versions: list = field(default_factory=list)
    representations: list = field(default_factory=list)
    setting_of_version: dict = field(default_factory=dict)
    review_counts: dict = field(default_factory=dict)
    directory_counts: dict = field(default_factory=dict)

    def counts(self) -> dict[str, Any]:
        return {
            "localities": len(self.localities),
            "settings": dict(sorted(Counter(s.setting_type for s in self.settings).items())),
            "resourced_provisions": len(self.provisions),
            "teams": len(self.teams),
            "staff_users": len(self.users),
            "children": dict(sorted(Counter(c.sen_status for c in self.children).items())),
            "carers": len(self.carers),
            "enrolments": len(self.enrolments),
            "involvements": len(self.involvements),
            "assessments": len(self.assessments),
            "final_plans": sum(v.status == "final" for v in self.versions),
            "reviews": dict(self.review_counts),
            "directory": dict(self.directory_counts),
        }


@dataclass
class _Family:
    surname: str
    ethnicity: str
    district: str
    town: str
    postcode: str
    address: str
    language: str
    carers: list[tuple[Carer, str, bool]]  # carer, relationship, parental responsibility


def _cohort(dob: date) -> int:
    """The calendar year in which the academic year of a child's birth began (September to August)."""
    return dob.year if dob.month >= 9 else dob.year - 1


def _apportion(total: int, codes: Sequence[str], weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` between localities by weight (largest remainder), each getting at least one when
    there are enough to go round; fewer than that go to the localities in ``SPARSE_ORDER``."""
    if total < len(codes):
        return {code: int(code in SPARSE_ORDER[:total]) for code in codes}
    share = sum(weights[c] for c in codes)
    quotas = {c: total * weights[c] / share for c in codes}
    counts = {c: max(1, math.floor(q)) for c, q in quotas.items()}
    by_remainder = sorted(codes, key=lambda c: (counts[c] - quotas[c], SPARSE_ORDER.index(c)))
    i = 0
    while sum(counts.values()) < total:
        counts[by_remainder[i % len(codes)]] += 1
        i += 1
    while sum(counts.values()) > total:
        biggest = max(codes, key=lambda c: counts[c])
        counts[biggest] -= 1
    return counts


class _Planner:
    def __init__(self, size: Size, seed: int, on: date, districts_path: Path | None):
        self.rng = random.Random(seed)
        self.on = on
        self.academic_year = on.year if on.month >= 9 else on.year - 1
        self.county = County(size=size, seed=seed, on=on)
        self.districts, self.county.district_source = read_districts(districts_path)
        self.locality_by_code: dict[str, Locality] = {}
        self.locality_pick = Weighted([(loc.code, loc.weight) for loc in LOCALITIES])
        self.weights = {loc.code: loc.weight for loc in LOCALITIES}
        # (locality code, setting type) -> settings, and the county-wide list per type
        self.by_type: dict[tuple[str, str], list[Setting]] = defaultdict(list)
        self.county_by_type: dict[str, list[Setting]] = defaultdict(list)
        self._candidates: dict[tuple[str, str, int], list[Setting]] = {}
        self.estab: dict[int, str] = {}  # id(setting) -> 4-digit establishment number
        self.provisions_for: dict[tuple[str, str], list[ResourcedProvision]] = defaultdict(list)
        self.places_left: dict[int, int] = {}
        self.officers: dict[str, list[User]] = {}
        self.officer_turn: Counter = Counter()
        self.team_by_key: dict[str, Team] = {}
        self.team_members: dict[str, list[User]] = defaultdict(list)
        self.upn_serials: Counter = Counter()
        self.used_nhs: set[str] = set()
        self.used_uln: set[str] = set()
        self.used_usernames: set[str] = set(DEMO_USERNAMES)
        self.used_setting_names: set[str] = set()
        self.last_family: dict[str, _Family] = {}
        self.current: dict[int, Enrolment] = {}  # id(child) -> current enrolment

    # -------------------------------------------------------------------------------------- helpers

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def postcode(self, district: str) -> str:
        rng = self.rng
        return f"{district} {rng.randrange(10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"

    def place(self, code: str) -> tuple[str, str]:
        return self.rng.choice(self.districts[code])

    def mobile(self) -> str:
        return f"07700 900{self.rng.randrange(1000):03d}"

    def landline(self) -> str:
        return f"01632 960{self.rng.randrange(1000):03d}"

    def day_between(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randrange((last - first).days + 1))

    def date_of_birth(self, age: int) -> date:
        latest = self.on - relativedelta(years=age)
        earliest = self.on - relativedelta(years=age + 1) + timedelta(days=1)
        return self.day_between(earliest, latest)

    def nhs_number(self) -> str:
        while True:
            number = identifiers.make_nhs_number(f"999{self.rng.randrange(10**6):06d}")
            if number and number not in self.used_nhs:
                self.used_nhs.add(number)
                return number

    def uln(self) -> str:
        while True:
            number = identifiers.make_uln(str(self.rng.randrange(10**8, 10**9)))
            if number and number not in self.used_uln:
                self.used_uln.add(number)
                return number

    def upn(self, estab: str, year: int) -> str:
        year = min(year, self.on.year)
        while True:
            key = (estab, year % 100)
            self.upn_serials[key] += 1
            serial = self.upn_serials[key]
            if serial <= 999:
                return identifiers.make_upn(LA_CODE, estab, f"{year % 100:02d}", f"{serial:03d}")
            year -= 1  # a full year of serials at this school: take the year before

    def username(self, first: str, last: str) -> str:
        base = f"{search_key(first)}.{search_key(last)}"
        for n in itertools.count(1):
            candidate = base if n == 1 else f"{base}{n}"
            if candidate not in self.used_usernames:
                self.used_usernames.add(candidate)
                return candidate
        raise AssertionError("unreachable")

    def unique_name(self, make: Callable[[], str], fallback: Callable[[str], str]) -> str:
        for _ in range(40):
            name = make()
            if name not in self.used_setting_names:
                self.used_setting_names.add(name)
                return name
        for n in itertools.count(2):
            name = fallback(str(n))
            if name not in self.used_setting_names:
                self.used_setting_names.add(name)
                return name
        raise AssertionError("unreachable")

    # ------------------------------------------------------------------------------------ structure

    def localities(self) -> None:
        for loc in LOCALITIES:
            districts = self.districts[loc.code]
            towns = sorted({town for _, town in districts})
            locality = Locality(
                name=loc.name, code=loc.code, postcode_districts=[d for d, _ in districts],
                description=f"SEND locality covering {', '.join(towns)}.",
            )
            self.county.localities.append(locality)
            self.locality_by_code[loc.code] = locality

    def teams(self) -> None:
        for loc in LOCALITIES:
            team = Team(
                name=f"SEN casework – {loc.name}", kind=TeamKind.SEN_CASEWORK,
                locality=self.locality_by_code[loc.code], email=f"sen.{loc.code}@derbyshire.example",
                phone=self.landline(),
            )
            self.team_by_key[loc.code] = team
        for key, name, kind in (
            ("ep", "Educational Psychology Service", TeamKind.EDUCATIONAL_PSYCHOLOGY),
            ("paediatrics", "Community Paediatrics", TeamKind.HEALTH),
            ("camhs", "CAMHS (Child and Adolescent Mental Health Services)", TeamKind.HEALTH),
            ("slt", "Speech and Language Therapy", TeamKind.HEALTH),
            ("social_care", "Children's Social Care", TeamKind.SOCIAL_CARE),
        ):
            self.team_by_key[key] = Team(name=name, kind=kind, email=f"{key.replace('_', '')}@derbyshire.example",
                                         phone=self.landline())
        # The Local Offer's "ask us" team, which owns carers' questions (wayfinder.directory.carers).
        self.team_by_key["ask_us"] = Team(name=django_settings.WAYFINDER_ASK_US_TEAM, kind=TeamKind.OTHER,
                                          email="localoffer@derbyshire.example", phone="01632 960000")
        self.county.teams.extend(self.team_by_key.values())

    def add_setting(self, code: str, setting_type: str, make_name: Callable[[str], str],
                    fallback: Callable[[str, str], str], *, phase: str, ages: tuple[int, int],
                    urn: str = "", ukprn: str = "", estab: str = "") -> Setting:
        district, town = self.place(code)
        name = self.unique_name(lambda: make_name(town), lambda n: fallback(town, n))
        setting = Setting(
            name=name, setting_type=setting_type, phase=phase, urn=urn, ukprn=ukprn,
            dfe_number=f"{LA_CODE}{estab}" if estab else "", age_low=ages[0], age_high=ages[1],
            locality=self.locality_by_code[code], postcode=self.postcode(district),
            address=f"{self.rng.choice(names.STREETS)}, {town}", phone=self.landline(),
        )
        self.county.settings.append(setting)
        self.by_type[(code, setting_type)].append(setting)
        self.county_by_type[setting_type].append(setting)
        if estab:
            self.estab[id(setting)] = estab
        return setting

    def settings(self) -> None:
        size, rng = self.county.size, self.rng
        codes = [loc.code for loc in LOCALITIES]
        with_urn = size.settings_total - size.early_years
        urns = iter(rng.sample(range(110000, 160000), with_urn))
        estabs = {
            SettingType.NURSERY: iter(rng.sample(range(1000, 1100), size.nursery)),
            SettingType.AP: iter(rng.sample(range(1100, 1200), size.ap)),
            SettingType.PRIMARY: iter(rng.sample(range(2000, 4000), size.primary)),
            SettingType.SECONDARY: iter(rng.sample(range(4000, 6000), size.secondary)),
            SettingType.SPECIAL: iter(rng.sample(range(7000, 7200), size.special)),
        }
        ukprns = iter(rng.sample(range(10000000, 10100000), size.fe))
        primary_kinds = Weighted([((k, lo, hi), w) for k, lo, hi, w in names.PRIMARY_KINDS])
        secondary_kinds = Weighted([((k, lo, hi), w) for k, lo, hi, w in names.SECONDARY_KINDS])
        word = lambda: rng.choice(names.SCHOOL_WORDS)  # noqa: E731

        def estab(kind: str) -> str:
            return f"{next(estabs[kind]):04d}"

        for setting_type, total in (
            (SettingType.NURSERY, size.nursery), (SettingType.PRIMARY, size.primary),
            (SettingType.SECONDARY, size.secondary), (SettingType.SPECIAL, size.special),
            (SettingType.AP, size.ap), (SettingType.FE_COLLEGE, size.fe), (SettingType.EARLY_YEARS, size.early_years),
        ):
            for code, count in _apportion(total, codes, self.weights).items():
                for i in range(count):
                    if setting_type == SettingType.NURSERY:
                        self.add_setting(code, setting_type, lambda t: f"{t} Nursery School",
                                         lambda t, n: f"{t} {word()} Nursery School",
                                         phase=Phase.EARLY_YEARS, ages=(2, 4), urn=str(next(urns)),
                                         estab=estab(setting_type))
                    elif setting_type == SettingType.PRIMARY:
                        # the first primary in each locality takes the whole 4–11 range
                        kind, low, high = names.PRIMARY_KINDS[0][:3] if i == 0 else primary_kinds.pick(rng)
                        self.add_setting(code, setting_type, lambda t, k=kind: f"{t} {word()} {k}",
                                         lambda t, n, k=kind: f"{t} {word()} {k} ({n})",
                                         phase=Phase.PRIMARY, ages=(low, high), urn=str(next(urns)),
                                         estab=estab(setting_type))
                    elif setting_type == SettingType.SECONDARY:
                        kind, low, high = names.SECONDARY_KINDS[0][:3] if i == 0 else secondary_kinds.pick(rng)
                        self.add_setting(code, setting_type, lambda t, k=kind: f"{t} {word()} {k}",
                                         lambda t, n, k=kind: f"{t} {word()} {k} ({n})",
                                         phase=Phase.SECONDARY, ages=(low, high), urn=str(next(urns)),
                                         estab=estab(setting_type))
                    elif setting_type == SettingType.SPECIAL:
                        self.add_setting(code, setting_type,
                                         lambda t: f"{rng.choice(names.SPECIAL_NAMES)} "
                                                   f"{rng.choice(names.SPECIAL_KINDS)}",
                                         lambda t, n: f"{t} {rng.choice(names.SPECIAL_NAMES)} School",
                                         phase=Phase.NOT_APPLICABLE, ages=(2, 19), urn=str(next(urns)),
                                         estab=estab(setting_type))
                    elif setting_type == SettingType.AP:
                        self.add_setting(code, setting_type, lambda t: f"{t} Support Centre",
                                         lambda t, n: f"{t} {word()} Support Centre",
                                         phase=Phase.NOT_APPLICABLE, ages=(5, 16), urn=str(next(urns)),
                                         estab=estab(setting_type))
                    elif setting_type == SettingType.FE_COLLEGE:
                        self.add_setting(code, setting_type, lambda t: f"{t} College",
                                         lambda t, n: f"{t} College of Further Education ({n})",
                                         phase=Phase.POST16, ages=(16, 25), urn=str(next(urns)),
                                         ukprn=str(next(ukprns)))
                    else:
                        self.add_setting(code, setting_type,
                                         lambda t: f"{rng.choice(names.EARLY_YEARS_NAMES)} "
                                                   f"{rng.choice(names.EARLY_YEARS_KINDS)}",
                                         lambda t, n: f"{rng.choice(names.EARLY_YEARS_NAMES)} "
                                                      f"{rng.choice(names.EARLY_YEARS_KINDS)}, {t}",
                                         phase=Phase.EARLY_YEARS, ages=(0, 4))

    def provisions(self) -> None:
        codes = [loc.code for loc in LOCALITIES]
        for code, count in _apportion(self.county.size.resourced, codes, self.weights).items():
            hosts = self.by_type[(code, SettingType.PRIMARY)] + self.by_type[(code, SettingType.SECONDARY)]
            for host in self.rng.sample(hosts, min(count, len(hosts))):
                provision = ResourcedProvision(
                    setting=host,
                    kind=ProvisionKind.RESOURCED if self.chance(0.8) else ProvisionKind.SEN_UNIT,
                    specialism=RP_SPECIALISMS.pick(self.rng),
                    commissioned_places=self.rng.randint(8, 20),
                )
                self.county.provisions.append(provision)
                self.provisions_for[(code, provision.specialism)].append(provision)
                self.places_left[id(provision)] = provision.commissioned_places

    def user(self, role: str, first: str, last: str, *, username: str = "", team: Team | None = None,
             scope: str | None = None, setting: Setting | None = None, job_title: str = "",
             localities: Sequence[Locality] = ()) -> User:
        username = username or self.username(first, last)
        user = User(
            username=username, first_name=first, last_name=last, email=f"{username}@wayfinder.example",
            role=role, scope=scope or DEFAULT_SCOPE.get(role, Scope.NONE), team=team, setting=setting,
            job_title=job_title,
        )
        self.county.users.append(user)
        self.county.user_localities.extend((user, locality) for locality in localities)
        if team is not None:
            key = next(k for k, t in self.team_by_key.items() if t is team)
            self.team_members[key].append(user)
        return user

    def staff_name(self) -> tuple[str, str]:
        first = self.rng.choice(names.MOTHERS if self.chance(0.7) else names.FATHERS)
        return first, self.rng.choice(names.SURNAMES)

    def demo_account(self, username: str, **kwargs) -> User:
        account = next(a for a in DEMO_ACCOUNTS if a.username == username)
        user = self.user(account.role, account.first_name, account.last_name, username=username,
                         job_title=account.job_title, **kwargs)
        self.county.accounts[username] = user
        return user

    def staff(self) -> None:
        size = self.county.size
        for loc in LOCALITIES:
            team, locality = self.team_by_key[loc.code], self.locality_by_code[loc.code]
            officers = []
            if loc.code == CHESTERFIELD:
                officers.append(self.demo_account("officer", team=team))
                self.demo_account("manager", team=team, localities=[locality])
            else:
                self.user(Role.TEAM_MANAGER, *self.staff_name(), team=team, localities=[locality],
                          job_title=f"SEN team manager, {loc.name}")
            while len(officers) < size.officers_per_team:
                officers.append(self.user(Role.CASEWORK_OFFICER, *self.staff_name(), team=team,
                                          job_title=f"SEN casework officer, {loc.name}"))
            self.officers[loc.code] = officers
        self.demo_account("panel")
        for key, username, role, title, count in (
            ("ep", "ep", Role.EDUCATIONAL_PSYCHOLOGIST, "Educational psychologist", size.eps),
            ("slt", "health", Role.HEALTH_PROFESSIONAL, "Speech and language therapist", size.therapists),
            ("paediatrics", None, Role.HEALTH_PROFESSIONAL, "Community paediatrician", max(1, size.therapists // 2)),
            ("camhs", None, Role.HEALTH_PROFESSIONAL, "CAMHS practitioner", max(1, size.therapists // 2)),
            ("social_care", "socialcare", Role.SOCIAL_CARE, "Social worker", size.social_workers),
        ):
            team = self.team_by_key[key]
            if username:
                self.demo_account(username, team=team)
            while len(self.team_members[key]) < count:
                self.user(role, *self.staff_name(), team=team, job_title=title)
        # settings for the SENCO and early years practitioner are chosen once the children are placed
        for username in ("senco", "earlyyears", "parent", "youngperson", "strategic", "admin", "provider"):
            self.demo_account(username)
        self.demo_account("editor", team=self.team_by_key["ask_us"])

    # ------------------------------------------------------------------------------------- children

    def candidates(self, code: str, setting_type: str, year_age: int) -> list[Setting]:
        """Settings of a type that take children of this school-year age, in the locality if it has any,
        otherwise anywhere in the county. A setting's age range is statutory-style (a 4–11 primary takes
        reception to year 6), so it takes children whose age on 31 August is at least the lowest age and
        below the highest."""
        key = (code, setting_type, year_age)
        found = self._candidates.get(key)
        if found is None:
            found = [s for s in self.by_type[(code, setting_type)] if s.age_low <= year_age < s.age_high]
            if not found:  # none of this kind in the locality: the nearest is elsewhere in the county
                found = [s for s in self.county_by_type[setting_type] if s.age_low <= year_age < s.age_high]
            self._candidates[key] = found
        return found

    def year_age(self, dob: date) -> int:
        """Age on 31 August before this school year: 4 in reception, 10 in year 6, 15 in year 11."""
        return self.academic_year - _cohort(dob) - 1

    def placement(self, status: str, year_age: int) -> str | None:
        """The type of setting a child in this school year and with this SEN status attends now, or None."""
        r, a = self.rng.random(), year_age
        table: list[tuple[float, str | None]]
        if status == SENStatus.SEN_SUPPORT:
            if a <= 3:
                table = [(0.7, SettingType.EARLY_YEARS), (1, SettingType.NURSERY)]
            elif a <= 10:
                table = [(0.99, SettingType.PRIMARY), (1, SettingType.AP)]
            elif a <= 15:
                table = [(0.97, SettingType.SECONDARY), (1, SettingType.AP)]
            else:
                table = [(0.5, SettingType.SECONDARY), (1, SettingType.FE_COLLEGE)]
        elif a <= 1:
            table = [(0.65, None), (1, SettingType.EARLY_YEARS)]
        elif a <= 3:
            table = [(0.1, None), (0.65, SettingType.EARLY_YEARS), (0.85, SettingType.NURSERY),
                     (1, SettingType.SPECIAL)]
        elif a == 4:
            table = [(0.8, SettingType.PRIMARY), (1, SettingType.SPECIAL)]
        elif a <= 10:
            table = [(0.2, SettingType.SPECIAL), (0.21, SettingType.AP), (1, SettingType.PRIMARY)]
        elif a <= 15:
            table = [(0.24, SettingType.SPECIAL), (0.28, SettingType.AP), (1, SettingType.SECONDARY)]
        elif a <= 17:
            table = [(0.2, SettingType.SPECIAL), (0.45, SettingType.SECONDARY), (0.95, SettingType.FE_COLLEGE),
                     (1, None)]
        elif a == 18:
            table = [(0.2, SettingType.SPECIAL), (0.75, SettingType.FE_COLLEGE), (1, None)]
        else:
            table = [(0.45, SettingType.FE_COLLEGE), (1, None)]
        return next(kind for limit, kind in table if r < limit)

    def start_date(self, setting: Setting, dob: date) -> date:
        """When a child joined their current setting: the September they reached its first year group, or
        for early years, special schools and AP a date in the last few years."""
        cohort, on, setting_type = _cohort(dob), self.on, setting.setting_type
        if setting_type in (SettingType.PRIMARY, SettingType.SECONDARY):
            entry_age = {4: 5, 7: 8, 11: 12}[setting.age_low]
            start = date(cohort + entry_age, 9, self.rng.randint(1, 7))
        elif setting_type == SettingType.FE_COLLEGE:
            start = max(date(cohort + 17, 9, self.rng.randint(1, 10)),
                        date(on.year - self.rng.randint(1, 3), 9, self.rng.randint(1, 10)))
        elif setting_type == SettingType.AP:
            start = on - timedelta(days=self.rng.randint(20, 540))
        else:  # early years, nursery, special
            start = self.day_between(max(dob + relativedelta(years=setting.age_low), on - timedelta(days=6 * 365)),
                                     on - timedelta(days=20))
        return min(max(start, dob + timedelta(days=90)), on - timedelta(days=1))

    def family(self, code: str, looked_after: bool) -> _Family:
        rng = self.rng
        ethnicity = ETHNICITIES.pick(rng)
        if ethnicity in (Ethnicity.WOTH, Ethnicity.WROM) and self.chance(0.7):
            surname = rng.choice(names.EAST_EUROPEAN["surnames"])
            language = Weighted(names.EAST_EUROPEAN["languages"]).pick(rng)
            if ethnicity == Ethnicity.WROM:
                language = Weighted(names.HOME_LANGUAGES["WROM"]).pick(rng)
        elif ethnicity in names.SURNAMES_BY_ETHNICITY and (ethnicity != Ethnicity.BCRB or self.chance(0.5)):
            surname = rng.choice(names.SURNAMES_BY_ETHNICITY[ethnicity])
            language = Weighted(names.HOME_LANGUAGES.get(ethnicity, (("English", 1),))).pick(rng)
        else:
            surname, language = rng.choice(names.SURNAMES), "English"
        district, town = self.place(code)
        postcode = self.postcode(district)
        address = f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}, {town}"
        fam = _Family(surname, ethnicity, district, town, postcode, address, language, [])
        if looked_after:
            carer = self.carer(rng.choice(names.MOTHERS), rng.choice(names.SURNAMES), fam, "English")
            fam.carers.append((carer, Relationship.FOSTER_CARER, False))
            return fam
        first_relationship = Relationship.MOTHER if self.chance(0.92) else Relationship.FATHER
        mother_surname = surname if self.chance(0.8) else rng.choice(names.SURNAMES)
        if first_relationship == Relationship.MOTHER:
            fam.carers.append((self.carer(rng.choice(names.MOTHERS), mother_surname, fam, language),
                               Relationship.MOTHER, True))
        else:
            fam.carers.append((self.carer(rng.choice(names.FATHERS), surname, fam, language),
                               Relationship.FATHER, True))
        if self.chance(0.55):
            r = rng.random()
            if first_relationship == Relationship.FATHER or r < 0.7:
                relationship, given, family_name, pr = (
                    (Relationship.MOTHER, rng.choice(names.MOTHERS), mother_surname, True)
                    if first_relationship == Relationship.FATHER
                    else (Relationship.FATHER, rng.choice(names.FATHERS), surname, self.chance(0.9))
                )
            elif r < 0.82:
                relationship, given, family_name, pr = (Relationship.STEP_PARENT, rng.choice(names.FATHERS),
                                                        rng.choice(names.SURNAMES), False)
            elif r < 0.96:
                grandmother = self.chance(0.7)
                relationship, given, family_name, pr = (
                    Relationship.GRANDPARENT,
                    rng.choice(names.GRANDMOTHERS if grandmother else names.GRANDFATHERS), surname, False)
            else:
                relationship, given, family_name, pr = (Relationship.SPECIAL_GUARDIAN, rng.choice(names.GRANDMOTHERS),
                                                        surname, True)
            fam.carers.append((self.carer(given, family_name, fam, language), relationship, pr))
        return fam

    def carer(self, given: str, family_name: str, fam: _Family, language: str) -> Carer:
        rng = self.rng
        preference = CONTACT.pick(rng)
        has_email = preference == ContactMethod.EMAIL or self.chance(0.7)
        has_phone = preference in (ContactMethod.SMS, ContactMethod.PHONE) or self.chance(0.85)
        interpreter = language != "English" and self.chance(0.35)
        carer = Carer(
            given_name=given, family_name=family_name,
            email=(f"{search_key(given)}.{search_key(family_name)}{rng.randrange(100)}@example.com"
                   if has_email else ""),
            phone=self.mobile() if has_phone else "",
            address=fam.address, postcode=fam.postcode, contact_preference=preference,
            needs_interpreter=interpreter, interpreter_language=language if interpreter else "",
            easy_read=self.chance(0.04), large_print=self.chance(0.01),
        )
        self.county.carers.append(carer)
        return carer

    def enrol(self, child: Child, setting: Setting, start: date, end: date | None = None,
              provision: ResourcedProvision | None = None) -> Enrolment:
        enrolment = Enrolment(child=child, setting=setting, start_date=start, end_date=end,
                              resourced_provision=provision)
        self.county.enrolments.append(enrolment)
        if end is None:
            self.current[id(child)] = enrolment
        return enrolment

    def involve(self, child: Child, key: str, description: str, named: float) -> None:
        team = self.team_by_key[key]
        members = self.team_members[key]
        user = self.rng.choice(members) if members and self.chance(named) else None
        dob = child.date_of_birth
        earliest = max(dob, min(max(dob + timedelta(days=180), self.on - timedelta(days=3 * 365)),
                                self.on - timedelta(days=1)))
        start = min(self.day_between(earliest, self.on - timedelta(days=7)), self.on)
        end = None
        if self.chance(0.12) and start < self.on - timedelta(days=60):
            end = self.day_between(start + timedelta(days=30), self.on - timedelta(days=1))
        self.county.involvements.append(Involvement(
            child=child, user=user, team=None if user else team, role_description=description,
            start_date=start, end_date=end,
        ))

    def child(self, status: str, *, code: str | None = None, age: int | None = None, sex: str | None = None,
              forename: str = "", family: _Family | None = None, need: str | None = None,
              setting_type: str | None = "", caseworker: User | None = None, user: User | None = None,
              known: bool | None = None) -> Child:
        rng, ehc = self.rng, status == SENStatus.EHC_PLAN
        code = code or self.locality_pick.pick(rng)
        age = (EHC_AGES if ehc else SUPPORT_AGES).pick(rng) if age is None else age
        sex = sex or (EHC_SEX if ehc else SUPPORT_SEX).pick(rng)
        primary = need or (EHC_NEEDS if ehc else SUPPORT_NEEDS).pick(rng)
        secondary = ""
        if self.chance(0.35 if ehc else 0.2):
            secondary = (EHC_NEEDS if ehc else SUPPORT_NEEDS).pick(rng)
            secondary = "" if secondary == primary else secondary
        if known is None:
            known = self.chance(0.16 if primary == SENType.SEMH else 0.06)  # about 8% overall
        looked_after = known and self.chance(0.2)
        if family is None:
            sibling = self.last_family.get(code)
            if sibling is not None and not looked_after and self.chance(0.07):
                family = sibling
            else:
                family = self.family(code, looked_after)
                if not looked_after:
                    self.last_family[code] = family
        if not forename:
            east_european = family.surname in names.EAST_EUROPEAN["surnames"]
            south_asian = family.ethnicity in (Ethnicity.APKN, Ethnicity.AIND, Ethnicity.ABAN, Ethnicity.AOTH)
            boys = (names.EAST_EUROPEAN["boys"] if east_european
                    else names.SOUTH_ASIAN_BOYS if south_asian else names.BOYS)
            girls = (names.EAST_EUROPEAN["girls"] if east_european
                     else names.SOUTH_ASIAN_GIRLS if south_asian else names.GIRLS)
            pool = boys if sex == Sex.MALE else girls if sex == Sex.FEMALE else rng.choice((boys, girls))
            forename = rng.choice(pool)
        dob = self.date_of_birth(age)
        lacks_capacity = age >= 16 and self.chance(
            {SENType.PMLD: 0.6, SENType.SLD: 0.35}.get(primary, 0.03) if user is None else 0.0
        )
        surname = rng.choice(names.SURNAMES) if looked_after else family.surname
        child = Child(
            legal_forename=forename, legal_surname=surname,
            preferred_name=names.PREFERRED.get(forename, "") if self.chance(0.3) else "",
            date_of_birth=dob, sex=sex, ethnicity=family.ethnicity,
            nhs_number=self.nhs_number(), uln=self.uln() if age >= 14 and self.chance(0.95) else "",
            postcode=family.postcode, address=family.address, locality=self.locality_by_code[code],
            first_language=family.language,
            communication_needs=COMMUNICATION_NEEDS.get(primary, "") if self.chance(0.5) else "",
            disability=primary in (SENType.PD, SENType.VI, SENType.HI, SENType.MSI, SENType.PMLD)
            or (primary in (SENType.ASD, SENType.SLD) and self.chance(0.4)),
            known_to_social_care=known, lacks_capacity=lacks_capacity, sen_status=status,
            primary_need=primary, secondary_need=secondary, user=user,
        )
        child.surname_key = search_key(child.legal_surname)[:100]
        child.forename_key = search_key(child.preferred_name or child.legal_forename)[:100]
        self.county.children.append(child)

        # where they learn now, and where they were before
        year_age = self.year_age(dob)
        kind = self.placement(status, year_age) if setting_type == "" else setting_type
        setting, provision, start = None, None, None
        if kind is not None:
            options = self.candidates(code, kind, year_age)
            if options:
                setting = rng.choice(options)
            if ehc and kind in (SettingType.PRIMARY, SettingType.SECONDARY) and self.chance(0.45):
                for option in self.provisions_for.get((code, primary), ()):
                    host = option.setting
                    if (host.setting_type == kind and host.age_low <= year_age < host.age_high
                            and self.places_left[id(option)] > 0):
                        setting, provision = host, option
                        self.places_left[id(option)] -= 1
                        break
        if setting is not None:
            start = self.start_date(setting, dob)
            self.enrol(child, setting, start, provision=provision)
            if setting.setting_type in (SettingType.SECONDARY, SettingType.FE_COLLEGE) and self.chance(0.6):
                # the school they left: primary before secondary (end of year 6), secondary before college
                # (end of year 11)
                if setting.setting_type == SettingType.SECONDARY:
                    earlier, left = self.candidates(code, SettingType.PRIMARY, 10), _cohort(dob) + 12
                else:
                    earlier, left = self.candidates(code, SettingType.SECONDARY, 15), _cohort(dob) + 17
                if earlier:
                    previous = rng.choice(earlier)
                    began = self.start_date(previous, dob)
                    ended = date(left, 7, 21)
                    if began < ended < self.on:
                        self.enrol(child, previous, began, end=ended)

        # identifiers: a UPN from the school that issued it (under-5s outside schools have none yet)
        issuer = setting if setting is not None and id(setting) in self.estab else None
        if issuer is None and year_age >= 4:
            schools = self.candidates(code, SettingType.PRIMARY if year_age <= 10 else SettingType.SECONDARY,
                                      min(year_age, 15))
            issuer = rng.choice(schools) if schools else None
        if issuer is not None:
            year = start.year if issuer is setting and start else _cohort(dob) + (5 if year_age <= 10 else 12)
            child.upn = self.upn(self.estab[id(issuer)], year)
        else:
            child.upn_unknown_reason = UPNUnknown.UN1 if age < 6 else UPNUnknown.UN2

        for carer, relationship, pr in family.carers:
            self.county.links.append(ChildCarer(
                child=child, carer=carer, relationship=relationship, parental_responsibility=pr,
                young_person_consents=age >= 16 and not lacks_capacity and self.chance(0.65),
                is_main_contact=carer is family.carers[0][0],
            ))

        if ehc:
            if caseworker is None:
                officers = self.officers[code]
                caseworker = officers[self.officer_turn[code] % len(officers)]
                self.officer_turn[code] += 1
            child.caseworker = caseworker
        if self.chance(0.65 if ehc else 0.12):
            self.involve(child, "ep", "Educational psychologist", named=0.85)
        health = HEALTH_TEAM_FOR_NEED.get(primary)
        if health and self.chance(health[1] if ehc else health[2]):
            description = {"slt": "Speech and language therapist", "paediatrics": "Community paediatrician",
                           "camhs": "CAMHS practitioner"}[health[0]]
            self.involve(child, health[0], description, named=0.6)
        if known:
            self.involve(child, "social_care", "Social worker", named=0.8)
        return child

    def children(self) -> None:
        size = self.county.size
        for _ in range(size.ehc - 2):
            self.child(SENStatus.EHC_PLAN)
        for _ in range(size.sen_support - 1):  # the last is Lily Marsden (stories)
            self.child(SENStatus.SEN_SUPPORT)

    def stories(self) -> None:
        """The relationships that make each demo account see something real."""
        accounts, rng = self.county.accounts, self.rng
        pupils = Counter(id(e.setting) for e in self.current.values())

        def busiest(options: list[Setting]) -> Setting:
            return max(options, key=lambda s: (pupils[id(s)], -options.index(s)))

        primaries = [s for s in self.by_type[(CHESTERFIELD, SettingType.PRIMARY)]
                     if (s.age_low, s.age_high) == (4, 11)]
        school = busiest(primaries or self.county_by_type[SettingType.PRIMARY])
        accounts["senco"].setting = school
        accounts["senco"].job_title = f"SENCO, {school.name}"
        nursery = busiest(self.by_type[(CHESTERFIELD, SettingType.EARLY_YEARS)]
                          or self.county_by_type[SettingType.EARLY_YEARS])
        # give the early years practitioner a few children to see: move under-5s from other providers
        movers = [e for e in self.current.values()
                  if e.setting.setting_type == SettingType.EARLY_YEARS and e.setting is not nursery]
        for enrolment in movers[:max(0, 3 - pupils[id(nursery)])]:
            enrolment.setting = nursery
        accounts["earlyyears"].setting = nursery
        accounts["earlyyears"].job_title = f"Early years SENCO, {nursery.name}"

        # The Marsden family: Sarah (the `parent` account) and her two children with EHC plans —
        # Ruby, 9, at the SENCO's school, and Jamie, 17, at college, who has his own sign-in and agrees
        # that his mother may see his record.
        district, town = self.place(CHESTERFIELD)
        fam = _Family("Marsden", Ethnicity.WBRI, district, town, self.postcode(district),
                      f"14 {rng.choice(names.STREETS)}, {town}", "English", [])
        mother = Carer(given_name="Sarah", family_name="Marsden", email="sarah.marsden@example.com",
                       phone=self.mobile(), address=fam.address, postcode=fam.postcode,
                       contact_preference=ContactMethod.EMAIL, user=accounts["parent"])
        father = Carer(given_name="Mark", family_name="Marsden", phone=self.mobile(), address=fam.address,
                       postcode=fam.postcode, contact_preference=ContactMethod.SMS)
        self.county.carers.extend([mother, father])
        fam.carers = [(mother, Relationship.MOTHER, True), (father, Relationship.FATHER, True)]
        ruby = self.child(SENStatus.EHC_PLAN, code=CHESTERFIELD, age=9, sex=Sex.FEMALE, forename="Ruby",
                          family=fam, need=SENType.ASD, setting_type=None, caseworker=accounts["officer"],
                          known=False)
        self.enrol(ruby, school, self.start_date(school, ruby.date_of_birth))
        ruby.upn = self.upn(self.estab[id(school)], _cohort(ruby.date_of_birth) + 5)
        ruby.upn_unknown_reason = ""
        jamie = self.child(SENStatus.EHC_PLAN, code=CHESTERFIELD, age=17, sex=Sex.MALE, forename="Jamie",
                           family=fam, need=SENType.SLCN, setting_type=SettingType.FE_COLLEGE,
                           caseworker=accounts["officer"], user=accounts["youngperson"], known=False)
        for link in self.county.links[-len(fam.carers):]:
            if link.child is jamie:
                link.young_person_consents = True
        # Lily, 6, on SEN support at the SENCO's school: her EHC needs assessment is at the draft plan stage,
        # so the `parent` account can read the draft and comment on it (wayfinder.demo.assessments).
        self.lily = self.child(SENStatus.SEN_SUPPORT, code=CHESTERFIELD, age=6, sex=Sex.FEMALE, forename="Lily",
                               family=fam, need=SENType.SLCN, setting_type=None, known=False)
        self.enrol(self.lily, school, self.start_date(school, self.lily.date_of_birth))
        self.lily.upn = self.upn(self.estab[id(school)], _cohort(self.lily.date_of_birth) + 5)
        self.lily.upn_unknown_reason = ""

        # The panel member has taken part in a few complex cases.
        ehc_children = [c for c in self.county.children if c.sen_status == SENStatus.EHC_PLAN]
        for child in rng.sample(ehc_children, min(5, len(ehc_children))):
            self.county.involvements.append(Involvement(
                child=child, user=accounts["panel"], role_description="Panel member: complex needs review",
                start_date=self.on - timedelta(days=rng.randint(10, 200)),
            ))


def plan_county(size: str | Size = "county", seed: int = DEFAULT_SEED, *, on: date | None = None,
                districts_path: Path | None = None) -> County:
    """Every row of the demo county, unsaved. The same size, seed and date always give the same plan."""
    size = SIZES[size] if isinstance(size, str) else size
    planner = _Planner(size, seed, on or today(), districts_path)
    planner.localities()
    planner.teams()
    planner.settings()
    planner.provisions()
    planner.staff()
    planner.children()
    planner.stories()
    assessments = AssessmentPlanner(planner, read_shares())
    assessments.plan()
    planner.county.setting_of_version = assessments.setting_of_version
    return planner.county


# ----------------------------------------------------------------------------------------------- write


def county_exists() -> bool:
    return Locality.objects.filter(code=MARKER_LOCALITY).exists()


def write_county(county: County, *, progress: Callable[[str], None] | None = None) -> dict[str, float]:
    """Store a planned county in one transaction and audit it. Returns seconds per step."""
    from django.contrib.auth.models import Permission
    from django_otp.plugins.otp_totp.models import TOTPDevice

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now
        if progress:
            progress(f"  {name:<34}{timings[name]:6.1f} s")

    with transaction.atomic():
        la, _ = LocalAuthority.objects.get_or_create(code=LA_CODE, gss_code=LA_GSS, defaults={"name": LA_NAME})
        Locality.objects.bulk_create(county.localities)
        Team.objects.bulk_create(county.teams)
        for setting in county.settings:
            setting.local_authority = la
        Setting.objects.bulk_create(county.settings, batch_size=BATCH_SIZE)
        ResourcedProvision.objects.bulk_create(county.provisions, batch_size=BATCH_SIZE)
        step("localities and settings")

        # One hash of the published demo password, shared by the demo accounts (hashing it once per
        # account would cost a second each); everyone else cannot sign in with a password.
        demo_hash = make_password(DEMO_PASSWORD)
        demo_users = set(map(id, county.accounts.values()))
        for user in county.users:
            if id(user) in demo_users:
                user.password = demo_hash
            else:
                user.set_unusable_password()
        county.accounts["admin"].is_staff = True
        User.objects.bulk_create(county.users, batch_size=BATCH_SIZE)
        through = User.localities.through
        through.objects.bulk_create(
            [through(user_id=user.pk, locality_id=locality.pk) for user, locality in county.user_localities]
        )
        admin_permissions = Permission.objects.none()
        for app_label, models in ADMIN_MODELS.items():
            admin_permissions |= Permission.objects.filter(content_type__app_label=app_label,
                                                           content_type__model__in=models)
        county.accounts["admin"].user_permissions.set(admin_permissions)
        TOTPDevice.objects.bulk_create([
            TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=True, key=totp_key(county.seed, username))
            for username, user in county.accounts.items() if user.requires_mfa
        ])
        step("staff and demo accounts")

        for child in county.children:
            child.home_local_authority = la
        Child.objects.bulk_create(county.children, batch_size=BATCH_SIZE)
        step("children")
        Carer.objects.bulk_create(county.carers, batch_size=BATCH_SIZE)
        ChildCarer.objects.bulk_create(county.links, batch_size=BATCH_SIZE)
        Enrolment.objects.bulk_create(county.enrolments, batch_size=BATCH_SIZE)
        Involvement.objects.bulk_create(county.involvements, batch_size=BATCH_SIZE)
        step("carers, enrolments, involvements")

        write_assessments(county)
        step("assessments and plans")
        write_reviews(county)
        step("reviews, transfers and delivery")
        write_directory(county)
        step("Local Offer directory")

        events = [
            PendingEvent(actor=None, verb=Verb.CREATED, target_type="people.child", target_id=str(child.pk),
                         target_label=child.display_name, child_id=child.pk, summary=CHILD_CREATED_SUMMARY)
            for child in county.children
        ]
        events.extend(
            PendingEvent(actor=None, verb=Verb.CREATED, target_type="ehc.assessment", target_id=str(a.pk),
                         target_label=str(a), child_id=a.child_id,
                         summary=f"Request for an EHC needs assessment received {a.received_on:%-d %B %Y} "
                                 "(demo history)")
            for a in county.assessments
        )
        events.append(PendingEvent(
            actor=None, verb=Verb.GENERATED, target_type="demo.county", target_id=county.size.name,
            target_label=f"Demo county ({county.size.name})",
            summary=f"Demo county generated: size {county.size.name}, seed {county.seed}",
            payload={"size": county.size.name, "seed": county.seed, "on": county.on.isoformat(),
                     "counts": county.counts()},
        ))
        for start in range(0, len(events), AUDIT_CHUNK):
            audit_record_many(events[start:start + AUDIT_CHUNK])
        step("audit trail")
    # Fresh statistics, so the query planner picks the name indexes for a search rather than a
    # near-useless one (SQLite has none until ANALYZE runs; PostgreSQL's autovacuum would get there
    # later).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    step("planner statistics")
    return timings


def write_assessments(county: County) -> None:
    """Store the planned assessments, in the order their foreign keys need."""
    from wayfinder.ehc.models import (
        AdviceRequest,
        Assessment,
        AssessmentException,
        ClockEvent,
        Consultation,
        Decision,
        Plan,
        PlanVersion,
        Representation,
    )

    Assessment.objects.bulk_create(county.assessments, batch_size=BATCH_SIZE)
    for rows in (county.clock_events, county.decisions, county.advice, county.consultations, county.exceptions,
                 county.plans):
        for row in rows:
            row.assessment_id = row.assessment.pk
            if hasattr(row, "child"):
                row.child_id = row.child.pk
    for model, rows in ((ClockEvent, county.clock_events), (Decision, county.decisions),
                        (AdviceRequest, county.advice), (Consultation, county.consultations),
                        (AssessmentException, county.exceptions), (Plan, county.plans)):
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    for version in county.versions:
        version.plan_id = version.plan.pk
        named = county.setting_of_version.get(id(version))
        if named is not None:
            version.content = {**version.content, "placement": {
                "setting_id": named.pk, "setting_name": named.name, "setting_type": named.get_setting_type_display()}}
    PlanVersion.objects.bulk_create(county.versions, batch_size=BATCH_SIZE)
    for representation in county.representations:
        representation.version_id = representation.version.pk
    Representation.objects.bulk_create(county.representations, batch_size=BATCH_SIZE)


def write_reviews(county: County) -> None:
    """Every plan's reviews, the coming phase transfer cohort's progress, transfers out, provision delivered
    and disagreements, written over the stored plans (``wayfinder.reviews`` demo modules)."""
    from wayfinder.reviews import demo, demo_delivery, demo_disagreements, demo_phase

    rng = random.Random(county.seed * 7919 + 4)
    counts = demo.write(on=county.on, rng=rng)
    counts["phase transfer rows"] = demo_phase.write(on=county.on, rng=rng)
    counts["disagreements"] = demo_disagreements.write(on=county.on, rng=rng, officer=county.accounts.get("officer"))
    counts["delivery confirmations"] = demo_delivery.write(on=county.on, rng=rng)
    county.review_counts = counts


def directory_rng(seed: int) -> random.Random:
    """The random generator the Local Offer directory of a county with this seed is written with."""
    return random.Random(seed * 7919 + 6)


def write_directory(county: County) -> None:
    """The Local Offer: organisations, services, pathway and guide pages, the provider's account and carers'
    questions (``wayfinder.directory.demo``)."""
    from wayfinder.directory import demo

    county.directory_counts = demo.write(on=county.on, rng=directory_rng(county.seed), size=county.size.name)


def build_county(size: str = "county", seed: int = DEFAULT_SEED, *,
                 progress: Callable[[str], None] | None = None) -> tuple[County, dict[str, float]]:
    """Plan and store a demo county. Returns the plan and seconds per step."""
    started = time.perf_counter()
    county = plan_county(size, seed)
    planned = time.perf_counter() - started
    if progress:
        progress(f"  {'planned in memory':<34}{planned:6.1f} s")
    timings = {"plan": planned, **write_county(county, progress=progress)}
    return county, timings


# ------------------------------------------------------------------------------------------- accounts


@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str
    sees: str
    password: str
    staff: bool


def _plural(n: int, word: str) -> str:
    plural = "children" if word == "child" else f"{word}s"
    return f"{n:,} {word if n == 1 else plural}"


def account_rows() -> list[AccountRow]:
    """The demo accounts as they are in the database, with what each can see right now."""
    from wayfinder.people.policies import ChildPolicy

    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)
             .select_related("team", "setting").prefetch_related("localities")}
    rows = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.username)
        if user is None:
            continue
        visible = ChildPolicy.visible_to(user)
        n = visible.count()
        role = user.role
        if role == Role.CASEWORK_OFFICER:
            sees = f"{_plural(n, 'child')} on the caseload of {user.team}" if user.team else _plural(n, "child")
        elif role == Role.TEAM_MANAGER:
            places = ", ".join(loc.name for loc in user.localities.all())
            sees = f"{_plural(n, 'child')} in {places}"
        elif role == Role.PANEL_MEMBER:
            sees = f"{_plural(n, 'child')} whose cases they are involved with"
        elif role in (Role.EDUCATIONAL_PSYCHOLOGIST, Role.HEALTH_PROFESSIONAL, Role.SOCIAL_CARE):
            sees = f"{_plural(n, 'child')} they or {user.team} are involved with"
        elif role in (Role.SENCO, Role.EARLY_YEARS):
            sees = f"{_plural(n, 'pupil')} on roll at {user.setting}"
        elif role == Role.PARENT:
            kids = ", ".join(f"{c.display_name} ({c.age()})" for c in visible.order_by("date_of_birth"))
            sees = f"{_plural(n, 'child')}: {kids}"
        elif role == Role.YOUNG_PERSON:
            own = visible.first()
            sees = f"their own record ({own.display_name}, {own.age()})" if own else "no record linked"
        elif role == Role.SYSTEM_ADMIN:
            sees = "Django admin at /django-admin/ (users, teams, settings); no children's records"
        elif role == Role.STRATEGIC_LEAD:
            sees = "measures and reports; no individual children's records"
        elif role == Role.DIRECTORY_PROVIDER:
            from wayfinder.directory.policies import provider_organisations

            listed = ", ".join(org.name for org in provider_organisations(user).order_by("name")) or "no organisation"
            sees = f"the listings of {listed}; no children's records"
        elif role == Role.DIRECTORY_EDITOR and user.team:
            sees = f"the Local Offer directory and the questions to {user.team}; no children's records"
        else:
            sees = "the Local Offer directory; no children's records"
        rows.append(AccountRow(user.username, user.get_role_display(), sees, DEMO_PASSWORD, user.requires_mfa))
    return rows


def accounts_table(rows: list[AccountRow]) -> str:
    headers = ("Username", "Role", "Password", "Can see")
    data = [(r.username + (" *" if r.staff else ""), r.role, r.password, r.sees) for r in rows]
    widths = [max(len(h), *(len(row[i]) for row in data)) for i, h in enumerate(headers)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)), line]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in data]
    return "\n".join(out)


__all__ = [
    "DEFAULT_SEED", "DEMO_ACCOUNTS", "DEMO_PASSWORD", "DEMO_USERNAMES", "MARKER_LOCALITY", "SIZES", "County",
    "account_rows", "accounts_table", "build_county", "county_exists", "directory_rng", "plan_county", "read_districts",
    "totp_key", "write_county",
]
