"""The phase transfer cohort: every child with a plan whose next move between phases comes at the coming
transfer, with the review and amendment that must name the new school or institution in time.

The law (``statutory-timescales.md`` §2.4): SEND Regs 2014 reg 18(1)(b), a transfer between phases of
education (reg 2(1)) other than from secondary school to a post-16 institution: review and amend the plan
"before 15 February in the calendar year of the transfer" (``PHASE-SCHOOL-15FEB``); reg 18(1)(a), secondary
school to a post-16 institution: "before 31 March" (``PHASE-POST16-31MAR``); reg 18(2), one post-16
institution to another: at least five months before the transfer (``PHASE-POST16-5M``). The review itself is
a review under CAFA 2014 s44. The deadline is read strictly (Q4 default: last day 14 February / 30 March),
and met by the final amended plan naming the new setting (reg 18 says "review and amend").

**Who is in the cohort** (decided here, and tested):

* The coming transfer is the one on 1 September after the academic year that contains ``as_of``: from
  1 September of year Y (the first day of the academic year Y/Y+1) to 31 August of Y+1, the cohort is the
  children whose next phase move is on 1 September Y+1. So a Year 6 pupil is listed from 1 September of
  Year 6 (a year ahead, reg 18's "within 12 months of such a transfer"), and not on 31 August before it.
* A move between post-16 institutions has no fixed date and cannot be found from the date of birth: it is in
  the cohort when a phase transfer review records it (``transfer_kind="post16_to_post16"``) for a date in
  the 12 months after ``as_of``.
* The child has a plan in force on ``as_of``: a final version issued on or before it, and no
  :class:`PlanEnding` whose ``ends_on`` is on or before it.
* The phase the child is in now comes from the setting on whose roll they are (``people.Enrolment`` with
  no end date, or ending after ``as_of``), mapped to the engine's :data:`SETTING_PHASES` by
  :func:`engine_phase`; for a special school or alternative provision (phase "not applicable") or a child
  on no roll it is inferred from the year group, so a Year 6 pupil of an all-age special school is listed
  for the move to Year 7 (the authority reviews where the child will go next).
* The next move is the first of :func:`wayfinder.statutory.phase.phase_moves`; it is in the cohort when its
  transfer date is the coming 1 September. A child whose recorded setting does not fit their age (educated
  out of cohort) is not guessed at: they are counted in ``Cohort.unplaced`` (among the children of the age
  that ends a phase, the only ones read).

**The review for the transfer** is the latest :class:`Review` of kind ``phase_transfer`` for the plan whose
``transfer_on`` is within 31 days of the move (a review may record the first day of term, not 1 September).

**Risk** (:data:`RISKS`): ``done`` once the final amended plan is issued (late or not); ``overdue`` when the
deadline has passed without it; ``at_risk`` when the engine says so (no amended plan with under 6 weeks to
the deadline, :data:`wayfinder.statutory.phase.AT_RISK_BEFORE_DUE`) or no review meeting has been held with
under :data:`NO_MEETING_AT_RISK` (12 weeks) to go; ``on_track`` otherwise. The deadline is always the
engine's (:func:`engine_input` is the ``wayfinder clocks`` input for the same case), so the page and the
command agree.

Everything is read with a fixed number of queries, whatever the size of the county (``transfer_cohort``
does not issue a query per child).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.fields.json import KT

from wayfinder.ehc.models import Plan, PlanStatus, PlanVersion
from wayfinder.people.codes import Phase
from wayfinder.people.models import Child, Enrolment, Setting
from wayfinder.people.policies import ChildPolicy
from wayfinder.statutory import phase as engine
from wayfinder.statutory.clock import ClockReport, Deadline, Status

from .models import PlanEnding, Review, ReviewConsultation, ReviewEvent, ReviewEventKind, ReviewKind

__all__ = [
    "MOVE_KINDS",
    "NO_MEETING_AT_RISK",
    "RISKS",
    "STATUSES",
    "Cohort",
    "CohortRow",
    "coming_transfer_date",
    "engine_input",
    "engine_phase",
    "move_kind",
    "serves",
    "transfer_cohort",
    "year_group_on",
]

#: At risk (derived, not in the law): no review meeting held with under 12 weeks to the deadline. Under
#: R (L, M & P) v Devon CC [2022] the final amended plan follows within 12 weeks of the meeting (AMEND-DEVON:
#: proposals within 4 weeks, then the 15 days of reg 22(2)(c) and the 8 weeks of reg 22(3)), so a meeting
#: later than this cannot be counted on to give an amended plan by the deadline.
NO_MEETING_AT_RISK = timedelta(weeks=12)
#: A review is for a transfer when its ``transfer_on`` is within this of the move's 1 September.
REVIEW_MATCH_DAYS = 31

#: The kinds of move the page filters and counts by: key -> label.
MOVE_KINDS = {
    "early_years_to_school": "Early years to school",
    "infant_to_junior": "Infant to junior",
    "first_to_middle": "First to middle",
    "primary_to_secondary": "Primary to secondary",
    "secondary_to_post16": "Secondary to post-16",
    "post16_to_post16": "Post-16 to post-16",
}
#: Risk, in the order the page sorts by: key -> (label, GOV.UK tag colour).
RISKS = {
    "overdue": ("Overdue", "red"),
    "at_risk": ("At risk", "orange"),
    "on_track": ("On track", "blue"),
    "done": ("Done", "green"),
}
#: Where the phase transfer review has got to: key -> label (the latest of its events).
STATUSES = {
    "not_started": "Not started",
    "started": "Review started",
    "meeting_arranged": "Meeting arranged",
    "meeting_held": "Meeting held",
    "decision_sent": "Decision sent",
    "proposals_sent": "Proposed amendments sent",
    "not_amended": "Decided not to amend",
    "final_issued": "Final amended plan issued",
}
_STATUS_BY_EVENT = (  # the latest step reached wins
    (ReviewEventKind.FINAL_AMENDED_PLAN, "final_issued"),
    (ReviewEventKind.NOT_TO_AMEND, "not_amended"),
    (ReviewEventKind.PROPOSALS_SENT, "proposals_sent"),
    (ReviewEventKind.DECISION_SENT, "decision_sent"),
    (ReviewEventKind.MEETING_HELD, "meeting_held"),
    (ReviewEventKind.MEETING_ARRANGED, "meeting_arranged"),
)
#: Post-16 moves recorded by a review are in the cohort when they fall within this of ``as_of``.
POST16_WINDOW = relativedelta(months=12)


# --------------------------------------------------------------------------------------------- pure helpers


def academic_year_start(on: date) -> int:
    """The calendar year in which the academic year containing ``on`` began (1 September)."""
    return on.year if on.month >= 9 else on.year - 1


def coming_transfer_date(as_of: date) -> date:
    """The 1 September of the coming transfer: the end of the academic year that contains ``as_of``."""
    return date(academic_year_start(as_of) + 1, 9, 1)


def year_group_on(date_of_birth: date, on: date) -> int:
    """The National Curriculum year group on ``on`` for a child in their normal cohort (Reception = 0, the
    years before it negative), by age on 31 August as in ``wayfinder.statutory.calendar``."""
    cohort = date_of_birth.year + (1 if date_of_birth.month >= 9 else 0)
    return academic_year_start(on) - cohort - 4


def _phase_for_year(year_group: int) -> str:
    if year_group < 0:
        return "early_years"
    if year_group <= 6:
        return "primary"
    if year_group <= 11:
        return "secondary"
    return "post16"


def engine_phase(setting: Setting | None, year_group: int) -> str:
    """The engine's setting phase (:data:`wayfinder.statutory.phase.SETTING_PHASES`, or ``post16``) for a
    child on the roll of ``setting`` (``people.codes.Phase``):

    * early years -> ``early_years``; secondary, all-through, 16 plus -> ``secondary``, ``all_through``,
      ``post16``;
    * primary -> ``infant`` when the school's oldest age is 7 or under (an infant school, Reception to Year 2),
      ``junior`` when its youngest is 7 or over (Years 3 to 6), otherwise ``primary``;
    * not applicable (special schools, alternative provision) or no setting -> from the year group:
      before Reception ``early_years``, Reception to Year 6 ``primary``, Years 7 to 11 ``secondary``, then
      ``post16``.
    """
    phase = setting.phase if setting is not None else Phase.NOT_APPLICABLE
    if phase == Phase.EARLY_YEARS:
        return "early_years"
    if phase == Phase.PRIMARY:
        if setting.age_high is not None and setting.age_high <= 7:
            return "infant"
        if setting.age_low is not None and setting.age_low >= 7:
            return "junior"
        return "primary"
    if phase in (Phase.SECONDARY, Phase.ALL_THROUGH, Phase.POST16):
        return str(phase)
    return _phase_for_year(year_group)


def move_kind(from_stage: str, to_stage: str) -> str:
    """The :data:`MOVE_KINDS` key of a move between two of the engine's stages."""
    if from_stage == "early_years":
        return "early_years_to_school"
    if to_stage == "junior":
        return "infant_to_junior"
    if to_stage == "middle":
        return "first_to_middle"
    if to_stage == "secondary":
        return "primary_to_secondary"
    if from_stage == "post16":
        return "post16_to_post16"
    return "secondary_to_post16"


_STAGE_PHASES = {  # the setting phases that can take a child entering each stage (when ages are not known)
    "school": {Phase.PRIMARY, Phase.ALL_THROUGH, Phase.NOT_APPLICABLE},
    "junior": {Phase.PRIMARY, Phase.ALL_THROUGH, Phase.NOT_APPLICABLE},
    "middle": {Phase.PRIMARY, Phase.SECONDARY, Phase.ALL_THROUGH, Phase.NOT_APPLICABLE},
    "secondary": {Phase.SECONDARY, Phase.ALL_THROUGH, Phase.NOT_APPLICABLE},
    "post16": {Phase.POST16, Phase.SECONDARY, Phase.ALL_THROUGH, Phase.NOT_APPLICABLE},
}


def serves(setting: Setting | None, to_stage: str, year_group: int) -> bool:
    """Whether ``setting`` can be the next-phase setting for a child entering ``year_group`` in ``to_stage``.

    With the setting's age range, as in the school census: it takes a year group whose age on 31 August
    before it (Reception 4, Year 7 11, Year 12 16) is at least its youngest and below its oldest age (a 4–11
    primary takes Reception to Year 6; an 11–18 school's sixth form is a post-16 setting). Without it, by
    phase. An early years provider is never a next-phase setting.
    """
    if setting is None or setting.phase == Phase.EARLY_YEARS:
        return False
    if setting.age_low is not None and setting.age_high is not None:
        return setting.age_low <= year_group + 4 < setting.age_high
    return setting.phase in _STAGE_PHASES.get(to_stage, set())


# --------------------------------------------------------------------------------------------- the rows


@dataclass
class CohortRow:
    """One child in the coming transfer and where their phase transfer review has got to."""

    plan: Plan
    child: Child
    move: engine.PhaseMove
    kind: str  # a MOVE_KINDS key
    current_setting: Setting | None
    review: Review | None
    status: str  # a STATUSES key
    status_on: date | None
    named_setting: Setting | None
    named_source: str  # "final amended plan", "proposed amendment", "plan in force" or ""
    consulting: list[ReviewConsultation]
    answered: list[ReviewConsultation]
    report: ClockReport
    risk: str  # a RISKS key
    risk_reasons: list[str] = field(default_factory=list)

    @property
    def deadline(self) -> Deadline:
        return self.report.deadlines[0]

    @property
    def kind_label(self) -> str:
        return MOVE_KINDS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def risk_label(self) -> str:
        return RISKS[self.risk][0]

    @property
    def risk_colour(self) -> str:
        return RISKS[self.risk][1]

    @property
    def named(self) -> bool:
        return self.named_setting is not None

    @property
    def year_label(self) -> str:
        y = self.move.year_group
        return "Reception" if y == 0 else f"Year {y}"


@dataclass
class Cohort:
    """The cohort as the page shows it: ``rows`` after every filter; ``by_risk`` after the locality and kind
    filters; ``by_locality`` and ``by_kind`` over everyone the user may see, before filters."""

    as_of: date
    transfer_on: date
    rows: list[CohortRow]
    by_risk: dict[str, int]
    by_locality: list[dict]
    by_kind: list[dict]
    total: int
    unplaced: int

    @property
    def school_deadline(self) -> date:
        return engine.deadline_for("school_phase", self.transfer_on)[1]

    @property
    def post16_deadline(self) -> date:
        return engine.deadline_for("secondary_to_post16", self.transfer_on)[1]


def engine_input(row: CohortRow) -> dict:
    """The ``wayfinder clocks`` input (``"process": "phase_transfer"``) for one row: the same case the page
    evaluates, so ``wayfinder clocks`` gives the same deadline and status."""
    report = row.report
    events: list[dict] = [{"event": "transfer_planned", "date": row.move.transfer_date.isoformat(),
                           "kind": row.move.kind}]
    if report.facts.get("review_meeting_held"):
        events.append({"event": "review_meeting_held", "date": report.facts["review_meeting_held"]})
    if row.deadline.done is not None:
        events.append({"event": "final_amended_plan_issued", "date": row.deadline.done.isoformat()})
    return {"process": engine.PROCESS, "as_of": report.as_of.isoformat(), "events": events}


# --------------------------------------------------------------------------------------------- the queries


def _in_force(as_of: date) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan_id=OuterRef("pk"), status=PlanStatus.FINAL, archived_on__isnull=True,
                                      issued_on__lte=as_of).order_by("-number")


def plans_in_force(as_of: date, queryset: QuerySet[Plan] | None = None) -> QuerySet[Plan]:
    """Plans in force on ``as_of``: a final version issued by then, and not ended on or before it."""
    ended = PlanEnding.objects.filter(plan_id=OuterRef("pk"), ends_on__lte=as_of, archived_on__isnull=True)
    base = Plan.objects.all() if queryset is None else queryset
    return base.filter(Exists(_in_force(as_of)), ~Exists(ended), archived_on__isnull=True)


def _to_int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _status(events: list[ReviewEvent]) -> tuple[str, date | None]:
    latest: dict[str, date] = {}
    for e in events:
        latest[e.event] = e.date
    for event, status in _STATUS_BY_EVENT:
        if event in latest:
            return status, latest[event]
    return "started", None


#: The year groups after which a phase ends (Reception = 0, the year before it -1).
TRANSFER_YEARS = tuple(sorted({last for last, _next in engine.SETTING_PHASES.values()}))


def _transfer_age(as_of: date) -> Q:
    """Children in a year group after which a phase ends, on ``as_of``: year group ``y`` is those born from
    1 September ``A - 5 - y`` to 31 August ``A - 4 - y``, where ``A`` is the year the academic year began."""
    start = academic_year_start(as_of)
    q = Q()
    for year in TRANSFER_YEARS:
        q |= Q(child__date_of_birth__gte=date(start - 5 - year, 9, 1),
               child__date_of_birth__lte=date(start - 4 - year, 8, 31))
    return q


def cohort_rows(plans: QuerySet[Plan], as_of: date) -> tuple[list[CohortRow], int]:
    """The cohort among ``plans`` (already limited to what the reader may see): ``(rows, unplaced)``.

    Seven queries whatever the number of plans: plans, enrolments, reviews, their events and consultations,
    and the settings named.
    """
    transfer_on = coming_transfer_date(as_of)
    base = plans_in_force(as_of, plans)
    in_force = _in_force(as_of)
    # Only a child in the last year group of a phase moves next September (statutory.phase.SETTING_PHASES),
    # and the year group follows from the date of birth alone (year_group_on): read only those children's
    # plans, and those with a post-16 to post-16 review, not the whole county's.
    post16_review = Review.objects.filter(plan_id=OuterRef("pk"), kind=ReviewKind.PHASE_TRANSFER,
                                          transfer_kind="post16_to_post16", archived_on__isnull=True)
    plan_rows = list(
        base.filter(_transfer_age(as_of) | Exists(post16_review))
        .select_related("child", "child__locality")
        .only("id", "child_id", "child__legal_forename", "child__legal_surname", "child__preferred_name",
              "child__date_of_birth", "child__locality__name")
        .annotate(in_force_number=Subquery(in_force.values("number")[:1]),
                  in_force_issued_on=Subquery(in_force.values("issued_on")[:1]),
                  in_force_setting=Subquery(in_force.annotate(sid=KT("content__placement__setting_id"))
                                            .values("sid")[:1]))
        .order_by("pk")
    )
    child_ids = [plan.child_id for plan in plan_rows]
    current: dict[int, Enrolment] = {}
    enrolments = (Enrolment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gt=as_of), child_id__in=child_ids,
                                           start_date__lte=as_of, archived_on__isnull=True)
                  .select_related("setting").order_by("child_id", "-start_date", "-pk"))
    for enrolment in enrolments:
        current.setdefault(enrolment.child_id, enrolment)

    reviews = (
        Review.objects.filter(plan__in=base.values("pk"), kind=ReviewKind.PHASE_TRANSFER, archived_on__isnull=True)
        .filter(Q(transfer_on__gte=transfer_on - timedelta(days=REVIEW_MATCH_DAYS),
                  transfer_on__lte=transfer_on + timedelta(days=REVIEW_MATCH_DAYS))
                | Q(transfer_kind="post16_to_post16", transfer_on__gt=as_of, transfer_on__lte=as_of + POST16_WINDOW))
        .annotate(amendment_setting=Subquery(PlanVersion.objects.filter(pk=OuterRef("amendment_id"))
                                             .annotate(sid=KT("content__placement__setting_id")).values("sid")[:1]))
        .select_related("amendment").defer("amendment__content")
        .prefetch_related(
            Prefetch("events", queryset=ReviewEvent.objects.filter(date__lte=as_of).order_by("date", "pk")),
            Prefetch("consultations", queryset=ReviewConsultation.objects.filter(archived_on__isnull=True)
                     .select_related("setting").order_by("sent_on", "pk")))
        .order_by("plan_id", "created_on", "pk")
    )
    september: dict[int, Review] = {}
    post16: dict[int, list[Review]] = defaultdict(list)
    for review in reviews:
        if review.transfer_kind == "post16_to_post16" and review.transfer_on and review.transfer_on > as_of:
            post16[review.plan_id].append(review)
        else:
            september[review.plan_id] = review  # the latest wins

    found: list[tuple[Plan, engine.PhaseMove, Review | None, Setting | None]] = []
    unplaced = 0
    for plan in plan_rows:
        child = plan.child
        enrolment = current.get(child.pk)
        setting = enrolment.setting if enrolment else None
        year = year_group_on(child.date_of_birth, as_of)
        stage = engine_phase(setting, year)
        try:
            moves = engine.phase_moves(child.date_of_birth, stage, as_of, year_group=year)
        except ValueError:
            unplaced += 1
            moves = []
        if moves and moves[0].transfer_date == transfer_on:
            found.append((plan, moves[0], september.get(plan.pk), setting))
        for review in post16.get(plan.pk, []):
            rule, due = engine.deadline_for("post16_to_post16", review.transfer_on)
            move = engine.PhaseMove("post16_to_post16", review.transfer_on, "post16", "post16",
                                    max(year + 1, 12), rule, due)
            found.append((plan, move, review, setting))

    setting_ids = {_to_int(p.in_force_setting) for p, *_ in found}
    setting_ids |= {_to_int(r.amendment_setting) for _p, _m, r, _s in found if r is not None}
    setting_ids.discard(None)
    named_by_id = {s.pk: s for s in Setting.objects.filter(pk__in=setting_ids)} if setting_ids else {}

    rows = [_row(plan, move, review, setting, named_by_id, as_of) for plan, move, review, setting in found]
    return rows, unplaced


def _row(plan: Plan, move: engine.PhaseMove, review: Review | None, setting: Setting | None,
         named_by_id: dict[int, Setting], as_of: date) -> CohortRow:
    events = list(review.events.all()) if review is not None else []
    consultations = list(review.consultations.all()) if review is not None else []
    meeting = next((e.date for e in events if e.event == ReviewEventKind.MEETING_HELD), None)
    final = next((e.date for e in events if e.event == ReviewEventKind.FINAL_AMENDED_PLAN), None)
    status, status_on = _status(events) if review is not None else ("not_started", None)
    if status == "meeting_arranged":
        status_on = next((e.meeting_date for e in reversed(events) if e.event == ReviewEventKind.MEETING_ARRANGED),
                         status_on)

    # reg 18(1)-(2): the engine's deadline, read strictly (Q4 default).
    case = engine.PhaseTransferCase(kind=move.kind, transfer_date=move.transfer_date, amended_plan_issued=final,
                                    review_meeting_held=meeting)
    report = engine.evaluate(case, as_of)
    deadline = report.deadlines[0]
    reasons = [r.reason for r in report.at_risk]
    if deadline.done is not None:
        risk = "done"
    elif deadline.status is Status.OVERDUE:
        risk = "overdue"
        reasons = ["The deadline has passed without a final amended plan naming the new setting"]
    else:
        if meeting is None and as_of >= deadline.due - NO_MEETING_AT_RISK:
            reasons.append("No review meeting held, with under 12 weeks to the deadline")
        risk = "at_risk" if reasons else "on_track"

    year = move.year_group
    named, source = None, ""
    amendment = review.amendment if review is not None else None
    if amendment is not None:
        candidate = named_by_id.get(_to_int(review.amendment_setting))
        if serves(candidate, move.to_stage, year):
            named = candidate
            source = "final amended plan" if amendment.status == PlanStatus.FINAL else "proposed amendment"
    if named is None:
        candidate = named_by_id.get(_to_int(plan.in_force_setting))
        if serves(candidate, move.to_stage, year):
            named, source = candidate, "plan in force"
    return CohortRow(
        plan=plan, child=plan.child, move=move, kind=move_kind(move.from_stage, move.to_stage),
        current_setting=setting, review=review, status=status, status_on=status_on, named_setting=named,
        named_source=source, consulting=[c for c in consultations if c.responded_on is None],
        answered=[c for c in consultations if c.responded_on is not None], report=report, risk=risk,
        risk_reasons=reasons,
    )


def _sort_key(row: CohortRow):
    return (list(RISKS).index(row.risk), row.deadline.due, row.child.legal_surname, row.child.legal_forename,
            row.plan.pk)


def _counts(rows: list[CohortRow], key) -> list[dict]:
    groups: dict = {}
    for row in rows:
        k, label = key(row)
        entry = groups.setdefault(k, {"key": k, "label": label, "total": 0, **dict.fromkeys(RISKS, 0)})
        entry["total"] += 1
        entry[row.risk] += 1
    return sorted(groups.values(), key=lambda g: str(g["label"]))


def visible_plans(user) -> QuerySet[Plan]:
    """Plans of children the user may see (``ChildPolicy``), as a correlated EXISTS (as in ``ehc.policies``)."""
    return Plan.objects.filter(Exists(ChildPolicy.visible_to(user).filter(pk=OuterRef("child_id"))))


def transfer_cohort(*, user, as_of: date, locality_id: int | None = None, kind: str | None = None,
                    risk: str | None = None) -> Cohort:
    """The coming phase transfer cohort the user may see (module docstring), sorted by risk then deadline.

    ``locality_id`` (the child's locality), ``kind`` (a :data:`MOVE_KINDS` key) and ``risk`` (a
    :data:`RISKS` key) filter the rows; unknown values are ignored.
    """
    rows, unplaced = cohort_rows(visible_plans(user), as_of)
    rows.sort(key=_sort_key)
    by_locality = _counts(rows, lambda r: (r.child.locality_id, r.child.locality.name if r.child.locality
                                           else "No locality"))
    by_kind = _counts(rows, lambda r: (r.kind, MOVE_KINDS[r.kind]))
    by_kind.sort(key=lambda g: list(MOVE_KINDS).index(g["key"]))
    total = len(rows)
    if locality_id:
        rows = [r for r in rows if r.child.locality_id == locality_id]
    if kind in MOVE_KINDS:
        rows = [r for r in rows if r.kind == kind]
    by_risk = dict.fromkeys(RISKS, 0)
    for row in rows:
        by_risk[row.risk] += 1
    if risk in RISKS:
        rows = [r for r in rows if r.risk == risk]
    return Cohort(as_of=as_of, transfer_on=coming_transfer_date(as_of), rows=rows, by_risk=by_risk,
                  by_locality=by_locality, by_kind=by_kind, total=total, unplaced=unplaced)
