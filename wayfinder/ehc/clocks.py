"""The statutory clocks of a case, computed from its clock events by the pure engine (never stored).

The events are turned into exactly the input of ``wayfinder clocks`` (docs/reference/clocks.md), so the
command, the caseload, the case page and the family's page all show the same dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from wayfinder.core.dates import today
from wayfinder.statutory.assessment import PROCESS, AssessmentCase, ClockReport, evaluate, parse_case

from .models import Assessment, ClockEvent

#: What each step is called on pages.
STEP_LABELS = {
    "decision_whether_to_assess": "Decide whether to assess",
    "decision_not_to_issue": "Decide whether to issue a plan",
    "draft_plan_latest": "Serve the draft plan (latest date for a full 15 days)",
    "draft_comments_window": "Family's 15 days to comment on the draft",
    "final_plan": "Issue the final plan",
}
SOURCE_LABELS = {"education": "educational", "health": "health", "psychology": "psychological",
                 "social_care": "social care", "other": "other"}
STATUS_LABELS = {"met": "Met", "late": "Late", "open": "Due", "overdue": "Overdue", "excused": "Exception applies",
                 "not_applicable": "Not needed"}
STATUS_COLOURS = {"met": "green", "late": "red", "open": "blue", "overdue": "red", "excused": "yellow",
                  "not_applicable": "grey"}


def step_label(step: str, settings_by_id: dict[str, str] | None = None) -> str:
    if step in STEP_LABELS:
        return STEP_LABELS[step]
    if step.startswith("advice_"):
        source = step.removeprefix("advice_").rstrip("_0123456789")
        return f"Receive {SOURCE_LABELS.get(source, source)} advice"
    if step.startswith("consultation_"):
        setting = step.removeprefix("consultation_")
        return f"Response from {(settings_by_id or {}).get(setting, 'the setting consulted')}"
    return step


def engine_events(events: Iterable[ClockEvent]) -> list[dict]:
    return [e.as_engine_event() for e in events]


def case_from(events: list[dict], as_of: date) -> AssessmentCase:
    """The engine's case; raises ``CaseError`` when the events cannot describe a real case."""
    return parse_case({"process": PROCESS, "as_of": as_of.isoformat(), "events": events})[0]


def report_for(assessment: Assessment, as_of: date | None = None, events: Iterable[ClockEvent] | None = None,
               ) -> ClockReport:
    """The assessment's clocks on ``as_of``. A plan transferred in (SEND Regs 2014 reg 15) was assessed by the
    old authority: it has no clock events and no assessment clocks here, so its report has no deadlines (its
    duties, reg 15(4) and (5), are the transfer's: ``wayfinder.reviews.transfers``)."""
    on = as_of or today()
    if assessment.is_transferred_plan:
        return ClockReport(as_of=on, deadlines=(), process=PROCESS)
    rows = list(assessment.clock_events.all() if events is None else events)
    return evaluate(case_from(engine_events(rows), on), on)
