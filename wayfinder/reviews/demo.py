"""Reviews for the demo county: every plan's history of annual reviews, and the review in progress now.

Each plan in force gets the chain of reviews the law asks for since it was issued: a meeting inside each 12
months, the report, the decision (mostly maintain, about a quarter amend with a final amended plan, a few
cease), each decision starting the next 12 months (statutory-timescales Q6). About 15% of plans are
overdue in one of the radar's three ways: the reviews stopped (no decision within 12 months), a meeting
with no decision after 4 weeks, or amendments not finalised within 8 weeks. Plans whose review is due in
the next three months have one in progress at every step. Some steps are late, as in life.

Every history is one the statutory engine accepts (``wayfinder clocks``); the test suite checks a sample.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Max

from wayfinder.ehc.models import Plan, PlanStatus, PlanVersion
from wayfinder.statutory.review import review_due

from .models import (
    CeaseReason,
    PlanEnding,
    Review,
    ReviewAdvice,
    ReviewEvent,
    ReviewEventKind,
    ReviewInvitation,
    ReviewOutcome,
    ReviewReport,
)

BATCH = 2_000
SHARE_LAPSED = 0.10  # reviews stopped: no decision within 12 months
SHARE_DECISION_LATE = 0.03  # meeting held, no decision 4 weeks later
SHARE_AMEND_LATE = 0.02  # proposals sent, no final amended plan 8 weeks later
OUTCOMES = ((ReviewOutcome.MAINTAIN, 0.70), (ReviewOutcome.AMEND, 0.28), (ReviewOutcome.CEASE, 0.02))
PROGRESS = ["E1 met; E2 partly met.", "Good progress on both outcomes.", "Some progress; E2 needs more time.",
            "E1 met. New outcome needed for independence."]
ADVICE = [("education", "Class teacher", "Reading age up 9 months this year; still needs 1:1 for writing."),
          ("health", "Speech and language therapist", "Attention and listening improved; continue weekly."),
          ("psychology", "Educational psychologist", "Working memory remains the main barrier to learning.")]


@dataclass
class _Plan:
    plan_id: int
    child_id: int
    born: date
    officer_id: int | None
    setting_id: int | None
    issued: date
    version: PlanVersion


@dataclass
class _Out:
    versions: list[PlanVersion] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    events: list[tuple[Review, ReviewEvent]] = field(default_factory=list)
    reports: list[tuple[Review, ReviewReport]] = field(default_factory=list)
    invitations: list[tuple[Review, ReviewInvitation]] = field(default_factory=list)
    advice: list[tuple[Review, ReviewAdvice]] = field(default_factory=list)
    endings: list[PlanEnding] = field(default_factory=list)
    amendment_of: dict[int, PlanVersion] = field(default_factory=dict)  # id(review) -> version


class _Writer:
    def __init__(self, on: date, rng: random.Random, cohort: set[int], autumn: date):
        self.on, self.rng, self.out = on, rng, _Out()
        # Plans in the coming phase transfer cohort: this year's review is the phase transfer review
        # (``demo_phase``), so their annual chain stops before this autumn.
        self.cohort, self.autumn = cohort, autumn
        #: plans whose review in progress is set for a demo account's story: plan id -> step
        self.stories: dict[int, str] = {}

    def pick(self, pairs):
        roll, total = self.rng.random(), 0.0
        for value, weight in pairs:
            total += weight
            if roll < total:
                return value
        return pairs[-1][0]

    def review(self, p: _Plan, anchor: date, first: bool, outcome_before: str) -> Review:
        review = Review(plan_id=p.plan_id, child_id=p.child_id, anchor_on=anchor, first=first,
                        anchor_outcome=outcome_before, setting_id=p.setting_id, convened_by_id=None)
        self.out.reviews.append(review)
        return review

    def event(self, review: Review, kind: str, on: date, **fields) -> None:
        self.out.events.append((review, ReviewEvent(event=kind, date=on, **fields)))

    def meeting(self, review: Review, m: date, anchor: date, *, late_notice: bool = False) -> None:
        rng = self.rng
        review.meeting_on, review.meeting_place = m, "At school"
        arranged = min(self.on, max(anchor, m - timedelta(days=rng.randint(35, 60))))
        self.event(review, ReviewEventKind.MEETING_ARRANGED, min(arranged, m), meeting_date=m)
        notice = rng.randint(7, 13) if late_notice else rng.randint(15, 30)
        self.event(review, ReviewEventKind.INVITATIONS_SENT, max(arranged, m - timedelta(days=notice)))
        self.event(review, ReviewEventKind.ADVICE_CIRCULATED,
                   max(arranged, m - timedelta(days=rng.randint(8, 13) if late_notice else rng.randint(14, 20))))

    def report(self, review: Review, m: date, *, late: bool, recommendation: str) -> date:
        sent = m + timedelta(days=self.rng.randint(15, 24) if late else self.rng.randint(3, 14))
        sent = min(sent, self.on)
        self.event(review, ReviewEventKind.REPORT_SENT, sent)
        self.out.reports.append((review, ReviewReport(
            views="The family are pleased with the support and want it to continue.",
            progress=self.rng.choice(PROGRESS), provision="The provision in section F is in place.",
            recommendation=recommendation, sent_on=sent,
            recommended_changes="Update the outcomes for next year." if recommendation == "amend" else "")))
        return sent

    def amend(self, p: _Plan, review: Review, sent: date, final: date | None) -> None:
        """A new version of the plan with the proposed amendments, final when issued."""
        before = p.version
        content = {**before.content,
                   "a": f"{before.content.get('a', '')} Reviewed {sent:%B %Y}: new interests recorded.".strip()}
        version = PlanVersion(plan_id=p.plan_id, number=before.number + 1, content=content, amends=before,
                              served_on=sent, status=PlanStatus.FINAL if final else PlanStatus.SERVED,
                              issued_on=final)
        self.out.versions.append(version)
        self.out.amendment_of[id(review)] = version
        if final:
            p.version = version

    def plan(self, p: _Plan) -> None:
        rng, on = self.rng, self.on
        profile = self.pick([("lapsed", SHARE_LAPSED), ("decision_late", SHARE_DECISION_LATE),
                             ("amend_late", SHARE_AMEND_LATE), ("on_track", 1.0)])
        if p.plan_id in self.stories:
            profile = "on_track"
        anchor, first, before = p.issued, True, ""
        stop_after = None
        if profile == "lapsed":
            # The reviews stop at some past period, so the plan is overdue now (no decision within 12 months).
            periods = max(0, (on - p.issued).days // 365 - 1)
            stop_after = rng.randint(0, periods)
        done = 0
        while True:
            due = review_due(anchor)
            m = due - timedelta(days=rng.randint(30, 80))
            m = max(m, anchor + timedelta(days=90))
            late_decision = rng.random() < 0.08
            d = m + timedelta(days=rng.randint(29, 50) if late_decision else rng.randint(8, 27))
            if stop_after is not None and done >= stop_after and due < on:
                if rng.random() < 0.3:  # a meeting now arranged, late
                    review = self.review(p, anchor, first, before)
                    review.meeting_on, review.meeting_place = on + timedelta(days=rng.randint(7, 40)), "At school"
                    self.event(review, ReviewEventKind.MEETING_ARRANGED,
                               max(anchor, on - timedelta(days=rng.randint(0, 10))), meeting_date=review.meeting_on)
                return
            if p.plan_id in self.cohort and m >= self.autumn:
                return
            if d > on or m > on:
                self.current(p, anchor, first, before, profile)
                return
            review = self.review(p, anchor, first, before)
            self.meeting(review, m, anchor, late_notice=rng.random() < 0.1)
            self.event(review, ReviewEventKind.MEETING_HELD, m)
            outcome = self.pick(OUTCOMES)
            if outcome == ReviewOutcome.CEASE and (on - d).days < 14:  # recent ones are held (CEASE-HOLD)
                outcome = ReviewOutcome.MAINTAIN
            self.report(review, m, late=rng.random() < 0.1, recommendation=outcome)
            self.decide(review, d, outcome, p)
            if outcome == ReviewOutcome.AMEND:
                self.event(review, ReviewEventKind.PROPOSALS_SENT, d)
                final = d + timedelta(days=rng.randint(57, 80) if rng.random() < 0.1 else rng.randint(16, 56))
                if final > on:
                    self.amend(p, review, d, None)  # still with the family: the current review
                    return
                self.event(review, ReviewEventKind.FINAL_AMENDED_PLAN, final)
                self.amend(p, review, d, final)
            if outcome == ReviewOutcome.CEASE:
                self.cease(p, review, d)
                return
            anchor, first, before = d, False, outcome
            done += 1

    def decide(self, review: Review, d: date, outcome: str, p: _Plan) -> None:
        review.outcome, review.decided_on, review.decided_by_id = outcome, d, p.officer_id
        review.decision_reasons = {"maintain": "The plan still describes the child's needs and provision.",
                                   "amend": "The outcomes and section A need updating after the review.",
                                   "cease": "The young person's needs are now met without a plan."}[outcome]
        self.event(review, ReviewEventKind.DECISION_SENT, d, outcome=outcome)

    def cease(self, p: _Plan, review: Review, d: date) -> None:
        age = (d - p.born).days // 365
        reason = (CeaseReason.PAID_EMPLOYMENT if age >= 18 else CeaseReason.NEEDS_MET_WITHOUT_PLAN)
        # CEASE-HOLD: the plan ends only after the 2-month appeal period has passed with no appeal.
        ends = d + timedelta(days=62)
        self.out.endings.append(PlanEnding(
            plan_id=p.plan_id, review=review, reason=reason, explanation=review.decision_reasons,
            family_consulted_on=d - timedelta(days=20), setting_consulted_on=d - timedelta(days=20),
            notice_on=d, ends_on=ends if ends <= self.on else None, decided_by_id=p.officer_id))

    def current(self, p: _Plan, anchor: date, first: bool, before: str, profile: str) -> None:
        """The review in progress now, if one is: at every step for plans due soon, late for a few."""
        rng, on = self.rng, self.on
        due = review_due(anchor)
        if profile == "decision_late":
            m = on - timedelta(days=rng.randint(31, 70))
            if m > anchor:
                review = self.review(p, anchor, first, before)
                self.meeting(review, m, anchor)
                self.event(review, ReviewEventKind.MEETING_HELD, m)
                self.report(review, m, late=False, recommendation=ReviewOutcome.MAINTAIN)
                return
        if profile == "amend_late":
            m = on - timedelta(days=rng.randint(90, 120))
            if m > anchor:
                review = self.review(p, anchor, first, before)
                self.meeting(review, m, anchor)
                self.event(review, ReviewEventKind.MEETING_HELD, m)
                self.report(review, m, late=False, recommendation=ReviewOutcome.AMEND)
                d = m + timedelta(days=rng.randint(10, 27))
                self.decide(review, d, ReviewOutcome.AMEND, p)
                self.event(review, ReviewEventKind.PROPOSALS_SENT, d)
                self.amend(p, review, d, None)
                return
        step = self.stories.get(p.plan_id)
        if step is None and (due - on).days > 92:
            return
        step = step or rng.choice(["started", "arranged", "invited", "held", "reported", "amending"])
        review = self.review(p, anchor, first, before)
        if step == "started":
            return
        future = on + timedelta(days=rng.randint(10, 40))
        if step in ("arranged", "invited"):
            review.meeting_on, review.meeting_place = future, "At school"
            self.event(review, ReviewEventKind.MEETING_ARRANGED, max(anchor, on - timedelta(days=rng.randint(0, 20))),
                       meeting_date=future)
            if step == "invited":
                sent = max(anchor, on - timedelta(days=rng.randint(0, 5)))
                self.event(review, ReviewEventKind.INVITATIONS_SENT, sent)
                self.invite(review, p, sent)
            return
        m = min(on, max(anchor + timedelta(days=1), on - timedelta(days=rng.randint(1, 20))))
        self.meeting(review, m, anchor)
        self.invite(review, p, m - timedelta(days=15))
        for source, who, text in ADVICE[:rng.randint(1, 3)]:
            self.out.advice.append((review, ReviewAdvice(source=source, from_name=who, advice=text,
                                                         received_on=max(anchor, m - timedelta(days=18)))))
        self.event(review, ReviewEventKind.MEETING_HELD, m)
        if step == "held":
            return
        self.report(review, m, late=False, recommendation="amend" if step == "amending" else "maintain")
        if step == "amending":
            d = min(on, m + timedelta(days=rng.randint(5, 20)))
            self.decide(review, d, ReviewOutcome.AMEND, p)
            self.event(review, ReviewEventKind.PROPOSALS_SENT, d)
            self.amend(p, review, d, None)

    def invite(self, review: Review, p: _Plan, sent: date) -> None:
        for kind, name in (("parent", "Parent or carer"), ("setting", "SENCO"), ("local_authority", "SEN officer")):
            self.out.invitations.append((review, ReviewInvitation(kind=kind, name=name, sent_on=sent)))


def _stories(plans: dict[int, _Plan]) -> dict[int, str]:
    """The demo parent's children with plans have a review with proposed changes waiting for their comments
    (sign in as ``parent``)."""
    from wayfinder.accounts.models import User
    from wayfinder.people.models import ChildCarer

    out: dict[int, str] = {}
    parent = User.objects.filter(username="parent").first()
    if parent is not None:
        children = set(ChildCarer.objects.filter(carer__user=parent, parental_responsibility=True)
                       .values_list("child_id", flat=True))
        out.update({pk: "amending" for pk, p in plans.items() if p.child_id in children})
    return out


def write(*, on: date, rng: random.Random) -> dict[str, int]:
    """Write the demo reviews for every issued plan in the database. Returns counts."""
    versions = (PlanVersion.objects.filter(status=PlanStatus.FINAL, archived_on__isnull=True)
                .select_related("plan__child").order_by("plan_id", "number"))
    plans: dict[int, _Plan] = {}
    for version in versions:
        child = version.plan.child
        setting_id = (version.content.get("placement") or {}).get("setting_id")
        if version.plan_id not in plans:
            plans[version.plan_id] = _Plan(plan_id=version.plan_id, child_id=child.pk, born=child.date_of_birth,
                                           officer_id=child.caseworker_id, setting_id=setting_id,
                                           issued=version.issued_on, version=version)
        else:
            plans[version.plan_id].version = version
    latest = dict(Plan.objects.annotate(last=Max("versions__number"))
                  .values_list("pk", "last"))
    from .phase import academic_year_start, cohort_rows

    cohort = {row.plan.pk for row in cohort_rows(Plan.objects.all(), on)[0]}
    writer = _Writer(on, rng, cohort, date(academic_year_start(on), 9, 1))
    writer.stories = _stories(plans)
    for plan_id in sorted(plans):
        p = plans[plan_id]
        if latest.get(plan_id, p.version.number) > p.version.number:
            continue  # a draft after the final version: leave it alone
        writer.plan(p)
    out = writer.out
    # An amendment may amend an earlier amendment: store them a version number at a time, so each one's
    # ``amends`` is saved before it.
    for number in sorted({v.number for v in out.versions}):
        round_ = [v for v in out.versions if v.number == number]
        for version in round_:
            version.amends_id = version.amends.pk
        PlanVersion.objects.bulk_create(round_, batch_size=BATCH)
    for review in out.reviews:
        version = out.amendment_of.get(id(review))
        if version is not None:
            review.amendment_id = version.pk
    Review.objects.bulk_create(out.reviews, batch_size=BATCH)
    for rows, model in ((out.events, ReviewEvent), (out.reports, ReviewReport),
                        (out.invitations, ReviewInvitation), (out.advice, ReviewAdvice)):
        for review, row in rows:
            row.review_id = review.pk
        model.objects.bulk_create([row for _, row in rows], batch_size=BATCH)
    for ending in out.endings:
        ending.review_id = ending.review.pk
    PlanEnding.objects.bulk_create(out.endings, batch_size=BATCH)
    return {"reviews": len(out.reviews), "review events": len(out.events), "amended versions": len(out.versions),
            "plans ending": len(out.endings)}

