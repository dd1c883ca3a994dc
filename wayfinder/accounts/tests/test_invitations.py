"""Invitations: who may send them, accepting one to make an account linked to the carer or young
person, and links that have expired or been used."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from wayfinder.accounts.models import Invitation, Role, Scope, User
from wayfinder.accounts.services import invitation_create
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.people.tests.factories import CarerFactory, ChildCarerFactory, ChildFactory, SettingFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kettle orchard lantern"


@pytest.fixture
def manager():
    return UserFactory(role=Role.TEAM_MANAGER, scope=Scope.ALL)


@pytest.fixture
def family():
    link = ChildCarerFactory(carer=CarerFactory(given_name="Dana", family_name="Okafor"))
    return link.carer, link.child


def accept_url(token: str) -> str:
    return reverse("accounts:accept-invitation", kwargs={"token": token})


def account_data(**overrides) -> dict[str, str]:
    return {"first_name": "Dana", "last_name": "Okafor", "username": "dana.okafor", "password": NEW_PASSWORD,
            **overrides}


def test_accepting_a_parent_invitation_creates_a_parent_account_linked_to_the_carer(client, manager, family):
    carer, child = family
    invitation, token = invitation_create(actor=manager, email="Dana@Example.ORG", role=Role.PARENT, carer=carer)
    assert invitation.token_hash == Invitation.hash_token(token) and token not in invitation.token_hash

    page = client.get(accept_url(token))
    assert page.status_code == 200
    assert 'value="Dana"' in page.content.decode()

    response = client.post(accept_url(token), account_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("family:home")

    user = User.objects.get(username="dana.okafor")
    assert (user.role, user.email, user.first_name) == (Role.PARENT, "Dana@example.org", "Dana")
    assert user.check_password(NEW_PASSWORD)
    carer.refresh_from_db()
    assert carer.user == user
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_on is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("family:home")).status_code == 200

    assert AuditEvent.objects.get(verb=Verb.INVITED).actor == manager
    accepted = AuditEvent.objects.get(verb=Verb.INVITATION_ACCEPTED)
    assert accepted.actor == user and accepted.payload["children"] == [child.pk]
    assert AuditEvent.objects.filter(verb=Verb.LINKED, child_id=child.pk, actor=user).exists()


def test_accepting_a_young_person_invitation_links_their_own_record(client, manager):
    child = ChildFactory(legal_forename="Jordan", legal_surname="Pritchard")
    _, token = invitation_create(actor=manager, email="jordan@example.org", role=Role.YOUNG_PERSON, child=child)
    response = client.post(accept_url(token), account_data(first_name="Jordan", last_name="Pritchard",
                                                           username="jordanp"))
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.user.username == "jordanp"
    assert child.user.role == Role.YOUNG_PERSON


def test_accepting_a_setting_invitation_gives_the_account_its_setting(client, manager):
    school = SettingFactory()
    _, token = invitation_create(actor=manager, email="senco@school.example", role=Role.SENCO, setting=school)
    client.post(accept_url(token), account_data(username="senco1"))
    assert User.objects.get(username="senco1").setting == school


@pytest.mark.parametrize("state", ["expired", "used", "archived"])
def test_an_expired_or_used_link_shows_the_expired_page_and_creates_nothing(client, manager, family, state):
    carer, _ = family
    invitation, token = invitation_create(actor=manager, email="dana@example.org", role=Role.PARENT, carer=carer)
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_on=timezone.now() - timedelta(minutes=1))
    elif state == "used":
        Invitation.objects.filter(pk=invitation.pk).update(accepted_on=timezone.now())
    else:
        Invitation.objects.filter(pk=invitation.pk).update(archived_on=timezone.now())
    users = User.objects.count()

    for response in (client.get(accept_url(token)), client.post(accept_url(token), account_data())):
        assert response.status_code == 410
        assert "This invitation link has expired" in response.content.decode()
        assert "Ask the person who sent you the invitation to send you a new one" in response.content.decode()
    assert User.objects.count() == users
    carer.refresh_from_db()
    assert carer.user is None
    assert not AuditEvent.objects.filter(verb=Verb.INVITATION_ACCEPTED).exists()


def test_a_made_up_link_shows_the_expired_page(client):
    response = client.get(accept_url("not-a-real-token"))
    assert response.status_code == 404
    assert "This invitation link has expired" in response.content.decode()


def test_a_link_works_only_once(client, manager, family):
    carer, _ = family
    _, token = invitation_create(actor=manager, email="dana@example.org", role=Role.PARENT, carer=carer)
    assert client.post(accept_url(token), account_data()).status_code == 302
    client.post(reverse("accounts:sign-out"))
    again = client.post(accept_url(token), account_data(username="someone.else"))
    assert again.status_code == 410
    assert not User.objects.filter(username="someone.else").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password": "short"}, "password", "This password is too short"),
        ({"password": "12345678901234"}, "password", "This password is entirely numeric"),
        ({"username": "has spaces"}, "username", "Username must only include letters"),
        ({"username": ""}, "username", "Enter a username"),
    ],
)
def test_bad_account_details_are_shown_against_the_field_and_create_nothing(client, manager, family, overrides,
                                                                             field, message):
    carer, _ = family
    _, token = invitation_create(actor=manager, email="dana@example.org", role=Role.PARENT, carer=carer)
    response = client.post(accept_url(token), account_data(**overrides))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert f'href="#id_{field}"' in body
    assert not User.objects.filter(role=Role.PARENT).exists()
    carer.refresh_from_db()
    assert carer.user is None


def test_a_username_already_taken_in_any_letter_case_is_refused(client, manager, family):
    UserFactory(username="Dana.Okafor")
    carer, _ = family
    _, token = invitation_create(actor=manager, email="dana@example.org", role=Role.PARENT, carer=carer)
    body = client.post(accept_url(token), account_data(username="dana.okafor")).content.decode()
    assert "That username is already taken" in body


def test_a_parent_invitation_needs_a_carer_without_an_account(manager, family):
    carer, _ = family
    with pytest.raises(ValidationError) as missing:
        invitation_create(actor=manager, email="dana@example.org", role=Role.PARENT)
    assert "carer" in missing.value.error_dict
    carer.user = UserFactory(role=Role.PARENT)
    carer.save()
    with pytest.raises(ValidationError):
        invitation_create(actor=manager, email="dana@example.org", role=Role.PARENT, carer=carer)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", [Role.PARENT, Role.SENCO, Role.EDUCATIONAL_PSYCHOLOGIST])
def test_people_who_may_not_invite_a_carer_are_refused(role, family):
    carer, _ = family
    with pytest.raises(PermissionDenied):
        invitation_create(actor=UserFactory(role=role), email="dana@example.org", role=Role.PARENT, carer=carer)
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_senco_may_invite_staff_to_their_own_setting_only():
    school, other = SettingFactory(), SettingFactory()
    senco = UserFactory(role=Role.SENCO, setting=school)
    invitation, _ = invitation_create(actor=senco, email="ta@school.example", role=Role.EARLY_YEARS, setting=school)
    assert invitation.setting == school
    with pytest.raises(PermissionDenied):
        invitation_create(actor=senco, email="x@other.example", role=Role.SENCO, setting=other)


def test_only_a_system_administrator_may_invite_local_authority_staff(manager):
    with pytest.raises(PermissionDenied):
        invitation_create(actor=manager, email="new@council.example", role=Role.CASEWORK_OFFICER)
    admin = UserFactory(role=Role.SYSTEM_ADMIN)
    invitation, token = invitation_create(actor=admin, email="new@council.example", role=Role.CASEWORK_OFFICER)
    assert invitation.expires_on > timezone.now() + timedelta(days=13)
    assert len(token) >= 40


def test_a_new_staff_member_goes_on_to_set_up_two_factor_authentication(client):
    admin = UserFactory(role=Role.SYSTEM_ADMIN)
    _, token = invitation_create(actor=admin, email="new@council.example", role=Role.CASEWORK_OFFICER)
    response = client.post(accept_url(token), account_data(username="new.officer"))
    assert response["Location"] == reverse("accounts:mfa")
    assert "Set up two-factor authentication" in client.get(reverse("accounts:mfa")).content.decode()
