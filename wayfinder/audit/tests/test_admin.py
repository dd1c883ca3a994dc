"""The Django admin, for the system administrator's reference data: every save is audited, nothing
is deleted through it, children's records are not in it, and only administrators get in."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.audit.verify import audit_verify
from wayfinder.people.models import Carer, Child, ChildCarer, Locality

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    user = UserFactory(role=Role.SYSTEM_ADMIN, scope=Scope.NONE, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["people", "accounts"]))
    return user


def test_adding_and_changing_a_locality_in_the_admin_writes_audit_events(client, sign_in, administrator):
    sign_in(client, administrator)
    add = reverse("admin:people_locality_add")
    response = client.post(add, {"name": "Erewash", "code": "erewash", "description": "", "postcode_districts": "[]"})
    assert response.status_code == 302, response.content.decode()[:2000]
    locality = Locality.objects.get(code="erewash")
    created = AuditEvent.objects.get(verb=Verb.CREATED, target_type="people.locality", target_id=str(locality.pk))
    assert created.actor == administrator and created.payload["values"]["name"] == "Erewash"
    assert locality.created_by == administrator

    change = reverse("admin:people_locality_change", args=[locality.pk])
    client.post(change, {"name": "Erewash and Ilkeston", "code": "erewash", "description": "",
                         "postcode_districts": "[]"})
    updated = AuditEvent.objects.get(verb=Verb.UPDATED, target_type="people.locality")
    assert updated.payload["changes"]["name"] == {"from": "Erewash", "to": "Erewash and Ilkeston"}
    assert audit_verify().ok


def test_nothing_can_be_deleted_through_the_admin(client, sign_in, administrator):
    locality = Locality.objects.create(name="Chesterfield", code="chesterfield")
    sign_in(client, administrator)
    response = client.post(reverse("admin:people_locality_delete", args=[locality.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Locality.objects.filter(pk=locality.pk).exists()


def test_a_password_change_is_audited_without_the_password(client, sign_in, administrator):
    other = UserFactory(role=Role.CASEWORK_OFFICER, first_name="Priya")
    sign_in(client, administrator)
    data = {"username": other.username, "first_name": "Priyanka", "last_name": other.last_name, "email": other.email,
            "role": other.role, "scope": other.scope, "is_active": "on", "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00", "password": other.password}
    response = client.post(reverse("admin:accounts_user_change", args=[other.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(verb=Verb.UPDATED, target_type="accounts.user")
    assert event.payload["changes"]["first_name"] == {"from": "Priya", "to": "Priyanka"}
    assert "password" not in str(event.payload)


def test_childrens_and_families_records_are_not_in_the_admin():
    for model in (Child, Carer, ChildCarer):
        assert not admin.site.is_registered(model)


@pytest.mark.parametrize("role", [Role.CASEWORK_OFFICER, Role.TEAM_MANAGER, Role.STRATEGIC_LEAD])
def test_staff_who_are_not_administrators_get_403_not_a_sign_in_loop(client, sign_in, role):
    sign_in(client, UserFactory(role=role))
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2


def test_signed_out_visitors_are_sent_to_our_sign_in_page(client):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:sign-in"))
    assert "next=%2Fdjango-admin%2F" in response.redirect_chain[-1][0]


def test_the_administrators_home_page_links_to_the_admin_and_others_do_not(client, sign_in, administrator):
    sign_in(client, administrator)
    assert reverse("admin:index") in client.get(reverse("staff:home")).content.decode()
    client.logout()
    sign_in(client, UserFactory(role=Role.CASEWORK_OFFICER))
    assert reverse("admin:index") not in client.get(reverse("staff:home")).content.decode()
