"""The directory editor's pages: who may open them, listing forms with the GOV.UK error summary, the review
queue, stale listings and reminders, provider invitations, and content pages with preview and publishing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from wayfinder.accounts.models import Role
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.core.dates import today
from wayfinder.directory import content, selectors, services
from wayfinder.directory.models import ChangeStatus, ListingChange, Page, PageKind, ProviderInvitation, Service
from wayfinder.directory.tests.factories import OrganisationFactory, ServiceFactory, term
from wayfinder.directory.tests.test_policies import provider_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(role=Role.DIRECTORY_EDITOR, first_name="Erin", last_name="Editor")


@pytest.fixture
def editor_client(client, sign_in, editor):
    return sign_in(client, editor)


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Peak Autism Support")


def form_data(org, **overrides) -> dict:
    """What the listing form posts for a valid listing."""
    data = {
        "name": "Autism family group", "description": "A monthly group for parents of autistic children.",
        "organisation": str(org.pk), "status": "active", "email": "group@example.org", "phone": "", "url": "",
        "minimum_age": "4", "maximum_age": "11", "needs": [str(term("asd").pk)], "headings": [],
        "plan_requirement": "any", "diagnosis_required": "False", "is_free": "True", "fees": "",
        "access_routes": ["self_referral"], "location_name": "", "schedule_days": [],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# ------------------------------------------------------------------------------------------------ who


def all_pages(service, change, org, content_page):
    return [("staff:directory-home", {}), ("staff:directory-services", {}), ("staff:directory-service-new", {}),
            ("staff:directory-service", {"pk": service.pk}), ("staff:directory-service-edit", {"pk": service.pk}),
            ("staff:directory-service-archive", {"pk": service.pk}), ("staff:directory-changes", {}),
            ("staff:directory-change", {"pk": change.pk}), ("staff:directory-stale", {}),
            ("staff:directory-organisations", {}), ("staff:directory-organisation", {"pk": org.pk}),
            ("staff:directory-organisation-new", {}), ("staff:directory-organisation-edit", {"pk": org.pk}),
            ("staff:directory-provider-invite", {"pk": org.pk}), ("staff:directory-pages", {}),
            ("staff:directory-page-new", {}), ("staff:directory-page", {"slug": content_page.slug}),
            ("staff:directory-page-edit", {"slug": content_page.slug})]


@pytest.fixture
def things(editor, organisation):
    service = ServiceFactory(organisation=organisation, last_confirmed_on=today() - timedelta(days=400))
    provider = provider_for(organisation)
    change = services.change_propose(actor=provider, service=service,
                                     data={**services.listing_values(service), "name": "Renamed group",
                                           "needs": [str(term("asd").pk)]})
    content_page = services.page_create(actor=editor, slug="autism-pathway", kind=PageKind.PATHWAY,
                                        need=term("communication-interaction"), title="Autism pathway",
                                        summary="Support for autistic children.",
                                        steps=[{"level": lvl, "title": f"{lvl} help"}
                                               for lvl in services.PATHWAY_LEVELS])
    return service, change, organisation, content_page


@pytest.mark.parametrize("role", [Role.DIRECTORY_EDITOR, Role.SYSTEM_ADMIN])
def test_editors_can_open_every_directory_page(client, sign_in, things, role):
    sign_in(client, UserFactory(role=role))
    for name, kwargs in all_pages(*things):
        response = client.get(reverse(name, kwargs=kwargs or None))
        assert response.status_code == 200, name
        assert response.content.decode().count("<h1") == 1, name


@pytest.mark.parametrize("role", [Role.CASEWORK_OFFICER, Role.TEAM_MANAGER, Role.STRATEGIC_LEAD])
def test_other_staff_are_refused_every_directory_page(client, sign_in, things, role):
    sign_in(client, UserFactory(role=role))
    for name, kwargs in all_pages(*things):
        assert client.get(reverse(name, kwargs=kwargs or None)).status_code == 403, name


@pytest.mark.parametrize("role", [Role.DIRECTORY_PROVIDER, Role.PARENT, Role.SENCO])
def test_other_audiences_are_refused(client, sign_in, things, role):
    sign_in(client, UserFactory(role=role))
    for name, kwargs in all_pages(*things)[:3]:
        assert client.get(reverse(name, kwargs=kwargs or None)).status_code == 403, name


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("staff:directory-home"))
    assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]


# --------------------------------------------------------------------------------------------- listings


def test_the_dashboard_counts_changes_stale_listings_and_published(editor_client, things):
    service, change, _, _ = things
    ServiceFactory(source="https://neighbour.example.org/openreferral", published=False)
    body = editor_client.get(reverse("staff:directory-home")).content.decode()
    assert "<strong>1</strong> change waiting for review" in body
    assert "<strong>1</strong> listing not confirmed in time" in body
    assert "<strong>1</strong> imported listing not yet published" in body
    assert reverse("staff:directory-change", kwargs={"pk": change.pk}) in body


def test_a_new_listing_with_missing_fields_is_refused_with_the_error_summary(editor_client, organisation):
    response = editor_client.post(reverse("staff:directory-service-new"), form_data(
        organisation, name="", description="", needs=[], email="", minimum_age="12", maximum_age="3"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert "govuk-error-summary" in body and "There is a problem" in body
    for message in ("Enter the name of the service", "Enter a description of the service",
                    "Select at least one area of need or Local Offer heading",
                    "Enter at least one way to contact the service",
                    "The oldest age must be the same as or more than the youngest age"):
        assert message in body, message
    assert 'href="#id_needs_0"' in body  # checkbox errors link to the first box
    assert not Service.objects.exists()


def test_an_editor_adds_a_listing_and_it_is_published(editor_client, organisation):
    response = editor_client.post(reverse("staff:directory-service-new"), form_data(
        organisation, location_name="Matlock Library", location_postcode="de4 3ag",
        schedule_days=["MO", "WE"], schedule_opens_at="9:30am", schedule_closes_at="12pm"))
    service = Service.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:directory-service", kwargs={"pk": service.pk})
    assert service in selectors.public_services()
    detail = editor_client.get(response["Location"]).content.decode()
    assert "Matlock Library" in detail and "DE4 3AG" in detail and "Monday, Wednesday" in detail
    assert "Added and published the listing Autism family group" in detail  # history from the audit trail


def test_the_edit_form_shows_the_listings_values_and_saves_changes(editor_client, organisation):
    service = ServiceFactory(organisation=organisation, name="Old name", terms=[term("asd")])
    form = editor_client.get(reverse("staff:directory-service-edit", kwargs={"pk": service.pk})).content.decode()
    assert 'value="Old name"' in form
    assert f'value="{term("asd").pk}"' in form and "checked" in form
    response = editor_client.post(reverse("staff:directory-service-edit", kwargs={"pk": service.pk}),
                                  form_data(organisation, name="New name"))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "New name" and service.last_confirmed_on == today()


def test_the_list_filters_stale_and_unpublished_listings(editor_client, organisation):
    ServiceFactory(name="Fresh group", organisation=organisation)
    ServiceFactory(name="Stale group", organisation=organisation, last_confirmed_on=today() - timedelta(days=400))
    ServiceFactory(name="Hidden group", published=False)
    url = reverse("staff:directory-services")
    stale = editor_client.get(url, {"stale": "on"}).content.decode()
    assert "Stale group" in stale and "Fresh group" not in stale
    hidden = editor_client.get(url, {"published": "no"}).content.decode()
    assert "Hidden group" in hidden and "Fresh group" not in hidden
    search = editor_client.get(url, {"q": "fresh"}).content.decode()
    assert "Fresh group" in search and "Stale group" not in search


def test_archiving_needs_a_reason_then_takes_the_listing_out(editor_client, organisation):
    service = ServiceFactory(organisation=organisation)
    url = reverse("staff:directory-service-archive", kwargs={"pk": service.pk})
    refused = editor_client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "Enter why the listing is being archived" in refused.content.decode()
    assert service in selectors.public_services()
    assert editor_client.post(url, {"reason": "It has closed"}).status_code == 302
    assert service not in selectors.public_services()


def test_an_editor_confirms_a_listing_is_still_correct(editor_client, organisation):
    service = ServiceFactory(organisation=organisation, last_confirmed_on=today() - timedelta(days=190))
    url = reverse("staff:directory-service-confirm", kwargs={"pk": service.pk})
    assert editor_client.get(url).status_code == 405
    assert editor_client.post(url).status_code == 302
    service.refresh_from_db()
    assert service.last_confirmed_on == today()


# ----------------------------------------------------------------------------------------------- review


def test_the_change_page_shows_only_what_would_change_now_and_proposed(editor_client, things):
    service, change, _, _ = things
    body = editor_client.get(reverse("staff:directory-change", kwargs={"pk": change.pk})).content.decode()
    assert "Renamed group" in body and service.name in body
    assert ">Name of the service<" in body
    assert ">Description<" not in body  # unchanged fields are not listed
    assert "Approve and publish" in body


def test_approving_on_the_change_page_publishes_the_change(editor_client, things):
    service, change, _, _ = things
    response = editor_client.post(reverse("staff:directory-change", kwargs={"pk": change.pk}), {"action": "approve"})
    assert response.status_code == 302
    assert selectors.public_services().get(pk=service.pk).name == "Renamed group"
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED


def test_rejecting_without_a_reason_shows_the_error_summary_and_changes_nothing(editor_client, things):
    service, change, _, _ = things
    url = reverse("staff:directory-change", kwargs={"pk": change.pk})
    response = editor_client.post(url, {"action": "reject", "reason": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and "<title>Error: " in body
    assert "Enter why the change is not accepted" in body
    assert ListingChange.objects.get(pk=change.pk).status == ChangeStatus.PENDING
    editor_client.post(url, {"action": "reject", "reason": "Keep the old name"})
    change.refresh_from_db()
    assert (change.status, change.reason) == (ChangeStatus.REJECTED, "Keep the old name")
    assert selectors.public_services().get(pk=service.pk).name != "Renamed group"


# -------------------------------------------------------------------------------------- stale and reminders


def test_the_stale_page_lists_overdue_listings_and_sends_reminders(editor_client, organisation):
    provider_for(organisation, email="keeper@example.org")
    overdue = ServiceFactory(organisation=organisation, name="Overdue group",
                             last_confirmed_on=today() - timedelta(days=200))
    ServiceFactory(organisation=organisation, name="Fresh group")
    url = reverse("staff:directory-stale")
    body = editor_client.get(url).content.decode()
    assert "Overdue group" in body and "Fresh group" not in body
    assert f">{(today() - overdue.confirm_by).days}<" in body  # days overdue
    assert "Never" in body
    response = editor_client.post(url)
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["keeper@example.org"]
    assert "http://testserver/provider/" in mail.outbox[0].body
    assert today().strftime("%-d %b %Y") in editor_client.get(url).content.decode()  # last reminded
    editor_client.post(url)
    assert len(mail.outbox) == 1  # not twice within 14 days


# ------------------------------------------------------------------------------------------- organisations


def test_inviting_a_provider_shows_the_link_once_and_emails_it(editor_client, organisation,
                                                               django_capture_on_commit_callbacks):
    url = reverse("staff:directory-provider-invite", kwargs={"pk": organisation.pk})
    refused = editor_client.post(url, {"email": "nope"})
    assert "Enter an email address in the correct format" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, {"email": "keeper@example.org"})
    body = response.content.decode()
    assert response.status_code == 200 and "Invitation sent" in body
    assert "http://testserver/account/invitation/" in body
    membership = ProviderInvitation.objects.get(organisation=organisation)
    assert membership.invitation.email == "keeper@example.org"
    assert len(mail.outbox) == 1 and "http://testserver/account/invitation/" in mail.outbox[0].body
    detail = editor_client.get(reverse("staff:directory-organisation", kwargs={"pk": organisation.pk}))
    assert "keeper@example.org" in detail.content.decode()


def test_an_editor_adds_an_organisation(editor_client):
    url = reverse("staff:directory-organisation-new")
    refused = editor_client.post(url, {"name": "", "description": ""})
    assert "Enter the name of the organisation" in refused.content.decode()
    response = editor_client.post(url, {"name": "Derbyshire Carers", "description": "Support for carers.",
                                        "website": "derbyshirecarers.example.org"})
    assert response.status_code == 302
    assert "Derbyshire Carers" in editor_client.get(response["Location"]).content.decode()


# ----------------------------------------------------------------------------------------------- pages


def test_a_new_guide_is_a_draft_and_preview_does_not_publish_it(editor_client, editor):
    response = editor_client.post(reverse("staff:directory-page-new"), {
        "kind": "guide", "slug": "what-is-an-ehc-plan", "need": "", "title": "What an EHC plan is",
        "summary": "A plan for children who need more help.", "body": "An **EHC plan** says what help.\n\n"
        "<script>alert(1)</script>"})
    page_obj = Page.objects.get(slug="what-is-an-ehc-plan")
    revision = page_obj.latest_revision()
    assert response.status_code == 302 and f"preview={revision.pk}" in response["Location"]
    preview = editor_client.get(response["Location"]).content.decode()
    assert "<strong>EHC plan</strong>" in preview  # rendered as the public sees it
    assert "<script>alert(1)</script>" not in preview
    assert "Publish this version" in preview
    assert page_obj.published_revision() is None
    assert content.public_page("what-is-an-ehc-plan", PageKind.GUIDE) is None


def test_publishing_the_previewed_revision_and_the_history(editor_client, editor):
    page_obj = services.page_create(actor=editor, slug="grip", kind=PageKind.GUIDE, title="GRIP funding",
                                    summary="Help without a plan.", body="First words.")
    url = reverse("staff:directory-page-edit", kwargs={"slug": "grip"})
    response = editor_client.post(url, {"action": "preview", "title": "GRIP funding explained",
                                        "summary": "Help without a plan.", "body": "Second words."})
    second = page_obj.latest_revision()
    assert second.title == "GRIP funding explained" and page_obj.revisions.count() == 2
    assert response["Location"].endswith(f"?preview={second.pk}#preview")
    assert page_obj.published_revision() is None  # preview does not publish
    response = editor_client.post(url, {"action": "publish", "revision": second.pk})
    assert response.status_code == 302
    assert page_obj.published_revision() == second
    assert content.public_page("grip", PageKind.GUIDE).revision == second
    history = editor_client.get(reverse("staff:directory-page", kwargs={"slug": "grip"})).content.decode()
    assert history.count("Draft") >= 1 and "Erin Editor" in history and "Live" in history
    assert "GRIP funding explained" in history and "GRIP funding</td>" in history


def test_a_pathway_without_a_step_title_is_refused_with_the_error_summary(editor_client, things):
    _, _, _, pathway = things
    url = reverse("staff:directory-page-edit", kwargs={"slug": pathway.slug})
    form = editor_client.get(url).content.decode()
    assert 'name="targeted_title"' in form and "Support while you wait" in form
    response = editor_client.post(url, {"action": "preview", "title": "Autism pathway", "summary": "Support.",
                                        "universal_title": "For everyone", "targeted_title": "",
                                        "specialist_title": "Specialist help"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "Enter a title for the targeted support step" in body
    assert pathway.revisions.count() == 1


def test_a_pathway_preview_shows_its_steps_and_the_services_at_each(editor_client, things):
    _, _, _, pathway = things
    ServiceFactory(name="Autism drop-in", terms=[term("asd"), term("universal")])
    url = reverse("staff:directory-page-edit", kwargs={"slug": pathway.slug})
    response = editor_client.post(url, {"action": "preview", "title": "Autism pathway", "summary": "Support.",
                                        "universal_title": "For everyone", "universal_body": "Ask at school.",
                                        "targeted_title": "Extra help", "specialist_title": "Specialist help",
                                        "while_you_wait": "Try the **drop-in**."})
    preview = editor_client.get(response["Location"]).content.decode()
    assert "For everyone" in preview and "Autism drop-in" in preview and "<strong>drop-in</strong>" in preview
    assert pathway.published_revision() is None
