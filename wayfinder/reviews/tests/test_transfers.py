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
