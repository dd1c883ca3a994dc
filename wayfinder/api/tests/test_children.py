from datetime import date, timedelta

import pytest
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent, Kind, Verb
from wayfinder.core.dates import today
from wayfinder.people.models import Child
from wayfinder.people.tests.factories import ChildFactory, EnrolmentFactory

from .conftest import VALID_NHS_NUMBER, VALID_UPN

pytestmark = pytest.mark.django_db

LIST = "api:v1:child-list"


def detail(child_or_pk) -> str:
    return reverse("api:v1:child-detail", kwargs={"pk": getattr(child_or_pk, "pk", child_or_pk)})


def counts() -> tuple[int, int]:
    return Child.objects.count(), AuditEvent.objects.count()


# --------------------------------------------------------------------------------------------- create


def test_casework_officer_records_a_child_and_gets_it_back_normalised(api, officer, new_child):
    response = api(officer).post(reverse(LIST), new_child, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    child = Child.objects.get(pk=body["id"])
    assert response["Location"].endswith(f"/api/v1/children/{child.pk}/")
    assert (body["upn"], body["nhs_number"], body["postcode"]) == (VALID_UPN, VALID_NHS_NUMBER, "DE4 3AG")
    assert body["display_name"] == "Ruby Hallam" and body["primary_need"] == "SLCN"
    assert body["age"] == child.age() and body["makes_own_decisions"] is False
    assert child.created_by == officer
    assert AuditEvent.objects.filter(child_id=child.pk, verb=Verb.CREATED, actor=officer).count() == 1


def test_a_new_child_appears_in_the_creators_list_when_within_their_scope(api, officer, new_child):
    client = api(officer)
    created = client.post(reverse(LIST), new_child, format="json").json()
    listed = client.get(reverse(LIST), {"q": "Hallam"}).json()
    assert [row["id"] for row in listed["results"]] == [created["id"]]


def test_a_team_scope_officer_sees_a_child_they_record_only_once_it_is_on_their_teams_caseload(
    api, team_officer, new_child
):
    # Current behaviour, reported to the lead: child_create does not make the creator the caseworker,
    # so a record with no caseworker outside the officer's scope is created but then not visible.
    client = api(team_officer)
    orphan = client.post(reverse(LIST), new_child, format="json")
    assert orphan.status_code == 201
    assert client.get(detail(orphan.json()["id"])).status_code == 404
    mine = client.post(reverse(LIST), {**new_child, "upn": "", "caseworker": team_officer.pk}, format="json")
    assert mine.status_code == 201
    listed = client.get(reverse(LIST)).json()
    assert [row["id"] for row in listed["results"]] == [mine.json()["id"]]


@pytest.mark.parametrize("role", [Role.SENCO, Role.PARENT, Role.EDUCATIONAL_PSYCHOLOGIST, Role.PANEL_MEMBER])
def test_roles_that_may_not_record_children_are_forbidden_and_nothing_is_saved(api, new_child, role):
    before = counts()
    response = api(UserFactory(role=role)).post(reverse(LIST), new_child, format="json")
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}
    assert counts() == before


# ------------------------------------------------------------------------------------ field-level 400s


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("upn", "A801200005001", "check letter"),
        ("nhs_number", "943 476 5871", "check digit"),
        ("postcode", "NOT A CODE", "postcode"),
        ("date_of_birth", (today() + timedelta(days=1)).isoformat(), "today or in the past"),
        ("date_of_birth", "1990-01-01", "aged 0 to 25"),
        ("uln", "9999999999", "placeholder"),
    ],
)
def test_bad_identifiers_and_dates_get_a_field_message_and_change_nothing(api, officer, new_child, field, value, says):
    before = counts()
    response = api(officer).post(reverse(LIST), {**new_child, field: value}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["errors"]
    assert list(body["errors"]) == [field]
    assert says in body["errors"][field][0]
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date_of_birth": "17/05/2016"}, "date_of_birth"),
        ({"date_of_birth": "2016-02-30"}, "date_of_birth"),
        ({"sex": "X"}, "sex"),
        ({"locality": 987654}, "locality"),
        ({"caseworker": 987654}, "caseworker"),
        ({"legal_forename": ""}, "legal_forename"),
        ({"secondary_need": "SLCN"}, "secondary_need"),  # the same as the primary need (model rule)
        ({"upn": "", "upn_unknown_reason": "UN1", "nhs_number": "1"}, "nhs_number"),
    ],
)
def test_type_errors_and_model_rules_come_back_in_the_same_shape(api, officer, new_child, changes, field):
    before = counts()
    response = api(officer).post(reverse(LIST), {**new_child, **changes}, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert all(isinstance(m, str) for messages in response.json()["errors"].values() for m in messages)
    assert counts() == before


def test_a_missing_name_uses_the_services_wording(api, officer, new_child):
    del new_child["legal_forename"]
    response = api(officer).post(reverse(LIST), new_child, format="json")
    assert response.json() == {"errors": {"legal_forename": ["Enter the child's legal first name"]}}


def test_several_bad_fields_are_all_reported_at_once(api, officer, new_child):
    response = api(officer).post(
        reverse(LIST), {**new_child, "upn": "A801200005001", "postcode": "ZZ"}, format="json"
    )
    assert set(response.json()["errors"]) == {"upn", "postcode"}


def test_malformed_json_is_a_400_in_the_same_shape(api, officer):
    before = counts()
    response = api(officer).post(reverse(LIST), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["non_field_errors"]
    assert counts() == before


def test_only_json_bodies_are_accepted(api, officer, new_child):
    response = api(officer).post(reverse(LIST), new_child)  # multipart form
    assert response.status_code == 415
    assert set(response.json()) == {"detail"}


# ------------------------------------------------------------------------------------------- retrieve


def test_reading_a_child_writes_an_access_event(api, officer):
    child = ChildFactory()
    response = api(officer).get(detail(child))
    assert response.status_code == 200
    assert response.json()["id"] == child.pk
    event = AuditEvent.objects.get(child_id=child.pk)
    assert (event.verb, event.kind, event.actor, event.target_id) == (Verb.VIEWED, Kind.ACCESS, officer, str(child.pk))
    assert event.summary == "Viewed through the API"


def test_every_read_is_recorded(api, officer):
    child = ChildFactory()
    client = api(officer)
    client.get(detail(child))
    client.get(detail(child))
    assert AuditEvent.objects.filter(child_id=child.pk, verb=Verb.VIEWED).count() == 2


def test_a_forbidden_child_is_not_found_exactly_like_a_missing_one(api):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    hidden = ChildFactory()
    client = api(officer)
    forbidden, missing = client.get(detail(hidden)), client.get(detail(hidden.pk + 1000))
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "Not found."}
    assert not AuditEvent.objects.filter(child_id=hidden.pk).exists()


def test_a_merged_record_is_not_found(api, officer):
    keep = ChildFactory()
    merged = ChildFactory(merged_into=keep)
    assert api(officer).get(detail(merged)).status_code == 404


def test_a_non_numeric_id_is_a_json_404(api, officer):
    response = api(officer).get("/api/v1/children/abc/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# ---------------------------------------------------------------------------------------------- change


def test_casework_officer_changes_a_child_and_the_change_is_audited(api, officer):
    child = ChildFactory(legal_surname="Hallam")
    response = api(officer).patch(detail(child), {"upn": "b801 2000 05001", "sen_status": "E"}, format="json")
    assert response.status_code == 200, response.json()
    child.refresh_from_db()
    assert (child.upn, child.sen_status, child.legal_surname) == (VALID_UPN, "E", "Hallam")
    event = AuditEvent.objects.get(child_id=child.pk, verb=Verb.UPDATED)
    assert set(event.payload["changes"]) == {"upn", "sen_status"}
    assert not AuditEvent.objects.filter(child_id=child.pk, verb=Verb.VIEWED).exists()


def test_a_bad_change_is_refused_field_by_field_and_changes_nothing(api, officer):
    child = ChildFactory(legal_surname="Hallam", postcode="DE4 3AG")
    before = counts()
    response = api(officer).patch(
        detail(child), {"legal_surname": "Changed", "postcode": "nope", "date_of_birth": "2999-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"postcode", "date_of_birth"}
    child.refresh_from_db()
    assert (child.legal_surname, child.postcode) == ("Hallam", "DE4 3AG")
    assert counts() == before


def test_read_only_fields_cannot_be_changed(api, officer):
    child = ChildFactory()
    response = api(officer).patch(detail(child), {"id": 999999, "age": 3, "created_on": "2000-01-01T00:00:00Z"},
                                  format="json")
    assert response.status_code == 200
    assert response.json()["id"] == child.pk


def test_put_is_not_offered(api, officer):
    child = ChildFactory()
    assert api(officer).put(detail(child), {}, format="json").status_code == 405


def test_senco_may_read_but_not_change_a_pupil_on_roll(api, senco, school):
    pupil = EnrolmentFactory(setting=school).child
    client = api(senco)
    assert client.get(detail(pupil)).status_code == 200
    before = counts()
    response = client.patch(detail(pupil), {"sen_status": "E"}, format="json")
    assert response.status_code == 403
    assert counts() == before


def test_senco_changing_a_child_not_on_roll_gets_not_found(api, senco):
    elsewhere = EnrolmentFactory().child
    response = api(senco).patch(detail(elsewhere), {"sen_status": "E"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_forbidden_child_is_not_found_for_a_change_even_with_bad_input(api):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    response = api(officer).patch(detail(ChildFactory()), {"postcode": "nope"}, format="json")
    assert response.status_code == 404


# ------------------------------------------------------------------------------------- list and search


def test_the_list_holds_only_children_the_user_may_see(api):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    mine = ChildFactory(caseworker=officer)
    ChildFactory()
    body = api(officer).get(reverse(LIST)).json()
    assert body["count"] == 1
    assert [row["id"] for row in body["results"]] == [mine.pk]


def test_a_list_request_writes_one_search_event_with_the_query(api, officer):
    ChildFactory.create_batch(3, legal_surname="Hallam")
    response = api(officer).get(reverse(LIST), {"q": "hallam"})
    assert response.status_code == 200
    event = AuditEvent.objects.get()
    assert (event.verb, event.kind, event.child_id, event.actor) == (Verb.SEARCHED, Kind.ACCESS, None, officer)
    assert event.payload == {"q": "hallam", "results": 3, "page": 1}


@pytest.mark.parametrize(
    "q",
    ["Hallam", "hal", "ruby", "Ruby Hal", "hallam r", "B801 2000 05001", "2014-03-09", "9/3/2014", "943 476 5870"],
)
def test_search_by_name_prefix_upn_date_of_birth_or_nhs_number(api, officer, q):
    ruby = ChildFactory(legal_forename="Ruby", legal_surname="Hallam", date_of_birth=date(2014, 3, 9),
                        upn=VALID_UPN, nhs_number=VALID_NHS_NUMBER)
    ChildFactory(legal_forename="Sam", legal_surname="Brown", date_of_birth=date(2015, 1, 1))
    body = api(officer).get(reverse(LIST), {"q": q}).json()
    assert [row["id"] for row in body["results"]] == [ruby.pk]


def test_search_never_reaches_beyond_what_the_user_may_see(api):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    ChildFactory(legal_surname="Hallam")
    assert api(officer).get(reverse(LIST), {"q": "Hallam"}).json()["count"] == 0


def test_searching_for_a_date_that_does_not_exist_is_a_field_error_and_records_nothing(api, officer):
    response = api(officer).get(reverse(LIST), {"q": "2016-02-30"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]
    assert not AuditEvent.objects.exists()


def test_the_list_is_paginated(api, officer):
    ChildFactory.create_batch(3)
    body = api(officer).get(reverse(LIST), {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert api(officer).get(reverse(LIST), {"page": 9}).status_code == 404


# ----------------------------------------------------------------------------------------- sign-in


def test_signed_out_requests_are_refused(api):
    response = api().get(reverse(LIST))
    assert response.status_code == 403  # session authentication cannot send a WWW-Authenticate challenge
    assert set(response.json()) == {"detail"}


def test_staff_who_have_not_completed_two_factor_are_refused(officer):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(officer)
    response = client.get(reverse(LIST))
    assert response.status_code == 403
    assert not AuditEvent.objects.exists()
