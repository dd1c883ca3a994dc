import pytest
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.people import services
from wayfinder.people.tests.factories import (
    CarerFactory,
    ChildCarerFactory,
    ChildFactory,
    EnrolmentFactory,
    SettingFactory,
)

pytestmark = pytest.mark.django_db


def child_url(name: str, child) -> str:
    return reverse(f"api:v1:child-{name}", kwargs={"pk": child.pk})


# ----------------------------------------------------------------------------------------------- carers


def test_a_childs_carers_come_with_how_they_are_related_and_the_read_is_recorded(api, officer):
    link = ChildCarerFactory(relationship="mother", is_main_contact=True)
    ChildCarerFactory()  # another family
    response = api(officer).get(child_url("carers", link.child))
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert (row["carer"]["id"], row["relationship"], row["parental_responsibility"]) == (link.carer_id, "mother", True)
    event = AuditEvent.objects.get(child_id=link.child_id)
    assert event.verb == Verb.VIEWED


def test_a_parent_sees_only_their_own_carer_details_for_their_child(api):
    parent = UserFactory(role=Role.PARENT)
    mine = ChildCarerFactory(carer=CarerFactory(user=parent))
    ChildCarerFactory(child=mine.child, relationship="father")  # the other parent's address stays private
    client = api(parent)
    [row] = client.get(child_url("carers", mine.child)).json()["results"]
    assert row["carer"]["id"] == mine.carer_id
    assert [c["id"] for c in client.get(reverse("api:v1:carer-list")).json()["results"]] == [mine.carer_id]


def test_carers_of_a_child_the_user_may_not_see_are_not_found(api):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    link = ChildCarerFactory()
    client = api(officer)
    assert client.get(child_url("carers", link.child)).status_code == 404
    assert client.get(reverse("api:v1:carer-detail", kwargs={"pk": link.carer_id})).status_code == 404
    assert client.get(reverse("api:v1:carer-list")).json()["count"] == 0


def test_reading_a_carer_is_recorded(api, officer):
    carer = ChildCarerFactory().carer
    response = api(officer).get(reverse("api:v1:carer-detail", kwargs={"pk": carer.pk}))
    assert response.status_code == 200 and response.json()["given_name"] == carer.given_name
    event = AuditEvent.objects.get(verb=Verb.VIEWED)
    assert (event.target_type, event.target_id) == ("people.carer", str(carer.pk))


def test_a_senco_sees_the_carers_of_pupils_on_roll(api, senco, school):
    link = ChildCarerFactory()
    EnrolmentFactory(child=link.child, setting=school)
    assert api(senco).get(child_url("carers", link.child)).json()["count"] == 1


# --------------------------------------------------------------------------------------------- settings


def test_every_signed_in_user_may_read_settings_and_search_them_by_name_or_urn(api):
    oak, elm = SettingFactory(name="Oakfield Primary", urn="112233"), SettingFactory(name="Elm Grove Academy")
    client = api(UserFactory(role=Role.PARENT))
    assert {row["id"] for row in client.get(reverse("api:v1:setting-list")).json()["results"]} == {oak.pk, elm.pk}
    assert [r["id"] for r in client.get(reverse("api:v1:setting-list"), {"q": "oakf"}).json()["results"]] == [oak.pk]
    assert [r["id"] for r in client.get(reverse("api:v1:setting-list"), {"q": "1122"}).json()["results"]] == [oak.pk]
    response = client.get(reverse("api:v1:setting-detail", kwargs={"pk": elm.pk}))
    assert response.status_code == 200 and response.json()["name"] == "Elm Grove Academy"
    assert not AuditEvent.objects.exists()  # organisational data, not a personal record


def test_settings_are_not_open_to_the_signed_out(api):
    assert api().get(reverse("api:v1:setting-list")).status_code == 403


# ------------------------------------------------------------------------------------------- chronology


def test_a_caseworker_reads_a_childs_chronology_newest_first(api, officer):
    child = services.child_create(actor=officer, legal_forename="Ruby", legal_surname="Hallam",
                                  date_of_birth=ChildFactory.date_of_birth)
    services.child_update(actor=officer, child=child, sen_status="K")
    client = api(officer)
    client.get(reverse("api:v1:child-detail", kwargs={"pk": child.pk}))
    response = client.get(child_url("chronology", child))
    assert response.status_code == 200
    assert [row["verb"] for row in response.json()["results"]] == [Verb.VIEWED, Verb.UPDATED, Verb.CREATED]
    # and reading the chronology is itself recorded
    assert AuditEvent.objects.filter(child_id=child.pk, verb=Verb.VIEWED).count() == 2


def test_the_chronology_includes_records_merged_into_the_child(api, officer):
    keep, merge = ChildFactory(), ChildFactory()
    services.child_update(actor=officer, child=merge, sen_status="K")
    services.child_merge(actor=officer, keep=keep, merge=merge)
    rows = api(officer).get(child_url("chronology", keep)).json()["results"]
    assert {row["child_id"] for row in rows} == {keep.pk, merge.pk}


def test_the_chronology_of_a_child_out_of_scope_is_not_found(api):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    response = api(officer).get(child_url("chronology", ChildFactory()))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("role", [Role.SENCO, Role.PARENT])
def test_people_outside_the_local_authority_get_not_found_for_a_chronology_even_of_a_child_they_see(api, role):
    school = SettingFactory()
    user = UserFactory(role=role, setting=school if role == Role.SENCO else None)
    child = EnrolmentFactory(setting=school).child
    if role == Role.PARENT:
        ChildCarerFactory(child=child, carer=CarerFactory(user=user))
    client = api(user)
    assert client.get(reverse("api:v1:child-detail", kwargs={"pk": child.pk})).status_code == 200
    assert client.get(child_url("chronology", child)).status_code == 404
