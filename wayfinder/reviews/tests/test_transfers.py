"""Transferring a plan out to another authority (SEND Regs 2014 reg 15; SEN2 CeaseReason 5): the services,
the XFER-SEND clock (worked examples 15 and 16), bad input that saves nothing, access, and the pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.people.models import LocalAuthority
from wayfinder.people.tests.factories import LocalityFactory
from wayfinder.reviews import transfers
from wayfinder.reviews.models import PlanEnding, PlanTransfer, Review, ReviewEvent, ReviewKind
from wayfinder.statutory import transfer as engine

from .factories import issued_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)


@pytest.fixture
def notts():
    return LocalAuthority.objects.create(code="891", gss_code="E10000024", name="Nottinghamshire")


@pytest.fixture
def plan():
    return issued_plan(issued_on=date(2024, 7, 10))


def test_a_transfer_sent_on_the_day_of_the_move_ends_the_plan_with_cease_reason_5(officer, notts, plan):
    # Worked example 15: move Mon 6 Jan 2025, the old authority told Fri 1 Nov 2024.
    transfer = transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 1, 6),
                                           old_la_aware_on=date(2024, 11, 1), transferred_on=date(2025, 1, 6))
    assert (transfer.direction, transfer.last_reviewed_on) == ("out", date(2024, 7, 10))
    ending = PlanEnding.objects.get(plan=plan)
    # SEN2 CeaseDate is the transfer date, CeaseReason 5, TransferLA the new authority.
    assert (ending.reason, ending.ends_on, ending.transfer_la) == ("5", date(2025, 1, 6), notts)
    report = transfers.transfer_report(transfer, date(2025, 1, 10))
    send = report["send_plan"]
    assert (send.rule, send.due, str(send.status)) == ("XFER-SEND", date(2025, 1, 6), "met")
    assert report["inform_family"].due == date(2025, 2, 17)  # reg 15(4), the new authority's
    assert report["new_authority_review"].due == date(2025, 7, 9)  # reg 15(5)(a)
    assert AuditEvent.objects.filter(target_type="reviews.plantransfer", target_id=str(transfer.pk),
                                     child_id=plan.child_id).exists()


def test_a_move_known_late_gives_15_working_days_and_the_plan_is_sent_later(officer, notts, plan):
    # Worked example 16: aware Mon 16 Dec 2024, 12 working days before the move: due Wed 8 Jan 2025.
    transfer = transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 1, 6),
                                           old_la_aware_on=date(2024, 12, 16))
    assert not PlanEnding.objects.filter(plan=plan).exists()
    waiting = transfers.transfer_report(transfer, date(2025, 1, 7))
    assert (waiting["send_plan"].due, str(waiting["send_plan"].status)) == (date(2025, 1, 8), "open")
    assert waiting.at_risk and waiting.get("inform_family") is None
    assert str(transfers.transfer_report(transfer, date(2025, 1, 9))["send_plan"].status) == "overdue"

    transfers.plan_transfer_sent(actor=officer, transfer=transfer, transferred_on=date(2025, 1, 10))
    transfer.refresh_from_db()
    send = transfers.transfer_report(transfer, date(2025, 1, 10))["send_plan"]
    assert (str(send.status), send.days_late) == ("late", 2)
    assert PlanEnding.objects.get(plan=plan).ends_on == date(2025, 1, 10)


def test_the_clocks_agree_with_wayfinder_clocks(officer, notts, plan):
    transfer = transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 1, 6),
                                           old_la_aware_on=date(2024, 12, 16), transferred_on=date(2025, 1, 10))
    case, on = engine.parse_case(transfers.engine_input(transfer, date(2025, 2, 1)))
    assert engine.evaluate(case, on).deadlines == transfers.transfer_report(transfer, date(2025, 2, 1)).deadlines


def test_last_reviewed_is_the_last_review_decision(officer, notts, plan):
    review = Review.objects.create(plan=plan, child=plan.child, kind=ReviewKind.ANNUAL, anchor_on=date(2024, 7, 10),
                                   first=True)
    ReviewEvent.objects.create(review=review, event="review_meeting_held", date=date(2025, 5, 1))
    ReviewEvent.objects.create(review=review, event="review_decision_sent", date=date(2025, 5, 20),
                               outcome="maintain")
    transfer = transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 9, 1),
                                           old_la_aware_on=date(2025, 6, 1), transferred_on=date(2025, 9, 1))
    assert transfer.last_reviewed_on == date(2025, 5, 20)
    # reg 15(5): the later of 12 months from the last review and 3 months from the transfer.
    assert transfers.transfer_report(transfer, date(2025, 9, 2))["new_authority_review"].due == date(2026, 5, 19)


def test_an_open_review_stops_when_the_plan_is_transferred(officer, notts, plan):
    review = Review.objects.create(plan=plan, child=plan.child, kind=ReviewKind.ANNUAL, anchor_on=date(2024, 7, 10),
                                   first=True)
    ReviewEvent.objects.create(review=review, event="review_meeting_held", date=date(2025, 5, 1))
    transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 6, 2),
                                old_la_aware_on=date(2025, 5, 10), transferred_on=date(2025, 6, 2))
    assert list(review.events.values_list("event", "date")) == [
        ("review_meeting_held", date(2025, 5, 1)), ("plan_ended", date(2025, 6, 2))]


# --------------------------------------------------------------------------------------------- bad input


def _nothing_saved(plan):
    assert not PlanTransfer.objects.filter(plan=plan).exists()
    assert not PlanEnding.objects.filter(plan=plan).exists()


def test_a_move_before_the_plan_was_issued_is_refused_and_nothing_is_saved(officer, notts, plan):
    with pytest.raises(ValidationError) as error:
        transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2024, 7, 9),
                                    old_la_aware_on=date(2024, 6, 1), transferred_on=date(2024, 7, 9))
    assert "move_on" in error.value.message_dict
    _nothing_saved(plan)


def test_a_transfer_to_this_same_authority_is_refused(officer, plan):
    ours = LocalAuthority.objects.create(code=settings.WAYFINDER_LA_CODE, gss_code="E10000007", name="Derbyshire")
    with pytest.raises(ValidationError) as error:
        transfers.plan_transfer_out(actor=officer, plan=plan, other_la=ours, move_on=date(2025, 1, 6),
                                    old_la_aware_on=date(2024, 11, 1))
    assert "other_la" in error.value.message_dict
    _nothing_saved(plan)


def test_an_ended_plan_cannot_be_transferred(officer, notts, plan):
    PlanEnding.objects.create(plan=plan, reason="2", explanation="Needs met", notice_on=date(2025, 1, 1),
                              ends_on=date(2025, 3, 1), decided_by=officer)
    with pytest.raises(ValidationError, match="This plan has ended"):
        transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 4, 6),
                                    old_la_aware_on=date(2025, 3, 20))
    assert not PlanTransfer.objects.filter(plan=plan).exists()


def test_impossible_dates_are_refused(officer, notts, plan):
    future = today() + timedelta(days=3)
    cases = [
        {"transferred_on": date(2024, 10, 31), "old_la_aware_on": date(2024, 11, 1)},  # before knowing of it
        {"transferred_on": future, "old_la_aware_on": date(2024, 11, 1)},  # not yet happened
        {"transferred_on": None, "old_la_aware_on": future},
        {"transferred_on": None, "old_la_aware_on": None},
    ]
    for dates in cases:
        with pytest.raises(ValidationError):
            transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 1, 6), **dates)
    with pytest.raises(ValidationError):
        transfers.plan_transfer_out(actor=officer, plan=plan, other_la=None, move_on=date(2025, 1, 6),
                                    old_la_aware_on=date(2024, 11, 1))
    _nothing_saved(plan)


def test_a_transfer_is_recorded_once_and_sent_once(officer, notts, plan):
    transfer = transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 1, 6),
                                           old_la_aware_on=date(2024, 11, 1))
    with pytest.raises(ValidationError, match="already been recorded"):
        transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 1, 6),
                                    old_la_aware_on=date(2024, 11, 1))
    with pytest.raises(ValidationError):
        transfers.plan_transfer_sent(actor=officer, transfer=transfer, transferred_on=date(2024, 10, 1))
    assert not PlanEnding.objects.filter(plan=plan).exists()
    transfers.plan_transfer_sent(actor=officer, transfer=transfer, transferred_on=date(2025, 1, 6))
    with pytest.raises(ValidationError, match="already transferred"):
        transfers.plan_transfer_sent(actor=officer, transfer=transfer, transferred_on=date(2025, 1, 7))


# --------------------------------------------------------------------------------------------- access


def test_only_caseworkers_who_can_see_the_child_record_a_transfer(notts, plan):
    north = LocalityFactory(name="North")
    elsewhere = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[north])
    panel = UserFactory(role=Role.PANEL_MEMBER, scope=Scope.ALL)
    for user in (elsewhere, panel, UserFactory(role=Role.SENCO), UserFactory(role=Role.PARENT)):
        with pytest.raises(PermissionDenied):
            transfers.plan_transfer_out(actor=user, plan=plan, other_la=notts, move_on=date(2025, 1, 6),
                                        old_la_aware_on=date(2024, 11, 1))
    assert not PlanTransfer.objects.exists()


def test_the_transfers_panel_shows_only_what_the_user_may_see(officer, notts, plan):
    transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 1, 6),
                                old_la_aware_on=date(2024, 11, 1))
    north = LocalityFactory(name="North")
    elsewhere = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[north])
    assert len(transfers.plan_transfers(officer, plan)) == 1
    assert transfers.plan_transfers(elsewhere, plan) == []
    assert transfers.transfers_for(user=elsewhere) == []


# --------------------------------------------------------------------------------------------- pages


def on(field: str, d: date) -> dict:
    return {f"{field}_day": d.day, f"{field}_month": d.month, f"{field}_year": d.year}


def test_a_transfer_out_through_the_pages(client, sign_in, officer, notts):
    plan = issued_plan(issued_on=today() - timedelta(days=300))
    sign_in(client, officer)
    url = reverse("staff:plan-transfer-out", kwargs={"plan_pk": plan.pk})
    assert "Nottinghamshire" in client.get(url).content.decode()
    bad = client.post(url, {"other_la": notts.pk, **on("move_on", today() - timedelta(days=400)),
                            **on("old_la_aware_on", today() - timedelta(days=20))})
    assert bad.status_code == 200 and "on or after the date the plan was issued" in bad.content.decode()
    assert not PlanTransfer.objects.exists()
    response = client.post(url, {"other_la": notts.pk, **on("move_on", today() + timedelta(days=30)),
                                 **on("old_la_aware_on", today() - timedelta(days=2))})
    transfer = PlanTransfer.objects.get()
    assert response.url == reverse("staff:plan-transfer-detail", kwargs={"pk": transfer.pk})
    detail = client.get(response.url).content.decode()
    assert "XFER-SEND" in detail and "Record the transfer" in detail
    listing = client.get(reverse("staff:plan-transfers")).content.decode()
    assert plan.child.display_name in listing
    sent = client.post(reverse("staff:plan-transfer-sent", kwargs={"pk": transfer.pk}),
                       on("transferred_on", today()))
    assert sent.status_code == 302 and PlanEnding.objects.get(plan=plan).reason == "5"
    assert "XFER-INFORM-6W" in client.get(response.url).content.decode()


def test_the_transfer_pages_are_404_for_a_child_out_of_scope(client, sign_in, officer, notts, plan):
    transfer = transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 1, 6),
                                           old_la_aware_on=date(2024, 11, 1))
    elsewhere = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[LocalityFactory()])
    sign_in(client, elsewhere)
    assert client.get(reverse("staff:plan-transfer-out", kwargs={"plan_pk": plan.pk})).status_code == 404
    assert client.get(reverse("staff:plan-transfer-detail", kwargs={"pk": transfer.pk})).status_code == 404


# ============================================================================================= transfer in
# SEND Regs 2014 reg 15 with this authority as the new authority: reg 15(3)(a) (the plan is treated as made here
# on the date the old authority made it), XFER-INFORM-6W (reg 15(4)) and XFER-REVIEW (reg 15(5)).

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _in(officer, la, *, child=None, **overrides):
    from wayfinder.people.tests.factories import ChildFactory, SettingFactory

    values = {"move_on": date(2025, 8, 29), "transferred_on": date(2025, 9, 1), "made_on": date(2024, 3, 1),
              "last_reviewed_on": date(2024, 10, 15), "setting": SettingFactory(name="Hill Top Primary")}
    values.update(overrides)
    return transfers.plan_transfer_in(actor=officer, child=child or ChildFactory(), other_la=la, **values)


def _nothing_in():
    from wayfinder.ehc.models import Assessment, Document, Plan

    assert not PlanTransfer.objects.filter(direction="in").exists()
    assert not Assessment.objects.filter(origin="transferred_plan").exists()
    assert not Plan.objects.filter(assessment__origin="transferred_plan").exists()
    assert not Document.objects.exists()


def test_a_plan_transferred_in_is_made_here_on_the_date_the_old_authority_made_it(officer, notts):
    from wayfinder.ehc.models import ClockEvent

    transfer = _in(officer, notts)
    plan = transfer.plan
    assessment = plan.assessment
    assert (assessment.origin, assessment.received_on, assessment.transferred_from) == (
        "transferred_plan", date(2025, 9, 1), notts)
    assert (assessment.request_source, assessment.consent) == ("5", True)
    assert assessment.requested_by == "Nottinghamshire (plan transferred under reg 15)"
    assert assessment.caseworker == (plan.child.caseworker or officer)
    assert not ClockEvent.objects.filter(assessment=assessment).exists()  # assessed there: no clocks here
    version = plan.versions.get()
    # reg 15(3)(a): version 1 is final, issued on the date the old authority made the plan.
    assert (version.number, version.status, version.issued_on) == (1, "final", date(2024, 3, 1))
    assert version.content["placement"]["setting_name"] == "Hill Top Primary"
    assert "transferred from Nottinghamshire" in version.content["a"]
    assert (transfer.direction, transfer.other_la, transfer.move_on, transfer.old_la_aware_on,
            transfer.last_reviewed_on, transfer.transferred_on) == (
        "in", notts, date(2025, 8, 29), date(2025, 8, 29), date(2024, 10, 15), date(2025, 9, 1))
    assert AuditEvent.objects.filter(target_type="reviews.plantransfer", target_id=str(transfer.pk),
                                     child_id=plan.child_id).exists()


def test_the_old_authoritys_plan_is_kept_with_the_upload_checks(officer, notts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wayfinder.ehc.models import Document

    with pytest.raises(ValidationError) as error:
        _in(officer, notts, plan_document=SimpleUploadedFile("plan.pdf", b"MZ not a pdf"))
    assert "plan_document" in error.value.message_dict
    _nothing_in()
    transfer = _in(officer, notts, plan_document=SimpleUploadedFile("plan.pdf", PDF))
    document = Document.objects.get()
    assert document.assessment == transfer.plan.assessment and document.content_type == "application/pdf"
    assert "attached document" in transfer.plan.versions.get().content["a"]


def test_a_type_of_setting_is_enough_for_section_i(officer, notts):
    transfer = _in(officer, notts, setting=None, setting_type="Special school for autism")
    assert transfer.plan.versions.get().content["placement"]["setting_type"] == "Special school for autism"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"other_la": None}, "other_la"),
    ({"move_on": today() + timedelta(days=2), "transferred_on": today() + timedelta(days=2)}, "move_on"),
    ({"transferred_on": today() + timedelta(days=1)}, "transferred_on"),
    ({"made_on": today() + timedelta(days=1)}, "made_on"),
    ({"last_reviewed_on": today() + timedelta(days=1)}, "last_reviewed_on"),
    ({"made_on": date(2024, 11, 1)}, "last_reviewed_on"),  # made after the last review
    ({"made_on": date(2025, 9, 2), "last_reviewed_on": date(2025, 9, 2)}, "made_on"),  # made after the transfer
    ({"last_reviewed_on": date(2025, 9, 5)}, "last_reviewed_on"),  # reviewed by the old authority after it
    ({"transferred_on": date(2025, 8, 28)}, "transferred_on"),  # before the move
    ({"setting": None, "setting_type": "  "}, "setting"),
    ({"move_on": None}, "move_on"),
])
def test_bad_input_for_a_transfer_in_gives_a_field_error_and_saves_nothing(officer, notts, overrides, field):
    values = {"other_la": notts, **overrides}
    other_la = values.pop("other_la")
    with pytest.raises(ValidationError) as error:
        _in(officer, other_la, **values)
    assert field in error.value.message_dict, error.value.message_dict
    _nothing_in()


def test_a_plan_cannot_come_in_from_this_same_authority_or_to_a_child_with_a_plan(officer, notts):
    ours = LocalAuthority.objects.create(code=settings.WAYFINDER_LA_CODE, gss_code="E10000007", name="Derbyshire")
    with pytest.raises(ValidationError) as error:
        _in(officer, ours)
    assert "other_la" in error.value.message_dict
    _nothing_in()
    existing = issued_plan(issued_on=date(2024, 7, 10))
    with pytest.raises(ValidationError, match="already has an EHC plan in force"):
        _in(officer, notts, child=existing.child)
    _nothing_in()


def test_a_child_whose_plan_ended_here_can_have_one_transferred_in(officer, notts, plan):
    PlanEnding.objects.create(plan=plan, reason="2", explanation="Needs met", notice_on=date(2025, 1, 1),
                              ends_on=date(2025, 3, 1), decided_by=officer)
    assert _in(officer, notts, child=plan.child).plan != plan


def test_only_caseworkers_who_can_see_the_child_record_a_transfer_in(notts):
    from wayfinder.people.tests.factories import ChildFactory

    child = ChildFactory(locality=LocalityFactory(name="South"))
    elsewhere = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[LocalityFactory()])
    for user in (elsewhere, UserFactory(role=Role.PANEL_MEMBER, scope=Scope.ALL), UserFactory(role=Role.SENCO),
                 UserFactory(role=Role.PARENT)):
        with pytest.raises(PermissionDenied):
            _in(user, notts, child=child)
    _nothing_in()


# --------------------------------------------------------------------------------------------- the clocks


def test_xfer_inform_6w_is_met_when_the_family_is_told_within_6_weeks(officer, notts):
    transfer = _in(officer, notts)  # transferred Mon 1 Sep 2025: the family must be told by Mon 13 Oct 2025
    waiting = transfers.transfer_report(transfer, date(2025, 10, 1))["inform_family"]
    assert (waiting.rule, waiting.due, str(waiting.status)) == ("XFER-INFORM-6W", date(2025, 10, 13), "open")
    assert str(transfers.transfer_report(transfer, date(2025, 10, 14))["inform_family"].status) == "overdue"
    transfers.plan_transfer_family_informed(actor=officer, transfer=transfer, informed_on=date(2025, 10, 10))
    transfer.refresh_from_db()
    told = transfers.transfer_report(transfer, date(2025, 10, 20))["inform_family"]
    assert (str(told.status), told.done) == ("met", date(2025, 10, 10))
    assert AuditEvent.objects.filter(target_id=str(transfer.pk), summary__startswith="Family told").exists()


def test_xfer_inform_6w_is_late_when_the_family_is_told_after_6_weeks(officer, notts):
    transfer = _in(officer, notts)
    transfers.plan_transfer_family_informed(actor=officer, transfer=transfer, informed_on=date(2025, 10, 20))
    transfer.refresh_from_db()
    told = transfers.transfer_report(transfer, date(2025, 10, 21))["inform_family"]
    assert (str(told.status), told.days_late) == ("late", 7)


def test_recording_the_family_told_refuses_bad_dates_and_saves_nothing(officer, notts, plan):
    transfer = _in(officer, notts)
    for bad in (None, date(2025, 8, 31), today() + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            transfers.plan_transfer_family_informed(actor=officer, transfer=transfer, informed_on=bad)
        assert "informed_on" in error.value.message_dict
    transfer.refresh_from_db()
    assert transfer.family_informed_on is None
    transfers.plan_transfer_family_informed(actor=officer, transfer=transfer, informed_on=date(2025, 9, 10))
    with pytest.raises(ValidationError, match="already told"):
        transfers.plan_transfer_family_informed(actor=officer, transfer=transfer, informed_on=date(2025, 9, 11))
    out = transfers.plan_transfer_out(actor=officer, plan=plan, other_la=notts, move_on=date(2025, 1, 6),
                                      old_la_aware_on=date(2024, 11, 1))
    with pytest.raises(ValidationError, match="transferred in"):
        transfers.plan_transfer_family_informed(actor=officer, transfer=out, informed_on=date(2025, 1, 10))


def test_xfer_review_is_12_months_from_the_last_review_when_that_is_later(officer, notts):
    # reg 15(5)(a): last reviewed 20 May 2025 -> 19 May 2026; (b) transfer 1 Sep 2025 -> 30 Nov 2025.
    transfer = _in(officer, notts, made_on=date(2024, 7, 10), last_reviewed_on=date(2025, 5, 20))
    report = transfers.transfer_report(transfer, date(2025, 9, 2))
    review = report["new_authority_review"]
    assert (review.rule, review.due) == ("XFER-REVIEW", date(2026, 5, 19))
    assert report.facts["review_limb"] == "reg15(5)(a)"
    assert transfers.review_due_after_transfer_in(transfer) == ("reg15(5)(a)", date(2026, 5, 19))


def test_xfer_review_is_3_months_from_the_transfer_when_that_is_later(officer, notts):
    # reg 15(5)(b): last reviewed 15 Oct 2024 -> 14 Oct 2025, but transferred 1 Sep 2025 -> 30 Nov 2025 wins.
    transfer = _in(officer, notts)
    report = transfers.transfer_report(transfer, date(2025, 9, 2))
    assert report["new_authority_review"].due == date(2025, 11, 30)
    assert report.facts["review_limb"] == "reg15(5)(b)"
    assert report.facts["review_period_ends"] == {"reg15(5)(a)": "2025-10-14", "reg15(5)(b)": "2025-11-30"}
    # The old authority's XFER-SEND is shown for information only; this authority's are inform and review.
    row = transfers.plan_transfers(officer, transfer.plan, as_of=date(2025, 9, 2))[0]
    assert [d["deadline"].rule for d in row.ours] == ["XFER-INFORM-6W", "XFER-REVIEW"]
    assert [d["deadline"].rule for d in row.theirs] == ["XFER-SEND"]


def test_xfer_review_is_met_by_the_first_review_decision_sent_here(officer, notts):
    transfer = _in(officer, notts)
    plan = transfer.plan
    review = Review.objects.create(plan=plan, child=plan.child, kind=ReviewKind.ANNUAL, anchor_on=date(2024, 10, 15),
                                   anchor_outcome="maintain")
    ReviewEvent.objects.create(review=review, event="review_meeting_held", date=date(2025, 11, 3))
    ReviewEvent.objects.create(review=review, event="review_decision_sent", date=date(2025, 11, 20),
                               outcome="maintain")
    done = transfers.transfer_report(transfer, date(2025, 12, 1))["new_authority_review"]
    assert (str(done.status), done.done) == ("met", date(2025, 11, 20))
    assert str(transfers.transfer_report(transfer, date(2025, 11, 10))["new_authority_review"].status) == "open"


# --------------------------------------------------------------------------------------------- review timing


def test_anchor_for_a_plan_transferred_in_is_the_old_authoritys_last_review(officer, notts):
    from wayfinder.reviews import services

    reviewed = _in(officer, notts)
    assert services.anchor_for(reviewed.plan) == (date(2024, 10, 15), False, "maintain")
    never = _in(officer, notts, last_reviewed_on=date(2024, 3, 1))  # never reviewed: made 1 Mar 2024
    assert services.anchor_for(never.plan) == (date(2024, 3, 1), True, "")
    # Once a review is decided here, the usual rule: the last decision (CAFA s44, Q6).
    review = Review.objects.create(plan=reviewed.plan, child=reviewed.plan.child, kind=ReviewKind.ANNUAL,
                                   anchor_on=date(2024, 10, 15), anchor_outcome="maintain")
    ReviewEvent.objects.create(review=review, event="review_decision_sent", date=date(2025, 11, 20),
                               outcome="amend")
    assert services.anchor_for(reviewed.plan) == (date(2025, 11, 20), False, "amend")


def test_a_review_of_a_plan_transferred_in_starts_from_the_old_authoritys_review(officer, notts):
    from wayfinder.reviews import services
    from wayfinder.reviews.clocks import case_for

    transfer = _in(officer, notts)
    review = services.review_start(actor=officer, plan=transfer.plan)
    assert (review.anchor_on, review.first, review.anchor_outcome) == (date(2024, 10, 15), False, "maintain")
    assert case_for(review, today()).anchor == date(2024, 10, 15)  # the engine accepts it


def test_the_radar_gives_a_plan_transferred_in_the_xfer_review_date(officer, notts, django_assert_max_num_queries):
    from wayfinder.reviews import selectors

    transfer = _in(officer, notts)
    on = date(2025, 10, 20)  # after the 12 months from the last review (14 Oct), before 3 months from transfer
    row = next(r for r in selectors.radar(user=officer, as_of=on).rows if r.plan_id == transfer.plan_id)
    assert (row.due, row.rule, row.anchor, row.overdue) == (date(2025, 11, 30), "XFER-REVIEW", date(2024, 10, 15), [])
    late = next(r for r in selectors.radar(user=officer, as_of=date(2025, 12, 1), show="overdue").rows
                if r.plan_id == transfer.plan_id)
    assert late.overdue == ["review"] and late.overdue_since == date(2025, 11, 30)
    # One query for every plan's transfers in, not one per plan.
    with django_assert_max_num_queries(20) as one:
        selectors.radar(user=officer, as_of=on)
    for _ in range(3):
        _in(officer, notts)
    with django_assert_max_num_queries(len(one.captured_queries)):
        selectors.radar(user=officer, as_of=on)


def test_after_a_review_here_the_radar_counts_12_months_from_its_decision(officer, notts):
    from wayfinder.reviews import selectors

    transfer = _in(officer, notts)
    review = Review.objects.create(plan=transfer.plan, child=transfer.plan.child, kind=ReviewKind.ANNUAL,
                                   anchor_on=date(2024, 10, 15), anchor_outcome="maintain")
    ReviewEvent.objects.create(review=review, event="review_meeting_held", date=date(2025, 11, 3))
    ReviewEvent.objects.create(review=review, event="review_decision_sent", date=date(2025, 11, 20),
                               outcome="maintain")
    row = next(r for r in selectors.radar(user=officer, as_of=date(2025, 12, 1)).rows
               if r.plan_id == transfer.plan_id)
    assert (row.due, row.rule) == (date(2026, 11, 19), "REVIEW-NEXT-12M")


def test_a_plan_transferred_in_is_amended_here_after_a_review(officer, notts):
    from wayfinder.ehc import services as ehc

    transfer = _in(officer, notts)
    draft = ehc.plan_amendment_start(actor=officer, plan=transfer.plan)
    assert draft.amends.number == 1 and draft.status == "draft"


def test_a_plan_transferred_in_and_out_again_keeps_the_old_authoritys_last_review(officer, notts):
    derby = LocalAuthority.objects.create(code="831", gss_code="E06000015", name="Derby")
    came = _in(officer, notts)
    out = transfers.plan_transfer_out(actor=officer, plan=came.plan, other_la=derby, move_on=date(2025, 10, 1),
                                      old_la_aware_on=date(2025, 9, 10), transferred_on=date(2025, 10, 1))
    assert out.last_reviewed_on == date(2024, 10, 15)


# --------------------------------------------------------------------------------------------- pages and access


def test_a_transfer_in_through_the_pages(client, sign_in, officer, notts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wayfinder.people.tests.factories import ChildFactory, SettingFactory

    child, school = ChildFactory(), SettingFactory(name="Hill Top Primary")
    sign_in(client, officer)
    page = client.get(reverse("staff:child-detail", kwargs={"pk": child.pk})).content.decode()
    url = reverse("staff:plan-transfer-in", kwargs={"child_pk": child.pk})
    assert url in page
    form = client.get(url).content.decode()
    assert "Nottinghamshire" in form and 'enctype="multipart/form-data"' in form
    moved, came = today() - timedelta(days=12), today() - timedelta(days=10)
    data = {"other_la": notts.pk, **on("move_on", moved), **on("transferred_on", came),
            **on("made_on", today() - timedelta(days=400)), **on("last_reviewed_on", today() - timedelta(days=400))}
    bad = client.post(url, data)  # no setting named
    assert bad.status_code == 200 and "Select the setting named in section I" in bad.content.decode()
    _nothing_in()
    response = client.post(url, {**data, "setting": school.pk,
                                 "plan_document": SimpleUploadedFile("plan.pdf", PDF, "application/pdf")})
    transfer = PlanTransfer.objects.get(direction="in")
    assert response.url == reverse("staff:plan-transfer-detail", kwargs={"pk": transfer.pk})
    detail = client.get(response.url).content.decode()
    assert "XFER-INFORM-6W" in detail and "XFER-REVIEW" in detail and "Record that the family was told" in detail
    assert "Transferred in to this authority: Nottinghamshire" in detail
    listing = client.get(reverse("staff:plan-transfers")).content.decode()
    assert child.display_name in listing and "Tell the family" in listing
    plan_page = client.get(reverse("staff:plan-detail", kwargs={"plan_pk": transfer.plan_id})).content.decode()
    due = transfers.review_due_after_transfer_in(transfer)[1]
    assert "XFER-REVIEW" in plan_page and f"{due.day} {due:%B %Y}" in plan_page
    assert "Transferred in to this authority: Nottinghamshire" in plan_page  # the transfers panel
    informed = client.post(reverse("staff:plan-transfer-informed", kwargs={"pk": transfer.pk}),
                           on("informed_on", today()))
    assert informed.status_code == 302
    transfer.refresh_from_db()
    assert transfer.family_informed_on == today()


def test_the_transfer_in_link_is_only_for_those_who_record_transfers(client, sign_in):
    from wayfinder.people.tests.factories import ChildFactory

    child = ChildFactory()
    panel = UserFactory(role=Role.PANEL_MEMBER, scope=Scope.ALL)
    sign_in(client, panel)
    url = reverse("staff:plan-transfer-in", kwargs={"child_pk": child.pk})
    assert url not in client.get(reverse("staff:child-detail", kwargs={"pk": child.pk})).content.decode()
    assert client.get(url).status_code == 403


def test_the_transfer_in_pages_are_404_for_a_child_out_of_scope(client, sign_in, officer, notts):
    from wayfinder.people.tests.factories import ChildFactory

    transfer = _in(officer, notts, child=ChildFactory(locality=LocalityFactory(name="South")))
    elsewhere = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.LOCALITY, localities=[LocalityFactory()])
    sign_in(client, elsewhere)
    child_pk = transfer.plan.child_id
    assert client.get(reverse("staff:plan-transfer-in", kwargs={"child_pk": child_pk})).status_code == 404
    assert client.get(reverse("staff:plan-transfer-detail", kwargs={"pk": transfer.pk})).status_code == 404
    assert client.get(reverse("staff:plan-transfer-informed", kwargs={"pk": transfer.pk})).status_code == 404
    assert client.get(reverse("staff:plan-detail", kwargs={"plan_pk": transfer.plan_id})).status_code == 404


def test_the_family_sees_its_transferred_plan_and_its_review_pages(client, sign_in, officer, notts):
    from wayfinder.people.tests.factories import CarerFactory, ChildCarerFactory
    from wayfinder.reviews import services

    transfer = _in(officer, notts)
    child = transfer.plan.child
    parent = UserFactory(role=Role.PARENT)
    ChildCarerFactory(child=child, carer=CarerFactory(user=parent), parental_responsibility=True)
    review = services.review_start(actor=officer, plan=transfer.plan)
    sign_in(client, parent)
    page = client.get(reverse("family:child-detail", kwargs={"pk": child.pk})).content.decode()
    assert "Plan transferred from Nottinghamshire" in page
    assert reverse("family:review", kwargs={"pk": review.pk}) in page
    assert client.get(reverse("family:review", kwargs={"pk": review.pk})).status_code == 200
    assessment = client.get(reverse("family:assessment", kwargs={"pk": transfer.plan.assessment_id})).content.decode()
    assert "transferred to us from Nottinghamshire" in assessment and "The dates the law sets" not in assessment
    assert reverse("family:plan", kwargs={"pk": transfer.plan.assessment_id, "number": 1}) in assessment
    stranger = UserFactory(role=Role.PARENT)
    sign_in(client, stranger)
    assert client.get(reverse("family:review", kwargs={"pk": review.pk})).status_code == 404


def test_the_first_review_after_a_transfer_in_shows_the_xfer_review_date(client, sign_in, officer, notts):
    from wayfinder.reviews import services

    transfer = _in(officer, notts)
    review = services.review_start(actor=officer, plan=transfer.plan)
    sign_in(client, officer)
    page = client.get(reverse("staff:review-detail", kwargs={"pk": review.pk})).content.decode()
    assert "XFER-REVIEW" in page and "30 November 2025" in page


# --------------------------------------------------------------------------------------------- demo


def test_the_demo_transfers_two_plans_in_one_family_not_yet_told(officer, notts):
    import random

    from django.db import transaction

    from wayfinder.people.codes import SENStatus
    from wayfinder.people.tests.factories import ChildFactory, SettingFactory
    from wayfinder.reviews import demo_phase

    SettingFactory()
    for _ in range(6):
        ChildFactory(sen_status=SENStatus.SEN_SUPPORT)
    on = date(2026, 1, 20)

    def snapshot():
        return sorted(PlanTransfer.objects.filter(direction="in").values_list(
            "plan__child_id", "other_la_id", "move_on", "transferred_on", "last_reviewed_on", "family_informed_on"))

    with transaction.atomic():
        assert demo_phase._transfers_in(on=on, rng=random.Random(3)) == 8
        first = snapshot()
        transaction.set_rollback(True)
    demo_phase._transfers_in(on=on, rng=random.Random(3))
    assert snapshot() == first  # deterministic per rng
    rows = PlanTransfer.objects.filter(direction="in")
    assert rows.count() == 2 and rows.filter(family_informed_on__isnull=True).count() == 1
    for transfer in rows:
        report = transfers.transfer_report(transfer, on)  # the engine accepts every demo transfer
        assert report.get("new_authority_review") is not None
        assert transfer.plan.assessment.origin == "transferred_plan"
        assert transfer.plan.versions.get().issued_on <= transfer.last_reviewed_on <= transfer.transferred_on
