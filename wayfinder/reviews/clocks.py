"""The clocks of a review, computed from its events by the pure engine (never stored).

``engine_input(review)`` is exactly the ``wayfinder clocks`` input for ``"process": "annual_review"``
(docs/reference/clocks.md): the event the 12 months run from (the plan's first issue, or the previous
review's decision, with the child's date of birth for the under-5 reminders), then the review's own events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from wayfinder.core.dates import today
from wayfinder.statutory import review as engine
from wayfinder.statutory.clock import ClockReport

from .models import Review, ReviewEvent

STEP_LABELS = {
    "review_notice": "Invite everyone, with two weeks' notice",
    "review_advice": "Circulate advice two weeks before the meeting",
    "review_meeting": "Hold the review meeting (latest date to leave 4 weeks for the decision)",
    "review_report": "Send the review report",
    "review_decision": "Send the decision (maintain, amend or cease)",
    "annual_review": "Complete the review within 12 months",
    "amendment_proposals": "Send the proposed amendments with the decision",
    "amendment_representations": "Family's 15 days to comment on the proposed amendments",
    "final_amended_plan": "Issue the final amended plan",
}


def anchor_event(review: Review) -> dict:
    born = review.child.date_of_birth.isoformat()
    if review.first:
        return {"event": "plan_issued", "date": review.anchor_on.isoformat(), "date_of_birth": born}
    return {"event": "review_decision_sent", "date": review.anchor_on.isoformat(),
            "outcome": review.anchor_outcome or "maintain", "date_of_birth": born}


def engine_input(review: Review, as_of: date, events: Iterable[ReviewEvent] | None = None) -> dict:
    rows = list(review.events.all() if events is None else events)
    return {"process": engine.PROCESS, "as_of": as_of.isoformat(),
            "events": [anchor_event(review), *(e.as_engine_event() for e in rows)]}


def case_for(review: Review, as_of: date, events: Iterable[ReviewEvent] | None = None) -> engine.ReviewCase:
    """The engine's case; raises ``CaseError`` when the events cannot describe a real review."""
    return engine.parse_case(engine_input(review, as_of, events))[0]


def report_for(review: Review, as_of: date | None = None, events: Iterable[ReviewEvent] | None = None,
               ) -> ClockReport:
    on = as_of or today()
    return engine.evaluate(case_for(review, on, events), on)


def step_label(step: str) -> str:
    return STEP_LABELS.get(step, step.replace("_", " ").capitalize())
