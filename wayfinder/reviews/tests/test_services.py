"""A review of an EHC plan as services: each step validates first, changes nothing on bad input, writes a
review event and an audit event, and feeds the annual review clocks (CAFA 2014 s44; SEND Regs 2014 regs
20–22, 31)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.ehc import services as ehc
from wayfinder.ehc.models import PlanStatus, PlanVersion
from wayfinder.people.tests.factories import CarerFactory, ChildCarerFactory, SettingFactory
from wayfinder.reviews import services
from wayfinder.reviews.clocks import engine_input, report_for
from wayfinder.reviews.models import PlanEnding, Review, ReviewEvent, ReviewKind
from wayfinder.statutory import processes
from wayfinder.statutory.clock import Status

from .factories import issued_plan

pytestmark = pytest.mark.django_db


def ago(days: int):
    return today() - timedelta(days=days)


@pytest.fixture
def officer():
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)


@pytest.fixture
def school():
    return SettingFactory(name="Oakfield Primary School")


@pytest.fixture
def senco(school):
    return UserFactory(role=Role.SENCO, setting=school)


@pytest.fixture
def plan(school):
    plan = issued_plan(setting=school, issued_on=ago(340))
    ChildCarerFactory(child=plan.child, carer=CarerFactory(given_name="Sam", family_name="Okafor"))
    return plan


def held_review(actor, plan, *, held_days_ago=20) -> Review:
    review = services.review_start(actor=actor, plan=plan)
    services.review_arrange(actor=actor, review=review, meeting_on=ago(held_days_ago), place="School",
                            arranged_on=ago(held_days_ago + 30))
    services.review_invite(actor=actor, review=review, sent_on=ago(held_days_ago + 28),
                           invitees=[{"kind": "parent", "name": "Sam Okafor"}])
    services.review_advice_add(actor=actor, review=review, source="education", from_name="Class teacher",
                               advice="Reading has improved by two levels.", received_on=ago(held_days_ago + 20))
    services.review_advice_circulate(actor=actor, review=review, circulated_on=ago(held_days_ago + 16))
    services.review_meeting_record(actor=actor, review=review, held_on=ago(held_days_ago))
    return review


def test_the_first_review_runs_twelve_months_from_the_plan_and_is_audited(officer, plan):
    review = services.review_start(actor=officer, plan=plan)
    assert review.first and review.anchor_on == ago(340)
    annual = report_for(review)["annual_review"]
    assert annual.rule == "REVIEW-FIRST-12M" and annual.due == ago(340).replace(year=ago(340).year + 1) - timedelta(1)
    assert AuditEvent.objects.filter(target_type="reviews.review", target_id=str(review.pk)).exists()


def test_the_senco_of_the_named_setting_runs_the_review_to_its_report(senco, plan):
    review = held_review(senco, plan)
    services.review_report_send(actor=senco, review=review, views="Sam is pleased with progress.",
                                progress="E1 nearly met.", provision="F1 and F2 delivered every week.",
                                recommendation="amend", recommended_changes="Add a reading outcome.",
                                sent_on=ago(10))
    report = report_for(review)
    assert report["review_notice"].status is Status.MET
    assert report["review_advice"].status is Status.MET
    assert report["review_report"].status is Status.MET
    assert report["review_decision"].status is Status.OPEN
    # the stored events are exactly what `wayfinder clocks` accepts
    assert processes.evaluate_input(engine_input(review, today())).deadlines == report.deadlines


def test_a_senco_cannot_convene_a_review_of_a_plan_naming_another_school(plan):
    other = UserFactory(role=Role.SENCO, setting=SettingFactory())
    with pytest.raises(PermissionDenied):
        services.review_start(actor=other, plan=plan)
    assert not Review.objects.exists()


def test_a_senco_cannot_decide(senco, plan):
    review = held_review(senco, plan)
    with pytest.raises(PermissionDenied):
        services.review_decide(actor=senco, review=review, outcome="maintain", reasons="x", decided_on=ago(5))


def test_a_meeting_dated_before_the_plan_is_refused_and_nothing_is_saved(officer, plan):
    review = services.review_start(actor=officer, plan=plan)
    with pytest.raises(ValidationError) as error:
        services.review_meeting_record(actor=officer, review=review, held_on=ago(400))
    assert "held_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.review_arrange(actor=officer, review=review, meeting_on=ago(400), place="School")
    assert "meeting_on" in error.value.message_dict
    assert not ReviewEvent.objects.exists()


def test_a_decision_with_no_outcome_is_refused_and_nothing_is_saved(officer, plan):
    review = held_review(officer, plan)
    before = ReviewEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.review_decide(actor=officer, review=review, outcome="", reasons="Needs met", decided_on=ago(5))
    assert "outcome" in error.value.message_dict
    assert ReviewEvent.objects.count() == before
    review.refresh_from_db()
    assert review.outcome == ""


def test_an_amendment_with_no_change_is_refused_and_nothing_is_sent(officer, plan):
    review = held_review(officer, plan)
    draft = services.review_amendment_start(actor=officer, review=review)
    with pytest.raises(ValidationError) as error:
        services.review_decide(actor=officer, review=review, outcome="amend", reasons="Update", decided_on=ago(5))
    assert "does not change the plan" in error.value.message_dict["outcome"][0]
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    assert not ReviewEvent.objects.filter(event="review_decision_sent").exists()


def test_a_cease_with_no_reason_is_refused_and_nothing_is_saved(officer, plan):
    review = held_review(officer, plan)
    with pytest.raises(ValidationError) as error:
        services.review_decide(actor=officer, review=review, outcome="cease", reasons="Moving to college",
                               decided_on=ago(5), family_consulted_on=ago(15))
    assert "cease_reason" in error.value.message_dict
    assert not PlanEnding.objects.exists()
    assert not ReviewEvent.objects.filter(event="review_decision_sent").exists()


def test_deciding_to_cease_keeps_the_plan_with_notice_and_no_end_date(officer, plan):
    review = held_review(officer, plan)
    services.review_decide(actor=officer, review=review, outcome="cease", reasons="Needs now met at SEN support",
                           decided_on=ago(5), cease_reason="2", family_consulted_on=ago(15),
                           setting_consulted_on=ago(15))
    ending = PlanEnding.objects.get(plan=plan)
    assert ending.notice_on == ago(5) and ending.ends_on is None  # CEASE-HOLD: kept while an appeal is possible
    assert not services.plan_has_ended(plan)
    assert services.is_finished(review)


def test_an_amendment_goes_with_the_decision_and_the_final_plan_follows_the_15_days(officer, plan):
    review = held_review(officer, plan, held_days_ago=45)
    draft = services.review_amendment_start(actor=officer, review=review)
    content = {**draft.content, "a": draft.content["a"] + " He now wants to be a pilot."}
    ehc.plan_version_update(actor=officer, version=draft, lock_version=draft.lock_version, content=content)
    services.review_decide(actor=officer, review=review, outcome="amend", reasons="Aspirations changed",
                           decided_on=ago(30))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SERVED and draft.served_on == ago(30)
    report = report_for(review)
    assert report["review_decision"].status is Status.MET  # 15 days after the meeting, inside 4 weeks
    assert report["amendment_proposals"].status is Status.MET
    # the family's 15 days, beginning with the day the proposals were served (reg 22(2)(c))
    with pytest.raises(ValidationError) as error:
        services.review_amendment_issue(actor=officer, review=review, issued_on=ago(16))
    assert "15 days" in error.value.message_dict["issued_on"][0]
    services.review_amendment_issue(actor=officer, review=review, issued_on=ago(10))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.FINAL and ehc.version_in_force(plan) == draft
    assert report_for(review)["final_amended_plan"].status is Status.MET
    assert services.is_finished(review)
    # the next review runs from this decision (Q6)
    following = services.review_start(actor=officer, plan=plan)
    assert (following.anchor_on, following.first, following.anchor_outcome) == (ago(30), False, "amend")


def test_the_ehc_journey_cannot_serve_or_issue_an_amendment(officer, plan):
    review = held_review(officer, plan)
    draft = services.review_amendment_start(actor=officer, review=review)
    with pytest.raises(ValidationError):
        ehc.plan_draft_serve(actor=officer, version=draft, served_on=ago(1))
    with pytest.raises(ValidationError):
        ehc.plan_finalise(actor=officer, version=draft, issued_on=ago(1))


def test_deciding_not_to_amend_withdraws_the_proposals(officer, plan):
    review = held_review(officer, plan, held_days_ago=40)
    draft = services.review_amendment_start(actor=officer, review=review)
    ehc.plan_version_update(actor=officer, version=draft, lock_version=draft.lock_version,
                            content={**draft.content, "a": "Changed."})
    services.review_decide(actor=officer, review=review, outcome="amend", reasons="x", decided_on=ago(20))
    services.review_not_to_amend(actor=officer, review=review, decided_on=ago(2), reasons="Family's views")
    assert PlanVersion.objects.get(pk=draft.pk).archived_on is not None
    assert ehc.current_version(plan.assessment).number == 1
    assert report_for(review)["final_amended_plan"].rule == "AMEND-NOT-8W"


def test_an_early_review_needs_a_reason_and_one_review_runs_at_a_time(officer, plan):
    with pytest.raises(ValidationError) as error:
        services.review_start(actor=officer, plan=plan, kind=ReviewKind.EMERGENCY)
    assert "reason" in error.value.message_dict
    services.review_start(actor=officer, plan=plan, kind=ReviewKind.INTERIM, reason="Placement breaking down")
    with pytest.raises(ValidationError):
        services.review_start(actor=officer, plan=plan)


def test_invitations_must_include_the_family(officer, plan):
    review = services.review_start(actor=officer, plan=plan)
    services.review_arrange(actor=officer, review=review, meeting_on=today() + timedelta(days=20), place="School")
    with pytest.raises(ValidationError) as error:
        services.review_invite(actor=officer, review=review, sent_on=today(),
                               invitees=[{"kind": "setting", "name": "SENCO"}])
    assert "reg 20(2)" in error.value.message_dict["invitees"][0]
    assert not review.invitations.exists()


def test_invitation_candidates_include_the_carers_and_the_officer(officer, plan):
    plan.child.caseworker = officer
    plan.child.save()
    review = services.review_start(actor=officer, plan=plan)
    kinds = [c["kind"] for c in services.invitation_candidates(review)]
    assert "parent" in kinds and "local_authority" in kinds and "setting" in kinds


# ------------------------------------------------------------------------------- ceasing (CAFA s45, CEASE-HOLD)


def ceased(officer, plan, decided_days_ago: int) -> PlanEnding:
    review = held_review(officer, plan, held_days_ago=decided_days_ago + 5)
    services.review_decide(actor=officer, review=review, outcome="cease", reasons="Needs met at SEN support",
                           decided_on=ago(decided_days_ago), cease_reason="2",
                           family_consulted_on=ago(decided_days_ago + 10))
    return PlanEnding.objects.get(plan=plan)


def test_a_ceased_plan_is_kept_until_the_appeal_period_has_passed(officer, plan):
    from wayfinder.reviews.disagreements import cease_appeal_deadline

    ending = ceased(officer, plan, decided_days_ago=20)
    assert services.plan_endings_apply() == {"ended": 0, "kept": 0}
    deadline = cease_appeal_deadline(ending.notice_on)
    assert services.plan_endings_apply(as_of=deadline) == {"ended": 0, "kept": 0}  # the last day to appeal
    assert services.plan_endings_apply(as_of=deadline + timedelta(days=1)) == {"ended": 1, "kept": 0}
    ending.refresh_from_db()
    assert ending.ends_on == deadline + timedelta(days=1)  # SEN2 CeaseDate: not the decision date
    assert services.plan_has_ended(plan, deadline + timedelta(days=1))
    assert AuditEvent.objects.filter(target_type="reviews.planending", summary__startswith="The plan ended").exists()


def test_a_plan_is_kept_while_an_appeal_runs_and_continues_if_the_tribunal_says_so(officer, plan):
    from wayfinder.reviews import disagreements as dis

    ending = ceased(officer, plan, decided_days_ago=90)
    d = dis.disagreement_open(actor=officer, child=plan.child, subject="cease", plan=plan,
                              summary="The family say the needs are not met", decision_letter_on=ago(90))
    dis.disagreement_record(actor=officer, disagreement=d, event="mediation_adviser_contacted", date=ago(80))
    dis.disagreement_record(actor=officer, disagreement=d, event="mediation_declined", date=ago(79))
    dis.disagreement_record(actor=officer, disagreement=d, event="mediation_certificate_issued", date=ago(78))
    dis.disagreement_record(actor=officer, disagreement=d, event="appeal_registered", date=ago(70),
                            issues_appealed="Ceasing the plan")
    assert services.plan_endings_apply() == {"ended": 0, "kept": 0}
    dis.disagreement_record(actor=officer, disagreement=d, event="tribunal_order", date=ago(2), kind="continue")
    assert services.plan_endings_apply() == {"ended": 0, "kept": 1}
    ending.refresh_from_db()
    assert ending.archived_on is not None and ending.ends_on is None
    assert not services.plan_has_ended(plan)


# ------------------------------------------------------------------------------- phase transfer reviews (reg 18)


def test_a_phase_transfer_review_knows_the_move_from_the_date_of_birth_and_setting(officer, school):
    from wayfinder.reviews.phase import academic_year_start

    year = academic_year_start(today())
    year6 = issued_plan(setting=school, issued_on=ago(300), date_of_birth=date(year - 11, 10, 1))
    review = services.review_start(actor=officer, plan=year6, kind=ReviewKind.PHASE_TRANSFER)
    assert (review.transfer_kind, review.transfer_on) == ("school_phase", date(year + 1, 9, 1))
    year4 = issued_plan(setting=school, issued_on=ago(300), date_of_birth=date(year - 9, 10, 1))
    with pytest.raises(ValidationError) as error:
        services.review_start(actor=officer, plan=year4, kind=ReviewKind.PHASE_TRANSFER)
    assert "does not move phase next September" in error.value.message_dict["kind"][0]
    assert not Review.objects.filter(plan=year4).exists()


# ------------------------------------------------------------------------------- SEN2 (data-standards §1.3, §4)


def test_the_sen2_review_and_cease_items_come_from_the_casework(officer, plan):
    from wayfinder.reviews.selectors import sen2_items

    assert sen2_items(plan) == {"CeaseDate": "", "CeaseReason": ""}
    review = held_review(officer, plan, held_days_ago=40)
    assert sen2_items(plan)["ReviewMeeting"] == ago(40).isoformat() and sen2_items(plan)["LastReview"] == ""
    draft = services.review_amendment_start(actor=officer, review=review)
    ehc.plan_version_update(actor=officer, version=draft, lock_version=draft.lock_version,
                            content={**draft.content, "a": "Changed."})
    services.review_decide(actor=officer, review=review, outcome="amend", reasons="x", decided_on=ago(20))
    items = sen2_items(plan)
    # LastReview is the decision letter, not the meeting (S2-AP5)
    assert (items["ReviewOutcome"], items["LastReview"], items["ReviewDraft"]) == (
        "amend", ago(20).isoformat(), ago(20).isoformat())
    assert items["CeaseDate"] == "" and items["CeaseReason"] == ""


def test_the_sen2_cease_date_is_the_day_the_plan_ends_not_the_decision(officer, plan):
    from wayfinder.reviews.disagreements import cease_appeal_deadline
    from wayfinder.reviews.selectors import sen2_items

    ending = ceased(officer, plan, decided_days_ago=20)
    assert sen2_items(plan)["CeaseDate"] == ""  # kept while an appeal is possible
    after = cease_appeal_deadline(ending.notice_on) + timedelta(days=1)
    services.plan_endings_apply(as_of=after)
    items = sen2_items(plan, as_of=after)
    assert (items["CeaseDate"], items["CeaseReason"], items["ReviewOutcome"]) == (after.isoformat(), "2", "cease")


# ------------------------------------------------------------------------------- consultations (CAFA s39, s40)


def test_a_secondary_school_is_consulted_after_a_review_and_answers(officer, plan):
    from wayfinder.reviews.policies import ReviewConsultationPolicy

    review = held_review(officer, plan)
    secondary = SettingFactory(name="Hope Valley College")
    consultation = services.review_consultation_send(actor=officer, review=review, setting=secondary,
                                                     sent_on=ago(10), family_preference=True)
    assert services.consultation_due(consultation) == ago(10) + timedelta(days=15)
    with pytest.raises(ValidationError):
        services.review_consultation_send(actor=officer, review=review, setting=secondary, sent_on=ago(9))
    head = UserFactory(role=Role.SENCO, setting=secondary)
    assert ReviewConsultationPolicy.can(head, "view", consultation)  # not on its roll, but consulted
    with pytest.raises(ValidationError) as error:
        services.review_consultation_respond(actor=head, consultation=consultation, responded_on=ago(2),
                                             response="cannot_meet", response_text="")
    assert "response_text" in error.value.message_dict
    services.review_consultation_respond(actor=head, consultation=consultation, responded_on=ago(2),
                                         response="agree", response_text="")
    consultation.refresh_from_db()
    assert consultation.response == "agree" and consultation.responded_by == head
    other = UserFactory(role=Role.SENCO, setting=SettingFactory())
    assert not ReviewConsultationPolicy.can(other, "view", consultation)
