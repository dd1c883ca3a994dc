"""Date helpers that need Django's clock (Europe/London)."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import timezone


def today() -> date:
    return timezone.localdate()


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years of age on a day (a birthday on 29 February counts from 1 March)."""
    return relativedelta(on, date_of_birth).years


def born_on_or_before_for_age(age: int, on: date) -> date:
    """Latest date of birth of someone who is at least ``age`` years old on ``on``."""
    return on - relativedelta(years=age)


def national_curriculum_year(date_of_birth: date, on: date) -> int | None:
    """The National Curriculum year group on ``on`` (Reception = 0), for a child in their normal cohort.

    A child starts Reception in the September after their fourth birthday; the cohort runs from 1 September
    to 31 August. ``None`` before Reception (early years).
    """
    academic_year_start = on.year if on.month >= 9 else on.year - 1
    cohort = date_of_birth.year + (1 if date_of_birth.month >= 9 else 0)
    year = academic_year_start - cohort - 4
    return year if year >= 0 else None
