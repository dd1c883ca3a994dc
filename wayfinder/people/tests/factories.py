from datetime import date

import factory

from wayfinder.people.codes import Phase, Relationship, SettingType
from wayfinder.people.models import Carer, Child, ChildCarer, Enrolment, Involvement, Locality, Setting


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"Locality {n}")
    code = factory.Sequence(lambda n: f"locality-{n}")


class SettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Setting

    name = factory.Sequence(lambda n: f"Oakfield Primary School {n}")
    setting_type = SettingType.PRIMARY
    phase = Phase.PRIMARY
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    locality = factory.SubFactory(LocalityFactory)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    legal_forename = factory.Faker("first_name")
    legal_surname = factory.Faker("last_name")
    date_of_birth = date(2016, 5, 17)
    locality = factory.SubFactory(LocalityFactory)


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.given_name.lower()}.{o.family_name.lower()}@example.org")


class ChildCarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildCarer

    child = factory.SubFactory(ChildFactory)
    carer = factory.SubFactory(CarerFactory)
    relationship = Relationship.MOTHER
    parental_responsibility = True


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    child = factory.SubFactory(ChildFactory)
    setting = factory.SubFactory(SettingFactory)
    start_date = date(2021, 9, 1)


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    child = factory.SubFactory(ChildFactory)
    role_description = "Educational psychologist"
    start_date = date(2024, 1, 8)
