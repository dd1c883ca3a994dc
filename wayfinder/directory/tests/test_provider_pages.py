"""The provider's pages: only their own organisation's listings (another's is 404), proposals that go live
only after an editor's review, the GOV.UK error summary on missing fields, confirming and withdrawing."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from wayfinder.accounts.models import Role
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.core.dates import today
from wayfinder.directory import selectors, services
from wayfinder.directory.models import ChangeStatus, ListingChange, Service
from wayfinder.directory.tests.factories import OrganisationFactory, ServiceFactory, term
from wayfinder.directory.tests.test_policies import provider_for

pytestmark = pytest.mark.django_db

SENT = ("Your changes have been sent for review; the public listing will change when an editor approves them")


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Peak Autism Support")


@pytest.fixture
def provider(organisation):
    return provider_for(organisation, first_name="Pat", last_name="Provider")


@pytest.fixture
def provider_client(client, sign_in, provider):
    return sign_in(client, provider)


@pytest.fixture
def service(organisation):
    return ServiceFactory(organisation=organisation, name="Autism family group", description="Old words",
                          terms=[term("asd")], last_confirmed_on=today() - timedelta(days=170))


def form_data(**overrides) -> dict:
    data = {
        "name": "Autism family group", "description": "New words from the provider.", "status": "active",
        "email": "group@example.org", "minimum_age": "4", "maximum_age": "11", "needs": [str(term("asd").pk)],
        "plan_requirement": "any", "diagnosis_required": "False", "is_free": "True",
    }
    data.update(overrides)
    return data


def test_the_home_page_lists_only_their_organisations_listings(provider_client, service):
    ServiceFactory(name="Someone else's service")
    body = provider_client.get(reverse("provider:home")).content.decode()
    assert "Autism family group" in body and "Someone else" not in body
    assert "Confirm it is still correct" in body
    assert service.confirm_by.strftime("%-d %B %Y") in body
    assert "Due soon" in body  # confirm-by is within 14 days


@pytest.mark.parametrize("role", [Role.DIRECTORY_EDITOR, Role.CASEWORK_OFFICER, Role.PARENT, Role.SENCO])
def test_other_audiences_are_refused_the_providers_pages(client, sign_in, service, role):
    sign_in(client, UserFactory(role=role))
    assert client.get(reverse("provider:home")).status_code == 403
    assert client.get(reverse("provider:service-edit", kwargs={"pk": service.pk})).status_code == 403
    assert client.post(reverse("provider:service-confirm", kwargs={"pk": service.pk})).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("provider:home"))
    assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]


def test_another_organisations_listing_is_not_found(provider_client):
    theirs = ServiceFactory()
    assert provider_client.get(reverse("provider:service-edit", kwargs={"pk": theirs.pk})).status_code == 404
    assert provider_client.post(reverse("provider:service-edit", kwargs={"pk": theirs.pk}),
                                form_data()).status_code == 404
    assert provider_client.post(reverse("provider:service-confirm", kwargs={"pk": theirs.pk})).status_code == 404
    change = ListingChange.objects.create(service=theirs, data={}, submitted_by=UserFactory())
    assert provider_client.post(reverse("provider:change-withdraw", kwargs={"pk": change.pk})).status_code == 404
    assert ListingChange.objects.get(pk=change.pk).status == ChangeStatus.PENDING


def test_a_providers_edit_is_sent_for_review_and_the_public_listing_does_not_change(provider_client, service):
    url = reverse("provider:service-edit", kwargs={"pk": service.pk})
    form = provider_client.get(url).content.decode()
    assert 'value="Autism family group"' in form and 'name="organisation"' not in form
    response = provider_client.post(url, form_data(name="Autism parents' group"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("provider:home")
    body = response.content.decode()
    assert SENT in body.replace("&#x27;", "'")
    assert "Waiting for review" in body
    change = ListingChange.objects.get(service=service)
    assert change.status == ChangeStatus.PENDING and change.data["name"] == "Autism parents' group"
    service.refresh_from_db()
    assert service.name == "Autism family group" and service.description == "Old words"
    assert not selectors.public_services().filter(name="Autism parents' group").exists()
    assert not selectors.public_services().filter(description__contains="New words").exists()
    # Opening the form again shows what is waiting, and sending again replaces it.
    assert "Autism parents&#x27; group" in provider_client.get(url).content.decode()
    provider_client.post(url, form_data(name="Autism parents' club"))
    assert ListingChange.objects.get(service=service).data["name"] == "Autism parents' club"


def test_missing_required_fields_are_refused_with_the_error_summary_and_nothing_is_saved(provider_client, service):
    response = provider_client.post(reverse("provider:service-edit", kwargs={"pk": service.pk}),
                                    form_data(name="", description="", needs=[], email=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body and "There is a problem" in body
    assert 'href="#id_name"' in body and "Enter the name of the service" in body
    assert "Enter at least one way to contact the service" in body
    assert "Select at least one area of need or Local Offer heading" in body
    assert not ListingChange.objects.exists()


def test_a_provider_adds_a_new_listing_that_is_not_public_until_approved(provider_client, organisation):
    response = provider_client.post(reverse("provider:service-new"), form_data(name="Sensory play sessions"))
    assert response.status_code == 302
    shell = Service.objects.get(name="Sensory play sessions")
    assert shell.organisation == organisation and not shell.published
    assert shell not in selectors.public_services()
    home = provider_client.get(reverse("provider:home")).content.decode()
    assert "Sensory play sessions" in home and "Not public yet" in home


def test_a_provider_with_several_organisations_chooses_which_the_new_listing_is_for(client, sign_in, organisation):
    other = OrganisationFactory(name="Dales Sensory Club")
    sign_in(client, provider_for(organisation, other))
    form = client.get(reverse("provider:service-new")).content.decode()
    assert "Dales Sensory Club" in form and 'name="organisation"' in form
    stranger = OrganisationFactory()
    refused = client.post(reverse("provider:service-new"), form_data(organisation=str(stranger.pk)))
    assert refused.status_code == 200 and "Select the organisation that runs the service" in refused.content.decode()
    assert client.post(reverse("provider:service-new"), form_data(organisation=str(other.pk))).status_code == 302
    assert ListingChange.objects.get().service.organisation == other


def test_confirming_a_listing_needs_no_review(provider_client, service):
    url = reverse("provider:service-confirm", kwargs={"pk": service.pk})
    assert provider_client.get(url).status_code == 405
    response = provider_client.post(url, follow=True)
    assert "is confirmed as correct" in response.content.decode()
    service.refresh_from_db()
    assert service.last_confirmed_on == today()
    assert not ListingChange.objects.exists()


def test_withdrawing_a_waiting_change(provider_client, provider, service):
    change = services.change_propose(actor=provider, service=service, data={
        **services.listing_values(service), "name": "Renamed"})
    home = provider_client.get(reverse("provider:home")).content.decode()
    assert "Withdraw the change" in home
    url = reverse("provider:change-withdraw", kwargs={"pk": change.pk})
    assert provider_client.get(url).status_code == 405
    assert provider_client.post(url).status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeStatus.WITHDRAWN


def test_the_provider_sees_why_a_change_was_not_accepted(provider_client, provider, service):
    editor = UserFactory(role=Role.DIRECTORY_EDITOR)
    change = services.change_propose(actor=provider, service=service, data={
        **services.listing_values(service), "name": "Renamed"})
    services.change_reject(actor=editor, change=change, reason="Please keep the name families know")
    home = provider_client.get(reverse("provider:home")).content.decode()
    assert "Not accepted" in home and "Please keep the name families know" in home


def test_a_providers_edit_goes_live_only_after_an_editor_approves_it(provider_client, service, sign_in):
    provider_client.post(reverse("provider:service-edit", kwargs={"pk": service.pk}),
                         form_data(name="Autism parents' group"))
    change = ListingChange.objects.get()
    assert selectors.public_services().get(pk=service.pk).name == "Autism family group"
    editor_client = sign_in(Client(), UserFactory(role=Role.DIRECTORY_EDITOR))
    editor_client.post(reverse("staff:directory-change", kwargs={"pk": change.pk}), {"action": "approve"})
    published = selectors.public_services().get(pk=service.pk)
    assert published.name == "Autism parents' group" and published.description == "New words from the provider."
    home = provider_client.get(reverse("provider:home")).content.decode()
    assert "None waiting" in home
