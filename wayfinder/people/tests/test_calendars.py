from datetime import date

import pytest

from wayfinder.people.calendars import closure_calendar_for, working_day_calendar
from wayfinder.people.models import Closure
from wayfinder.people.tests.factories import SettingFactory
from wayfinder.statutory.calendar import is_in_closure_window

pytestmark = pytest.mark.django_db

SUMMER_2026 = (date(2026, 7, 22), date(2026, 9, 2))


def test_working_days_skip_the_2026_christmas_substitute_bank_holiday():
    calendar = working_day_calendar()
    assert not calendar.is_working_day(date(2026, 12, 28))
    assert calendar.nth_working_day_after(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_a_setting_without_its_own_term_dates_uses_the_local_authority_default():
    Closure.objects.create(start_date=SUMMER_2026[0], end_date=SUMMER_2026[1], label="Summer holiday")
    school = SettingFactory()
    calendar = closure_calendar_for(school)
    assert calendar.is_closed(date(2026, 8, 10))
    # SEND Regs 2014 reg 10(4)(a): advice requested a week before the summer closure falls in the window.
    assert is_in_closure_window(calendar, date(2026, 7, 15))


def test_an_academy_with_its_own_term_dates_replaces_the_default():
    Closure.objects.create(start_date=SUMMER_2026[0], end_date=SUMMER_2026[1], label="LA summer")
    academy = SettingFactory()
    Closure.objects.create(setting=academy, start_date=date(2026, 7, 15), end_date=date(2026, 8, 26),
                           label="Academy summer")
    calendar = closure_calendar_for(academy)
    assert calendar.is_closed(date(2026, 7, 16)) and not calendar.is_closed(date(2026, 9, 1))


def test_extra_closure_days_are_added_to_the_default():
    Closure.objects.create(start_date=SUMMER_2026[0], end_date=SUMMER_2026[1], label="LA summer")
    school = SettingFactory()
    Closure.objects.create(setting=school, start_date=date(2026, 11, 2), end_date=date(2026, 11, 2),
                           label="Training day", mode=Closure.Mode.ADD)
    calendar = closure_calendar_for(school)
    assert calendar.is_closed(date(2026, 11, 2)) and calendar.is_closed(date(2026, 8, 1))
