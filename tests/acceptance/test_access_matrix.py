"""Every role against every resource of the foundation, as pages and through the API.

One world: a 17-year-old young person ("known") in locality A who makes their own decisions and has
agreed their mother may see their record, linked to every kind of relationship (caseworker, on roll
at a school and an early years setting, professionals involved, mother with parental
responsibility, their own account); and a child ("stranger") in locality B with no relationship to
anyone. A role sees "known" exactly when the policy says so, and never sees "stranger". A record
you may not see is 404 — the same answer as a record that does not exist (architecture principle 3).
"""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope, TeamKind
from wayfinder.accounts.tests.factories import TeamFactory, UserFactory
from wayfinder.core.dates import today
from wayfinder.people.codes import Relationship, SettingType
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

# Which roles see the known child, and why.
SEES_KNOWN = {
    Role.CASEWORK_OFFICER: True,  # their own caseload (team scope)
    Role.TEAM_MANAGER: True,  # manages locality A
    Role.PANEL_MEMBER: True,  # involved as a panel member
    Role.EDUCATIONAL_PSYCHOLOGIST: True,  # involved personally
    Role.HEALTH_PROFESSIONAL: True,  # their team is involved
    Role.SOCIAL_CARE: True,  # involved personally
    Role.SENCO: True,  # pupil on roll
    Role.EARLY_YEARS: True,  # on the roll of their provider
    Role.PARENT: True,  # parental responsibility, and the young person consents
    Role.YOUNG_PERSON: True,  # their own record
    Role.STRATEGIC_LEAD: False,  # aggregates only, never individual records
    Role.DIRECTORY_EDITOR: False,
    Role.DIRECTORY_PROVIDER: False,  # an organisation in the Local Offer: its own listings, never children
    Role.SYSTEM_ADMIN: False,  # runs the system; no casework access
}
# Who may read a child's chronology (the audit trail rendered for people).
SEES_CHRONOLOGY = {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER, Role.PANEL_MEMBER}
AUDIENCE_PAGE = {
    "staff": ("staff:child-search", "staff:child-detail"),
    "setting": ("setting:home", "setting:child-detail"),
    "family": ("family:home", "family:child-detail"),
    "provider": ("provider:home", None),  # no pages about children at all
}


@pytest.fixture
def world():
    area_a, area_b = LocalityFactory(name="Chesterfield"), LocalityFactory(name="Erewash")
    casework_team = TeamFactory(name="SEN casework – Chesterfield", kind=TeamKind.SEN_CASEWORK, locality=area_a)
    health_team = TeamFactory(name="Speech and language therapy", kind=TeamKind.HEALTH)
    school = SettingFactory(name="Brimington Junior School", locality=area_a)
    nursery = SettingFactory(name="Little Acorns Nursery", setting_type=SettingType.EARLY_YEARS, urn="")

    users = {
        Role.CASEWORK_OFFICER: UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.TEAM, team=casework_team),
        Role.TEAM_MANAGER: UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[area_a]),
        Role.PANEL_MEMBER: UserFactory(role=Role.PANEL_MEMBER, scope=Scope.NONE),
        Role.EDUCATIONAL_PSYCHOLOGIST: UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST),
        Role.HEALTH_PROFESSIONAL: UserFactory(role=Role.HEALTH_PROFESSIONAL, team=health_team),
        Role.SOCIAL_CARE: UserFactory(role=Role.SOCIAL_CARE),
        Role.SENCO: UserFactory(role=Role.SENCO, setting=school),
        Role.EARLY_YEARS: UserFactory(role=Role.EARLY_YEARS, setting=nursery),
        Role.PARENT: UserFactory(role=Role.PARENT),
        Role.YOUNG_PERSON: UserFactory(role=Role.YOUNG_PERSON),
        Role.STRATEGIC_LEAD: UserFactory(role=Role.STRATEGIC_LEAD, scope=Scope.ALL),
        Role.DIRECTORY_EDITOR: UserFactory(role=Role.DIRECTORY_EDITOR),
        Role.DIRECTORY_PROVIDER: UserFactory(role=Role.DIRECTORY_PROVIDER),
        Role.SYSTEM_ADMIN: UserFactory(role=Role.SYSTEM_ADMIN, is_staff=True),
    }
    assert set(users) == set(Role), "every role must be in the matrix"

    known = ChildFactory(
        legal_forename="Alex", legal_surname="Marsden", locality=area_a,
        date_of_birth=today() - relativedelta(years=17, days=3),
        caseworker=users[Role.CASEWORK_OFFICER], user=users[Role.YOUNG_PERSON],
    )
    stranger = ChildFactory(legal_forename="Sam", legal_surname="Marsh", locality=area_b,
                            date_of_birth=date(2015, 2, 1))
    EnrolmentFactory(child=known, setting=school)
    EnrolmentFactory(child=known, setting=nursery)
    EnrolmentFactory(child=stranger, setting=SettingFactory(locality=area_b))
    for kwargs in [
        {"user": users[Role.PANEL_MEMBER], "role_description": "Panel member"},
        {"user": users[Role.EDUCATIONAL_PSYCHOLOGIST]},
        {"team": health_team, "role_description": "Speech and language therapy"},
        {"user": users[Role.SOCIAL_CARE], "role_description": "Social worker"},
    ]:
        InvolvementFactory(child=known, **kwargs)
    mother = CarerFactory(user=users[Role.PARENT])
    father = CarerFactory(given_name="Lee", family_name="Marsden")
    ChildCarerFactory(child=known, carer=mother, young_person_consents=True)
    ChildCarerFactory(child=known, carer=father, relationship=Relationship.FATHER)
    stranger_carer = CarerFactory()
    ChildCarerFactory(child=stranger, carer=stranger_carer)
    return {"users": users, "known": known, "stranger": stranger, "mother": mother, "father": father,
            "stranger_carer": stranger_carer, "school": school}


def _results(response):
    body = response.json()
    return [row["id"] for row in body["results"]] if isinstance(body, dict) and "results" in body else [
        row["id"] for row in body
    ]


@pytest.mark.parametrize("role", list(Role))
def test_child_list_and_detail_through_the_api_follow_the_policy(role, world, client, sign_in):
    sign_in(client, world["users"][role])
    known, stranger = world["known"], world["stranger"]

    listed = _results(client.get(reverse("api:v1:child-list")))
    assert (known.pk in listed) is SEES_KNOWN[role]
    assert stranger.pk not in listed

    detail = client.get(reverse("api:v1:child-detail", kwargs={"pk": known.pk}))
    assert detail.status_code == (200 if SEES_KNOWN[role] else 404)
    assert client.get(reverse("api:v1:child-detail", kwargs={"pk": stranger.pk})).status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_child_pages_follow_the_policy_in_each_audience(role, world, client, sign_in):
    user = world["users"][role]
    sign_in(client, user)
    known, stranger = world["known"], world["stranger"]
    list_name, detail_name = AUDIENCE_PAGE[user.audience]

    listing = client.get(reverse(list_name), {"q": "Mars"})
    if SEES_KNOWN[role]:
        assert listing.status_code == 200
        assert "Marsden" in listing.content.decode()
    else:
        assert listing.status_code in (200, 403)
        assert "Marsden" not in listing.content.decode()
    assert "Sam Marsh" not in listing.content.decode()

    if detail_name:
        page = client.get(reverse(detail_name, kwargs={"pk": known.pk}))
        assert page.status_code == (200 if SEES_KNOWN[role] else 404)
        if SEES_KNOWN[role]:
            assert "Marsden" in page.content.decode()
        assert client.get(reverse(detail_name, kwargs={"pk": stranger.pk})).status_code == 404

    # Other audiences' pages never show the record.
    for audience, (_, other_detail) in AUDIENCE_PAGE.items():
        if audience != user.audience and other_detail:
            assert client.get(reverse(other_detail, kwargs={"pk": known.pk})).status_code in (403, 404)


@pytest.mark.parametrize("role", list(Role))
def test_chronology_is_readable_only_by_casework_roles_within_their_scope(role, world, client, sign_in):
    sign_in(client, world["users"][role])
    known, stranger = world["known"], world["stranger"]
    expected = 200 if role in SEES_CHRONOLOGY else 404

    assert client.get(reverse("api:v1:child-chronology", kwargs={"pk": known.pk})).status_code == expected
    assert client.get(reverse("api:v1:child-chronology", kwargs={"pk": stranger.pk})).status_code == 404
    page = client.get(reverse("staff:child-chronology", kwargs={"pk": known.pk}))
    assert page.status_code == (200 if role in SEES_CHRONOLOGY else page.status_code)
    if role not in SEES_CHRONOLOGY:
        assert page.status_code in (403, 404)


@pytest.mark.parametrize("role", list(Role))
def test_carers_are_visible_with_their_child_but_a_parent_sees_only_themselves(role, world, client, sign_in):
    sign_in(client, world["users"][role])
    listed = _results(client.get(reverse("api:v1:carer-list")))

    def status(carer):
        return client.get(reverse("api:v1:carer-detail", kwargs={"pk": carer.pk})).status_code

    if role == Role.PARENT:
        assert listed == [world["mother"].pk]
        assert status(world["mother"]) == 200
        assert status(world["father"]) == 404
    else:
        sees = SEES_KNOWN[role]
        assert (world["mother"].pk in listed) is sees
        assert (world["father"].pk in listed) is sees
        assert status(world["father"]) == (200 if sees else 404)
    assert world["stranger_carer"].pk not in listed
    assert status(world["stranger_carer"]) == 404


@pytest.mark.parametrize("role", list(Role))
def test_every_signed_in_role_can_read_the_settings_directory(role, world, client, sign_in):
    sign_in(client, world["users"][role])
    listed = _results(client.get(reverse("api:v1:setting-list"), {"q": "Brimington"}))
    assert world["school"].pk in listed
    assert client.get(reverse("api:v1:setting-detail", kwargs={"pk": world["school"].pk})).status_code == 200


def test_signed_out_visitors_see_no_records(world, client):
    assert client.get(reverse("api:v1:child-list")).status_code in (401, 403)
    assert client.get(reverse("api:v1:setting-list")).status_code in (401, 403)
    page = client.get(reverse("staff:child-detail", kwargs={"pk": world["known"].pk}))
    assert page.status_code == 302 and reverse("accounts:sign-in") in page["Location"]


# Who may invite a family member or the young person to make an account (ChildPolicy "change").
INVITES = {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER}


@pytest.mark.parametrize("role", list(Role))
def test_only_caseworkers_who_see_the_child_can_invite_their_family(role, world, client, sign_in):
    from wayfinder.accounts.models import Invitation

    user = world["users"][role]
    sign_in(client, user)
    known, stranger, father = world["known"], world["stranger"], world["father"]
    page = client.get(reverse("staff:child-invite", kwargs={"pk": known.pk}))
    post = client.post(reverse("staff:child-invite", kwargs={"pk": known.pk}),
                       {"who": f"carer-{father.pk}", "email": "lee@example.org"})
    if role in INVITES:
        assert page.status_code == 200 and "Lee Marsden (father)" in page.content.decode()
        assert "Invitation created" in post.content.decode()
        assert Invitation.objects.filter(carer=father, role=Role.PARENT).count() == 1
    else:
        # Another audience: 403; staff who see the child but may not change it: 403; staff who do not
        # see the child at all: 404, as if it did not exist.
        expected = 404 if user.audience == "staff" and not SEES_KNOWN[role] else 403
        assert page.status_code == expected
        assert post.status_code == expected
        assert not Invitation.objects.exists()
    stranger_page = client.get(reverse("staff:child-invite", kwargs={"pk": stranger.pk}))
    assert stranger_page.status_code == (404 if user.audience == "staff" else 403)
