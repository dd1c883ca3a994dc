"""The checks every service makes before it writes: dates in words, a date in the past, text not left blank,
and an action the actor's policy allows. Each failure is a ``ValidationError`` (or ``PermissionDenied``) with
the message a person reads against the field, so bad input changes nothing (architecture principle 8)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from .dates import today


def long_date(d: date) -> str:
    """``3 December 2026``: a date as the GOV.UK style writes it."""
    return f"{d.day} {d:%B %Y}"


def past_date(value: date | None, field: str, what: str, *, not_before: date | None = None,
              not_before_what: str = "") -> date:
    """``value`` if it is a date on or before today (and on or after ``not_before``); otherwise a
    ``ValidationError`` on ``field`` naming the date as ``what`` ("the meeting was held")."""
    if not isinstance(value, date):
        raise ValidationError({field: f"Enter the date {what}"})
    if value > today():
        raise ValidationError({field: f"The date {what} must be today or in the past"})
    if not_before is not None and value < not_before:
        raise ValidationError({field: f"The date {what} must be on or after {not_before_what} "
                                      f"({long_date(not_before)})"})
    return value


def required_text(value: str, field: str, message: str) -> str:
    """``value`` stripped, or a ``ValidationError`` on ``field`` with ``message`` if nothing is left."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def require(policy, actor, action: str, obj=None, *, message: str = "") -> None:
    """``PermissionDenied`` unless ``policy`` lets ``actor`` do ``action`` (to ``obj``, when given)."""
    if not policy.can(actor, action, obj):
        raise PermissionDenied(message or f"You do not have permission to {action.replace('_', ' ')} here.")
