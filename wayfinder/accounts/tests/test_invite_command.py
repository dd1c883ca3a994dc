"""Settings' staff join by invitation: a team manager or administrator invites a SENCO from the
command line and gets a one-time link that opens the account page."""

import re

import pytest
from django.core.management import CommandError, call_command

from wayfinder.accounts.models import Invitation, Role
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.people.tests.factories import SettingFactory

pytestmark = pytest.mark.django_db


def invite(*args):
    from io import StringIO

    out = StringIO()
    call_command("invite", *args, stdout=out)
    return out.getvalue()


def test_a_manager_invites_a_senco_and_the_link_opens_the_account_page(client):
    UserFactory(username="tom", role=Role.TEAM_MANAGER)
    school = SettingFactory(name="Brimington Junior School", urn="112233")

    output = invite("--by", "tom", "--role", "senco", "--setting", "112233", "--email", "Helen@School.example")

    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.setting, invitation.email) == (Role.SENCO, school, "Helen@school.example")
    assert AuditEvent.objects.filter(verb=Verb.INVITED, target_id=str(invitation.pk)).exists()
    path = re.search(r"http://localhost:8000(/account/invitation/\S+)", output).group(1)
    assert client.get(path).status_code == 200


def test_a_setting_role_needs_a_setting_and_nothing_is_created_without_one():
    UserFactory(username="tom", role=Role.TEAM_MANAGER)
    with pytest.raises(CommandError, match="Give --setting"):
        invite("--by", "tom", "--role", "senco", "--email", "helen@school.example")
    with pytest.raises(CommandError, match="No setting has the URN or id"):
        invite("--by", "tom", "--role", "senco", "--setting", "999999", "--email", "helen@school.example")
    assert not Invitation.objects.exists()


def test_someone_who_may_not_invite_is_refused():
    UserFactory(username="priya", role=Role.CASEWORK_OFFICER)
    SettingFactory(urn="112233")
    with pytest.raises(CommandError, match="may not send this invitation"):
        invite("--by", "priya", "--role", "senco", "--setting", "112233", "--email", "helen@school.example")
    assert not Invitation.objects.exists()
