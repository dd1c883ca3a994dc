"""The directory's services: editors' listings, providers' proposals and their review (nothing a provider
submits is public before review), confirmation and reminders, provider invitations and content pages."""

from datetime import date, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from wayfinder.accounts.models import Role
from wayfinder.accounts.services import invitation_accept
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.core.dates import today
from wayfinder.directory import selectors, services
from wayfinder.directory.models import (
    ChangeStatus,
    ListingChange,
    Page,
    PageKind,
    ProviderInvitation,
    ReconfirmReminder,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from wayfinder.directory.policies import ServicePolicy
from wayfinder.directory.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    centroid,
    term,
)
from wayfinder.directory.tests.test_policies import provider_for
from wayfinder.people.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(role=Role.DIRECTORY_EDITOR)


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Peak Autism Support")


@pytest.fixture
def provider(organisation):
    return provider_for(organisation, email="provider@example.org")


def listing(org, /, **overrides) -> dict:
    """A valid listing in the form's shape."""
    data = {
        "name": "Autism family group", "description": "A monthly group for parents of autistic children.",
        "organisation": str(org.pk), "email": "group@example.org", "status": "active",
        "is_free": True, "minimum_age": 4, "maximum_age": 11, "plan_requirement": "any",
        "diagnosis_required": False, "needs": [str(term("asd").pk)], "headings": [str(term("social-care").pk)],
        "access_routes": ["self_referral"], "languages": ["en"],
    }
    data.update(overrides)
    return data


def events(service, verb):
    return AuditEvent.objects.filter(target_type="directory.service", target_id=str(service.pk), verb=verb)


# ----------------------------------------------------------------------------------------- checking listings


def test_a_listing_without_its_required_fields_is_refused_with_a_message_for_each(organisation):
    with pytest.raises(ValidationError) as caught:
        services.listing_clean({"organisation": str(organisation.pk), "minimum_age": 12, "maximum_age": 5})
    errors = caught.value.message_dict
    assert errors["name"] == ["Enter the name of the service"]
    assert errors["description"][0].startswith("Enter a description")
    assert errors["needs"] == ["Select at least one area of need or Local Offer heading, so families can find it"]
    assert errors["email"][0].startswith("Enter at least one way to contact the service")
    assert errors["maximum_age"] == ["The oldest age must be the same as or more than the youngest age"]


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"minimum_age": 26}, "minimum_age", "The youngest age must be between 0 and 25"),
    ({"minimum_age": "five"}, "minimum_age", "Enter the youngest age as a whole number of years, like 5"),
    ({"location_name": "Hall", "location_postcode": "DE4 3ZZZ"}, "location_postcode", "Enter a real postcode"),
    ({"location_postcode": "DE4 3AG"}, "location_name", "Enter the name of the place"),
    ({"needs": ["not-a-term"]}, "needs", "Select areas of need from the list"),
    ({"schedule_days": ["MO"], "schedule_opens_at": "half nine"}, "schedule_opens_at", "Enter the opening time"),
    ({"schedule_days": ["MO"], "schedule_opens_at": "14:00", "schedule_closes_at": "9am"}, "schedule_closes_at",
     "The closing time must be after the opening time"),
    ({"schedule_opens_at": "9:30"}, "schedule_days", "Select the days it runs"),
    ({"is_free": False, "fees": ""}, "fees", "Enter what it costs"),
    ({"email": "not an email"}, "email", "Enter an email address in the correct format"),
    ({"organisation": ""}, "organisation", "Select the organisation"),
    ({"location_accessibility": ["teleporter"]}, "location_accessibility", "Select the accessibility"),
])
def test_bad_listing_values_get_a_plain_english_message_against_their_field(organisation, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        services.listing_clean(listing(organisation, **overrides))
    assert caught.value.message_dict[field][0].startswith(message), caught.value.message_dict


def test_a_term_from_the_wrong_taxonomy_is_refused(organisation):
    with pytest.raises(ValidationError) as caught:
        services.listing_clean(listing(organisation, needs=[str(term("universal").pk)]))
    assert "needs" in caught.value.message_dict


def test_a_listing_is_tidied_times_postcodes_and_web_addresses(organisation):
    values = services.listing_clean(listing(organisation, url="www.example.org", location_name="Library",
                                            location_postcode="de43ag", schedule_days=["WE", "MO"],
                                            schedule_opens_at="9:30am", schedule_closes_at="2pm"))
    assert values["url"] == "https://www.example.org"
    assert values["location_postcode"] == "DE4 3AG"
    assert values["schedule_days"] == ["MO", "WE"]
    assert (values["schedule_opens_at"], values["schedule_closes_at"]) == ("09:30", "14:00")


# --------------------------------------------------------------------------------------------- editors


def test_an_editors_new_listing_is_published_at_once_with_its_place_and_times(editor, organisation):
    centroid("DE4", "53.1380", "-1.5550", "Matlock")
    locality = LocalityFactory(code="matlock", postcode_districts=["DE4"])
    service = services.service_create(actor=editor, data=listing(
        organisation, localities=["matlock"], location_name="Matlock Library", location_address_1="Steep Turnpike",
        location_city="Matlock", location_postcode="DE4 3AG", location_accessibility=["step_free", "hearing_loop"],
        schedule_days=["TU"], schedule_opens_at="10:00", schedule_closes_at="12:00"))
    assert service in selectors.public_services()
    assert service.last_confirmed_on == today()
    assert service.confirm_every_days == settings.WAYFINDER_LISTING_CONFIRM_DAYS
    assert set(service.terms.values_list("code", flat=True)) == {"asd", "social-care"}
    assert list(service.localities.all()) == [locality]
    location = services.main_location_link(service).location
    # DE4 3AG is not loaded as a full postcode, so the district's centroid is used.
    assert (location.latitude, location.longitude) == (Decimal("53.138000"), Decimal("-1.555000"))
    assert location.locality == locality and location.accessibility == ["hearing_loop", "step_free"]
    schedule = services.main_schedule(service)
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == ("TU", time(10), time(12))
    assert events(service, Verb.CREATED).count() == 1


def test_a_place_whose_postcode_we_cannot_locate_has_no_position(editor, organisation):
    service = services.service_create(actor=editor, data=listing(organisation, location_name="Hall",
                                                                 location_postcode="S40 1AA"))
    location = services.main_location_link(service).location
    assert location.postcode == "S40 1AA" and location.latitude is None and location.longitude is None


def test_an_editors_change_is_public_at_once_and_audited_with_what_changed(editor, organisation):
    imported = Taxonomy.objects.create(code="nhs-services", name="NHS service types", description="Imported")
    other_vocabulary = TaxonomyTerm.objects.create(taxonomy=imported, code="sleep", name="Sleep clinic",
                                                   description="Imported term")
    service = services.service_create(actor=editor, data=listing(organisation))
    service.terms.add(other_vocabulary)
    service.last_confirmed_on = today() - timedelta(days=300)
    service.save()
    services.service_update(actor=editor, service=service, data=listing(organisation, name="Autism parents' group"))
    service.refresh_from_db()
    assert selectors.public_services().get(pk=service.pk).name == "Autism parents' group"
    assert service.last_confirmed_on == today()
    assert other_vocabulary in service.terms.all()  # terms from imported vocabularies are kept
    assert term("asd") in service.terms.all()
    event = events(service, Verb.UPDATED).get()
    assert event.payload["changes"]["name"] == {"from": "Autism family group", "to": "Autism parents' group"}


def test_bad_input_from_an_editor_changes_nothing(editor, organisation):
    service = services.service_create(actor=editor, data=listing(organisation))
    with pytest.raises(ValidationError):
        services.service_update(actor=editor, service=service, data=listing(organisation, name="", email=""))
    service.refresh_from_db()
    assert service.name == "Autism family group" and service.email == "group@example.org"
    assert not events(service, Verb.UPDATED).exists()


def test_only_editors_may_create_or_change_listings_directly(provider, organisation):
    with pytest.raises(PermissionDenied):
        services.service_create(actor=provider, data=listing(organisation))
    service = ServiceFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.service_update(actor=provider, service=service, data=listing(organisation))


def test_a_shared_place_is_copied_rather_than_changed_under_another_listing(editor, organisation):
    place = LocationFactory(name="Community Centre")
    mine, theirs = ServiceFactory(organisation=organisation), ServiceFactory()
    ServiceAtLocationFactory(service=mine, location=place)
    ServiceAtLocationFactory(service=theirs, location=place)
    services.service_update(actor=editor, service=mine, data=listing(organisation, location_name="Town Hall"))
    place.refresh_from_db()
    assert place.name == "Community Centre"
    assert services.main_location_link(mine).location.name == "Town Hall"


def test_archiving_needs_a_reason_and_closes_a_waiting_change(editor, provider, organisation):
    service = ServiceFactory(organisation=organisation)
    change = services.change_propose(actor=provider, service=service, data=listing(organisation))
    with pytest.raises(ValidationError) as caught:
        services.service_archive(actor=editor, service=service, reason=" ")
    assert "reason" in caught.value.message_dict
    services.service_archive(actor=editor, service=service, reason="The group has closed")
    service.refresh_from_db()
    assert service.is_archived and service not in selectors.public_services()
    assert Service.objects.filter(pk=service.pk).exists()  # archived, never deleted
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED and "The group has closed" in change.reason


# ----------------------------------------------------------------------------------- providers' proposals


def test_a_providers_change_is_not_public_until_an_editor_approves_it(editor, provider, organisation):
    service = ServiceFactory(organisation=organisation, name="Autism family group", description="Old words",
                             last_confirmed_on=today() - timedelta(days=100))
    change = services.change_propose(actor=provider, service=service, data=listing(
        organisation, description="New words from the provider"))
    assert change.status == ChangeStatus.PENDING and not change.is_new
    assert change.base["description"] == "Old words"
    assert not selectors.public_services().filter(description__contains="New words").exists()
    service.refresh_from_db()
    assert service.description == "Old words" and service.last_confirmed_on == today() - timedelta(days=100)
    assert events(service, Verb.SUBMITTED).count() == 1

    services.change_approve(actor=editor, change=change)
    published = selectors.public_services().get(pk=service.pk)
    assert published.description == "New words from the provider"
    assert published.last_confirmed_on == today()
    assert set(published.terms.values_list("code", flat=True)) == {"asd", "social-care"}
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (ChangeStatus.APPROVED, editor)
    assert events(service, Verb.APPROVED).count() == 1


def test_a_providers_new_listing_is_an_unpublished_shell_until_approved(editor, provider, organisation):
    change = services.change_propose(actor=provider, organisation=organisation, data=listing(
        organisation, name="Sensory play sessions"))
    shell = change.service
    assert change.is_new and change.base == {}
    assert (shell.organisation, shell.published, shell.name) == (organisation, False, "Sensory play sessions")
    assert shell not in selectors.public_services()
    assert not shell.terms.exists()  # nothing of the proposal is applied before review
    services.change_approve(actor=editor, change=change)
    shell.refresh_from_db()
    assert shell in selectors.public_services() and shell.email == "group@example.org"


def test_a_second_proposal_replaces_the_one_waiting(provider, organisation):
    service = ServiceFactory(organisation=organisation)
    first = services.change_propose(actor=provider, service=service, data=listing(organisation, name="First"))
    second = services.change_propose(actor=provider, service=service, data=listing(organisation, name="Second"))
    assert first.pk == second.pk
    assert ListingChange.objects.filter(service=service, status=ChangeStatus.PENDING).count() == 1
    assert ListingChange.objects.get(pk=first.pk).data["name"] == "Second"


def test_a_proposal_that_changes_nothing_is_refused(editor, provider, organisation):
    service = services.service_create(actor=editor, data=listing(organisation))
    with pytest.raises(ValidationError) as caught:
        services.change_propose(actor=provider, service=service, data=listing(organisation))
    assert "You have not changed anything" in caught.value.messages[0]
    assert not ListingChange.objects.exists()


def test_a_provider_cannot_propose_for_another_organisation(provider):
    other = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.change_propose(actor=provider, service=ServiceFactory(organisation=other), data=listing(other))
    with pytest.raises(PermissionDenied):
        services.change_propose(actor=provider, organisation=other, data=listing(other))
    assert not ListingChange.objects.exists()


def test_a_provider_cannot_move_a_listing_to_another_organisation(provider, organisation):
    service = ServiceFactory(organisation=organisation)
    other = OrganisationFactory()
    change = services.change_propose(actor=provider, service=service,
                                     data=listing(other, name="Renamed"))  # organisation in the data is ignored
    assert change.data["organisation"] == str(organisation.pk)


def test_a_provider_proposal_with_missing_fields_is_refused_and_nothing_is_stored(provider, organisation):
    service = ServiceFactory(organisation=organisation)
    with pytest.raises(ValidationError) as caught:
        services.change_propose(actor=provider, service=service, data=listing(organisation, name="", needs=[],
                                                                              headings=[]))
    assert {"name", "needs"} <= set(caught.value.message_dict)
    assert not ListingChange.objects.exists()
    with pytest.raises(ValidationError):
        services.change_propose(actor=provider, organisation=organisation, data=listing(organisation, name=""))
    assert Service.objects.filter(organisation=organisation).count() == 1  # no shell was left behind


def test_rejecting_needs_a_reason_and_leaves_the_public_listing_as_it_was(editor, provider, organisation):
    service = ServiceFactory(organisation=organisation, name="Autism family group")
    change = services.change_propose(actor=provider, service=service, data=listing(organisation, name="Renamed"))
    with pytest.raises(ValidationError) as caught:
        services.change_reject(actor=editor, change=change, reason="")
    assert caught.value.message_dict["reason"][0].startswith("Enter why")
    services.change_reject(actor=editor, change=change, reason="Please keep the name families know")
    change.refresh_from_db()
    assert (change.status, change.reason) == (ChangeStatus.REJECTED, "Please keep the name families know")
    assert selectors.public_services().get(pk=service.pk).name == "Autism family group"
    with pytest.raises(ValidationError):
        services.change_approve(actor=editor, change=change)  # already decided
    assert events(service, Verb.REJECTED).count() == 1


def test_only_editors_approve_or_reject(provider, organisation):
    change = services.change_propose(actor=provider, service=ServiceFactory(organisation=organisation),
                                     data=listing(organisation))
    with pytest.raises(PermissionDenied):
        services.change_approve(actor=provider, change=change)
    with pytest.raises(PermissionDenied):
        services.change_reject(actor=UserFactory(role=Role.CASEWORK_OFFICER), change=change, reason="No")


def test_a_provider_withdraws_a_waiting_proposal_and_a_new_listings_shell_is_archived(provider, organisation):
    change = services.change_propose(actor=provider, organisation=organisation, data=listing(organisation))
    services.change_withdraw(actor=provider, change=change)
    change.refresh_from_db()
    change.service.refresh_from_db()
    assert change.status == ChangeStatus.WITHDRAWN
    assert change.service.is_archived
    other_provider = provider_for(OrganisationFactory())
    existing = services.change_propose(actor=provider, service=ServiceFactory(organisation=organisation),
                                       data=listing(organisation))
    with pytest.raises(PermissionDenied):
        services.change_withdraw(actor=other_provider, change=existing)


# --------------------------------------------------------------------------------- confirmation and reminders


def test_confirming_a_listing_updates_only_its_confirmed_date(provider, organisation):
    service = ServiceFactory(organisation=organisation, last_confirmed_on=today() - timedelta(days=200))
    services.service_confirm(actor=provider, service=service)
    service.refresh_from_db()
    assert service.last_confirmed_on == today() and not service.is_stale()
    assert not ListingChange.objects.exists()  # nothing to review
    event = events(service, Verb.CONFIRMED).get()
    assert event.payload["last_confirmed_on"]["from"] == str(today() - timedelta(days=200))


def test_a_provider_cannot_confirm_another_organisations_listing(provider):
    with pytest.raises(PermissionDenied):
        services.service_confirm(actor=provider, service=ServiceFactory())


def due_on(on: date, days_until_confirm_by: int, **fields) -> Service:
    """A published listing whose confirm-by date is ``days_until_confirm_by`` days after ``on``."""
    return ServiceFactory(confirm_every_days=182,
                          last_confirmed_on=on - timedelta(days=182 - days_until_confirm_by), **fields)


def test_reminders_go_only_for_listings_due_or_overdue(organisation, provider):
    on = date(2025, 9, 1)
    overdue = due_on(on, -30, organisation=organisation, name="Overdue group")
    soon = due_on(on, 10, organisation=organisation, name="Due soon group")
    later = due_on(on, 40, organisation=organisation, name="Fine for now")
    due_on(on, -5, organisation=organisation, published=False, name="Not public")
    counts = services.reminders_send(on=on)
    assert counts["due"] == 2 and counts["reminded"] == 2 and counts["emails"] == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["provider@example.org"]
    assert "Overdue group" in message.body and "Due soon group" in message.body
    assert "Fine for now" not in message.body and "Not public" not in message.body
    assert f"last confirmed {overdue.last_confirmed_on.day} {overdue.last_confirmed_on:%B %Y}" in message.body
    assert reverse("provider:home") in message.body
    assert set(ReconfirmReminder.objects.values_list("service_id", flat=True)) == {overdue.pk, soon.pk}
    assert not ReconfirmReminder.objects.filter(service=later).exists()
    assert events(overdue, Verb.REMINDED).count() == 1


def test_a_listing_is_not_reminded_twice_within_14_days(organisation, provider):
    on = date(2025, 9, 1)
    due_on(on, -1, organisation=organisation)
    services.reminders_send(on=on)
    again = services.reminders_send(on=on + timedelta(days=13))
    assert again["reminded"] == 0 and again["recently_reminded"] == 1
    assert len(mail.outbox) == 1
    later = services.reminders_send(on=on + timedelta(days=14))
    assert later["reminded"] == 1 and len(mail.outbox) == 2


def test_without_provider_accounts_the_reminder_goes_to_the_listings_email():
    on = date(2025, 9, 1)
    due_on(on, 0, email="listing@example.org")
    due_on(on, 0, email="", organisation=OrganisationFactory(email="org@example.org"))
    due_on(on, 0, email="", organisation=OrganisationFactory(email=""), name="Nobody to ask")
    counts = services.reminders_send(on=on, base_url="https://localoffer.example.gov.uk/")
    assert sorted(m.to[0] for m in mail.outbox) == ["listing@example.org", "org@example.org"]
    assert counts["no_address"] == 1
    assert "https://localoffer.example.gov.uk/provider/" in mail.outbox[0].body


def test_the_reconfirm_command_sends_reminders_and_prints_a_report(organisation, provider):
    on = date(2025, 9, 1)
    due_on(on, -3, organisation=organisation)
    out = StringIO()
    call_command("directory_reconfirm", "--on", "2025-09-01", stdout=out)
    assert "Reminded: 1 listing in 1 email" in out.getvalue()
    assert len(mail.outbox) == 1
    out = StringIO()
    call_command("directory_reconfirm", "--on", "2025-09-02", stdout=out)
    assert "Skipped, reminded in the last 14 days: 1" in out.getvalue()
    assert len(mail.outbox) == 1


# -------------------------------------------------------------------------------------- provider invitations


def test_inviting_a_provider_links_their_new_account_to_the_organisation(editor, organisation,
                                                                         django_capture_on_commit_callbacks):
    service = ServiceFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        token = services.provider_invite(actor=editor, organisation=organisation, email="new@example.org",
                                         base_url="https://localoffer.example.gov.uk")
    membership = ProviderInvitation.objects.get(organisation=organisation)
    assert membership.invitation.role == Role.DIRECTORY_PROVIDER
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]
    assert f"https://localoffer.example.gov.uk/account/invitation/{token}/" in mail.outbox[0].body
    user = invitation_accept(invitation=membership.invitation, username="newprovider",
                             password="kettle orchard lantern")
    assert user.role == Role.DIRECTORY_PROVIDER
    assert list(ServicePolicy.visible_to(user)) == [service]


def test_only_editors_invite_providers_and_a_bad_address_is_refused(editor, provider, organisation):
    with pytest.raises(PermissionDenied):
        services.provider_invite(actor=provider, organisation=organisation, email="x@example.org")
    with pytest.raises(ValidationError) as caught:
        services.provider_invite(actor=editor, organisation=organisation, email="not-an-address")
    assert "email" in caught.value.message_dict
    assert ProviderInvitation.objects.filter(organisation=organisation).count() == 1  # only the fixture's


# -------------------------------------------------------------------------------------------- content pages


def pathway_steps(**titles) -> list[dict]:
    return [{"level": level, "title": titles.get(level, f"{level.title()} help"), "body": f"About {level}.",
             "next": "How to move on."} for level in services.PATHWAY_LEVELS]


def test_a_pathway_needs_its_three_steps_with_titles(editor):
    with pytest.raises(ValidationError) as caught:
        services.page_create(actor=editor, slug="autism", kind=PageKind.PATHWAY, need=term("communication-interaction"),
                             title="Autism pathway", summary="Support for autistic children.",
                             steps=pathway_steps(targeted=""))
    assert caught.value.message_dict == {"targeted_title": ["Enter a title for the targeted support step"]}
    with pytest.raises(ValidationError) as caught:
        services.page_create(actor=editor, slug="autism", kind=PageKind.PATHWAY, need=term("asd"),
                             title="Autism pathway", summary="Support.", steps=pathway_steps())
    assert "need" in caught.value.message_dict  # a broad area, not a SEN type
    assert not Page.objects.exists()


def test_page_revisions_are_append_only_drafts_until_published(editor):
    page = services.page_create(actor=editor, slug="what-is-sen-support", kind=PageKind.GUIDE,
                                title="What SEN support is", summary="Help at school without an EHC plan.",
                                body="Schools must use their best endeavours.")
    first = page.latest_revision()
    assert page.published_revision() is None
    same = services.page_revision_save(actor=editor, page=page, title="What SEN support is",
                                       summary="Help at school without an EHC plan.",
                                       body="Schools must use their best endeavours.")
    assert same.pk == first.pk  # the same words again are not a new version
    services.page_publish(actor=editor, revision=first)
    second = services.page_revision_save(actor=editor, page=page, title="What SEN support is",
                                         summary="Help at school without an EHC plan.", body="New words.")
    assert second.pk != first.pk and page.revisions.count() == 2
    first.refresh_from_db()
    assert first.body == "Schools must use their best endeavours."  # older versions are kept as they were
    assert page.published_revision() == first  # the draft is not public
    services.page_publish(actor=editor, revision=second)
    second.refresh_from_db()
    assert page.published_revision() == second and second.published_by == editor
    with pytest.raises(ValidationError):
        services.page_publish(actor=editor, revision=second)
    page_events = AuditEvent.objects.filter(target_type="directory.page", target_id=str(page.pk))
    assert page_events.filter(verb=Verb.PUBLISHED).count() == 2


def test_a_guide_needs_a_title_summary_and_words_and_a_free_short_name(editor):
    with pytest.raises(ValidationError) as caught:
        services.page_create(actor=editor, slug="Not a slug!", kind=PageKind.GUIDE, title="", summary="")
    assert {"slug", "title", "summary", "body"} <= set(caught.value.message_dict)
    services.page_create(actor=editor, slug="rights", kind=PageKind.GUIDE, title="Your rights", summary="S",
                         body="B")
    with pytest.raises(ValidationError) as caught:
        services.page_create(actor=editor, slug="rights", kind=PageKind.GUIDE, title="Again", summary="S",
                             body="B")
    assert "slug" in caught.value.message_dict


def test_only_editors_change_pages(provider, editor):
    page = services.page_create(actor=editor, slug="grip", kind=PageKind.GUIDE, title="GRIP", summary="S", body="B")
    with pytest.raises(PermissionDenied):
        services.page_revision_save(actor=provider, page=page, title="T", summary="S", body="B")
    with pytest.raises(PermissionDenied):
        services.page_publish(actor=provider, revision=page.latest_revision())
