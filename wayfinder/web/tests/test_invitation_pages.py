"""Staff invite a parent or carer with parental responsibility, or a young person from 16, to make
an account (accounts join by invitation), and the link they are given works once."""

import re
from datetime import date

import pytest
from django.urls import reverse

from wayfinder.accounts.models import Invitation, Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.core.dates import today
from wayfinder.people.codes import Relationship
from wayfinder.people.tests.factories import CarerFactory, ChildCarerFactory, ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child():
    return ChildFactory(legal_forename="Ruby", legal_surname="Hallam", date_of_birth=date(2016, 5, 17))


@pytest.fixture
def mother(child):
    carer = CarerFactory(given_name="Dana", family_name="Hallam", email="dana@example.org")
    ChildCarerFactory(child=child, carer=carer, relationship=Relationship.MOTHER, parental_responsibility=True)
    return carer


@pytest.fixture
def officer_client(client, sign_in):
    return sign_in(client, UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL))


def invite_url(child):
    return reverse("staff:child-invite", kwargs={"pk": child.pk})


def test_an_officer_invites_a_parent_and_is_shown_a_link_that_opens_the_account_page(officer_client, child, mother,
                                                                                  client):
    page = officer_client.get(invite_url(child))
    assert page.status_code == 200
    assert "Dana Hallam (mother)" in page.content.decode()
    assert 'value="dana@example.org"' in page.content.decode()  # the only invitee's email on record

    response = officer_client.post(invite_url(child), {"who": f"carer-{mother.pk}", "email": "dana@example.org"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Invitation created" in html
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.carer, invitation.email) == (Role.PARENT, mother, "dana@example.org")
    assert AuditEvent.objects.filter(verb=Verb.INVITED, target_id=str(invitation.pk)).exists()
    assert response.headers["Cache-Control"].startswith("max-age=0")  # the one-time link is never cached
    link = re.search(r"http://testserver(/account/invitation/[^<\s]+)", html).group(1)
    officer_client.logout()
    assert client.get(link).status_code == 200


def test_a_young_person_from_16_can_be_invited_but_a_younger_child_cannot(officer_client, child, mother):
    assert "(the young person)" not in officer_client.get(invite_url(child)).content.decode()
    born = today().replace(year=today().year - 17, day=1)
    older = ChildFactory(legal_forename="Jamie", legal_surname="Marsden", date_of_birth=born)

    response = officer_client.post(invite_url(older), {"who": "young-person", "email": "jamie@example.org"})

    assert "Invitation created" in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.child, invitation.carer) == (Role.YOUNG_PERSON, older, None)


def test_a_bad_email_or_no_choice_gets_an_error_summary_and_creates_nothing(officer_client, child, mother):
    response = officer_client.post(invite_url(child), {"who": "", "email": "dana@"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Select who you are inviting" in html
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert html.count("<title>Error: ") == 1
    assert not Invitation.objects.exists()


def test_a_carer_without_parental_responsibility_or_with_an_account_is_not_offered(officer_client, child, mother):
    stepfather = CarerFactory(given_name="Lee", family_name="Hallam")
    ChildCarerFactory(child=child, carer=stepfather, relationship=Relationship.STEP_PARENT,
                      parental_responsibility=False)
    mother.user = UserFactory(role=Role.PARENT)
    mother.save()

    page = officer_client.get(invite_url(child)).content.decode()
    assert "There is nobody to invite" in page

    response = officer_client.post(invite_url(child), {"who": f"carer-{stepfather.pk}", "email": "lee@example.org"})
    assert "Select who you are inviting" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", [Role.EDUCATIONAL_PSYCHOLOGIST, Role.PANEL_MEMBER])
def test_staff_who_cannot_change_the_record_cannot_invite(client, sign_in, child, mother, role):
    from wayfinder.people.tests.factories import InvolvementFactory

    user = UserFactory(role=role, scope=Scope.ALL)
    InvolvementFactory(child=child, user=user)
    sign_in(client, user)
    assert client.get(invite_url(child)).status_code == 403
    assert client.post(invite_url(child), {"who": f"carer-{mother.pk}", "email": "x@example.org"}).status_code == 403
    assert not Invitation.objects.exists()


def test_a_child_the_officer_may_not_see_is_404(client, sign_in, child, mother):
    sign_in(client, UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN))
    assert client.get(invite_url(child)).status_code == 404
    assert client.post(invite_url(child), {"who": f"carer-{mother.pk}", "email": "x@example.org"}).status_code == 404
    assert not Invitation.objects.exists()
