import pytest
from rest_framework.test import APIClient

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import TeamFactory, UserFactory
from wayfinder.people.tests.factories import LocalityFactory, SettingFactory

VALID_UPN = "B801200005001"  # check letter from data-standards.md §3.1
VALID_NHS_NUMBER = "9434765870"


@pytest.fixture
def api(sign_in):
    """``api(user)``: a DRF test client signed in as ``user`` (staff with their second factor)."""

    def _client(user=None):
        client = APIClient()
        if user is not None:
            sign_in(client, user)
        return client

    return _client


@pytest.fixture
def officer():
    """A casework officer who sees every child in the area."""
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)


@pytest.fixture
def team_officer():
    """A casework officer with the default scope: their team's caseload."""
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.TEAM, team=TeamFactory())


@pytest.fixture
def school():
    return SettingFactory()


@pytest.fixture
def senco(school):
    return UserFactory(role=Role.SENCO, setting=school)


@pytest.fixture
def new_child():
    """The body of a good POST /children/."""
    return {
        "legal_forename": "Ruby",
        "legal_surname": "Hallam",
        "date_of_birth": "2014-03-09",
        "sex": "F",
        "upn": "b801200005001",
        "nhs_number": "943 476 5870",
        "postcode": "de4 3ag",
        "locality": LocalityFactory().pk,
        "sen_status": "K",
        "primary_need": "SLCN",
    }
