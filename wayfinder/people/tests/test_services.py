from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.audit.verify import audit_verify
from wayfinder.core.dates import today
from wayfinder.people import services
from wayfinder.people.models import Child, PossibleDuplicate
from wayfinder.people.tests.factories import (
    CarerFactory,
    ChildCarerFactory,
    ChildFactory,
    EnrolmentFactory,
    LocalityFactory,
)

pytestmark = pytest.mark.django_db

VALID_UPN = "B801200005001"  # check letter from data-standards.md §3.1


@pytest.fixture
def officer():
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)


def _new(officer, **overrides):
    fields = {"legal_forename": "Ruby", "legal_surname": "Hallam", "date_of_birth": date(2014, 3, 9),
              "locality": LocalityFactory(), "postcode": "de4 3ag"}
    return services.child_create(actor=officer, **{**fields, **overrides})


def test_creating_a_child_normalises_identifiers_and_writes_one_audit_event(officer):
    child = _new(officer, upn="b801200005001", nhs_number="943 476 5870")
    assert (child.upn, child.nhs_number, child.postcode) == (VALID_UPN, "9434765870", "DE4 3AG")
    event = AuditEvent.objects.get(child_id=child.pk)
    assert event.verb == Verb.CREATED and event.actor == officer
    assert event.payload["after"]["upn"] == VALID_UPN


@pytest.mark.parametrize(
    ("field", "value"),
    [("upn", "A801200005001"), ("nhs_number", "9434765871"), ("postcode", "NOT A CODE"),
     ("date_of_birth", today() + timedelta(days=1)), ("uln", "9999999999")],
)
def test_bad_input_is_refused_with_a_field_message_and_changes_nothing(officer, field, value):
    children, events = Child.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        _new(officer, **{field: value})
    assert field in error.value.message_dict
    assert (Child.objects.count(), AuditEvent.objects.count()) == (children, events)


def test_a_setting_user_cannot_create_a_child():
    with pytest.raises(PermissionDenied):
        _new(UserFactory(role=Role.SENCO))


def test_updating_records_what_changed_from_and_to(officer):
    child = _new(officer)
    services.child_update(actor=officer, child=child, postcode="S40 1LP", preferred_name="Rubes")
    event = AuditEvent.objects.filter(child_id=child.pk, verb=Verb.UPDATED).get()
    assert event.payload["changes"]["postcode"] == {"from": "DE4 3AG", "to": "S40 1LP"}
    assert "preferred name" in event.summary


def test_an_update_that_changes_nothing_writes_nothing(officer):
    child = _new(officer)
    before = AuditEvent.objects.count()
    services.child_update(actor=officer, child=child, postcode="DE4 3AG")
    assert AuditEvent.objects.count() == before


def test_same_upn_is_flagged_as_a_possible_duplicate_not_refused(officer):
    first = _new(officer, upn=VALID_UPN)
    second = _new(officer, upn=VALID_UPN, legal_forename="Rubie")
    flag = PossibleDuplicate.objects.get(child=second)
    assert flag.other == first and flag.reason == PossibleDuplicate.Reason.SAME_UPN


def test_same_name_birth_date_and_postcode_is_flagged(officer):
    first = _new(officer)
    second = _new(officer)
    assert PossibleDuplicate.objects.get(child=second).other == first


def test_different_children_with_the_same_name_elsewhere_are_not_flagged(officer):
    _new(officer)
    _new(officer, postcode="S40 1LP")
    assert not PossibleDuplicate.objects.exists()


def test_merging_keeps_both_histories_and_moves_relationships(officer):
    keep = _new(officer, upn=VALID_UPN)
    merge = _new(officer, nhs_number="9434765870")
    ChildCarerFactory(child=merge, carer=CarerFactory())
    EnrolmentFactory(child=merge)
    services.child_merge(actor=officer, keep=keep, merge=merge)
    keep.refresh_from_db()
    merge.refresh_from_db()
    assert merge.merged_into == keep and merge.is_archived
    assert keep.nhs_number == "9434765870"  # filled from the merged record
    assert keep.carer_links.count() == 1 and keep.enrolments.count() == 1
    assert AuditEvent.objects.filter(child_id=merge.pk, verb=Verb.CREATED).exists()  # history kept
    assert AuditEvent.objects.filter(child_id=keep.pk, verb=Verb.MERGED).exists()
    assert PossibleDuplicate.objects.get(child=merge).resolution == PossibleDuplicate.Resolution.MERGED
    assert audit_verify().ok


def test_a_merged_record_cannot_be_merged_again(officer):
    keep, merge = _new(officer), _new(officer, postcode="S40 1LP")
    services.child_merge(actor=officer, keep=keep, merge=merge)
    with pytest.raises(ValidationError):
        services.child_merge(actor=officer, keep=ChildFactory(), merge=merge)


def test_archiving_needs_a_reason_and_a_manager(officer):
    child = _new(officer)
    with pytest.raises(PermissionDenied):
        services.child_archive(actor=officer, child=child, reason="Moved away")
    manager = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.ALL)
    with pytest.raises(ValidationError):
        services.child_archive(actor=manager, child=child, reason=" ")
    services.child_archive(actor=manager, child=child, reason="Created in error")
    child.refresh_from_db()
    assert child.is_archived and Child.objects.filter(pk=child.pk).exists()


def test_a_carer_who_prefers_email_must_give_an_email_address(officer):
    child = _new(officer)
    with pytest.raises(ValidationError) as error:
        services.carer_add(actor=officer, child=child, relationship="mother", parental_responsibility=True,
                           given_name="Jo", family_name="Hallam", email="", contact_preference="email")
    assert "email" in error.value.message_dict
    assert child.carer_links.count() == 0
