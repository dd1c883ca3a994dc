"""Who sees and changes listings, organisations, proposed changes and pages: ``visible_to`` and ``can``
tested together, so a list never shows what a detail page would refuse."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from wayfinder.accounts.models import Invitation, Role
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.directory.models import ListingChange, Page, PageKind, ProviderInvitation
from wayfinder.directory.policies import (
    ListingChangePolicy,
    OrganisationPolicy,
    PagePolicy,
    ServicePolicy,
    provider_organisations,
)
from wayfinder.directory.tests.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def provider_for(*organisations, accepted: bool = True, **user_fields):
    """A provider account that accepted an invitation for each organisation."""
    user = UserFactory(role=Role.DIRECTORY_PROVIDER, **user_fields)
    for organisation in organisations:
        invitation = Invitation.objects.create(
            email=user.email, role=Role.DIRECTORY_PROVIDER, token_hash=Invitation.hash_token(Invitation.new_token()),
            expires_on=timezone.now() + timedelta(days=14),
            accepted_on=timezone.now() if accepted else None, accepted_by=user if accepted else None)
        ProviderInvitation.objects.create(invitation=invitation, organisation=organisation)
    return user


@pytest.fixture
def world():
    ours, theirs = OrganisationFactory(), OrganisationFactory()
    return {"ours": ours, "theirs": theirs, "our_service": ServiceFactory(organisation=ours),
            "their_service": ServiceFactory(organisation=theirs),
            "unpublished": ServiceFactory(organisation=ours, published=False)}


@pytest.mark.parametrize("role", [Role.DIRECTORY_EDITOR, Role.SYSTEM_ADMIN])
def test_an_editor_sees_and_may_change_every_listing_and_organisation(world, role):
    editor = UserFactory(role=role)
    services = ServicePolicy.visible_to(editor)
    assert set(services) == {world["our_service"], world["their_service"], world["unpublished"]}
    for service in services:
        for action in ("view", "change", "archive", "confirm"):
            assert ServicePolicy.can(editor, action, service)
    assert not ServicePolicy.can(editor, "propose", world["our_service"])  # editors change directly
    assert set(OrganisationPolicy.visible_to(editor)) == {world["ours"], world["theirs"]}
    assert OrganisationPolicy.can(editor, "invite_provider", world["theirs"])


def test_a_provider_sees_only_their_own_organisations_listings(world):
    provider = provider_for(world["ours"])
    assert list(provider_organisations(provider)) == [world["ours"]]
    visible = set(ServicePolicy.visible_to(provider))
    assert visible == {world["our_service"], world["unpublished"]}
    assert ServicePolicy.can(provider, "propose", world["our_service"])
    assert ServicePolicy.can(provider, "confirm", world["our_service"])
    assert not ServicePolicy.can(provider, "view", world["their_service"])
    assert not ServicePolicy.can(provider, "propose", world["their_service"])
    assert not ServicePolicy.can(provider, "change", world["our_service"])  # only through review
    assert not ServicePolicy.can(provider, "archive", world["our_service"])
    with pytest.raises(Http404):
        ServicePolicy.get_or_404(provider, pk=world["their_service"].pk)
    assert set(OrganisationPolicy.visible_to(provider)) == {world["ours"]}
    assert not OrganisationPolicy.can(provider, "invite_provider", world["ours"])


def test_a_provider_sees_only_changes_to_their_own_listings(world):
    provider, other = provider_for(world["ours"]), provider_for(world["theirs"])
    ours = ListingChange.objects.create(service=world["our_service"], data={}, submitted_by=provider)
    theirs = ListingChange.objects.create(service=world["their_service"], data={}, submitted_by=other)
    assert list(ListingChangePolicy.visible_to(provider)) == [ours]
    assert ListingChangePolicy.can(provider, "withdraw", ours)
    assert not ListingChangePolicy.can(provider, "withdraw", theirs)
    assert not ListingChangePolicy.can(provider, "approve", ours)
    editor = UserFactory(role=Role.DIRECTORY_EDITOR)
    assert set(ListingChangePolicy.visible_to(editor)) == {ours, theirs}
    assert ListingChangePolicy.can(editor, "approve", theirs) and ListingChangePolicy.can(editor, "reject", theirs)


def test_an_invitation_not_yet_accepted_or_withdrawn_gives_no_access(world):
    pending = provider_for(world["ours"], accepted=False)
    assert not ServicePolicy.visible_to(pending).exists()
    removed = provider_for(world["ours"])
    ProviderInvitation.objects.filter(invitation__accepted_by=removed).update(archived_on=timezone.now())
    assert not ServicePolicy.visible_to(removed).exists()


def test_an_archived_listing_is_not_visible_to_its_provider(world):
    provider = provider_for(world["ours"])
    world["our_service"].archived_on = timezone.now()
    world["our_service"].save()
    assert world["our_service"] not in ServicePolicy.visible_to(provider)


@pytest.mark.parametrize("role", [Role.CASEWORK_OFFICER, Role.TEAM_MANAGER, Role.PARENT, Role.SENCO,
                                  Role.STRATEGIC_LEAD])
def test_everyone_else_sees_nothing(world, role):
    user = UserFactory(role=role)
    Page.objects.create(slug="a-guide", kind=PageKind.GUIDE)
    assert not ServicePolicy.visible_to(user).exists()
    assert not OrganisationPolicy.visible_to(user).exists()
    assert not ListingChangePolicy.visible_to(user).exists()
    assert not PagePolicy.visible_to(user).exists()
    for action in ("view", "change", "confirm", "propose"):
        assert not ServicePolicy.can(user, action, world["our_service"])


def test_a_provider_of_the_wrong_role_sees_nothing_even_with_a_membership(world):
    # A membership row only counts for a provider account (for example, a staff member who was invited).
    user = provider_for(world["ours"])
    user.role = Role.CASEWORK_OFFICER
    user.save()
    assert not ServicePolicy.visible_to(user).exists()


def test_only_editors_see_and_change_content_pages():
    page = Page.objects.create(slug="what-is-sen-support", kind=PageKind.GUIDE)
    editor, provider = UserFactory(role=Role.DIRECTORY_EDITOR), provider_for()
    assert list(PagePolicy.visible_to(editor)) == [page]
    assert PagePolicy.can(editor, "publish", page)
    assert not PagePolicy.visible_to(provider).exists()
    assert not PagePolicy.can(provider, "change", page)
    assert not PagePolicy.can(UserFactory(role=Role.CASEWORK_OFFICER), "view", page)


def test_a_signed_out_or_inactive_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not ServicePolicy.visible_to(AnonymousUser()).exists()
    editor = UserFactory(role=Role.DIRECTORY_EDITOR, is_active=False)
    assert not ServicePolicy.visible_to(editor).exists()
    assert not ServicePolicy.can(editor, "view", world["our_service"])
