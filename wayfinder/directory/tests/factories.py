"""Factories for the directory's tests. Terms are the built-in ones (created by migration): use ``term()``."""

from datetime import date, time
from decimal import Decimal

import factory

from wayfinder.directory import vocab
from wayfinder.directory.models import (
    Location,
    Organisation,
    PostcodeCentroid,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)


def term(code: str, taxonomy: str | None = None) -> TaxonomyTerm:
    """A built-in term by its code (``"asd"``, ``"carers-support"``…), from any taxonomy unless one is named."""
    if not TaxonomyTerm.objects.exists():  # a transactional test's flush removed what the migration made
        vocab.ensure()
    terms = TaxonomyTerm.objects.filter(code=code)
    if taxonomy:
        terms = terms.filter(taxonomy__code=taxonomy)
    return terms.get()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Peak Family Support {n}")
    description = "A charity supporting disabled children and their families."
    email = factory.Sequence(lambda n: f"hello{n}@example.org")
    website = "https://example.org/"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Matlock Community Centre {n}")
    address_1 = "1 Bank Road"
    city = "Matlock"
    postcode = "DE4 3AG"
    latitude = Decimal("53.138000")
    longitude = Decimal("-1.555000")


class ServiceFactory(factory.django.DjangoModelFactory):
    """A published, running service for ages 0–25 with no terms; pass ``terms=[term("asd"), …]``."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Autism outreach {n}")
    description = "Advice and groups for autistic children and their families."
    email = "service@example.org"
    published = True
    last_confirmed_on = factory.LazyFunction(date.today)

    @factory.post_generation
    def terms(self, create, extracted, **kwargs):
        if create and extracted:
            self.terms.set(extracted)

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):
        if create and extracted:
            self.localities.set(extracted)


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "MO,WE"
    opens_at = time(9, 30)
    closes_at = time(12, 0)
    description = "Monday and Wednesday mornings, 9:30am to 12pm, in term time."


def centroid(code: str, lat: str, lon: str, place: str = "") -> PostcodeCentroid:
    kind = PostcodeCentroid.Kind.UNIT if " " in code else PostcodeCentroid.Kind.DISTRICT
    return PostcodeCentroid.objects.create(code=code, kind=kind, latitude=Decimal(lat), longitude=Decimal(lon),
                                           place=place)


__all__ = ["LocationFactory", "OrganisationFactory", "ScheduleFactory", "ServiceAtLocationFactory",
           "ServiceFactory", "centroid", "make_provider_member", "term", "vocab"]


def make_provider_member(user, organisation: Organisation | None = None) -> Organisation:
    """Make ``user`` (a Local Offer provider account) a member of ``organisation`` as accepting an editor's
    invitation would: an accepted ``accounts.Invitation`` with its ``ProviderInvitation``."""
    from datetime import timedelta

    from django.utils import timezone

    from wayfinder.accounts.models import Invitation, Role
    from wayfinder.directory.models import ProviderInvitation

    organisation = organisation or OrganisationFactory()
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=user.email or f"{user.username}@example.org", role=Role.DIRECTORY_PROVIDER,
        token_hash=Invitation.hash_token(Invitation.new_token()), expires_on=now + timedelta(days=14),
        accepted_on=now, accepted_by=user)
    ProviderInvitation.objects.create(invitation=invitation, organisation=organisation)
    return organisation
