"""The statutory calendars with this installation's data: bank holiday adjustments from settings and
closure calendars from the local authority's term dates with each setting's own overrides."""

from datetime import date
from functools import lru_cache

from django.conf import settings

from wayfinder.statutory.calendar import ClosureCalendar, ClosurePeriod, WorkingDayCalendar

from .models import Closure, Setting


@lru_cache(maxsize=1)
def working_day_calendar() -> WorkingDayCalendar:
    """England and Wales bank holidays, plus days added by proclamation and minus cancelled ones
    (settings WAYFINDER_EXTRA_BANK_HOLIDAYS / WAYFINDER_CANCELLED_BANK_HOLIDAYS, ISO dates)."""
    return WorkingDayCalendar(
        extra_holidays=[date.fromisoformat(d) for d in settings.WAYFINDER_EXTRA_BANK_HOLIDAYS],
        cancelled_holidays=[date.fromisoformat(d) for d in settings.WAYFINDER_CANCELLED_BANK_HOLIDAYS],
    )


def _calendar(rows) -> ClosureCalendar:
    return ClosureCalendar(ClosurePeriod(r.start_date, r.end_date, r.label) for r in rows)


def closure_calendar_for(setting: Setting | None) -> ClosureCalendar:
    """The local authority's default term-date closures, replaced by or added to the setting's own."""
    la_default = _calendar(Closure.objects.filter(setting__isnull=True, archived_on__isnull=True))
    if setting is None:
        return la_default
    own = list(Closure.objects.filter(setting=setting, archived_on__isnull=True))
    if not own:
        return la_default
    replace = [c for c in own if c.mode == Closure.Mode.REPLACE]
    add = [c for c in own if c.mode == Closure.Mode.ADD]
    calendar = la_default.merged_with(_calendar(replace), mode="replace") if replace else la_default
    return calendar.merged_with(_calendar(add), mode="add") if add else calendar
