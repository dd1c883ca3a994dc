"""Demo data: progress on the coming phase transfer cohort (SEND Regs 2014 reg 18) and a few plans
transferred out to other authorities (reg 15), written on the plans already in the database.

:func:`write` is not wired into ``wayfinder demo``: call it after the assessments (every plan issued) and
before anything that reads reviews. For about 70% of the cohort (``wayfinder.reviews.phase.cohort_rows``) it
writes a phase transfer :class:`Review` (anchored on the plan in force: its issue date, ``first`` when it is
version 1) with events in the ``annual_review`` engine's form, all on or after the anchor and on or before
``on``: a meeting in the autumn term, then for some the decision, the proposed amendments (a served
amendment naming a next-phase setting) and, where the date allows, the final amended plan; consultations
with next-phase settings, some answered. Those left without a review, or whose meeting is late, are the
"at risk" of the page. Three plans in force are transferred out (:class:`PlanTransfer` and a
:class:`PlanEnding` with CeaseReason 5), and two plans are transferred in from other authorities (reg 15:
an ``ehc.Assessment`` with origin ``transferred_plan``, its plan final from the date the old authority made it,
and a :class:`PlanTransfer` in; one family already told, one not yet, ``XFER-INFORM-6W``). Deterministic for a
given ``rng``; rows are written with ``bulk_create`` (the two transfers in row by row); no audit events are
written (the demo generator writes its own).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from wayfinder.accounts.models import Role, User
from wayfinder.ehc import content as plan_content
from wayfinder.ehc.models import Plan, PlanStatus, PlanVersion
from wayfinder.people.calendars import working_day_calendar
from wayfinder.people.models import LocalAuthority, Setting
from wayfinder.statutory import transfer as transfer_engine

from .models import (
    CeaseReason,
    PlanEnding,
    PlanTransfer,
    Review,
    ReviewConsultation,
    ReviewEvent,
    ReviewEventKind,
    ReviewKind,
    TransferDirection,
)
from .phase import CohortRow, academic_year_start, cohort_rows, plans_in_force, serves

SHARE_WITH_REVIEW = 0.7
TRANSFERS_OUT = 3
TRANSFERS_IN = 2


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _next_phase_settings(settings_: list[Setting], row: CohortRow) -> list[Setting]:
    return [s for s in settings_ if serves(s, row.move.to_stage, row.move.year_group)]


@transaction.atomic
def write(*, on: date, rng: random.Random) -> int:
    """Write the cohort's progress and three transfers out as of ``on``; returns the number of rows written."""
    rows, _ = cohort_rows(Plan.objects.all(), on)
    rows = [r for r in rows if r.review is None and r.move.kind != "post16_to_post16"]
    rows.sort(key=lambda r: r.plan.pk)
    candidates = list(Setting.objects.filter(archived_on__isnull=True).order_by("pk"))
    by_locality: dict = {}
    for s in candidates:
        by_locality.setdefault(s.locality_id, []).append(s)
    autumn = date(academic_year_start(on), 9, 15)
    chosen = [r for r in rows if rng.random() < SHARE_WITH_REVIEW]
    in_force = {v.plan_id: v for v in PlanVersion.objects.filter(
        plan_id__in=[r.plan.pk for r in chosen], status=PlanStatus.FINAL, issued_on__lte=on).order_by("plan_id",
                                                                                                       "number")}
    latest_number = {}
    for plan_id, number in PlanVersion.objects.filter(plan_id__in=[r.plan.pk for r in chosen]).values_list(
            "plan_id", "number"):
        latest_number[plan_id] = max(number, latest_number.get(plan_id, 0))

    # The 12 months run from the last review decision, or the plan's first issue (Q6).
    last_decision = {plan_id: (when, outcome) for plan_id, when, outcome in ReviewEvent.objects.filter(
        event=ReviewEventKind.DECISION_SENT, review__plan_id__in=[r.plan.pk for r in chosen]).order_by(
        "review__plan_id", "date", "pk").values_list("review__plan_id", "date", "outcome")}
    first_issued = dict(PlanVersion.objects.filter(plan_id__in=[r.plan.pk for r in chosen], number=1)
                        .values_list("plan_id", "issued_on"))

    plans_events: list[tuple[CohortRow, Review, list[ReviewEvent], list[ReviewConsultation], PlanVersion | None]] = []
    for row in chosen:
        version = in_force[row.plan.pk]
        decided = last_decision.get(row.plan.pk)
        anchor = decided[0] if decided else first_issued.get(row.plan.pk) or version.issued_on
        start = max(anchor, autumn)
        review = Review(plan_id=row.plan.pk, child_id=row.child.pk, kind=ReviewKind.PHASE_TRANSFER, anchor_on=anchor,
                        first=decided is None, anchor_outcome=decided[1] if decided else "",
                        setting=row.current_setting, transfer_kind=row.move.kind, transfer_on=row.move.transfer_date)
        events: list[ReviewEvent] = []
        consultations: list[ReviewConsultation] = []
        amendment = None
        meeting = _day(rng, start, start + timedelta(days=80))
        if meeting > on or rng.random() < 0.1:  # not held yet: arranged, perhaps late
            arranged = _day(rng, start, on) if on >= start else None
            if arranged is not None:
                events.append(ReviewEvent(event=ReviewEventKind.MEETING_ARRANGED, date=arranged,
                                          meeting_date=max(meeting, arranged + timedelta(days=14))))
                review.meeting_on = max(meeting, arranged + timedelta(days=14))
            plans_events.append((row, review, events, consultations, amendment))
            continue
        review.meeting_on = meeting
        events.append(ReviewEvent(event=ReviewEventKind.MEETING_ARRANGED, date=meeting - timedelta(days=21),
                                  meeting_date=meeting) if meeting - timedelta(days=21) >= anchor else
                      ReviewEvent(event=ReviewEventKind.MEETING_ARRANGED, date=anchor, meeting_date=meeting))
        events.append(ReviewEvent(event=ReviewEventKind.MEETING_HELD, date=meeting))
        pool = [s for s in _next_phase_settings(by_locality.get(row.child.locality_id, []), row)
                if s.pk != getattr(row.current_setting, "pk", None)] or _next_phase_settings(candidates, row)
        consulted = rng.sample(pool, min(len(pool), rng.choice((1, 1, 2)))) if pool else []
        agreed = None
        for i, setting in enumerate(consulted):
            sent = meeting + timedelta(days=rng.randint(2, 20))
            if sent > on:
                continue
            c = ReviewConsultation(setting=setting, family_preference=i == 0, sent_on=sent)
            answered = sent + timedelta(days=rng.randint(5, 25))
            if answered <= on and rng.random() < 0.65:
                c.responded_on = answered
                c.response = "agree" if rng.random() < 0.85 else "cannot_meet"
                c.response_text = "" if c.response == "agree" else "We cannot meet the needs set out in section B."
                if c.response == "agree" and agreed is None:
                    agreed = (setting, answered)
            consultations.append(c)
        decided = meeting + timedelta(days=rng.randint(10, 34))
        if decided <= on and rng.random() < 0.8:
            review.outcome, review.decided_on = "amend", decided
            events.append(ReviewEvent(event=ReviewEventKind.DECISION_SENT, date=decided, outcome="amend"))
            events.append(ReviewEvent(event=ReviewEventKind.PROPOSALS_SENT, date=decided))
            named = agreed[0] if agreed else (consulted[0] if consulted else None)
            content = plan_content.normalised(version.content)
            if named is not None:
                content["placement"] = {"setting_id": named.pk, "setting_name": named.name,
                                        "setting_type": content["placement"].get("setting_type", "")}
            final_on = max(decided + timedelta(days=rng.randint(16, 56)), agreed[1] if agreed else decided)
            issued = agreed is not None and final_on <= on and rng.random() < 0.6
            latest_number[row.plan.pk] += 1
            amendment = PlanVersion(plan_id=row.plan.pk, number=latest_number[row.plan.pk],
                                    status=PlanStatus.FINAL if issued else PlanStatus.SERVED, content=content,
                                    served_on=decided, issued_on=final_on if issued else None, amends=version)
            if issued:
                events.append(ReviewEvent(event=ReviewEventKind.FINAL_AMENDED_PLAN, date=final_on))
        plans_events.append((row, review, events, consultations, amendment))

    versions = [a for *_rest, a in plans_events if a is not None]
    PlanVersion.objects.bulk_create(versions)
    for _row, review, _e, _c, amendment in plans_events:
        review.amendment = amendment
    reviews = Review.objects.bulk_create([review for _row, review, *_rest in plans_events])
    all_events, all_consultations = [], []
    for (_row, _r, events, consultations, _a), review in zip(plans_events, reviews, strict=True):
        for e in events:
            e.review = review
        for c in consultations:
            c.review = review
        all_events += events
        all_consultations += consultations
    ReviewEvent.objects.bulk_create(all_events)
    ReviewConsultation.objects.bulk_create(all_consultations)
    written = len(versions) + len(reviews) + len(all_events) + len(all_consultations)
    written += _transfers_out(on=on, rng=rng, skip={r.plan.pk for r, *_ in plans_events})
    return written + _transfers_in(on=on, rng=rng)


def _transfers_out(*, on: date, rng: random.Random, skip: set[int]) -> int:
    """Three plans in force transferred out to other authorities, most on time (reg 15(2))."""
    others = list(LocalAuthority.objects.exclude(code=settings.WAYFINDER_LA_CODE).order_by("pk")[:200])
    officer = User.objects.filter(role=Role.CASEWORK_OFFICER, is_active=True).order_by("pk").first()
    if not others or officer is None:
        return 0
    firsts = {}
    for plan_id, issued in (PlanVersion.objects.filter(status=PlanStatus.FINAL, number=1)
                            .values_list("plan_id", "issued_on")):
        firsts[plan_id] = issued
    # Plans whose reviews have all been decided (a transfer in the middle of a review would stop it).
    decided = set(ReviewEvent.objects.filter(event=ReviewEventKind.DECISION_SENT).values_list("review_id", flat=True))
    open_review = {plan_id for review_id, plan_id in Review.objects.values_list("pk", "plan_id")
                   if review_id not in decided}
    last_decision = dict(ReviewEvent.objects.filter(event=ReviewEventKind.DECISION_SENT).order_by(
        "review__plan_id", "date").values_list("review__plan_id", "date"))
    latest = {}
    for plan_id, number, status in PlanVersion.objects.values_list("plan_id", "number", "status"):
        if number > latest.get(plan_id, (0, ""))[0]:
            latest[plan_id] = (number, status)
    plan_ids = [pk for pk in plans_in_force(on).exclude(transfers__isnull=False).exclude(ending__isnull=False)
                .order_by("pk").values_list("pk", flat=True)
                if pk not in skip and pk not in open_review and latest.get(pk, (0, ""))[1] == PlanStatus.FINAL
                and pk in firsts and max(firsts[pk], last_decision.get(pk, firsts[pk])) <= on - timedelta(days=120)]
    if not plan_ids:
        return 0
    cal = working_day_calendar()
    moves, endings = [], []
    for plan_id in rng.sample(plan_ids, min(TRANSFERS_OUT, len(plan_ids))):
        issued = max(firsts[plan_id], last_decision.get(plan_id, firsts[plan_id]))
        move = _day(rng, max(issued + timedelta(days=30), on - timedelta(days=200)), on - timedelta(days=10))
        aware = move - timedelta(days=rng.choice((5, 10, 40, 60)))
        aware = max(aware, issued)
        _limb, due = transfer_engine.send_due(move, aware, cal)
        sent = min(due + timedelta(days=rng.choice((0, 0, 0, 3))), on)
        sent = max(sent, aware)
        la = rng.choice(others)
        moves.append(PlanTransfer(plan_id=plan_id, direction=TransferDirection.OUT, other_la=la, move_on=move,
                                  old_la_aware_on=aware, last_reviewed_on=issued, transferred_on=sent,
                                  created_by=officer, modified_by=officer))
        endings.append(PlanEnding(plan_id=plan_id, reason=CeaseReason.TRANSFERRED, notice_on=sent, ends_on=sent,
                                  explanation=f"Transferred to {la.name} under SEND Regulations 2014 reg 15(2)",
                                  transfer_la=la, decided_by=officer, created_by=officer, modified_by=officer))
    PlanTransfer.objects.bulk_create(moves)
    PlanEnding.objects.bulk_create(endings)
    return len(moves) + len(endings)


def _transfers_in(*, on: date, rng: random.Random) -> int:
    """Two plans transferred in from other authorities (reg 15) for children on SEN support with no plan here:
    the case (origin ``transferred_plan``, no clock events), the plan final from the date the old authority made
    it (reg 15(3)(a)), and the transfer. The first family has not been told yet (``XFER-INFORM-6W`` open or
    overdue); the second was told within or just after the 6 weeks."""
    from wayfinder.ehc.models import Assessment, AssessmentOrigin, RequestSource
    from wayfinder.ehc.services import transferred_plan_content
    from wayfinder.people.codes import SENStatus
    from wayfinder.people.models import Child, Enrolment

    others = list(LocalAuthority.objects.exclude(code=settings.WAYFINDER_LA_CODE).order_by("pk")[:200])
    officer = User.objects.filter(role=Role.CASEWORK_OFFICER, is_active=True).order_by("pk").first()
    children = list(Child.objects.filter(sen_status=SENStatus.SEN_SUPPORT, archived_on__isnull=True,
                                         ehc_plans__isnull=True, assessments__isnull=True).order_by("pk")[:500])
    if not others or officer is None or not children:
        return 0
    setting_of = dict(Enrolment.objects.filter(child__in=children, end_date__isnull=True, archived_on__isnull=True)
                      .order_by("child_id", "start_date").values_list("child_id", "setting_id"))
    settings_by_id = Setting.objects.in_bulk(set(setting_of.values()))
    fallback = Setting.objects.filter(archived_on__isnull=True).order_by("pk").first()
    written = 0
    for i, child in enumerate(rng.sample(children, min(TRANSFERS_IN, len(children)))):
        la = rng.choice(others)
        transferred = on - timedelta(days=rng.randint(10, 30) if i == 0 else rng.randint(60, 150))
        move = transferred - timedelta(days=rng.choice((0, 0, 3, 7)))
        made = transferred - timedelta(days=rng.randint(200, 900))
        years = (transferred - made).days // 365
        reviewed = made + timedelta(days=365 * years - rng.randint(0, 20)) if years else made
        reviewed = min(max(reviewed, made), transferred)
        informed = None if i == 0 else min(transferred + timedelta(days=rng.randint(5, 45)), on)
        setting = settings_by_id.get(setting_of.get(child.pk)) or fallback
        assessment = Assessment.objects.create(
            child=child, origin=AssessmentOrigin.TRANSFERRED_PLAN, received_on=transferred,
            request_source=RequestSource.OTHER, requested_by=f"{la.name} (plan transferred under reg 15)"[:200],
            reasons=f"EHC plan made by {la.name} and transferred to this authority (SEND Regulations 2014 reg 15)",
            consent=True, caseworker=child.caseworker or officer, transferred_from=la, created_by=officer,
            modified_by=officer)
        plan = Plan.objects.create(child=child, assessment=assessment, created_by=officer, modified_by=officer)
        content = transferred_plan_content(child=child, other_la=la, transferred_on=transferred, made_on=made,
                                           setting=setting, setting_type="" if setting else "Mainstream school")
        PlanVersion.objects.create(plan=plan, number=1, status=PlanStatus.FINAL, issued_on=made, content=content,
                                   created_by=officer, modified_by=officer)
        PlanTransfer.objects.create(plan=plan, direction=TransferDirection.IN, other_la=la, move_on=move,
                                    old_la_aware_on=move, last_reviewed_on=reviewed, transferred_on=transferred,
                                    family_informed_on=informed, created_by=officer, modified_by=officer)
        written += 4
    return written
