"""Reading assessments for people: caseloads ordered by the nearest legal deadline, a manager's team view,
the case timeline, professionals' advice requests and settings' consultations. Every read goes through
the policies, so a list never shows what the case page would refuse."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.statutory.assessment import ClockReport, Deadline, Status

from .clocks import SOURCE_LABELS, STATUS_COLOURS, STATUS_LABELS, report_for, step_label
from .models import AdviceRequest, Assessment, AssessmentOrigin, ClockEvent, ClockEventKind, Consultation
from .policies import AdviceRequestPolicy, AssessmentPolicy, ConsultationPolicy

ENDED = [ClockEventKind.FINAL_PLAN_ISSUED, ClockEventKind.WITHDRAWN]


def _open(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Assessments still in progress: no final plan, not withdrawn, not refused, no decision not to issue.

    A plan transferred in (reg 15) is never in progress here: it was assessed by the old authority."""
    queryset = queryset.exclude(origin=AssessmentOrigin.TRANSFERRED_PLAN)
    events = ClockEvent.objects.filter(assessment_id=OuterRef("pk"))
    ended = events.filter(
        Q(event__in=ENDED)
        | Q(event=ClockEventKind.DECISION_TO_ASSESS, outcome="not_assess")
        | Q(event=ClockEventKind.DECISION_TO_ISSUE, outcome="not_issue")
    )
    return queryset.filter(~Exists(ended))


@dataclass
class CaseRow:
    assessment: Assessment
    report: ClockReport
    next: Deadline | None
    settings_by_id: dict[str, str] = field(default_factory=dict)

    @property
    def next_label(self) -> str:
        return step_label(self.next.step, self.settings_by_id) if self.next else "No deadline running"

    @property
    def status(self) -> str:
        return str(self.next.status) if self.next else "met"

    @property
    def status_label(self) -> str:
        if self.next is None:
            return "Nothing due"
        if self.next.status is Status.OPEN and self.report.at_risk:
            return "At risk"
        return STATUS_LABELS[str(self.next.status)]

    @property
    def colour(self) -> str:
        if self.next is not None and self.next.status is Status.OPEN and self.report.at_risk:
            return "orange"
        return STATUS_COLOURS.get(self.status, "grey")

    @property
    def days_to_due(self) -> int | None:
        return (self.next.due - self.report.as_of).days if self.next else None


def _rows(assessments: Iterable[Assessment], as_of: date) -> list[CaseRow]:
    rows = []
    for a in assessments:
        events = list(a.clock_events.all())
        report = report_for(a, as_of, events)
        rows.append(CaseRow(a, report, report.next_deadline))
    return rows


def _caseload_queryset(user) -> QuerySet[Assessment]:
    return (
        _open(AssessmentPolicy.visible_to(user))
        .select_related("child", "child__locality", "caseworker")
        .prefetch_related(Prefetch("clock_events", queryset=ClockEvent.objects.order_by("date", "start", "pk")))
    )


def caseload(*, user, mine: bool = True, locality_id: int | None = None, step: str = "", caseworker_id=None,
             as_of: date | None = None) -> list[CaseRow]:
    """Open assessments ordered by the nearest legal deadline (overdue first), with their clocks."""
    on = as_of or today()
    queryset = _caseload_queryset(user)
    if mine:
        queryset = queryset.filter(caseworker=user)
    if caseworker_id:
        queryset = queryset.filter(caseworker_id=caseworker_id)
    if locality_id:
        queryset = queryset.filter(child__locality_id=locality_id)
    rows = _rows(queryset, on)
    if step:
        rows = [r for r in rows if r.next and _step_group(r.next.step) == step]
    far = date.max
    return sorted(rows, key=lambda r: (r.next.due if r.next else far, r.assessment.pk))


STEP_GROUPS = {
    "decision_whether_to_assess": "Decide whether to assess",
    "advice": "Advice",
    "decision_not_to_issue": "Decide whether to issue a plan",
    "consultation": "Consultation with settings",
    "draft_plan_latest": "Serve the draft plan",
    "draft_comments_window": "Family commenting on the draft",
    "final_plan": "Issue the final plan",
}


def _step_group(step: str) -> str:
    if step.startswith("advice_"):
        return "advice"
    if step.startswith("consultation_"):
        return "consultation"
    return step


@dataclass
class OfficerLoad:
    officer: object
    open: int = 0
    overdue: int = 0
    at_risk: int = 0
    due_in_two_weeks: int = 0
    escalated_advice: int = 0


def team_workload(*, user, as_of: date | None = None) -> list[OfficerLoad]:
    """Per caseworker: open assessments, how many are overdue, at risk and due in the next two weeks."""
    on = as_of or today()
    loads: dict[object, OfficerLoad] = {}
    for row in _rows(_caseload_queryset(user), on):
        officer = row.assessment.caseworker
        load = loads.setdefault(officer, OfficerLoad(officer))
        load.open += 1
        overdue = [d for d in row.report.deadlines if d.status is Status.OVERDUE]
        load.overdue += bool(overdue)
        load.at_risk += bool(row.report.at_risk) and not overdue
        load.due_in_two_weeks += bool(row.next and row.next.status is Status.OPEN
                                      and (row.next.due - on).days <= 14)
    escalated = Counter(
        AdviceRequest.objects.filter(assessment__in=_open(AssessmentPolicy.visible_to(user)),
                                     received_on__isnull=True, escalated_on__isnull=False)
        .values_list("assessment__caseworker", flat=True)
    )
    for load in loads.values():
        load.escalated_advice = escalated.get(getattr(load.officer, "pk", None), 0)
    return sorted(loads.values(), key=lambda load: (-load.overdue, -load.at_risk, str(load.officer)))


def assessment_for(*, user, pk: int) -> Assessment:
    return AssessmentPolicy.get_or_404(user, pk=pk)


@dataclass(frozen=True)
class TimelineEntry:
    when: date
    at: datetime | None
    kind: str  # "clock" or "audit"
    text: str
    who: str


def timeline(assessment: Assessment) -> list[TimelineEntry]:
    """The case's dated events (what the clocks count from) with the audit trail of who did what, newest first."""
    entries = []
    for event in assessment.clock_events.select_related("recorded_by", "setting"):
        what = event.get_event_display()
        if event.outcome:
            what += f": {event.outcome.replace('_', ' ')}"
        if event.source:
            what += f": {SOURCE_LABELS.get(event.source, event.source)}"
        if event.setting_id:
            what += f" ({event.setting})"
        if event.event == ClockEventKind.EXCEPTION:
            what += f": {event.get_kind_display().lower()}, {event.start:%-d %b %Y} to {event.end:%-d %b %Y}"
        entries.append(TimelineEntry(event.date or event.start, event.recorded_at, "clock", what,
                                     str(event.recorded_by or "")))
    audit = AuditEvent.objects.filter(child_id=assessment.child_id, target_type__startswith="ehc.", kind="change",
                                      occurred_at__gte=assessment.created_on).order_by("seq")
    for event in audit:
        entries.append(TimelineEntry(event.occurred_at.date(), event.occurred_at, "audit", event.summary,
                                     event.actor_label))
    return sorted(entries, key=lambda e: (e.when, e.at.timestamp() if e.at else 0.0), reverse=True)


def advice_requests_for(*, user, include_done: bool = False) -> list[AdviceRequest]:
    """A professional's or setting's advice requests, the nearest due date first."""
    queryset = AdviceRequestPolicy.visible_to(user).select_related("assessment__child", "professional", "team",
                                                                   "setting")
    if not include_done:
        queryset = queryset.filter(received_on__isnull=True).filter(~Exists(
            ClockEvent.objects.filter(assessment_id=OuterRef("assessment_id"), event=ClockEventKind.WITHDRAWN)))
    return sorted(queryset, key=lambda a: (a.received_on is not None, a.due_on, a.pk))


def consultations_for(*, user, include_done: bool = False) -> list[Consultation]:
    queryset = ConsultationPolicy.visible_to(user).select_related("assessment__child", "setting")
    if not include_done:
        queryset = queryset.filter(responded_on__isnull=True)
    return sorted(queryset, key=lambda c: (c.responded_on is not None, c.due_on, c.pk))


def settings_names(assessment: Assessment) -> dict[str, str]:
    return {str(c.setting_id): str(c.setting) for c in assessment.consultations.select_related("setting")}


def group_by_locality(rows: list[CaseRow]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[str(row.assessment.child.locality or "No locality")] += 1
    return dict(counts)


def assessments_of(*, user, child) -> list[CaseRow]:
    """A child's assessments the user may see, newest first, with where each one is."""
    events = Prefetch("clock_events", queryset=ClockEvent.objects.order_by("date", "start", "pk"))
    queryset = (AssessmentPolicy.visible_to(user).filter(child=child).select_related("transferred_from")
                .prefetch_related(events))
    return _rows(queryset.order_by("-received_on", "-pk"), today())


# --------------------------------------------------------------------------------------------- returns


def sen2_items(assessment: Assessment, as_of: date | None = None) -> dict:
    """The SEN2 items this assessment supplies (data-standards §1.3–1.4, §4), from casework, never re-keyed.

    Module 2 (request): ReceivedDate, RequestSource, RYA, RequestOutcome (Y/N/A/W), RequestOutcomeDate.
    Module 3 (assessment): AssessmentOutcome (Y/N/A/W), AssessmentOutcomeDate (the plan's issue date for Y, the
    date the family was told for N, blank while a plan is agreed but not issued), Week20 (from the clocks).
    Module 4 (named plan): StartDate, and each setting named with URN or UKPRN, or SENsetting ``OTH`` when only
    a type is named. Module 5c (needs): SENtype with rank 1 and 2 from section B.

    A plan transferred in (SEND Regs 2014 reg 15) was requested and assessed by the old authority, so it gives
    no request or assessment module here. It gives ``TransferLA`` (module 5a, "plan transferred in from another
    LA during the calendar year"; data-standards §1.3 marks its format U: we return the old authority's DfE
    3-digit code, ``people.LocalAuthority.code``, as §4 says "originating LA code from the §3.5 table"), and
    the named plan with ``StartDate`` the date the old authority made the plan, which reg 15(3)(a) makes the
    date this authority is treated as having made it. Whether the transfer falls in the collection's calendar
    year is the return's filter (the date of transfer is the assessment's ``received_on``). Note: §1.3 also
    says a plan transferred in "is recorded as assessment ``H`` by the importing LA"; that module is left out
    here as agreed, pending the SEN2 guide (data-standards §5).
    """
    if assessment.is_transferred_plan:
        items = {"TransferLA": assessment.transferred_from.code if assessment.transferred_from_id else ""}
        first = (assessment.plan.versions.filter(status="final", issued_on__isnull=False).order_by("number").first()
                 if getattr(assessment, "plan", None) else None)
        items.update(_plan_items(assessment, start=first.issued_on if first else None))
        return items
    from .models import DecisionKind

    report = report_for(assessment, as_of)
    ended = {e.event: e for e in assessment.clock_events.all()}
    decisions = {d.kind: d for d in assessment.decisions.all()}
    withdrawn = ClockEventKind.WITHDRAWN in ended
    assess = decisions.get(DecisionKind.ASSESS)
    issue = decisions.get(DecisionKind.ISSUE)
    if assess is not None:
        request_outcome, request_date = ("Y" if assess.outcome == "assess" else "N"), assess.decided_on
    else:
        request_outcome, request_date = ("W" if withdrawn else "A"), None
    items = {
        "ReceivedDate": assessment.received_on.isoformat(),
        "RequestSource": assessment.request_source,
        "RYA": int(assessment.relevant_youth_accommodation),
        "RequestOutcome": request_outcome,
        "RequestOutcomeDate": request_date.isoformat() if request_date else "",
    }
    if request_outcome != "Y":
        return items
    final = ended.get(ClockEventKind.FINAL_PLAN_ISSUED)
    if issue is None:
        outcome, outcome_date = ("W" if withdrawn else "A"), ""
    elif issue.outcome == "not_issue":
        outcome, outcome_date = "N", issue.decided_on.isoformat()
    elif final is not None:
        outcome, outcome_date = "Y", final.date.isoformat()
    else:
        outcome, outcome_date = ("W" if withdrawn else "Y"), ""
    items.update({"AssessmentOutcome": outcome, "AssessmentOutcomeDate": outcome_date,
                  "Week20": int(report.week20_exception)})
    items.update(_plan_items(assessment))
    return items


def _plan_items(assessment: Assessment, start: date | None = None) -> dict:
    """Modules 4 and 5c from the plan in force (the latest final version): StartDate (its issue date, or
    ``start``), PlanDetail and SENneed; nothing while no version is final."""
    from . import content as plan_content

    plan = getattr(assessment, "plan", None)
    version = plan.versions.filter(status="final").order_by("-number").first() if plan else None
    if version is None:
        return {}
    c = plan_content.normalised(version.content)
    setting_id = c["placement"]["setting_id"]
    from wayfinder.people.models import Setting

    setting = Setting.objects.filter(pk=setting_id).first() if setting_id else None
    named = {"PlacementRank": 1}
    if setting is not None and (setting.urn or setting.ukprn):
        named.update({"URN": setting.urn} if setting.urn else {"UKPRN": setting.ukprn})
    else:
        named.update({"SENsetting": "OTH", "SENsettingOther": c["placement"]["setting_type"]})
    needs = sorted((n for n in c["needs"] if n["sen_type"]), key=lambda n: n["rank"])[:2]
    return {"StartDate": (start or version.issued_on).isoformat(), "PlanDetail": [named],
            "SENneed": [{"SENtype": n["sen_type"], "SENtypeRank": rank} for rank, n in enumerate(needs, start=1)]}
