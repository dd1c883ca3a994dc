"""Provision delivered: the named setting confirms each line of a plan each term (CAFA 2014 s42; SEND Code of
Practice 9.69); gaps reach the caseworker and the family; the measure counts exactly what its definition says.

Dates are relative to today through the term rule, so the tests pass on any day of the year.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.core.dates import today
from wayfinder.ehc.models import PlanStatus, PlanVersion
from wayfinder.people.models import Enrolment
from wayfinder.people.tests.factories import (
    CarerFactory,
    ChildCarerFactory,
    ChildFactory,
    EnrolmentFactory,
    LocalityFactory,
    SettingFactory,
)
from wayfinder.reviews import delivery, demo_delivery
from wayfinder.reviews.delivery import TermRef
from wayfinder.reviews.models import Delivery, DeliveryConfirmation, PlanEnding, Term
from wayfinder.reviews.policies import DeliveryPolicy

from .factories import issued_plan

pytestmark = pytest.mark.django_db

LAST = delivery.last_ended_term()
LONG_AGO = LAST.start - timedelta(days=400)
REAL_G = "Physiotherapy programme written by the NHS physiotherapist, delivered by school staff three times a week."


# --------------------------------------------------------------------------------------------- helpers


def senco(setting):
    return UserFactory(role=Role.SENCO, setting=setting)


def officer(**fields):
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=fields.pop("scope", Scope.ALL), **fields)


def with_version(plan, *, issued_on: date, number: int = 2, **changes) -> PlanVersion:
    """Issue another final version of ``plan`` with some sections changed (an amendment)."""
    previous = plan.versions.order_by("-number").first()
    return PlanVersion.objects.create(plan=plan, number=number, status=PlanStatus.FINAL,
                                      content={**previous.content, **changes}, issued_on=issued_on,
                                      served_on=issued_on - timedelta(days=30))


def confirm(user, plan, lines, term: TermRef = LAST):
    return delivery.delivery_confirm(actor=user, plan=plan, academic_year=term.academic_year, term=term.term,
                                     lines=lines)


def ending(plan, ends_on: date, by):
    return PlanEnding.objects.create(plan=plan, reason="2", explanation="Needs met without a plan",
                                     notice_on=ends_on - timedelta(days=60), ends_on=ends_on, decided_by=by)


@pytest.fixture
def world():
    caseworker = officer(first_name="Olu", last_name="Adeyemi")
    setting = SettingFactory(name="Brook Lane Primary School")
    plan = issued_plan(setting=setting, issued_on=LONG_AGO, caseworker=caseworker, legal_forename="Leo",
                       legal_surname="Marsh")
    return {"officer": caseworker, "setting": setting, "plan": plan, "senco": senco(setting)}


def nothing_saved(before: int) -> bool:
    return DeliveryConfirmation.objects.count() == 0 and AuditEvent.objects.count() == before


# --------------------------------------------------------------------------------------------- terms


@pytest.mark.parametrize(("on", "expected"), [
    (date(2026, 12, 3), TermRef(2025, Term.SUMMER)),
    (date(2026, 8, 15), TermRef(2025, Term.SUMMER)),
    (date(2026, 7, 31), TermRef(2025, Term.SPRING)),
    (date(2026, 1, 1), TermRef(2025, Term.AUTUMN)),
    (date(2026, 4, 1), TermRef(2025, Term.SPRING)),
    (date(2027, 1, 2), TermRef(2026, Term.AUTUMN)),
])
def test_last_term_is_the_most_recent_term_that_has_ended(on, expected):
    assert delivery.last_ended_term(on) == expected


def test_terms_follow_the_plain_date_rule():
    assert (TermRef(2025, Term.AUTUMN).start, TermRef(2025, Term.AUTUMN).end) == (date(2025, 9, 1), date(2025, 12, 31))
    assert (TermRef(2025, Term.SPRING).start, TermRef(2025, Term.SPRING).end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (TermRef(2025, Term.SUMMER).start, TermRef(2025, Term.SUMMER).end) == (date(2026, 4, 1), date(2026, 7, 31))
    assert TermRef(2025, Term.SPRING).label == "Spring term 2026"
    assert TermRef.from_slug("2025-autumn") == TermRef(2025, Term.AUTUMN)
    assert TermRef(2025, Term.AUTUMN).previous() == TermRef(2024, Term.SUMMER)
    assert TermRef(2025, Term.SUMMER).next() == TermRef(2026, Term.AUTUMN)
    for bad in ("2025-winter", "autumn", "25-autumn", ""):
        with pytest.raises(ValueError):
            TermRef.from_slug(bad)


# --------------------------------------------------------------------------------------------- lines


@pytest.mark.parametrize(("text", "real"), [
    ("No health provision required, based on advice from Dr Amal Haddad.", False),
    ("No social care provision identified, based on advice from Priya Shah.", False),
    ("None.", False), ("N/A", False), ("Not applicable", False), ("nil", False), ("", False), ("   ", False),
    (REAL_G, True),
    ("Nominated school nurse trains staff in managing his epilepsy each September.", True),
    ("Short breaks: one weekend a month at Oak House (CSDPA 1970 s2).", True),
])
def test_g_and_h_are_lines_only_when_they_hold_real_provision(text, real):
    assert delivery.is_real_provision(text) is real


def test_the_lines_to_confirm_are_section_f_then_real_g_and_h(world):
    plan = world["plan"]
    version, lines = delivery.lines_to_confirm(plan, LAST)
    assert version.number == 1 and [line.ref for line in lines] == ["F1", "F2"]
    assert lines[0].title.startswith("Speech and language therapy") and "once a week" in lines[0].detail
    with_version(plan, issued_on=LAST.start - timedelta(days=10), g=REAL_G,
                 h2="Short breaks one weekend a month.")
    _, lines = delivery.lines_to_confirm(plan, LAST)
    assert [line.ref for line in lines] == ["F1", "F2", "G", "H2"]


def test_an_amendment_issued_after_the_term_does_not_change_what_was_owed_in_it(world):
    plan = world["plan"]
    with_version(plan, issued_on=LAST.end + timedelta(days=1), g=REAL_G)
    version, lines = delivery.lines_to_confirm(plan, LAST)
    assert version.number == 1 and "G" not in [line.ref for line in lines]
    assert delivery.version_in_force(plan).number == 2


# --------------------------------------------------------------------------------------------- the service


def test_the_named_setting_confirms_every_line_and_each_is_audited(world):
    plan, user = world["plan"], world["senco"]
    rows = confirm(user, plan, {"F1": ("delivered", ""), "F2": ("partly", "Teaching assistant off for 3 weeks")})
    assert [(r.ref, r.status) for r in rows] == [("F1", "delivered"), ("F2", "partly")]
    assert all(r.setting == world["setting"] and r.version.number == 1 and r.confirmed_on == today()
               and (r.academic_year, r.term) == (LAST.academic_year, LAST.term) and r.created_by == user
               for r in rows)
    created = AuditEvent.objects.filter(verb=Verb.CREATED, target_type="reviews.deliveryconfirmation")
    assert created.count() == 2 and set(created.values_list("child_id", flat=True)) == {plan.child_id}
    assert "Brook Lane Primary School confirmed F2" in created.get(target_id=str(rows[1].pk)).summary


def test_a_gap_alerts_the_caseworker_through_the_chronology(world):
    plan = world["plan"]
    rows = confirm(world["senco"], plan, {"F1": ("not_delivered", "Therapist vacancy all term"),
                                          "F2": ("delivered", "")})
    alert = AuditEvent.objects.get(verb=Verb.ESCALATED)
    assert alert.child_id == plan.child_id and alert.target_id == str(rows[0].pk)
    assert "Provision gap: F1" in alert.summary and "Therapist vacancy all term" in alert.summary
    assert "Olu Adeyemi alerted" in alert.summary and alert.payload["caseworker"] == world["officer"].pk
    gaps = delivery.officer_gaps(user=world["officer"])
    assert [(g.plan, g.confirmation.ref, g.line_title[:14]) for g in gaps] == [(plan, "F1", "Speech and lan")]


def test_a_setting_confirms_real_health_provision_in_section_g(world):
    plan = world["plan"]
    with_version(plan, issued_on=LAST.start - timedelta(days=30), g=REAL_G)
    rows = confirm(world["senco"], plan, {"G": ("partly", "Physiotherapist visited once, not three times")})
    assert rows[0].ref == "G" and rows[0].version.number == 2


@pytest.mark.parametrize(("lines", "field", "words"), [
    ({"F9": ("delivered", "")}, "lines", "F9 is not provision in this plan"),
    ({"F1": ("delivered", ""), "F9": ("delivered", "")}, "lines", "F9 is not provision"),
    ({"G": ("delivered", "")}, "lines", "G is not provision"),  # "No health provision required…"
    ({"F1": ("partly", "")}, "reason_F1", "Enter why F1 was partly delivered"),
    ({"F1": ("delivered", ""), "F2": ("not_delivered", "   ")}, "reason_F2", "Enter why F2 was not delivered"),
    ({"F1": ("sort of", "")}, "status_F1", "Select whether F1 was delivered"),
    ({"F1": ("", "")}, "status_F1", "Select whether F1 was delivered"),
    ({"F1": ("partly", "x" * 2001)}, "reason_F1", "2000 characters or fewer"),
    ({}, "lines", "Confirm at least one line"),
])
def test_bad_lines_are_refused_and_nothing_is_saved(world, lines, field, words):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        confirm(world["senco"], world["plan"], lines)
    assert words in " ".join(error.value.message_dict[field])
    assert nothing_saved(before)


def test_a_term_that_has_not_ended_or_is_in_the_future_is_refused(world):
    before = AuditEvent.objects.count()
    for term in (LAST.next(), LAST.next().next(), TermRef(LAST.academic_year + 3, Term.AUTUMN)):
        with pytest.raises(ValidationError) as error:
            confirm(world["senco"], world["plan"], {"F1": ("delivered", "")}, term=term)
        message = error.value.message_dict["term"][0]
        assert "has not ended yet" in message or "is in the future" in message
    with pytest.raises(ValidationError) as error:
        confirm(world["senco"], world["plan"], {"F1": ("delivered", "")}, term=TermRef(LAST.academic_year + 3,
                                                                                          Term.AUTUMN))
    assert "is in the future" in error.value.message_dict["term"][0]
    with pytest.raises(ValidationError):
        delivery.delivery_confirm(actor=world["senco"], plan=world["plan"], academic_year=2025, term="winter",
                                  lines={"F1": ("delivered", "")})
    assert nothing_saved(before)


def test_a_setting_not_named_in_section_i_cannot_confirm_even_with_the_child_on_roll(world):
    other = SettingFactory(name="Hill Top Academy")
    EnrolmentFactory(child=world["plan"].child, setting=other, start_date=LONG_AGO)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        confirm(senco(other), world["plan"], {"F1": ("delivered", "")})
    assert "Hill Top Academy is not the setting named in section I" in error.value.message_dict["setting"][0]
    assert nothing_saved(before)


def test_the_named_setting_cannot_confirm_a_term_when_the_child_was_not_on_its_roll(world):
    Enrolment.objects.filter(child=world["plan"].child).update(end_date=LAST.start - timedelta(days=1))
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        confirm(world["senco"], world["plan"], {"F1": ("delivered", "")})
    assert "was not on the roll of Brook Lane Primary School" in error.value.message_dict["setting"][0]
    assert nothing_saved(before)


def test_a_plan_that_has_ended_cannot_be_confirmed(world):
    ending(world["plan"], today() - timedelta(days=3), world["officer"])
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        confirm(world["senco"], world["plan"], {"F1": ("delivered", "")})
    assert "This plan ended on" in error.value.message_dict["plan"][0]
    assert nothing_saved(before)


def test_a_term_that_ended_before_the_plan_was_issued_is_refused():
    setting = SettingFactory()
    plan = issued_plan(setting=setting, issued_on=LAST.end + timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        confirm(senco(setting), plan, {"F1": ("delivered", "")})
    assert "after the" in error.value.message_dict["term"][0]
    assert DeliveryConfirmation.objects.count() == 0


def test_only_setting_staff_confirm(world):
    with pytest.raises(PermissionDenied):
        confirm(world["officer"], world["plan"], {"F1": ("delivered", "")})
    with pytest.raises(PermissionDenied):
        confirm(UserFactory(role=Role.SENCO, setting=None), world["plan"], {"F1": ("delivered", "")})
    assert DeliveryConfirmation.objects.count() == 0


# --------------------------------------------------------------------------------------------- supersession


def test_a_later_confirmation_supersedes_the_earlier_and_both_are_kept(world):
    plan, user = world["plan"], world["senco"]
    confirm(user, plan, {"F1": ("not_delivered", "Therapist vacancy"), "F2": ("delivered", "")})
    assert len(delivery.officer_gaps(user=world["officer"])) == 1
    confirm(user, plan, {"F1": ("delivered", "Catch-up sessions given in the last three weeks")})
    assert DeliveryConfirmation.objects.filter(plan=plan, ref="F1").count() == 2
    assert delivery.current_confirmations(plan, LAST)["F1"].status == Delivery.DELIVERED
    assert delivery.officer_gaps(user=world["officer"]) == []
    term = delivery.plan_delivery_history(plan)["terms"][0]
    f1 = term["lines"][0]
    assert f1["status"] == "delivered" and [e["status"] for e in f1["earlier"]] == ["not_delivered"]


def test_the_latest_by_confirmed_on_wins_before_the_latest_by_id(world):
    plan = world["plan"]
    version = plan.versions.get()
    common = {"plan": plan, "version": version, "ref": "F1", "academic_year": LAST.academic_year,
              "term": LAST.term, "setting": world["setting"]}
    later = DeliveryConfirmation.objects.create(status="partly", reason="Late", confirmed_on=today(), **common)
    DeliveryConfirmation.objects.create(status="delivered", confirmed_on=today() - timedelta(days=5), **common)
    assert delivery.current_confirmations(plan, LAST)["F1"] == later


# --------------------------------------------------------------------------------------------- history


def test_the_history_lists_each_term_newest_first_with_unconfirmed_lines(world):
    plan = world["plan"]
    confirm(world["senco"], plan, {"F1": ("delivered", ""), "F2": ("partly", "Staff absence")})
    history = delivery.plan_delivery_history(plan)
    labels = [t["label"] for t in history["terms"]]
    assert labels[0] == LAST.label and labels[1] == LAST.previous().label and len(labels) >= 3
    latest = history["latest"]
    assert latest["counts"] == {"delivered": 1, "partly": 1, "not_delivered": 0, "unconfirmed": 0}
    assert latest["lines"][1]["reason"] == "Staff absence" and latest["lines"][1]["tag"] == "govuk-tag--yellow"
    older = history["terms"][1]
    assert older["counts"]["unconfirmed"] == 2 and older["lines"][0]["status_label"] == "Not confirmed yet"
    assert history["gaps"] == 1
    assert len(delivery.plan_delivery_history(plan, limit=2)["terms"]) == 2


def test_a_plan_with_nothing_yet_has_an_empty_history():
    plan = issued_plan(issued_on=today() - timedelta(days=1))
    history = delivery.plan_delivery_history(plan)
    assert history["terms"] == [] and history["latest"] is None


# --------------------------------------------------------------------------------------------- the measure


@pytest.fixture
def county():
    """Constructed data for the measure, last term (see the expected figures in the tests)."""
    caseworker = officer()
    a, b = SettingFactory(name="Alder School"), SettingFactory(name="Birch School")
    x, y = LocalityFactory(name="Xeston"), LocalityFactory(name="Yarrow")
    p1 = issued_plan(setting=a, issued_on=LONG_AGO, caseworker=caseworker, locality=x)
    p2 = issued_plan(setting=a, issued_on=LONG_AGO, caseworker=caseworker, locality=y)
    p3 = issued_plan(setting=b, issued_on=LONG_AGO, caseworker=caseworker, locality=x)
    with_version(p3, issued_on=LAST.start, g=REAL_G)
    late = issued_plan(setting=b, issued_on=LAST.start + timedelta(days=10), caseworker=caseworker, locality=x)
    ended = issued_plan(setting=a, issued_on=LONG_AGO, caseworker=caseworker, locality=y)
    sa, sb = senco(a), senco(b)
    confirm(sa, p1, {"F1": ("not_delivered", "Vacancy"), "F2": ("partly", "Staff absence")})
    confirm(sa, p1, {"F1": ("delivered", "")})  # supersedes: F1 counts as delivered
    confirm(sa, p2, {"F1": ("delivered", "")})  # F2 never confirmed
    confirm(sb, p3, {"F1": ("delivered", ""), "F2": ("delivered", ""), "G": ("not_delivered", "No physio")})
    confirm(sb, late, {"F1": ("delivered", ""), "F2": ("delivered", "")})  # not due: issued mid-term
    ending(ended, LAST.end - timedelta(days=10), caseworker)
    version = ended.versions.get()
    for ref in ("F1", "F2"):  # confirmed before it ended; not due, as it ended during the term
        DeliveryConfirmation.objects.create(plan=ended, version=version, ref=ref, academic_year=LAST.academic_year,
                                            term=LAST.term, status="delivered", setting=a, confirmed_on=today())
    earlier = LAST.previous()
    DeliveryConfirmation.objects.create(plan=p2, version=p2.versions.get(), ref="F2",
                                        academic_year=earlier.academic_year, term=earlier.term,
                                        status="delivered", setting=a, confirmed_on=today())  # another term
    return {"a": a, "b": b, "x": x, "y": y}


def figures(row):
    return (row.label, row.plan_count, row.due, row.delivered, row.partly, row.not_delivered, row.unconfirmed,
            row.percent)


def test_the_measure_by_setting_counts_exactly_what_the_definition_says(county):
    table = delivery.share_confirmed_delivered(LAST, by="setting")
    assert [figures(r) for r in table.rows] == [
        ("Alder School", 2, 4, 2, 1, 0, 1, "50.0%"),
        ("Birch School", 1, 3, 2, 0, 1, 0, "66.7%"),
    ]
    assert figures(table.total) == ("All plans", 3, 7, 4, 1, 1, 1, "57.1%")
    assert table.total.share == pytest.approx(4 / 7)


def test_the_measure_by_locality_uses_the_childs_locality(county):
    table = delivery.share_confirmed_delivered((LAST.academic_year, LAST.term), by="locality")
    assert [figures(r) for r in table.rows] == [
        ("Xeston", 2, 5, 3, 1, 1, 0, "60.0%"),
        ("Yarrow", 1, 2, 1, 0, 0, 1, "50.0%"),
    ]
    assert figures(table.total)[2:] == (7, 4, 1, 1, 1, "57.1%")


def test_the_measure_for_a_term_with_nothing_due_is_empty():
    table = delivery.share_confirmed_delivered(LAST, by="setting")
    assert table.rows == [] and table.total.due == 0 and table.total.share is None and table.total.percent == "–"
    with pytest.raises(ValueError):
        delivery.share_confirmed_delivered(LAST, by="team")


# --------------------------------------------------------------------------------------------- access


def test_a_setting_sees_only_plans_that_name_it(world):
    other = SettingFactory()
    EnrolmentFactory(child=world["plan"].child, setting=other, start_date=LONG_AGO)
    stranger = senco(other)
    assert DeliveryPolicy.can(world["senco"], "confirm", world["plan"])
    assert not DeliveryPolicy.can(stranger, "confirm", world["plan"])
    assert delivery.plans_due_confirmation(user=stranger) == []
    assert [r.plan for r in delivery.plans_due_confirmation(user=world["senco"])] == [world["plan"]]


def test_a_setting_gets_404_for_a_plan_that_does_not_name_it(client, sign_in, world):
    other = SettingFactory()
    EnrolmentFactory(child=world["plan"].child, setting=other, start_date=LONG_AGO)
    sign_in(client, senco(other))
    url = reverse("setting:delivery-confirm", kwargs={"plan_pk": world["plan"].pk, "term_slug": LAST.slug})
    assert client.get(url).status_code == 404
    assert client.post(url, {"status_F1": "delivered", "status_F2": "delivered"}).status_code == 404
    assert DeliveryConfirmation.objects.count() == 0


def test_another_family_gets_404(client, sign_in, world):
    parent, stranger = UserFactory(role=Role.PARENT), UserFactory(role=Role.PARENT)
    ChildCarerFactory(child=world["plan"].child, carer=CarerFactory(user=parent), parental_responsibility=True)
    ChildCarerFactory(child=ChildFactory(), carer=CarerFactory(user=stranger), parental_responsibility=True)
    url = reverse("family:delivery-history", kwargs={"plan_pk": world["plan"].pk})
    sign_in(client, stranger)
    assert client.get(url).status_code == 404
    client.logout()
    sign_in(client, parent)
    assert client.get(url).status_code == 200


def test_an_officer_outside_scope_gets_404_and_sees_no_gaps(client, sign_in, world):
    confirm(world["senco"], world["plan"], {"F1": ("not_delivered", "Vacancy"), "F2": ("delivered", "")})
    outsider = officer(scope=Scope.OWN)
    assert delivery.officer_gaps(user=outsider, mine=False) == []
    sign_in(client, outsider)
    assert client.get(reverse("staff:delivery-history", kwargs={"plan_pk": world["plan"].pk})).status_code == 404
    assert "Vacancy" not in client.get(reverse("staff:delivery-gaps") + "?whose=all").content.decode()


def test_staff_pages_are_not_for_settings_and_the_measure_is_for_strategic_leads(client, sign_in, world):
    sign_in(client, world["senco"])
    assert client.get(reverse("staff:delivery-measure")).status_code == 403
    client.logout()
    sign_in(client, UserFactory(role=Role.STRATEGIC_LEAD))
    assert client.get(reverse("staff:delivery-measure")).status_code == 200
    assert client.get(reverse("staff:delivery-gaps")).status_code == 403
    assert client.get(reverse("staff:delivery-history", kwargs={"plan_pk": world["plan"].pk})).status_code == 404


# --------------------------------------------------------------------------------------------- pages


def test_a_setting_confirms_provision_through_the_pages_without_javascript(client, sign_in, world):
    plan = world["plan"]
    sign_in(client, world["senco"])
    page = client.get(reverse("setting:delivery-due")).content.decode()
    assert f"Confirm provision delivered: {LAST.label}" in page and "Leo Marsh" in page and "Not started" in page
    url = reverse("setting:delivery-confirm", kwargs={"plan_pk": plan.pk, "term_slug": LAST.slug})
    assert url in page
    form = client.get(url).content.decode()
    assert 'type="radio"' in form and 'name="status_F1"' in form and 'name="reason_F2"' in form
    assert "Needed if it was partly delivered or not delivered" in form  # the reason is always shown
    assert AuditEvent.objects.filter(verb=Verb.VIEWED, child_id=plan.child_id).exists()

    response = client.post(url, {"status_F1": "delivered", "status_F2": "partly", "reason_F2": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "Enter why F2 was partly delivered" in body
    assert "Error:" in body and DeliveryConfirmation.objects.count() == 0

    body = client.post(url, {"status_F1": "not_delivered"}).content.decode()  # every error at once
    assert "Select whether F2 was delivered, partly delivered or not delivered" in body
    assert "Enter why F1 was not delivered" in body
    assert DeliveryConfirmation.objects.count() == 0

    response = client.post(url, {"status_F1": "delivered", "status_F2": "partly",
                                 "reason_F2": "Teaching assistant off sick for 3 weeks"})
    assert response.status_code == 302 and response.url.startswith(reverse("setting:delivery-due"))
    assert DeliveryConfirmation.objects.count() == 2
    page = client.get(response.url).content.decode()
    assert "1 gap sent to the caseworker" in page and "Confirmed" in page
    again = client.get(url).content.decode()
    assert "You have already confirmed this term" in again and "Teaching assistant off sick" in again


def test_the_officer_sees_gaps_the_measure_and_the_history(client, sign_in, world):
    plan = world["plan"]
    confirm(world["senco"], plan, {"F1": ("not_delivered", "Therapist vacancy"), "F2": ("delivered", "")})
    sign_in(client, world["officer"])
    gaps = client.get(reverse("staff:delivery-gaps")).content.decode()
    assert "Leo Marsh" in gaps and "Therapist vacancy" in gaps and "1 gap" in gaps
    assert reverse("staff:delivery-history", kwargs={"plan_pk": plan.pk}) in gaps
    measure = client.get(reverse("staff:delivery-measure") + f"?term={LAST.slug}").content.decode()
    assert "Numerator: the lines whose latest confirmation" in measure
    assert "Brook Lane Primary School" in measure and "50.0%" in measure
    assert client.get(reverse("staff:delivery-measure") + "?term=nonsense").status_code == 404
    history = client.get(reverse("staff:delivery-history", kwargs={"plan_pk": plan.pk})).content.decode()
    assert LAST.label in history and "Not delivered" in history and "Therapist vacancy" in history
    assert AuditEvent.objects.filter(verb=Verb.VIEWED, child_id=plan.child_id,
                                     summary__startswith="Read the provision delivered history").exists()


def test_the_family_sees_the_gaps_in_plain_words(client, sign_in, world):
    plan = world["plan"]
    parent = UserFactory(role=Role.PARENT)
    ChildCarerFactory(child=plan.child, carer=CarerFactory(user=parent), parental_responsibility=True)
    confirm(world["senco"], plan, {"F1": ("partly", "Therapist off sick for 4 weeks"), "F2": ("delivered", "")})
    sign_in(client, parent)
    page = client.get(reverse("family:delivery-history", kwargs={"plan_pk": plan.pk})).content.decode()
    assert "Was the help in Leo Marsh’s plan given?" in page
    assert "Partly delivered" in page and "Therapist off sick for 4 weeks" in page
    assert "1 part of the help was not fully given" in page


# --------------------------------------------------------------------------------------------- demo


def test_the_demo_writes_two_terms_for_plans_in_force_deterministically():
    setting = SettingFactory()
    plans = [issued_plan(setting=setting, issued_on=LONG_AGO) for _ in range(3)]
    issued_plan(setting=setting, issued_on=today() - timedelta(days=1))  # not in force a term ago
    nameless = issued_plan(setting=setting, issued_on=LONG_AGO)
    version = nameless.versions.get()
    version.content = {**version.content, "placement": {"setting_id": None}}
    version.save()

    def run(seed):
        with transaction.atomic():
            count = demo_delivery.write(on=today(), rng=random.Random(seed))
            rows = list(DeliveryConfirmation.objects.order_by("plan_id", "academic_year", "term", "ref")
                        .values_list("plan_id", "ref", "term", "status", "reason", "confirmed_on"))
            transaction.set_rollback(True)
        return count, rows

    count, rows = run(7)
    assert count == len(rows) == 3 * 2 * 2  # three plans, two lines, two terms
    assert {r[0] for r in rows} == {p.pk for p in plans}
    assert {r[2] for r in rows} == {LAST.term, LAST.previous().term}
    assert all(r[5] <= today() and (r[3] == "delivered") == (r[4] == "") for r in rows)
    assert run(7) == (count, rows)
    assert demo_delivery.write(on=today(), rng=random.Random(1)) == count
    assert demo_delivery.write(on=today(), rng=random.Random(1)) == 0  # already confirmed: nothing added


def test_the_demo_shares_are_about_80_12_8():
    rng = random.Random(3)
    draws = [demo_delivery._status(rng) for _ in range(20000)]
    assert draws.count("delivered") / 20000 == pytest.approx(0.80, abs=0.01)
    assert draws.count("partly") / 20000 == pytest.approx(0.12, abs=0.01)
    assert draws.count("not_delivered") / 20000 == pytest.approx(0.08, abs=0.01)
