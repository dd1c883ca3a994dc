"""Who may see and change the directory's listings, organisations, proposed changes and content pages
(architecture principle 3: one policy per resource answers both ``visible_to`` and ``can``).

* Directory editors (and system administrators) manage the whole Local Offer: every organisation and
  listing, the queue of providers' changes, and the guide and pathway pages.
* A provider (``Role.DIRECTORY_PROVIDER``) speaks for the organisations whose invitation they accepted
  (a :class:`~wayfinder.directory.models.ProviderInvitation` whose ``invitation.accepted_by`` is them): they
  see those organisations' listings and their own proposals, and nothing else. Another organisation's
  listing is *not found* for them, never *forbidden*.
* Everyone else sees none of this through these policies (the public reads ``selectors.public_services``).

The Local Offer itself is the council's duty to publish (Children and Families Act 2014 s30; SEND
Regulations 2014 reg 53); keeping it accurate is why providers' edits go through an editor.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from wayfinder.accounts.models import Role
from wayfinder.accounts.policies import Policy

from .models import ListingChange, Organisation, Page, ProviderInvitation, Service

EDITOR_ROLES = {Role.DIRECTORY_EDITOR, Role.SYSTEM_ADMIN}
PROVIDER_ROLES = {Role.DIRECTORY_PROVIDER}


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_editor(user) -> bool:
    return _active(user) and user.role in EDITOR_ROLES


def is_provider(user) -> bool:
    return _active(user) and user.role in PROVIDER_ROLES


def provider_organisations(user) -> QuerySet[Organisation]:
    """The organisations a provider account speaks for: those with a live invitation it accepted."""
    if not is_provider(user):
        return Organisation.objects.none()
    memberships = ProviderInvitation.objects.filter(
        organisation_id=OuterRef("pk"), invitation__accepted_by_id=user.pk, archived_on__isnull=True)
    return Organisation.objects.filter(Exists(memberships), archived_on__isnull=True)


class OrganisationPolicy(Policy):
    model = Organisation
    actions = {
        "create": EDITOR_ROLES,
        "change": EDITOR_ROLES,
        "invite_provider": EDITOR_ROLES,
        "propose": PROVIDER_ROLES,  # propose a new listing for this organisation
    }

    @classmethod
    def visible_to(cls, user) -> QuerySet[Organisation]:
        if is_editor(user):
            return Organisation.objects.all()
        if is_provider(user):
            return provider_organisations(user)
        return Organisation.objects.none()


class ServicePolicy(Policy):
    """Listings. Editors change a listing directly (it is published at once); a provider only proposes a
    change, which an editor reviews. Either may confirm that a listing is still correct."""

    model = Service
    actions = {
        "create": EDITOR_ROLES,
        "change": EDITOR_ROLES,
        "archive": EDITOR_ROLES,
        "remind": EDITOR_ROLES,
        "confirm": EDITOR_ROLES | PROVIDER_ROLES,
        "propose": PROVIDER_ROLES,
    }

    @classmethod
    def visible_to(cls, user) -> QuerySet[Service]:
        if is_editor(user):
            return Service.objects.all()
        if is_provider(user):
            return Service.objects.filter(organisation__in=provider_organisations(user), archived_on__isnull=True)
        return Service.objects.none()


class ListingChangePolicy(Policy):
    """Providers' proposed listings. An editor approves or rejects; the provider may withdraw their own
    organisation's pending proposal."""

    model = ListingChange
    actions = {
        "approve": EDITOR_ROLES,
        "reject": EDITOR_ROLES,
        "withdraw": PROVIDER_ROLES,
    }

    @classmethod
    def visible_to(cls, user) -> QuerySet[ListingChange]:
        if is_editor(user):
            return ListingChange.objects.all()
        if is_provider(user):
            return ListingChange.objects.filter(service__in=ServicePolicy.visible_to(user))
        return ListingChange.objects.none()


class PagePolicy(Policy):
    """The guide, pathway and carers' pages as the content editor works on them (drafts included). The
    public reads only published revisions, through the public pages."""

    model = Page
    actions = {"create": EDITOR_ROLES, "change": EDITOR_ROLES, "publish": EDITOR_ROLES}

    @classmethod
    def visible_to(cls, user) -> QuerySet[Page]:
        if is_editor(user):
            return Page.objects.all()
        return Page.objects.none()
