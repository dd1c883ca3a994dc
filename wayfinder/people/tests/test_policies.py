"""Edges of the relationship-based access policy: the matrix in tests/acceptance covers every role;
these cover the relationships changing over time."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import TeamFactory, UserFactory
from wayfinder.core.dates import today
from wayfinder.people.policies import CarerPolicy, ChildPolicy
from wayfinder.people.tests.factories import (
    CarerFactory,
    ChildCarerFactory,
    ChildFactory,
    EnrolmentFactory,
    InvolvementFactory,
    LocalityFactory,
    SettingFactory,
)

pytestmark = pytest.mark.django_db


def visible(user):
    return set(ChildPolicy.visible_to(user))


def test_policy_list_and_object_check_always_agree():
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.OWN)
    mine, other = ChildFactory(caseworker=officer), ChildFactory()
    assert visible(officer) == {mine}
    assert ChildPolicy.can(officer, "view", mine) and not ChildPolicy.can(officer, "view", other)


def test_team_scope_sees_a_teammates_caseload_but_not_another_teams():
    team, other_team = TeamFactory(), TeamFactory()
    me = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.TEAM, team=team)
    teammate = UserFactory(role=Role.CASEWORK_OFFICER, team=team)
    outsider = UserFactory(role=Role.CASEWORK_OFFICER, team=other_team)
    theirs, not_ours = ChildFactory(caseworker=teammate), ChildFactory(caseworker=outsider)
    assert theirs in visible(me) and not_ours not in visible(me)


def test_locality_scope_follows_the_childs_locality():
    north, south = LocalityFactory(), LocalityFactory()
    manager = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[north])
    here, there = ChildFactory(locality=north), ChildFactory(locality=south)
    assert visible(manager) == {here}
    assert there not in visible(manager)


def test_senco_loses_sight_of_a_pupil_once_they_leave_the_roll():
    school = SettingFactory()
    senco = UserFactory(role=Role.SENCO, setting=school)
    pupil = ChildFactory()
    enrolment = EnrolmentFactory(child=pupil, setting=school)
    assert pupil in visible(senco)
    enrolment.end_date = today() - timedelta(days=1)
    enrolment.save()
    assert pupil not in visible(senco)


def test_professional_sees_a_child_only_while_involved():
    ep = UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST)
    child = ChildFactory()
    involvement = InvolvementFactory(child=child, user=ep)
    assert child in visible(ep)
    involvement.end_date = today() - timedelta(days=1)
    involvement.save()
    assert child not in visible(ep)


def test_parent_without_parental_responsibility_sees_nothing():
    parent = UserFactory(role=Role.PARENT)
    link = ChildCarerFactory(carer=CarerFactory(user=parent), parental_responsibility=False)
    assert link.child not in visible(parent)


def test_rights_pass_to_the_young_person_at_16_unless_they_consent_or_lack_capacity():
    """CAFA 2014 s80: from 16 the young person makes their own decisions."""
    parent = UserFactory(role=Role.PARENT)
    fifteen = ChildFactory(date_of_birth=today() - relativedelta(years=16) + timedelta(days=1))
    sixteen = ChildFactory(date_of_birth=today() - relativedelta(years=16))
    carer = CarerFactory(user=parent)
    ChildCarerFactory(carer=carer, child=fifteen)
    link = ChildCarerFactory(carer=carer, child=sixteen)
    assert visible(parent) == {fifteen}

    link.young_person_consents = True
    link.save()
    assert visible(parent) == {fifteen, sixteen}

    link.young_person_consents = False
    link.save()
    sixteen.lacks_capacity = True
    sixteen.save()
    assert visible(parent) == {fifteen, sixteen}


def test_young_person_sees_only_their_own_record():
    yp = UserFactory(role=Role.YOUNG_PERSON)
    own, other = ChildFactory(user=yp), ChildFactory()
    assert visible(yp) == {own} and other not in visible(yp)


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.DIRECTORY_EDITOR, Role.SYSTEM_ADMIN])
def test_roles_without_casework_see_no_child_even_with_all_scope(role):
    user = UserFactory(role=role, scope=Scope.ALL, is_superuser=role == Role.SYSTEM_ADMIN)
    ChildFactory()
    assert visible(user) == set()


def test_inactive_or_anonymous_users_see_nothing():
    from django.contrib.auth.models import AnonymousUser

    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL, is_active=False)
    ChildFactory()
    assert visible(officer) == set()
    assert visible(AnonymousUser()) == set()
    assert not ChildPolicy.can(AnonymousUser(), "view")


def test_only_casework_roles_may_create_or_change_records():
    child = ChildFactory()
    senco = UserFactory(role=Role.SENCO, setting=SettingFactory())
    EnrolmentFactory(child=child, setting=senco.setting)
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)
    assert ChildPolicy.can(senco, "view", child) and not ChildPolicy.can(senco, "change", child)
    assert ChildPolicy.can(officer, "change", child) and ChildPolicy.can(officer, "create")
    assert not ChildPolicy.can(officer, "archive", child)


def test_a_parent_never_sees_another_carers_details():
    parent = UserFactory(role=Role.PARENT)
    mine = CarerFactory(user=parent)
    link = ChildCarerFactory(carer=mine)
    ChildCarerFactory(child=link.child, carer=CarerFactory())
    assert set(CarerPolicy.visible_to(parent)) == {mine}
