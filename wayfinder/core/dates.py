"""Date helpers that need Django's clock (Europe/London)."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from wayfinder.statutory.calendar import national_curriculum_year

__all__ = ["age_on", "born_on_or_before_for_age", "national_curriculum_year", "today"]


def today() -> date:
    return timezone.localdate()


def age_on(date_of_birth: date, on: date) -> int:
    """Whole years of age on a day (a birthday on 29 February counts from 1 March)."""
    return relativedelta(on, date_of_birth).years


def born_on_or_before_for_age(age: int, on: date) -> date:
    """Latest date of birth of someone who is at least ``age`` years old on ``on``."""
    return on - relativedelta(years=age)
