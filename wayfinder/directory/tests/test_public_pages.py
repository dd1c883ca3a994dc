"""The public Local Offer pages over HTTP: no sign-in, what a family sees, and what is never shown."""

import re
from datetime import date, time, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wayfinder.accounts.models import Role
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.directory.models import (
    AccessRoute,
    Contact,
    CostOption,
    ListingChange,
    Location,
    Page,
    PageKind,
    PageRevision,
    ServiceStatus,
)
from wayfinder.directory.tests.factories import (
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    centroid,
    term,
)
from wayfinder.people.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db

NEAR = (Decimal("53.160000"), Decimal("-1.555000"))
FAR = (Decimal("53.570000"), Decimal("-1.555000"))
SEARCH = "/local-offer/services/"


class _Page(HTMLParser):
    """Enough of a page's structure to check what axe would: ids, headings, labels."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.headings: list[int] = []
        self.label_for: set[str] = set()
        self.fields: list[tuple[str, str]] = []  # (id, type) of inputs, selects and textareas

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.fields.append((attrs.get("id") or "", attrs.get("type") or tag))


def check_structure(response) -> str:
    """One h1, headings that never skip a level on the way down, unique ids, a label for every field."""
    html = response.content.decode()
    page = _Page()
    page.feed(html)
    assert page.headings.count(1) == 1, page.headings
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, page.headings
    assert len(page.ids) == len(set(page.ids)), sorted(i for i in page.ids if page.ids.count(i) > 1)
    for field_id, kind in page.fields:
        assert field_id and field_id in page.label_for, (field_id, kind)
    return html


def located(service, where, **location):
    lat, lon = where
    ServiceAtLocationFactory(service=service, location=LocationFactory(latitude=lat, longitude=lon, **location))
    return service


def publish(slug, kind, *, need=None, title="A page", summary="What it is about", days_ago=1, **words):
    page = Page.objects.create(slug=slug, kind=kind, need=need)
    PageRevision.objects.create(page=page, title=title, summary=summary,
                                published_on=timezone.now() - timedelta(days=days_ago), **words)
    return page


@pytest.fixture(autouse=True)
def no_audit_events():
    before = AuditEvent.objects.count()
    yield
    assert AuditEvent.objects.count() == before, "public pages must not write audit or access events"


# ------------------------------------------------------------------------------------------------- start page


def test_start_page_offers_search_areas_of_need_headings_guides_and_carers(client):
    publish("autism-and-communication", PageKind.PATHWAY, need=term("communication-interaction"),
            title="Communication and interaction, including autism")
    publish("what-is-sen-support", PageKind.GUIDE, title="What SEN support is")
    publish("draft-guide", PageKind.GUIDE, title="Draft guide", days_ago=0)
    Page.objects.create(slug="never-published", kind=PageKind.GUIDE)

    response = client.get(reverse("localoffer:home"))
    assert response.status_code == 200
    html = check_structure(response)
    assert 'action="/local-offer/services/"' in html and 'name="q"' in html
    for name in ("Communication and interaction", "Cognition and learning", "Social, emotional and mental health",
                 "Sensory and/or physical needs"):
        assert name in html
    assert 'href="/local-offer/pathways/autism-and-communication/"' in html
    assert 'href="/local-offer/services/?need=communication-interaction"' in html
    assert 'href="/local-offer/services/?need=semh"' in html
    assert 'href="/local-offer/services/?heading=short-breaks"' in html
    assert 'href="/local-offer/services/?heading=carers-support"' in html
    assert "What SEN support is" in html
    assert 'href="/local-offer/guides/"' in html
    assert 'href="/local-offer/carers/"' in html
    assert "never-published" not in html
    assert "For free, impartial and confidential advice about SEND, contact SENDIASS" in html


# ------------------------------------------------------------------------------------------------ the search


@pytest.fixture
def de4():
    return centroid("DE4", "53.138000", "-1.555000", place="Matlock")


def test_family_finds_autism_support_near_de4_for_a_nine_year_old_without_a_diagnosis(client, de4):
    asd = term("asd")
    located(ServiceFactory(name="Matlock autism family group", terms=[asd], minimum_age=4, maximum_age=11,
                           organisation__name="Peak Parents"), NEAR, name="Matlock Community Centre")
    located(ServiceFactory(name="Diagnosed autism clinic", terms=[asd], minimum_age=4, maximum_age=11,
                           diagnosis_required=True), NEAR)
    located(ServiceFactory(name="Autism teen club", terms=[asd], minimum_age=11, maximum_age=18), NEAR)
    located(ServiceFactory(name="Autism group far away", terms=[asd], minimum_age=4, maximum_age=11), FAR)

    response = client.get(SEARCH, {"need": "asd", "age": "9", "postcode": "DE4", "no_diagnosis": "1"})
    assert response.status_code == 200
    html = check_structure(response)
    assert "Matlock autism family group" in html
    assert "Peak Parents" in html
    for other in ("Diagnosed autism clinic", "Autism teen club", "Autism group far away"):
        assert other not in html
    assert "1 service found" in html
    assert "Why this matches" in html
    for reason in ("Area of need: Autism", "For ages 4 to 11 — includes 9", "1.5 miles from DE4",
                   "No diagnosis needed"):
        assert reason in html
    assert "Matlock Community Centre, Matlock (1.5 miles away)" in html
    # What was asked for stays in the form.
    assert 'value="9"' in html and 'value="DE4"' in html
    assert re.search(r'<option value="asd" selected>Autism</option>', html)
    assert re.search(r'name="no_diagnosis"[^>]*checked', html)
    assert re.search(r'<option value="10" selected>', html)
    assert "Error:" not in html


def test_bad_postcode_shows_an_error_summary_linking_to_the_field_and_no_results(client, de4):
    ServiceFactory(name="Anything at all")
    response = client.get(SEARCH, {"postcode": "XX", "age": "30"})
    assert response.status_code == 200
    html = check_structure(response)
    assert "<title>Error: Find help and services" in html
    assert "There is a problem" in html
    assert '<a href="#id_postcode">Enter a real postcode, like DE4 3AG or DE4.' in html
    assert '<a href="#id_age">Enter an age from 0 to 25' in html
    assert 'value="XX"' in html and 'value="30"' in html  # kept what was typed
    assert "govuk-input--error" in html
    assert "Anything at all" not in html


def test_unknown_postcode_says_we_do_not_know_where_it_is(client, de4):
    response = client.get(SEARCH, {"postcode": "s1 1aa"})
    assert "We do not know where S1 1AA is" in response.content.decode()


def test_unknown_codes_and_pages_are_errors(client):
    ServiceFactory(name="Anything at all")
    html = client.get(SEARCH, {"need": "dragons", "heading": "x", "category": "y", "locality": "z"}).content.decode()
    for message in ("Select an area of need from the list", "Select a Local Offer section from the list",
                    "Select a kind of service from the list", "Select an area of the county from the list"):
        assert message in html
    assert "Anything at all" not in html
    out_of_range = client.get(SEARCH, {"q": "anything", "page": "9"}).content.decode()
    assert "There is no page 9 of these results: they fit on 1 page" in out_of_range
    assert "Anything at all" not in out_of_range
    assert 'href="/local-offer/services/?q=anything">Go to the first page of results' in out_of_range


def test_no_results_lists_the_filters_with_remove_links(client, de4):
    ServiceFactory(name="Swimming for all", is_free=False, fees="£3")
    response = client.get(SEARCH, {"q": "swimming", "free": "1", "postcode": "DE4"})
    html = check_structure(response)
    assert "No services found" in html
    assert "No services match all of your filters" in html
    assert "Words: swimming" in html and "Free" in html and "Within 10 miles of DE4" in html
    assert 'href="/local-offer/services/?postcode=DE4&amp;within=10&amp;free=1">Remove' in html  # without the words
    assert 'href="/local-offer/services/?q=swimming&amp;postcode=DE4&amp;within=10">Remove' in html  # without free
    assert 'href="/local-offer/services/?q=swimming&amp;free=1">Remove' in html  # without the postcode
    removed = client.get(SEARCH, {"q": "swimming"}).content.decode()
    assert "Swimming for all" in removed


def test_stale_listing_is_marked_for_the_public(client):
    ServiceFactory(name="Old listing", last_confirmed_on=date(2026, 3, 3), confirm_every_days=30)
    html = client.get(SEARCH).content.decode()
    assert "Last confirmed 3 March 2026 — check with the provider, this may be out of date" in html


def test_results_are_paginated_keeping_the_query(client):
    for n in range(45):
        ServiceFactory(name=f"Sleep service {n:02d}", terms=[term("asd")])
    first = client.get(SEARCH, {"q": "sleep", "need": "asd"})
    html = check_structure(first)
    assert "45 services found, showing 1 to 20" in html
    assert "Sleep service 19" in html and "Sleep service 20" not in html
    assert 'class="govuk-pagination"' in html
    assert 'href="?q=sleep&amp;need=asd&amp;page=2" rel="next"' in html
    assert 'href="?q=sleep&amp;need=asd&amp;page=3" aria-label="Page 3"' in html
    third = client.get(SEARCH, {"q": "sleep", "need": "asd", "page": "3"}).content.decode()
    assert "Sleep service 40" in third and "Sleep service 44" in third and "Sleep service 39" not in third
    assert 'aria-current="page">3</a>' in third


def test_print_view_lists_every_match_with_contact_details_the_date_and_a_link_to_share(client, de4):
    for n in range(25):
        service = ServiceFactory(name=f"Autism group {n:02d}", terms=[term("asd")], phone="01629 111222",
                                 email=f"group{n}@example.org")
        located(service, NEAR, name=f"Hall {n:02d}", address_1="1 Bank Road", city="Matlock", postcode="DE4 3AG")
    ServiceFactory(name="Hearing group", terms=[term("hi")])
    response = client.get(SEARCH, {"need": "asd", "postcode": "DE4", "print": "1"})
    html = check_structure(response)
    assert html.count("Autism group ") == 25  # no pagination
    assert "Hearing group" not in html
    assert "01629 111222" in html and "group7@example.org" in html
    assert "Hall 07, 1 Bank Road, Matlock DE4 3AG (1.5 miles away)" in html
    assert date.today().strftime("%-d %B %Y") in html
    assert "http://testserver/local-offer/services/?need=asd&amp;postcode=DE4&amp;within=10" in html
    assert "print=1" not in html.split("To share this search")[1].split("</p>", 2)[1]
    assert 'class="govuk-pagination"' not in html
    assert "directory/local-offer.css" in html  # the print stylesheet


def test_search_page_links_to_the_print_view_of_the_same_query(client):
    ServiceFactory(name="Something")
    html = client.get(SEARCH, {"q": "something"}).content.decode()
    assert 'href="/local-offer/services/?q=something&amp;print=1">Print or share this list' in html
    assert 'class="govuk-pagination"' not in html  # one page: no pagination


def test_the_results_page_is_a_bounded_number_of_queries(client, de4, django_assert_max_num_queries):
    for n in range(30):
        service = ServiceFactory(name=f"Group {n}", terms=[term("asd"), term("leisure")],
                                 localities=[LocalityFactory()], last_confirmed_on=date(2025, 1, n % 28 + 1))
        located(service, NEAR)
    with django_assert_max_num_queries(12):
        response = client.get(SEARCH, {"need": "communication-interaction", "postcode": "DE4", "heading": "leisure"})
    assert "30 services found, showing 1 to 20" in response.content.decode()


def test_print_view_with_bad_input_shows_the_errors(client):
    html = client.get(SEARCH, {"age": "old", "print": "1"}).content.decode()
    assert "There is a problem" in html and "Enter the age as a whole number of years" in html


def test_search_form_has_fieldsets_for_checkbox_groups(client):
    html = client.get(SEARCH).content.decode()
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Only show services where</legend>' in html
    assert '<legend class="govuk-fieldset__legend">Venue accessibility</legend>' in html
    assert 'method="get"' in html


# ------------------------------------------------------------------------------------------------ a listing


def test_listing_shows_everything_a_family_needs(client):
    locality = LocalityFactory(name="Derbyshire Dales", code="dales")
    service = ServiceFactory(
        name="Autism family group", description="A friendly group.\n\nWe meet in term time.",
        organisation__name="Peak Parents", organisation__charity_number="1234567", minimum_age=4, maximum_age=11,
        terms=[term("asd"), term("targeted"), term("leisure")], localities=[locality], diagnosis_required=False,
        eligibility="Families of autistic children, with or without a diagnosis.",
        access_routes=[AccessRoute.SELF_REFERRAL, AccessRoute.VIA_SCHOOL], how_to_access="Ring Sam to book.",
        languages=["en", "pl", "ur", "bfi"], is_free=False, fees="A small charge for trips", phone="01629 555000")
    venue = LocationFactory(name="Matlock Community Centre", accessibility=["step_free", "hearing_loop"],
                            accessibility_notes="Lift to the first floor.")
    ServiceAtLocationFactory(service=service, location=venue)
    ScheduleFactory(service=service, byday="MO,WE", opens_at=time(9, 30), closes_at=time(12, 0))
    CostOption.objects.create(service=service, option="Trips", amount=Decimal("5.00"), amount_description="per child")
    Contact.objects.create(service=service, name="Sam Smith", title="Group leader", phone="07700 900123")

    response = client.get(reverse("localoffer:service", kwargs={"pk": service.pk}))
    assert response.status_code == 200
    html = check_structure(response)
    for text in ("Autism family group", "Peak Parents", "A friendly group.", "We meet in term time.", "Ages 4 to 11",
                 "Autism", "You do not need an EHC plan", "You do not need a diagnosis", "Derbyshire Dales",
                 "Families of autistic children", "You can contact them yourself",
                 "Through your school, college or nursery", "Ring Sam to book.",
                 "Mondays and Wednesdays, 9:30am to 12pm", "Matlock Community Centre", "1 Bank Road", "DE4 3AG",
                 "Step-free access", "Hearing loop", "Lift to the first floor.", "A small charge for trips",
                 "Trips: £5.00 (per child)", "Sam Smith, Group leader", "07700 900123", "01629 555000",
                 "English, Polish, Urdu, British Sign Language", "Registered charity number 1234567",
                 f"Last confirmed by the provider or the council on {date.today().strftime('%-d %B %Y')}",
                 "Targeted", "Leisure and activities"):
        assert text in html, text
    assert "may be out of date" not in html


@override_settings(WAYFINDER_COUNCIL_EMAIL="localoffer@council.example")
def test_listing_has_a_report_link_to_the_council_and_a_stale_warning(client):
    service = ServiceFactory(name="Old group", last_confirmed_on=date(2026, 3, 3), confirm_every_days=30)
    html = client.get(reverse("localoffer:service", kwargs={"pk": service.pk})).content.decode()
    assert "Last confirmed 3 March 2026 — check with the provider, this may be out of date" in html
    link = re.search(r'href="(mailto:[^"]+)">Report something wrong', html).group(1)
    assert link.startswith("mailto:localoffer@council.example?subject=")
    assert "Local Offer listing: Old group" in unquote(link)
    assert f"http://testserver/local-offer/services/{service.pk}/" in unquote(link)


def test_a_paused_listing_says_so(client):
    service = ServiceFactory(status=ServiceStatus.TEMPORARILY_CLOSED)
    html = client.get(reverse("localoffer:service", kwargs={"pk": service.pk})).content.decode()
    assert "Temporarily closed" in html


def test_online_listing_says_how_it_is_delivered(client):
    service = ServiceFactory()
    ServiceAtLocationFactory(service=service, location=LocationFactory(kind=Location.Kind.VIRTUAL, name="By phone",
                                                                       latitude=None, longitude=None))
    html = client.get(reverse("localoffer:service", kwargs={"pk": service.pk})).content.decode()
    assert "Online or by phone" in html


def test_listings_the_public_may_not_see_are_not_found(client):
    provider = UserFactory(role=Role.DIRECTORY_PROVIDER)
    pending_new = ServiceFactory(name="Proposed listing", published=False)
    ListingChange.objects.create(service=pending_new, is_new=True, data={"name": "Proposed listing"},
                                 submitted_by=provider)
    hidden = [ServiceFactory(published=False), ServiceFactory(archived_on=timezone.now()),
              ServiceFactory(status=ServiceStatus.DEFUNCT), pending_new]
    for service in hidden:
        assert client.get(reverse("localoffer:service", kwargs={"pk": service.pk})).status_code == 404
    assert "Proposed listing" not in client.get(SEARCH).content.decode()
    assert client.get("/local-offer/services/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_signed_in_people_of_any_audience_see_the_same_pages(client, sign_in):
    service = ServiceFactory(name="Open to all")
    for role in (Role.PARENT, Role.SENCO, Role.CASEWORK_OFFICER, Role.DIRECTORY_PROVIDER):
        sign_in(client, UserFactory(role=role))
        assert client.get(reverse("localoffer:home")).status_code == 200
        assert "Open to all" in client.get(SEARCH).content.decode()
        assert client.get(reverse("localoffer:service", kwargs={"pk": service.pk})).status_code == 200
        client.logout()


# ------------------------------------------------------------------------------------------------ pathways


def test_pathway_shows_each_step_with_its_services_and_support_while_you_wait(client):
    area = term("communication-interaction")
    universal, targeted, specialist = term("universal"), term("targeted"), term("specialist")
    ServiceFactory(name="Library story time", terms=[term("slcn"), universal])
    ServiceFactory(name="Autism outreach team", terms=[term("asd"), targeted])
    for n in range(7):
        ServiceFactory(name=f"Speech drop-in {n}", terms=[area, targeted])
    ServiceFactory(name="Specialist autism school", terms=[term("asd"), specialist])
    ServiceFactory(name="Hearing specialist", terms=[term("hi"), specialist])
    ServiceFactory(name="Unpublished specialist", terms=[term("asd"), specialist], published=False)
    ServiceFactory(name="Waiting list workshop", terms=[term("asd"), term("while-you-wait")])
    ServiceFactory(name="Waiting for hearing tests", terms=[term("hi"), term("while-you-wait")])
    publish("communication", PageKind.PATHWAY, need=area, title="Communication and interaction, including autism",
            summary="From help for everyone to specialist support.", body="## About this\n\nWords <script>x</script>",
            steps=[{"level": "specialist", "title": "Specialist help", "body": "For complex needs.", "next": ""},
                   {"level": "universal", "title": "Help for everyone", "body": "Nurseries and libraries.",
                    "next": "Talk to your **SENCO**."},
                   {"level": "targeted", "title": "Extra help", "body": "Outreach teams.", "next": "Ask for advice."}],
            while_you_wait="Start a **sleep diary**.", co_produced_with="Derbyshire Parent Carer Voice")

    response = client.get(reverse("localoffer:pathway", kwargs={"slug": "communication"}))
    assert response.status_code == 200
    html = check_structure(response)
    # Steps in order, universal to specialist, whatever order they were written in.
    assert html.index("Help for everyone") < html.index("Extra help") < html.index("Specialist help")
    universal_part = html[html.index("Help for everyone"):html.index("Extra help")]
    targeted_part = html[html.index("Extra help"):html.index("Specialist help")]
    specialist_part = html[html.index("Specialist help"):html.index("Support while you wait")]
    waiting_part = html[html.index("Support while you wait"):]
    assert "Library story time" in universal_part and "Autism outreach team" not in universal_part
    assert "Talk to your <strong>SENCO</strong>." in universal_part
    assert "Autism outreach team" in targeted_part
    assert targeted_part.count("Speech drop-in") + targeted_part.count("Autism outreach team") == 5  # at most five
    assert ('href="/local-offer/services/?need=communication-interaction&amp;level=targeted">See all 8 targeted '
            'services for communication and interaction</a>') in targeted_part
    assert "Specialist autism school" in specialist_part
    assert "Hearing specialist" not in specialist_part and "Unpublished specialist" not in specialist_part
    assert "Start a <strong>sleep diary</strong>." in waiting_part
    assert "Waiting list workshop" in waiting_part and "Waiting for hearing tests" not in waiting_part
    assert "Written with Derbyshire Parent Carer Voice." in html
    assert "Last updated" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html


def test_the_see_all_count_is_what_the_search_finds(client):
    area = term("semh")
    for n in range(6):
        ServiceFactory(name=f"Wellbeing group {n}", terms=[term("semh-type"), term("universal")])
    publish("semh", PageKind.PATHWAY, need=area, steps=[{"level": "universal", "title": "Everyone", "body": ""}])
    html = client.get(reverse("localoffer:pathway", kwargs={"slug": "semh"})).content.decode()
    link = re.search(r'href="([^"]+)">See all 6 universal services', html).group(1).replace("&amp;", "&")
    assert "6 services found" in client.get(link).content.decode()


def test_unpublished_or_wrong_kind_pages_are_not_found(client):
    draft = Page.objects.create(slug="draft-pathway", kind=PageKind.PATHWAY, need=term("semh"))
    PageRevision.objects.create(page=draft, title="Draft", summary="Not yet")
    publish("a-guide", PageKind.GUIDE)
    assert client.get(reverse("localoffer:pathway", kwargs={"slug": "draft-pathway"})).status_code == 404
    assert client.get(reverse("localoffer:pathway", kwargs={"slug": "a-guide"})).status_code == 404
    assert client.get(reverse("localoffer:pathway", kwargs={"slug": "nothing"})).status_code == 404
    assert client.get(reverse("localoffer:guide", kwargs={"slug": "draft-pathway"})).status_code == 404


# ------------------------------------------------------------------------------------------------ guides


def test_guides_list_and_guide_page_show_only_published_words(client):
    page = publish("ehc-plans", PageKind.GUIDE, title="What an EHC plan is", summary="And how to ask for one",
                   body="## Asking for an assessment\n\nYou can ask yourself (CAFA 2014 s36).")
    PageRevision.objects.create(page=page, title="Unpublished new title", summary="Draft")
    publish("grip", PageKind.GUIDE, title="GRIP and top-up funding")
    Page.objects.create(slug="empty", kind=PageKind.GUIDE)

    listing = client.get(reverse("localoffer:guides"))
    html = check_structure(listing)
    assert "What an EHC plan is" in html and "GRIP and top-up funding" in html
    assert "Unpublished new title" not in html and "/guides/empty/" not in html

    guide = client.get(reverse("localoffer:guide", kwargs={"slug": "ehc-plans"}))
    html = check_structure(guide)
    assert "<h1 class=\"govuk-heading-l\">What an EHC plan is</h1>" in html
    assert '<h2 class="govuk-heading-m">Asking for an assessment</h2>' in html
    assert "You can ask yourself (CAFA 2014 s36)." in html
    assert client.get(reverse("localoffer:guide", kwargs={"slug": "empty"})).status_code == 404
