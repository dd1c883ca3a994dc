"""Reads for reviews: the review radar, a plan's reviews, a review's page.

The radar reads every plan in force that the user may see in a fixed number of queries (plans with their first
issue dates, review events, reviews, current settings, transfers in, provision delivered), then works out each
plan's next review date and whether it is overdue in Python with the same rules as the engines
(``wayfinder.statutory.review``; for a plan transferred in and not yet reviewed here,
``wayfinder.statutory.transfer``'s ``XFER-REVIEW``, SEND Regs 2014 reg 15(5)), so a county of 20,000 plans
costs the same few queries, not one per plan.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, Min, OuterRef, Q

from wayfinder.core.dates import today
from wayfinder.ehc.models import Plan
from wayfinder.people.models import Enrolment
from wayfinder.people.policies import ChildPolicy
from wayfinder.statutory.calendar import period_of_months_beginning_with, weeks_after
from wayfinder.statutory.review import UNDER5_AGE, review_due
from wayfinder.statutory.transfer import new_authority_review_due

from .models import PlanTransfer, Review, ReviewEvent, ReviewEventKind, ReviewOutcome, TransferDirection
from .policies import ReviewPolicy

#: Why a plan is on the overdue list (the issue's three kinds), in the order the radar shows them.
OVERDUE = {
    "review": "No review decision within 12 months",
    "decision": "No decision 4 weeks after the meeting",
    "amendment": "Amended plan not issued within 8 weeks",
}
SHOW = {"all": "Every plan", "overdue": "Overdue", "due_soon": "Due in the next 3 months"}
DUE_SOON = timedelta(days=92)
#: reg 22(3): the final amended plan within 8 weeks of the proposals.
AMEND_WEEKS = 8
DECISION_WEEKS = 4


class _Event(NamedTuple):
    date: date
    outcome: str


@dataclass
class RadarRow:
    plan_id: int
    child_id: int
    child_name: str
    locality: str
    officer: str
    setting: str
    anchor: date
    due: date
    review_id: int | None = None
    #: ``XFER-REVIEW`` (reg 15(5)) when the due date is that of a plan transferred in, not yet reviewed here
    rule: str = "REVIEW-NEXT-12M"
    stage: str = "Not started"
    overdue: list[str] = field(default_factory=list)
    overdue_since: date | None = None
    ceasing: bool = False
    #: a child under 5 when the 12 months began: the council's earlier review date (Code of Practice 9.178)
    under5_due: date | None = None
    #: last term's provision: lines confirmed, and how many of them partly or not delivered (section F, G, H)
    confirmed: int = 0
    gaps: int = 0

    @property
    def days_overdue(self) -> int:
        return (today() - self.overdue_since).days if self.overdue_since else 0

    @property
    def overdue_labels(self) -> list[str]:
        return [OVERDUE[k] for k in self.overdue]


@dataclass
class Radar:
    rows: list[RadarRow]
    total: int
    overdue_total: int
    by_locality: list[tuple[str, int]]
    by_officer: list[tuple[str, int]]
    by_setting: list[tuple[str, int]]
    by_kind: dict[str, int]


def _stage(events: dict[str, ReviewEvent], meeting_on: date | None) -> str:
    if ReviewEventKind.FINAL_AMENDED_PLAN in events:
        return "Amended plan issued"
    if ReviewEventKind.NOT_TO_AMEND in events:
        return "Decided not to amend"
    if ReviewEventKind.DECISION_SENT in events:
        outcome = events[ReviewEventKind.DECISION_SENT].outcome
        return {"amend": "Proposed amendments with the family", "cease": "Notice to cease sent",
                "maintain": "Decided: maintain"}[outcome]
    if ReviewEventKind.REPORT_SENT in events:
        return "Report sent, decision to make"
    if ReviewEventKind.MEETING_HELD in events:
        return "Meeting held"
    if meeting_on is not None:
        return f"Meeting arranged for {meeting_on.day} {meeting_on:%b %Y}"
    return "Review started"


def radar(*, user, as_of: date | None = None, locality_id: int | None = None, caseworker_id: int | None = None,
          setting_id: int | None = None, show: str = "all") -> Radar:
    """Every plan in force the user may see, by next review date; overdue plans first, oldest first."""
    on = as_of or today()
    base = (Plan.objects.filter(Exists(ChildPolicy.visible_to(user).filter(pk=OuterRef("child_id"))),
                                archived_on__isnull=True)
            .exclude(ending__ends_on__lte=on))
    if locality_id:
        base = base.filter(child__locality_id=locality_id)
    if caseworker_id:
        base = base.filter(child__caseworker_id=caseworker_id)
    if setting_id:
        base = base.filter(Exists(Enrolment.objects.filter(child_id=OuterRef("child_id"), setting_id=setting_id,
                                                           end_date__isnull=True, archived_on__isnull=True)))
    plans = (base.annotate(first_issued=Min("versions__issued_on", filter=Q(versions__archived_on__isnull=True)))
             .filter(first_issued__isnull=False))
    rows_in = list(plans.values("pk", "child_id", "child__legal_forename", "child__legal_surname",
                                "child__preferred_name", "child__locality__name", "child__caseworker__first_name",
                                "child__caseworker__last_name", "first_issued", "ending__pk",
                                "ending__archived_on", "child__date_of_birth"))

    # Plain tuples, not model instances: a county's reviews are tens of thousands of events.
    in_plans = base.values("pk")
    events_by_review: dict[int, dict[str, _Event]] = defaultdict(dict)
    review_of_plan: dict[int, list[tuple[int, date | None]]] = defaultdict(list)
    meeting_of_review: dict[int, date | None] = {}
    for review_id, plan_id, anchor_on, meeting_on in (
            Review.objects.filter(plan_id__in=in_plans, archived_on__isnull=True)
            .values_list("pk", "plan_id", "anchor_on", "meeting_on")):
        meeting_of_review[review_id] = meeting_on
        review_of_plan[plan_id].append((review_id, anchor_on))
    # Of a finished review only its decision and how its amendment ended matter; of an open one, every event.
    ends = [ReviewEventKind.DECISION_SENT, ReviewEventKind.FINAL_AMENDED_PLAN, ReviewEventKind.NOT_TO_AMEND]
    decided = ReviewEvent.objects.filter(review_id=OuterRef("pk"), event=ReviewEventKind.DECISION_SENT)
    amending = decided.filter(outcome=ReviewOutcome.AMEND)
    amended = ReviewEvent.objects.filter(review_id=OuterRef("pk"), event__in=ends[1:])
    still_open = (Review.objects.filter(plan_id__in=in_plans, archived_on__isnull=True)
                  .filter(~Exists(decided) | (Exists(amending) & ~Exists(amended))).values("pk"))
    for review_id, kind, when, outcome in (
            ReviewEvent.objects.filter(review__plan_id__in=in_plans, review__archived_on__isnull=True)
            .filter(Q(event__in=ends) | Q(review_id__in=still_open))
            .order_by("date", "pk").values_list("review_id", "event", "date", "outcome")):
        events_by_review[review_id].setdefault(kind, _Event(when, outcome))

    setting_of_child = dict(Enrolment.objects.filter(child_id__in=base.values("child_id"), end_date__isnull=True,
                                                     archived_on__isnull=True)
                            .order_by("child_id", "-start_date").values_list("child_id", "setting__name"))

    # Plans transferred in (reg 15): until a review is decided here, the review is due by XFER-REVIEW, the
    # later of 12 months from the old authority's last review and 3 months from the transfer. One query.
    came_in: dict[int, tuple[date, date]] = {}
    for plan_id, reviewed, transferred in (PlanTransfer.objects.filter(
            plan_id__in=in_plans, direction=TransferDirection.IN, archived_on__isnull=True,
            transferred_on__isnull=False).order_by("plan_id", "transferred_on", "pk")
            .values_list("plan_id", "last_reviewed_on", "transferred_on")):
        came_in[plan_id] = (reviewed, transferred)

    from .delivery import last_ended_term
    from .models import DeliveryConfirmation

    term = last_ended_term(on)
    latest: dict[tuple[int, str], str] = {}  # (plan, line) -> the status of its latest confirmation
    for plan_id, ref, status in (DeliveryConfirmation.objects.filter(
            plan_id__in=in_plans, academic_year=term.academic_year, term=term.term, archived_on__isnull=True)
            .order_by("confirmed_on", "pk").values_list("plan_id", "ref", "status")):
        latest[(plan_id, ref)] = status
    delivered: dict[int, list[str]] = defaultdict(list)
    for (plan_id, _ref), status in latest.items():
        delivered[plan_id].append(status)

    under5_months = settings.WAYFINDER_UNDER5_REVIEW_MONTHS
    rows: list[RadarRow] = []
    for r in rows_in:
        reviews = sorted(review_of_plan.get(r["pk"], []), key=lambda x: (x[1], x[0]))
        anchor, open_review, decided_here = r["first_issued"], None, False
        for review_id, _ in reviews:
            events = events_by_review.get(review_id, {})
            decision = events.get(ReviewEventKind.DECISION_SENT)
            decided_here = decided_here or decision is not None
            if decision is not None and decision.outcome != ReviewOutcome.CEASE:
                anchor = max(anchor, decision.date)
            finished = decision is not None and (
                decision.outcome != ReviewOutcome.AMEND or ReviewEventKind.FINAL_AMENDED_PLAN in events
                or ReviewEventKind.NOT_TO_AMEND in events)
            if not finished:
                open_review = review_id
        name = r["child__preferred_name"] or r["child__legal_forename"]
        officer = " ".join(x for x in (r["child__caseworker__first_name"], r["child__caseworker__last_name"]) if x)
        row = RadarRow(plan_id=r["pk"], child_id=r["child_id"], child_name=f"{name} {r['child__legal_surname']}",
                       locality=r["child__locality__name"] or "No locality", officer=officer or "No officer",
                       setting=setting_of_child.get(r["child_id"], "No current setting"), anchor=anchor,
                       due=review_due(anchor),
                       ceasing=r["ending__pk"] is not None and r["ending__archived_on"] is None)
        if under5_months and relativedelta(anchor, r["child__date_of_birth"]).years < UNDER5_AGE:
            row.under5_due = period_of_months_beginning_with(anchor, under5_months)
        if r["pk"] in came_in and not decided_here:
            reviewed, transferred = came_in[r["pk"]]
            _limb, row.due, _ends = new_authority_review_due(reviewed, transferred)
            row.anchor, row.rule = reviewed, "XFER-REVIEW"
        if open_review is not None:
            events = events_by_review.get(open_review, {})
            row.review_id = open_review
            row.stage = _stage(events, meeting_of_review.get(open_review))
            held = events.get(ReviewEventKind.MEETING_HELD)
            decision = events.get(ReviewEventKind.DECISION_SENT)
            proposals = events.get(ReviewEventKind.PROPOSALS_SENT)
            if held is not None and decision is None and on > weeks_after(held.date, DECISION_WEEKS):
                row.overdue.append("decision")  # REVIEW-DECISION-4W
                row.overdue_since = weeks_after(held.date, DECISION_WEEKS)
            if (decision is not None and proposals is not None and row.stage == "Proposed amendments with the family"
                    and on > weeks_after(proposals.date, AMEND_WEEKS)):
                row.overdue.append("amendment")  # AMEND-FINAL-8W
                row.overdue_since = weeks_after(proposals.date, AMEND_WEEKS)
        if on > row.due and not row.ceasing and (open_review is None or ReviewEventKind.DECISION_SENT not in
                                                 events_by_review.get(open_review, {})):
            row.overdue.insert(0, "review")  # REVIEW-FIRST-12M / REVIEW-NEXT-12M
            row.overdue_since = row.due
        statuses = delivered.get(r["pk"], [])
        row.confirmed, row.gaps = len(statuses), sum(status != "delivered" for status in statuses)
        rows.append(row)

    overdue_rows = [row for row in rows if row.overdue]
    if show == "overdue":
        shown = overdue_rows
    elif show == "due_soon":
        shown = [row for row in rows if not row.overdue and min(row.due, row.under5_due or row.due) <= on + DUE_SOON]
    else:
        shown = rows
    shown.sort(key=lambda row: (not row.overdue, row.overdue_since or row.due, row.due, row.child_name))

    def count(attr: str) -> list[tuple[str, int]]:
        return Counter(getattr(row, attr) for row in overdue_rows).most_common()

    kinds = Counter(k for row in overdue_rows for k in row.overdue)
    return Radar(rows=shown, total=len(rows), overdue_total=len(overdue_rows), by_locality=count("locality"),
                 by_officer=count("officer"), by_setting=count("setting"),
                 by_kind={k: kinds.get(k, 0) for k in OVERDUE})


def next_review_due(plan: Plan, anchor: date) -> tuple[date, str, str]:
    """``(date, rule, limb)`` by which the plan's next review must be decided: 12 months from ``anchor``
    (CAFA s44(1), ``REVIEW-NEXT-12M``), or for a plan transferred in with no review decided here yet
    ``XFER-REVIEW`` (SEND Regs 2014 reg 15(5): the later of 12 months from the date it was made or last reviewed
    and 3 months from the transfer; ``limb`` says which)."""
    from .services import is_decided_here
    from .transfers import review_due_after_transfer_in, transfer_in_of

    came_in = transfer_in_of(plan)
    if came_in is not None and came_in.transferred_on and not is_decided_here(plan):
        limb, due = review_due_after_transfer_in(came_in)
        return due, "XFER-REVIEW", limb
    return review_due(anchor), "REVIEW-NEXT-12M", ""


def review_for(*, user, pk: int):
    return ReviewPolicy.get_or_404(user, pk=pk)


def plan_for(*, user, pk: int) -> Plan:
    from django.http import Http404

    plan = (Plan.objects.filter(Exists(ChildPolicy.visible_to(user).filter(pk=OuterRef("child_id"))),
                                archived_on__isnull=True, pk=pk).select_related("child", "assessment").first())
    if plan is None:
        raise Http404("No plan found")
    return plan


def plan_reviews(*, user, plan: Plan):
    return (ReviewPolicy.visible_to(user).filter(plan=plan).prefetch_related("events")
            .select_related("setting", "decided_by").order_by("-anchor_on", "-pk"))


def child_plans(*, user, child) -> list[dict]:
    """A child's plans the user may see, each with the date its next review is due and any review open."""
    from .services import anchor_for, is_finished, live_ending

    out = []
    for plan in (Plan.objects.filter(Exists(ChildPolicy.visible_to(user).filter(pk=OuterRef("child_id"))),
                                     child=child, archived_on__isnull=True)
                 .filter(versions__issued_on__isnull=False).distinct()):
        reviews = list(ReviewPolicy.visible_to(user).filter(plan=plan).prefetch_related("events")
                       .order_by("-anchor_on", "-pk"))
        anchor, first, _ = anchor_for(plan)
        ending = live_ending(plan)
        out.append({"plan": plan, "next_due": next_review_due(plan, anchor)[0], "reviews": reviews, "ending": ending,
                    "open": next((r for r in reviews if not is_finished(r)), None)})
    return out


# --------------------------------------------------------------------------------------------- returns


def sen2_items(plan: Plan, as_of: date | None = None) -> dict:
    """The SEN2 items a plan's reviews, phase transfer and ending supply (data-standards §1.3, §4), from the
    casework, never re-keyed:

    * ``ReviewMeeting``: the date of the latest review meeting held; ``ReviewOutcome``: that review's decision
      (maintain, amend, cease; blank until sent); ``LastReview``: the date the decision letter was sent, **not**
      the meeting (``REVIEW-DECISION-4W`` runs between them, S2-AP5); ``ReviewDraft``: the date the proposed
      amendments were sent;
    * ``PhaseTransferDueDate``: the reg 18 deadline of the latest phase transfer review (derived, strict
      reading); ``PhaseTransferFinalDate``: the date its final amended plan was issued;
    * ``CeaseDate`` and ``CeaseReason``: only once the plan has ended (the effective date after the appeal
      period, ``CEASE-HOLD``, or the transfer out), both present or both blank (S2-NP1).
    """
    from wayfinder.statutory.phase import deadline_for

    from .services import live_ending

    on = as_of or today()
    items: dict[str, str] = {}
    reviews = list(plan.reviews.filter(archived_on__isnull=True).prefetch_related("events"))

    def dated(review, kind):
        event = next((e for e in review.events.all() if e.event == kind and e.date <= on), None)
        return event.date if event else None

    held = [(dated(r, ReviewEventKind.MEETING_HELD), r) for r in reviews]
    held = sorted(((d, r) for d, r in held if d), key=lambda x: (x[0], x[1].pk))
    if held:
        meeting, review = held[-1]
        decided = next((e for e in review.events.all() if e.event == ReviewEventKind.DECISION_SENT and e.date <= on),
                       None)
        proposals = dated(review, ReviewEventKind.PROPOSALS_SENT)
        items.update({"ReviewMeeting": meeting.isoformat(), "ReviewOutcome": decided.outcome if decided else "",
                      "LastReview": decided.date.isoformat() if decided else "",
                      "ReviewDraft": proposals.isoformat() if proposals else ""})
    phase = sorted((r for r in reviews if r.transfer_kind and r.transfer_on), key=lambda r: (r.transfer_on, r.pk))
    if phase:
        review = phase[-1]
        final = dated(review, ReviewEventKind.FINAL_AMENDED_PLAN)
        items.update({"PhaseTransferDueDate": deadline_for(review.transfer_kind, review.transfer_on)[1].isoformat(),
                      "PhaseTransferFinalDate": final.isoformat() if final else ""})
    ending = live_ending(plan)
    ended = ending is not None and ending.ends_on is not None and ending.ends_on <= on
    items.update({"CeaseDate": ending.ends_on.isoformat() if ended else "",
                  "CeaseReason": ending.reason if ended else ""})
    return items
