"""What every statutory process reports, and how every process reads its JSON events.

Each process (``assessment``, ``review``, ``phase``, ``disagreement``, ``transfer``) turns dated events into
a :class:`ClockReport`: one :class:`Deadline` per step with its rule id (``statutory-timescales.md``), its
due date, the act that met it and a :class:`Status`, plus the steps at risk. Nothing is stored: the casework
apps, ``wayfinder clocks`` and the returns all compute the same report from the same events.

Statuses follow §1.2 (an act is on time if done on or before its due date) and §3.1 (an exception disapplies
a limit and never moves a due date).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "CaseError",
    "ClockReport",
    "Deadline",
    "EventReader",
    "Risk",
    "Status",
    "choice",
    "clock",
    "iso_date",
    "not_applicable",
    "report_as_json",
    "status_of",
]


class CaseError(ValueError):
    """Input that cannot describe a real case: the message says what is wrong and where."""


class Status(StrEnum):
    MET = "met"
    LATE = "late"
    OPEN = "open"
    OVERDUE = "overdue"
    EXCUSED = "excused"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Deadline:
    step: str
    rule: str
    due: date
    done: date | None
    status: Status
    exception: str | None = None
    flags: tuple[str, ...] = ()

    @property
    def days_late(self) -> int:
        """Calendar days after the due date ("late by n", §4); 0 when on time or still open."""
        if self.done is not None and self.done > self.due:
            return (self.done - self.due).days
        return 0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "step": self.step,
            "due": self.due.isoformat(),
            "done": self.done.isoformat() if self.done else None,
            "status": str(self.status),
            "rule": self.rule,
            "exception": self.exception,
        }
        if self.flags:
            out["flags"] = list(self.flags)
        return out


@dataclass(frozen=True)
class Risk:
    step: str
    rule: str
    due: date
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.step, "rule": self.rule, "due": self.due.isoformat(), "reason": self.reason}


@dataclass(frozen=True)
class ClockReport:
    as_of: date
    deadlines: tuple[Deadline, ...]
    at_risk: tuple[Risk, ...] = ()
    process: str = "ehc_needs_assessment"
    #: Facts a process reports beside its deadlines (for example ``devon_12w_exceeded``), in the JSON output.
    facts: Mapping[str, Any] = field(default_factory=dict)
    _by_step: dict[str, Deadline] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_step.update({d.step: d for d in self.deadlines})

    def __getitem__(self, step: str) -> Deadline:
        return self._by_step[step]

    def get(self, step: str) -> Deadline | None:
        return self._by_step.get(step)

    @property
    def next_deadline(self) -> Deadline | None:
        """The nearest due date still to act on, for ordering a caseload: open or overdue, or not yet done
        under an exception (the limit is lifted, but the act is still owed "as soon as practicable")."""
        live = [d for d in self.deadlines if d.status in (Status.OPEN, Status.OVERDUE)
                or (d.status is Status.EXCUSED and d.done is None)]
        return min(live, key=lambda d: (d.due, d.step)) if live else None

    @property
    def week20_exception(self) -> bool:
        """SEN2 ``Week20``: an exception applies to the 20-week limit or the 16-week clock it inherits (§3.3, Q15)."""
        return any(
            d.exception for d in self.deadlines if d.rule in ("PLAN-FINAL-20W", "ASSESS-NO-PLAN-16W")
        )

    @property
    def within_20_weeks(self) -> bool | None:
        """DfE timeliness (§3.3): the final plan was issued within 20 weeks; ``None`` until it is issued.

        The "including exceptions" measure counts every plan; the "excluding exceptions" measure leaves out
        plans whose :attr:`week20_exception` is true, from both numerator and denominator.
        """
        final = self.get("final_plan")
        if final is None or final.done is None:
            return None
        return final.done <= final.due

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "process": self.process,
            "as_of": self.as_of.isoformat(),
            "deadlines": [d.as_dict() for d in self.deadlines],
            "at_risk": [r.as_dict() for r in self.at_risk],
        }
        out.update(self.facts)
        return out


def report_as_json(report: ClockReport) -> str:
    return json.dumps(report.as_dict(), indent=2)


# --------------------------------------------------------------------------------------------- statuses


def status_of(due: date, done: date | None, as_of: date, exception: str | None = None,
              stopped: date | None = None) -> Status:
    """met / late / open / overdue / excused for an act due on ``due`` (§1.2: on time if on or before due).

    ``stopped`` is the date the process ended without the act (a withdrawal, a plan ceased or transferred):
    an act not done by then is no longer owed, unless its limit had already passed (then it was missed:
    ``late``, or ``excused`` where an exception applies).
    """
    if done is not None:
        if done <= due:
            return Status.MET
        return Status.EXCUSED if exception else Status.LATE
    if stopped is not None:
        if stopped <= due:
            return Status.NOT_APPLICABLE
        return Status.EXCUSED if exception else Status.LATE
    if as_of <= due:
        return Status.OPEN
    return Status.EXCUSED if exception else Status.OVERDUE


def clock(step: str, rule: str, due: date, done: date | None, as_of: date, exception: str | None = None,
          stopped: date | None = None, flags: tuple[str, ...] = ()) -> Deadline:
    return Deadline(step, rule, due, done, status_of(due, done, as_of, exception, stopped), exception, flags)


def not_applicable(step: str, rule: str, due: date, exception: str | None = None) -> Deadline:
    return Deadline(step, rule, due, None, Status.NOT_APPLICABLE, exception)


# --------------------------------------------------------------------------------------------- JSON input

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(value: Any, where: str) -> date:
    if not isinstance(value, str):
        raise CaseError(f"{where} must be a date written as YYYY-MM-DD, not {json.dumps(value)}")
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise CaseError(f"{where} must be a real date written as YYYY-MM-DD, not {value!r}") from None


def choice(value: Any, choices: Iterable[str], where: str) -> str:
    options = tuple(choices)
    if value not in options:
        raise CaseError(f"{where} must be one of {', '.join(options)}, not {json.dumps(value)}")
    return value


@dataclass(frozen=True)
class Event:
    """One dated event of a case, after its fields were checked."""

    when: date
    name: str
    where: str
    data: Mapping[str, Any]


class EventReader:
    """Reads ``{"process", "as_of", "events"}`` for one process, checking what every process checks.

    ``fields`` maps each event name, in the order the process runs (which orders events on the same day),
    to its required and optional fields. ``undated`` names events without a ``date`` (they are returned
    apart, in input order). ``once`` names events that may appear at most once.
    """

    def __init__(self, process: str, fields: Mapping[str, tuple[set[str], set[str]]], *,
                 once: Iterable[str] = (), undated: Iterable[str] = ()) -> None:
        self.process = process
        self.fields = fields
        self.once = frozenset(once)
        self.undated = frozenset(undated)
        self._rank = {name: i for i, name in enumerate(fields)}

    def check_fields(self, event: Mapping[str, Any], where: str) -> str:
        name = event.get("event")
        if name not in self.fields:
            known = ", ".join(self.fields)
            raise CaseError(f"{where} has an unknown event {json.dumps(name)}; known events: {known}")
        required, optional = self.fields[name]
        missing = sorted(required - event.keys())
        if missing:
            raise CaseError(f"{where} ({name}) is missing {', '.join(missing)}")
        extra = sorted(event.keys() - required - optional - {"event"})
        if extra:
            raise CaseError(f"{where} ({name}) has fields this event does not take: {', '.join(extra)}")
        return name

    def read(self, data: Any) -> tuple[date, list[Event], list[Event]]:
        """``(as_of, dated events in date and process order, undated events)``."""
        if not isinstance(data, dict):
            raise CaseError("The case must be a JSON object with process, as_of and events")
        for key in sorted(data.keys() - {"process", "as_of", "events"}):
            raise CaseError(f"The case has a field it does not take: {key}")
        if data.get("process") != self.process:
            raise CaseError(f"process must be {json.dumps(self.process)}, not {json.dumps(data.get('process'))}")
        if "as_of" not in data:
            raise CaseError("as_of is missing: give the date to compute the clocks on, as YYYY-MM-DD")
        as_of = iso_date(data["as_of"], "as_of")
        events = data.get("events")
        if not isinstance(events, list) or not events:
            raise CaseError("events must be a non-empty list")
        dated: list[tuple[tuple[Any, ...], Event]] = []
        undated: list[Event] = []
        seen: set[str] = set()
        for i, event in enumerate(events):
            where = f"events[{i}]"
            if not isinstance(event, dict):
                raise CaseError(f"{where} must be an object")
            name = self.check_fields(event, where)
            if name in self.undated:
                undated.append(Event(as_of, name, where, event))
                continue
            when = iso_date(event["date"], f"{where}.date")
            if when > as_of:
                raise CaseError(f"{where} ({name}) is dated {when}, after as_of {as_of}: it cannot have happened yet")
            dated.append(((when, self._rank[name], *self.tiebreak(event)), Event(when, name, where, event)))
        # Events are read in date order (the order they are listed in does not matter); on one day, in the
        # order the process runs.
        dated.sort(key=lambda item: item[0])
        ordered = [e for _key, e in dated]
        for e in ordered:
            if e.name in self.once:
                if e.name in seen:
                    raise CaseError(f"{e.where}: {e.name} appears more than once")
                seen.add(e.name)
        return as_of, ordered, undated

    def tiebreak(self, event: Mapping[str, Any]) -> tuple[Any, ...]:
        """Extra sort keys for events of one kind on one day (a process may override)."""
        return ()
