"""Setting pages (/setting/) and the family pages (/family/): each audience sees only its own children."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from wayfinder.accounts.models import Role, TeamKind
from wayfinder.accounts.tests.factories import TeamFactory, UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.core.dates import today
from wayfinder.people.codes import ContactMethod, Relationship, SENStatus
from wayfinder.people.tests.factories import (
    CarerFactory,
    ChildCarerFactory,
    ChildFactory,
    EnrolmentFactory,
    InvolvementFactory,
    SettingFactory,
)

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------------------------- settings


@pytest.fixture
def school():
    return SettingFactory(name="Brimington Junior School")


@pytest.fixture
def senco(school):
    return UserFactory(role=Role.SENCO, setting=school)


@pytest.fixture
def pupils(school):
    """Pupils on roll with SEN support, with a plan and with no SEN; a leaver; a pupil elsewhere."""
    support = ChildFactory(legal_forename="Ruby", legal_surname="Hallam", sen_status=SENStatus.SEN_SUPPORT,
                           primary_need="SLCN")
    plan = ChildFactory(legal_forename="Jay", legal_surname="Jones", sen_status=SENStatus.EHC_PLAN)
    no_sen = ChildFactory(legal_forename="Nia", legal_surname="Hallett", sen_status=SENStatus.NONE)
    leaver = ChildFactory(legal_forename="Lee", legal_surname="Left", sen_status=SENStatus.EHC_PLAN)
    elsewhere = ChildFactory(legal_forename="Eve", legal_surname="Elsewhere", sen_status=SENStatus.EHC_PLAN)
    for child in (support, plan, no_sen):
        EnrolmentFactory(child=child, setting=school)
    EnrolmentFactory(child=leaver, setting=school, end_date=today() - timedelta(days=1))
    EnrolmentFactory(child=elsewhere)
    return {"support": support, "plan": plan, "no_sen": no_sen, "leaver": leaver, "elsewhere": elsewhere}


def test_a_senco_sees_their_pupils_with_send_and_no_one_else(client, sign_in, senco, pupils):
    sign_in(client, senco)
    body = page(client.get(reverse("setting:home")))
    assert "Our pupils with SEND" in body and "Brimington Junior School" in body
    assert "Ruby Hallam" in body and "Jay Jones" in body
    for name in ("Nia Hallett", "Lee Left", "Eve Elsewhere"):
        assert name not in body


def test_a_senco_can_search_the_whole_roll_by_name(client, sign_in, senco, pupils):
    sign_in(client, senco)
    body = page(client.get(reverse("setting:home"), {"q": "hall"}))
    assert "Ruby Hallam" in body and "Nia Hallett" in body
    assert "Jay Jones" not in body and "Lee Left" not in body
    assert AuditEvent.objects.filter(verb=Verb.SEARCHED, actor=senco).count() == 1


def test_a_senco_opens_a_reduced_record_and_the_view_is_recorded(client, sign_in, senco, pupils):
    child = pupils["support"]
    carer = CarerFactory(given_name="Jo", family_name="Hallam", email="jo@example.org",
                         contact_preference=ContactMethod.EMAIL)
    ChildCarerFactory(child=child, carer=carer)
    child.known_to_social_care = True
    child.save()
    sign_in(client, senco)
    response = client.get(reverse("setting:child-detail", kwargs={"pk": child.pk}))
    body = page(response)
    assert response.status_code == 200
    assert "Ruby Hallam" in body and "Jo Hallam" in body and "Email" in body
    assert "Brimington Junior School" in body and "Speech, language and communication needs" in body
    assert "jo@example.org" not in body  # contact preference, not the address itself
    assert "social care" not in body
    event = AuditEvent.objects.get(verb=Verb.VIEWED)
    assert (event.actor, event.child_id) == (senco, child.pk)


@pytest.mark.parametrize("who", ["leaver", "elsewhere"])
def test_senco_cannot_open_record_of_pupil_not_on_roll(client, sign_in, senco, pupils, who):
    sign_in(client, senco)
    assert client.get(reverse("setting:child-detail", kwargs={"pk": pupils[who].pk})).status_code == 404
    assert not AuditEvent.objects.filter(verb=Verb.VIEWED).exists()


@pytest.mark.parametrize("role", [Role.CASEWORK_OFFICER, Role.PARENT])
def test_other_audiences_are_refused_the_setting_pages(client, sign_in, role, pupils):
    sign_in(client, UserFactory(role=role))
    assert client.get(reverse("setting:home")).status_code == 403
    assert client.get(reverse("setting:child-detail", kwargs={"pk": pupils["support"].pk})).status_code == 403


# --------------------------------------------------------------------------------------------- families


@pytest.fixture
def parent():
    return UserFactory(role=Role.PARENT, first_name="Jo", last_name="Hallam")


@pytest.fixture
def family(parent):
    """Jo holds parental responsibility for Ruby (9) and Sam (17, who has not agreed to share); Jo is
    also a carer without parental responsibility for Kit. Ruby has a caseworker and a therapist."""
    me = CarerFactory(user=parent, given_name="Jo", family_name="Hallam", phone="07700 900123",
                      contact_preference=ContactMethod.SMS, large_print=True)
    other_parent = CarerFactory(given_name="Alex", family_name="Hallam", email="alex@example.org")
    team = TeamFactory(name="Speech and language therapy", kind=TeamKind.HEALTH, email="salt@example.org")
    caseworker = UserFactory(role=Role.CASEWORK_OFFICER, first_name="Priya", last_name="Shah")
    ruby = ChildFactory(legal_forename="Ruby", legal_surname="Hallam", date_of_birth=today() - relativedelta(years=9),
                        sen_status=SENStatus.EHC_PLAN, primary_need="ASD", caseworker=caseworker)
    sam = ChildFactory(legal_forename="Sam", legal_surname="Hallam", date_of_birth=today() - relativedelta(years=17))
    kit = ChildFactory(legal_forename="Kit", legal_surname="Other")
    ChildCarerFactory(child=ruby, carer=me, is_main_contact=True)
    ChildCarerFactory(child=ruby, carer=other_parent, relationship=Relationship.FATHER)
    ChildCarerFactory(child=sam, carer=me)
    ChildCarerFactory(child=kit, carer=me, relationship=Relationship.OTHER_RELATIVE, parental_responsibility=False)
    EnrolmentFactory(child=ruby, setting=SettingFactory(name="Brimington Junior School"))
    InvolvementFactory(child=ruby, team=team, role_description="Speech and language therapist",
                       start_date=date(2025, 1, 6))
    return {"me": me, "ruby": ruby, "sam": sam, "kit": kit}


def test_a_parent_sees_the_children_they_hold_parental_responsibility_for(client, sign_in, parent, family):
    sign_in(client, parent)
    body = page(client.get(reverse("family:home")))
    assert "Your children" in body and "Ruby Hallam" in body
    assert "Sam Hallam" not in body  # 17 and has not agreed to share their record
    assert "Kit Other" not in body  # no parental responsibility


def test_a_parent_reads_their_childs_record_in_plain_english(client, sign_in, parent, family):
    sign_in(client, parent)
    ruby = family["ruby"]
    response = client.get(reverse("family:child-detail", kwargs={"pk": ruby.pk}))
    body = page(response)
    assert response.status_code == 200
    assert "An education, health and care (EHC) plan" in body and "Autistic spectrum disorder" in body
    assert "Brimington Junior School" in body
    assert "Priya Shah" in body and "Speech and language therapy" in body and "salt@example.org" in body
    assert "Your contact details" in body and "07700 900123" in body and "Large print" in body
    assert "alex@example.org" not in body  # another carer's details are never shown to a parent
    event = AuditEvent.objects.get(verb=Verb.VIEWED)
    assert (event.actor, event.child_id) == (parent, ruby.pk)


@pytest.mark.parametrize("who", ["sam", "kit"])
def test_a_parent_cannot_open_a_record_they_may_not_see(client, sign_in, parent, family, who):
    sign_in(client, parent)
    assert client.get(reverse("family:child-detail", kwargs={"pk": family[who].pk})).status_code == 404
    assert not AuditEvent.objects.filter(verb=Verb.VIEWED).exists()


def test_a_young_person_sees_their_own_record_and_no_one_elses(client, sign_in, family):
    young_person = UserFactory(role=Role.YOUNG_PERSON)
    sam = family["sam"]
    sam.user = young_person
    sam.save()
    sign_in(client, young_person)
    home = page(client.get(reverse("family:home")))
    assert "Your record" in home and reverse("family:child-detail", kwargs={"pk": sam.pk}) in home
    own = client.get(reverse("family:child-detail", kwargs={"pk": sam.pk}))
    assert own.status_code == 200 and "you make your own decisions" in page(own)
    assert "Your contact details" not in page(own)
    assert client.get(reverse("family:child-detail", kwargs={"pk": family["ruby"].pk})).status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORK_OFFICER, Role.SENCO])
def test_other_audiences_are_refused_the_family_pages(client, sign_in, role, family):
    sign_in(client, UserFactory(role=role))
    assert client.get(reverse("family:home")).status_code == 403
    assert client.get(reverse("family:child-detail", kwargs={"pk": family["ruby"].pk})).status_code == 403
