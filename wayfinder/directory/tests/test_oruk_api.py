"""The Open Referral UK 3.0 API: every response validates against the standard's compiled schemas, CORS on
everything, filters as the UK profile defines them, pagination, bad input as a 400 JSON error, and our
OpenAPI description covering every path and parameter of the profile's ``openapi30.json``."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from wayfinder.accounts.models import Role
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.directory import oruk, oruk_openapi
from wayfinder.directory.models import (
    Contact,
    CostOption,
    ListingChange,
    Location,
    Service,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from wayfinder.directory.tests import oruk_validation
from wayfinder.directory.tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    centroid,
    term,
)
from wayfinder.people.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db

BASE = "/api/openreferral"


def get(client, path: str, **params):
    return client.get(f"{BASE}{path}", params)


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["name"] for item in response.json()["contents"]}


def sal_names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["service"]["name"] for item in response.json()["contents"]}


@pytest.fixture
def directory():
    """Four public services across two localities, a county-wide line and a Derby club, and three that must
    never be shown (unpublished, archived, defunct), plus a provider's pending change."""
    centroid("DE4", "53.138000", "-1.555000", "Matlock")
    centroid("DE4 3AG", "53.137500", "-1.554000", "Matlock")
    centroid("DE45", "53.214000", "-1.676000", "Bakewell")
    centroid("S40", "53.235000", "-1.421000", "Chesterfield")
    centroid("DE1", "52.922000", "-1.476000", "Derby")
    dales = LocalityFactory(name="Derbyshire Dales", code="dales", postcode_districts=["DE4", "DE45"])
    chesterfield = LocalityFactory(name="Chesterfield", code="chesterfield", postcode_districts=["S40", "S41"])
    peak = OrganisationFactory(name="Peak Parent Carers", charity_number="1123456", website="https://peak.example.org/")
    trust = OrganisationFactory(name="Chesterfield Sensory Trust", email="", website="")

    autism = ServiceFactory(
        name="Autism family groups", organisation=peak, minimum_age=4, maximum_age=11,
        description="Friendly groups for families of autistic children.", url="https://peak.example.org/groups",
        phone="01629 111222", is_free=False, fees="£5 a session", alert="No groups in August.",
        languages=["en", "pl"], eligibility="Families in the Dales", how_to_access="Ring us to book a place.",
        last_confirmed_on=date(2025, 3, 1), terms=[term("asd"), term("carers-support")], localities=[dales])
    matlock = LocationFactory(name="Matlock Community Centre", latitude=Decimal("53.139000"),
                              longitude=Decimal("-1.556000"), accessibility=["step_free", "hearing_loop"],
                              accessibility_notes="Lift to the first floor.", description="Next to the park.")
    autism_link = ServiceAtLocationFactory(service=autism, location=matlock)
    ScheduleFactory(service=autism, service_at_location=autism_link, byday="MO,WE", opens_at=time(9, 30),
                    closes_at=time(12, 0), description="Monday and Wednesday mornings")
    CostOption.objects.create(service=autism, option="Per session", amount=Decimal("5.00"),
                              amount_description="per family")
    Contact.objects.create(service=autism, name="Sam Jones", title="Group leader", email="sam@peak.example.org",
                           phone="01629 333444")

    sensory = ServiceFactory(
        name="Sensory play sessions", organisation=trust, minimum_age=0, maximum_age=5,
        description="Play for babies and toddlers with hearing or vision impairment.",
        terms=[term("hi"), term("leisure")], localities=[chesterfield])
    chesterfield_hall = LocationFactory(name="Chesterfield Hall", city="Chesterfield", postcode="S40 1AA",
                                        latitude=Decimal("53.235500"), longitude=Decimal("-1.421500"))
    ServiceAtLocationFactory(service=sensory, location=chesterfield_hall)
    ScheduleFactory(service=sensory, byday="SA", opens_at=time(10, 0), closes_at=time(13, 0), description="")

    line = ServiceFactory(name="SEND information advice line", organisation=peak,
                          description="Independent advice by phone.", terms=[term("information-advice")])
    phone_line = LocationFactory(name="By phone", kind=Location.Kind.VIRTUAL, address_1="", city="", postcode="",
                                 latitude=None, longitude=None)
    ServiceAtLocationFactory(service=line, location=phone_line)
    ScheduleFactory(service=line, byday="MO,TU,WE,TH,FR", opens_at=time(9, 0), closes_at=time(17, 0))

    youth = ServiceFactory(name="Youth club for autistic teenagers", organisation=trust, minimum_age=12,
                           maximum_age=25, description="Friday evenings in Derby.", terms=[term("asd")])
    derby = LocationFactory(name="Derby Youth Centre", city="Derby", postcode="DE1 1AA",
                            latitude=Decimal("52.922000"), longitude=Decimal("-1.476000"))
    ServiceAtLocationFactory(service=youth, location=derby)
    ScheduleFactory(service=youth, byday="FR", opens_at=time(18, 0), closes_at=time(21, 0))

    hidden = [
        ServiceFactory(name="Hidden draft autism service", organisation=peak, published=False, terms=[term("asd")]),
        ServiceFactory(name="Archived autism service", organisation=peak, terms=[term("asd")],
                       archived_on=timezone.now()),
        ServiceFactory(name="Closed autism service", organisation=peak, status=ServiceStatus.DEFUNCT,
                       terms=[term("asd")]),
    ]
    for service in hidden:
        ServiceAtLocationFactory(service=service, location=matlock)
        ScheduleFactory(service=service)
    provider = UserFactory(role=Role.DIRECTORY_PROVIDER)
    ListingChange.objects.create(service=autism, data={"name": "Secret pending autism name",
                                                        "description": "Pending words nobody has approved"},
                                 submitted_by=provider)
    return {"autism": autism, "sensory": sensory, "line": line, "youth": youth, "hidden": hidden,
            "autism_link": autism_link, "dales": dales, "provider": provider}


# ------------------------------------------------------------------------------------ schemas, every endpoint


def test_every_endpoint_validates_against_the_standards_schemas(client, directory):
    assert oruk_validation.validate_all_endpoints(client) == []
    assert get(client, "/services").json()["total_items"] == 4
    assert get(client, "/service_at_locations").json()["total_items"] == 4


def test_the_validator_reports_a_response_that_breaks_the_schema(client, directory, monkeypatch):
    real = oruk.service_list_item

    def broken(service):
        obj = real(service)
        obj["id"] = "not-a-uuid"
        del obj["status"]
        return obj

    monkeypatch.setattr(oruk, "service_list_item", broken)
    problems = oruk_validation.validate_all_endpoints(client)
    assert any("'not-a-uuid' is not a 'uuid'" in problem for problem in problems)
    assert any("'status' is a required property" in problem for problem in problems)


def test_the_validator_checks_the_page_envelope():
    page = {"total_items": "4", "page_number": 1, "size": 2, "first_page": True, "last_page": True, "empty": False,
            "contents": [{"id": str(uuid.uuid4()), "name": "x", "status": "active"}]}
    problems = oruk_validation.page_errors(page, "compiled/service_list.json", "page")
    assert any("'4' is not of type 'integer'" in p for p in problems)
    assert any("no total_pages" in p for p in problems)
    assert any("size 2 but 1 items" in p for p in problems)


def test_the_standards_own_examples_validate_so_the_validator_is_wired_right():
    for example, schema in (("service_full", "compiled/service.json"), ("taxonomy", "taxonomy.json"),
                            ("service_at_location_full", "compiled/service_at_location.json"),
                            ("taxonomy_term", "taxonomy_term.json")):
        assert oruk_validation.errors_of(oruk_validation.load(f"examples/{example}.json"), schema) == []
    taxonomy = oruk_validation.load("examples/taxonomy.json")
    del taxonomy["taxonomy_terms"][0]["name"]  # through taxonomy.json's $ref to taxonomy_term.json
    assert oruk_validation.errors_of(taxonomy, "taxonomy.json") == [
        "$.taxonomy_terms[0]: 'name' is a required property"]


# ----------------------------------------------------------------------------------- openness, CORS, methods


def _all_urls(directory) -> list[str]:
    autism, link = directory["autism"], directory["autism_link"]
    need = Taxonomy.objects.get(code="need")
    return ["/", "/openapi.json", "/services", f"/services/{autism.pk}", "/service_at_locations",
            f"/service_at_locations/{link.pk}", "/taxonomies", f"/taxonomies/{need.pk}", "/taxonomy_terms",
            f"/taxonomy_terms/{term('asd').pk}"]


def test_every_endpoint_answers_anonymously_with_and_without_a_trailing_slash_and_has_cors(client, directory):
    for path in _all_urls(directory):
        variants = [path] if path == "/" else [path, f"{path}/"]
        for variant in variants:
            response = client.get(f"{BASE}{variant}")
            assert response.status_code == 200, variant
            assert response["Access-Control-Allow-Origin"] == "*", variant
            assert response["Content-Type"].startswith("application/json"), variant


def test_errors_have_cors_and_json_too(client, directory):
    responses = [
        get(client, "/services", minimum_age="nine"),  # 400
        get(client, f"/services/{uuid.uuid4()}"),  # 404
        get(client, "/no-such-endpoint"),  # 404
        client.post(f"{BASE}/services"),  # 405
        client.options(f"{BASE}/services"),  # preflight
    ]
    assert [r.status_code for r in responses] == [400, 404, 404, 405, 204]
    for response in responses:
        assert response["Access-Control-Allow-Origin"] == "*"
    for response in responses[:4]:
        body = response.json()
        assert set(body) == {"error", "detail"} and isinstance(body["detail"], dict)
    assert "GET" in responses[4]["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only_and_never_asks_for_a_csrf_token(method, directory):
    client = Client(enforce_csrf_checks=True)
    before = Service.objects.count()
    response = getattr(client, method)(f"{BASE}/services/{directory['autism'].pk}", data="{}",
                                       content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "read-only" in response.json()["detail"]["method"]
    assert Service.objects.count() == before


def test_head_answers_like_get(client, directory):
    response = client.head(f"{BASE}/services")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_signed_in_family_member_sees_the_same_open_api(client, directory):
    client.force_login(UserFactory(role=Role.PARENT))
    assert names(get(client, "/services")) == names(get(Client(), "/services"))


def test_a_signed_in_editor_who_has_not_done_mfa_is_not_blocked(client, directory):
    """The staff MFA middleware exempts ``/api/openreferral/``: the open API holds no personal data."""
    editor = UserFactory(role=Role.DIRECTORY_EDITOR)
    assert editor.requires_mfa
    client.force_login(editor)
    for path in _all_urls(directory):
        response = get(client, path)
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == "*"


def test_root_says_what_this_api_is(client, directory):
    body = get(client, "/").json()
    assert body["version"] == "3.0"
    assert body["profile"] == oruk.PROFILE_URL
    assert body["openapi_url"] == "http://testserver/api/openreferral/openapi.json"
    assert client.get(body["openapi_url"]).status_code == 200


# ------------------------------------------------------------------------------------------- what is shown


def test_only_public_services_appear_anywhere(client, directory):
    hidden = directory["hidden"]
    assert names(get(client, "/services", per_page=500)) == {
        "Autism family groups", "Sensory play sessions", "SEND information advice line",
        "Youth club for autistic teenagers"}
    assert sal_names(get(client, "/service_at_locations", per_page=500)) == names(get(client, "/services"))
    for service in hidden:
        response = get(client, f"/services/{service.pk}")
        assert response.status_code == 404
        assert response.json()["detail"] == {"id": f"There is no service with id {service.pk}"}
        link = service.service_at_locations.get()
        assert get(client, f"/service_at_locations/{link.pk}").status_code == 404
    for search in ("Hidden", "Archived", "Closed"):
        assert names(get(client, "/services", search=search)) == set()


def test_a_pending_change_is_never_shown(client, directory):
    autism = directory["autism"]
    texts = [get(client, path).content.decode() for path in _all_urls(directory)]
    texts.append(get(client, "/services", search="secret").content.decode())
    assert not any("Secret pending" in text or "Pending words" in text for text in texts)
    assert get(client, f"/services/{autism.pk}").json()["name"] == "Autism family groups"
    assert names(get(client, "/services", search="secret pending")) == set()


def test_a_new_listing_a_provider_proposed_is_not_shown_until_approved(client, directory):
    draft = ServiceFactory(name="Brand new proposed club", published=False)
    ListingChange.objects.create(service=draft, is_new=True, data={"name": draft.name},
                                 submitted_by=directory["provider"])
    assert "Brand new proposed club" not in names(get(client, "/services", per_page=500))
    assert get(client, f"/services/{draft.pk}").status_code == 404


def test_a_service_is_mapped_onto_the_standard(client, directory):
    autism, link = directory["autism"], directory["autism_link"]
    body = get(client, f"/services/{autism.pk}").json()
    assert body["id"] == str(autism.pk)
    assert body["status"] == "active"
    assert body["fees"] == "£5 a session"
    assert body["cost_options"] == [{"id": str(autism.cost_options.get().pk), "service_id": str(autism.pk),
                                     "option": "Per session", "amount": 5, "amount_description": "per family"}]
    assert body["url"] == "https://peak.example.org/groups"
    assert body["email"] == "service@example.org"
    assert (body["minimum_age"], body["maximum_age"]) == (4, 11)
    assert body["assured_date"] == "2025-03-01"
    assert body["last_modified"] == autism.modified_on.astimezone(UTC).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")
    assert body["alert"] == "No groups in August."
    assert body["eligibility_description"] == "Families in the Dales"
    assert body["application_process"] == "Ring us to book a place."
    assert body["phones"][0]["number"] == "01629 111222"
    org = body["organization"]
    assert (org["name"], org["website"]) == ("Peak Parent Carers", "https://peak.example.org/")
    assert org["organization_identifiers"][0]["identifier"] == "1123456"
    assert org["organization_identifiers"][0]["identifier_scheme"] == "GB-CHC"
    [schedule] = body["schedules"]
    assert schedule["freq"] == "WEEKLY" and schedule["byday"] == "MO,WE"
    assert (schedule["opens_at"], schedule["closes_at"]) == ("09:30:00", "12:00:00")
    assert schedule["description"] == "Monday and Wednesday mornings"
    assert schedule["service_at_location_id"] == str(link.pk)
    [area] = body["service_areas"]
    assert area["name"] == "Derbyshire Dales" and "extent_type" not in area
    [sal] = body["service_at_locations"]
    assert sal["id"] == str(link.pk) and sal["location_id"] == str(link.location_id)
    venue = sal["location"]
    assert venue["location_type"] == "physical" and venue["name"] == "Matlock Community Centre"
    assert venue["latitude"] == 53.139 and venue["longitude"] == -1.556
    assert isinstance(venue["latitude"], float)
    [address] = venue["addresses"]
    assert address["address_1"] == "1 Bank Road" and address["city"] == "Matlock"
    assert address["postal_code"] == "DE4 3AG" and address["country"] == "GB"
    assert address["address_type"] == "physical" and address["region"] == "Derbyshire"
    access = [item["description"] for item in venue["accessibility"]]
    assert access == ["Step-free access", "Hearing loop", "Lift to the first floor."]
    assert [(lang["code"], lang["name"]) for lang in body["languages"]] == [("en", "English"), ("pl", "Polish")]
    [contact] = body["contacts"]
    assert (contact["name"], contact["title"]) == ("Sam Jones", "Group leader")
    assert contact["phones"][0]["number"] == "01629 333444"
    attributes = {a["taxonomy_term"]["term"]: a for a in body["attributes"]}
    assert set(attributes) == {"asd", "carers-support"}
    asd = attributes["asd"]
    assert asd["link_type"] == "service" and asd["link_id"] == str(autism.pk)
    assert asd["taxonomy_term_id"] == str(term("asd").pk)
    assert asd["taxonomy_term"]["taxonomy"] == "Areas of need"
    assert asd["taxonomy_term"]["taxonomy_id"] == str(Taxonomy.objects.get(code="need").pk)
    assert asd["taxonomy_term"]["parent_id"] == str(term("communication-interaction").pk)
    # the same request twice gives the same ids for what is not stored as rows
    assert get(client, f"/services/{autism.pk}").json() == body


def test_a_free_service_says_so_in_fees_and_cost_options(client, directory):
    body = get(client, f"/services/{directory['sensory'].pk}").json()
    assert body["fees"] == "Free"
    assert [(c["option"], c["amount"]) for c in body["cost_options"]] == [("Free", 0)]
    assert "url" not in body  # blank optional fields are left out rather than sent as ""
    assert "email" not in body["organization"]


def test_a_virtual_venue_has_no_address_or_position(client, directory):
    body = get(client, f"/services/{directory['line'].pk}").json()
    [sal] = body["service_at_locations"]
    assert sal["location"]["location_type"] == "virtual"
    assert sal["location"]["addresses"] == []
    assert "latitude" not in sal["location"]
    assert body["service_areas"] == []  # county-wide


def test_a_service_at_location_detail_nests_venue_and_service(client, directory):
    link = directory["autism_link"]
    body = get(client, f"/service_at_locations/{link.pk}").json()
    assert body["id"] == str(link.pk)
    assert body["location"]["addresses"][0]["postal_code"] == "DE4 3AG"
    assert body["service"]["name"] == "Autism family groups"
    assert body["service"]["schedules"][0]["byday"] == "MO,WE"
    assert "service_at_locations" not in body["service"]


def test_archived_venues_links_schedules_and_contacts_are_left_out(client, directory):
    autism, link = directory["autism"], directory["autism_link"]
    now = timezone.now()
    autism.schedules.update(archived_on=now)
    autism.contacts.update(archived_on=now)
    type(link).objects.filter(pk=link.pk).update(archived_on=now)
    body = get(client, f"/services/{autism.pk}").json()
    assert body["schedules"] == [] and body["contacts"] == [] and body["service_at_locations"] == []
    assert get(client, f"/service_at_locations/{link.pk}").status_code == 404


def test_taxonomies_and_terms(client, directory):
    need = Taxonomy.objects.get(code="need")
    listing = get(client, "/taxonomies").json()
    assert "Areas of need" in {t["name"] for t in listing["contents"]}
    assert all("taxonomy_terms" not in t for t in listing["contents"])
    detail = get(client, f"/taxonomies/{need.pk}").json()
    assert {t["term"] for t in detail["taxonomy_terms"]} == set(need.terms.values_list("code", flat=True))
    terms = get(client, "/taxonomy_terms", taxonomy_id=str(need.pk), per_page=500).json()
    assert terms["total_items"] == need.terms.count()
    assert {t["taxonomy_id"] for t in terms["contents"]} == {str(need.pk)}
    assert get(client, "/taxonomy_terms", per_page=500).json()["total_items"] == TaxonomyTerm.objects.count()
    archived = TaxonomyTerm.objects.create(taxonomy=need, code="old", name="Old term", description="Gone",
                                           archived_on=timezone.now())
    assert get(client, f"/taxonomy_terms/{archived.pk}").status_code == 404


# -------------------------------------------------------------------------------------------------- filters


def test_search_needs_every_word_in_the_name_description_or_organisation(client, directory):
    assert names(get(client, "/services", search="autism")) == {"Autism family groups"}
    assert names(get(client, "/services", search="AUTIS")) == {"Autism family groups",
                                                               "Youth club for autistic teenagers"}
    assert names(get(client, "/services", search="sensory trust")) == {"Sensory play sessions",
                                                                       "Youth club for autistic teenagers"}
    assert names(get(client, "/services", search="toddlers")) == {"Sensory play sessions"}
    assert names(get(client, "/services", search="autism toddlers")) == set()
    assert sal_names(get(client, "/service_at_locations", search="friday")) == {"Youth club for autistic teenagers"}


def test_taxonomy_term_and_taxonomy_filters(client, directory):
    assert names(get(client, "/services", taxonomy_term_id=str(term("asd").pk))) == {
        "Autism family groups", "Youth club for autistic teenagers"}
    heading = Taxonomy.objects.get(code="local-offer")
    assert names(get(client, "/services", taxonomy_id=str(heading.pk))) == {
        "Autism family groups", "Sensory play sessions", "SEND information advice line"}
    assert names(get(client, "/services", taxonomy_id=str(Taxonomy.objects.get(code="level").pk))) == set()
    assert sal_names(get(client, "/service_at_locations", taxonomy_term_id=str(term("hi").pk))) == {
        "Sensory play sessions"}


def test_age_filters_are_as_the_standard_defines(client, directory):
    # minimum_age: services whose minimum age is at least the value
    assert names(get(client, "/services", minimum_age=4)) == {"Autism family groups",
                                                             "Youth club for autistic teenagers"}
    assert names(get(client, "/services", minimum_age="12")) == {"Youth club for autistic teenagers"}
    # maximum_age: services whose maximum age is at or below the value
    assert names(get(client, "/services", maximum_age=11)) == {"Autism family groups", "Sensory play sessions"}
    assert names(get(client, "/services", maximum_age="4.5")) == set()
    assert names(get(client, "/services", minimum_age=1, maximum_age=11)) == {"Autism family groups"}
    assert names(get(client, "/services", minimum_age=30)) == set()  # a fair question with no answer
    assert sal_names(get(client, "/service_at_locations", maximum_age=5)) == {"Sensory play sessions"}


def test_postcode_keeps_services_whose_area_covers_it_and_county_wide_ones(client, directory):
    assert names(get(client, "/services", postcode="DE4 3AG")) == {
        "Autism family groups", "SEND information advice line", "Youth club for autistic teenagers"}
    assert names(get(client, "/services", postcode="s40")) == {
        "Sensory play sessions", "SEND information advice line", "Youth club for autistic teenagers"}
    assert sal_names(get(client, "/service_at_locations", postcode="DE45")) == {
        "Autism family groups", "SEND information advice line", "Youth club for autistic teenagers"}


def test_proximity_is_metres_from_the_postcode_to_a_venue(client, directory):
    # Matlock venue ~150 m from DE4 3AG; Derby ~24 km; Chesterfield ~17 km; the phone line has no venue.
    assert names(get(client, "/services", postcode="DE4 3AG", proximity=1000)) == {"Autism family groups"}
    assert names(get(client, "/services", postcode="DE4 3AG", proximity="30000")) == {
        "Autism family groups", "Youth club for autistic teenagers"}  # Chesterfield's area does not cover DE4
    assert names(get(client, "/services", postcode="DE4 3AG", proximity=100)) == set()
    assert sal_names(get(client, "/service_at_locations", postcode="S40", proximity=2000)) == {
        "Sensory play sessions"}


def test_day_and_times_must_hold_for_the_same_schedule(client, directory):
    assert names(get(client, "/services", day="MO")) == {"Autism family groups", "SEND information advice line"}
    assert names(get(client, "/services", day="saturday")) == {"Sensory play sessions"}
    assert names(get(client, "/services", day="Fri")) == {"SEND information advice line",
                                                         "Youth club for autistic teenagers"}
    assert names(get(client, "/services", start_time="10:00")) == {"Sensory play sessions",
                                                                  "Youth club for autistic teenagers"}
    assert names(get(client, "/services", end_time="13:00:00")) == {"Autism family groups", "Sensory play sessions"}
    assert names(get(client, "/services", day="MO", start_time="09:15")) == {"Autism family groups"}
    assert names(get(client, "/services", day="SA", end_time="12:00")) == set()
    assert sal_names(get(client, "/service_at_locations", day="WE", end_time="12:00")) == {"Autism family groups"}


def test_filters_combine(client, directory):
    assert names(get(client, "/services", search="autistic", postcode="DE4", maximum_age=25, day="FR")) == {
        "Youth club for autistic teenagers"}
    assert names(get(client, "/services", taxonomy_term_id=str(term("asd").pk), postcode="DE4", proximity=5000)) == {
        "Autism family groups"}


# ----------------------------------------------------------------------------------------------- pagination


def test_pages_of_services(client, directory):
    first = get(client, "/services", per_page=3).json()
    assert {k: first[k] for k in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page",
                                  "empty")} == {"total_items": 4, "total_pages": 2, "page_number": 1, "size": 3,
                                                "first_page": True, "last_page": False, "empty": False}
    second = get(client, "/services", per_page=3, page=2).json()
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    seen = [s["id"] for s in first["contents"]] + [s["id"] for s in second["contents"]]
    assert len(set(seen)) == 4
    default = get(client, "/services").json()
    assert default["total_pages"] == 1 and default["last_page"] is True
    assert get(client, "/services", per_page=500).status_code == 200
    assert get(client, "/services", per_page=4, page=1).json()["last_page"] is True


def test_the_default_page_is_fifty(client, directory):
    org = OrganisationFactory()
    ServiceFactory.create_batch(60, organisation=org)
    page = get(client, "/services").json()
    assert (page["total_items"], page["size"], page["total_pages"]) == (64, 50, 2)


def test_a_page_beyond_the_last_is_a_400_but_no_results_is_an_empty_page(client, directory):
    response = get(client, "/services", per_page=3, page=3)
    assert response.status_code == 400
    assert response.json()["detail"] == {"page": "page must be from 1 to 2 (2 pages of 3 results)"}
    empty = get(client, "/services", search="nothing-matches-this").json()
    assert {k: empty[k] for k in ("total_items", "total_pages", "page_number", "size", "empty", "contents")} == {
        "total_items": 0, "total_pages": 0, "page_number": 1, "size": 0, "empty": True, "contents": []}
    assert oruk_validation.page_errors(empty, "compiled/service_list.json") == []


# ------------------------------------------------------------------------------------------------ bad input


BAD_INPUT = [
    ("/services", {"minimum_age": "nine"}, "minimum_age"),
    ("/services", {"minimum_age": "-1"}, "minimum_age"),
    ("/services", {"maximum_age": "121"}, "maximum_age"),
    ("/services", {"maximum_age": "nan"}, "maximum_age"),
    ("/services", {"minimum_age": "12", "maximum_age": "4"}, "maximum_age"),
    ("/services", {"postcode": "NOT A POSTCODE"}, "postcode"),
    ("/services", {"postcode": "SW1A 1AA"}, "postcode"),  # well formed, but we do not know where it is
    ("/services", {"proximity": "1000"}, "proximity"),
    ("/services", {"postcode": "DE4", "proximity": "far"}, "proximity"),
    ("/services", {"postcode": "DE4", "proximity": "-5"}, "proximity"),
    ("/services", {"taxonomy_term_id": "autism"}, "taxonomy_term_id"),
    ("/services", {"taxonomy_term_id": str(uuid.uuid4())}, "taxonomy_term_id"),
    ("/services", {"taxonomy_id": str(uuid.uuid4())}, "taxonomy_id"),
    ("/services", {"day": "Funday"}, "day"),
    ("/services", {"start_time": "25:00"}, "start_time"),
    ("/services", {"end_time": "half past nine"}, "end_time"),
    ("/services", {"page": "0"}, "page"),
    ("/services", {"page": "two"}, "page"),
    ("/services", {"per_page": "0"}, "per_page"),
    ("/services", {"per_page": "501"}, "per_page"),
    ("/service_at_locations", {"minimum_age": "-3"}, "minimum_age"),
    ("/service_at_locations", {"postcode": "DE4", "proximity": "0"}, "proximity"),
    ("/taxonomies", {"page": "-1"}, "page"),
    ("/taxonomy_terms", {"per_page": "1000"}, "per_page"),
    ("/taxonomy_terms", {"taxonomy_id": "need"}, "taxonomy_id"),
]


@pytest.mark.parametrize(("path", "params", "parameter"), BAD_INPUT)
def test_bad_input_is_a_400_naming_the_parameter_and_changes_nothing(client, directory, path, params, parameter):
    counts = (Service.objects.count(), AuditEvent.objects.count(), ListingChange.objects.count())
    response = get(client, path, **params)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["error"] == "Invalid query parameters"
    assert parameter in body["detail"] and body["detail"][parameter]
    assert (Service.objects.count(), AuditEvent.objects.count(), ListingChange.objects.count()) == counts


def test_every_bad_parameter_is_named_at_once(client, directory):
    body = get(client, "/services", minimum_age="x", day="x", per_page="x").json()
    assert set(body["detail"]) == {"minimum_age", "day", "per_page"}


def test_a_postcode_error_says_what_is_wrong(client, directory):
    detail = get(client, "/services", postcode="SW1A 1AA").json()["detail"]
    assert "We do not know where SW1A 1AA is" in detail["postcode"]
    detail = get(client, "/services", postcode="ZZ9 9ZZ").json()["detail"]
    assert "Enter a real postcode" in detail["postcode"]


def test_unknown_parameters_and_empty_values_are_ignored(client, directory):
    assert names(get(client, "/services", format="json", modified_after="", search="")) == names(
        get(client, "/services"))


@pytest.mark.parametrize("path", ["/services/{}", "/service_at_locations/{}", "/taxonomies/{}", "/taxonomy_terms/{}"])
def test_an_unknown_id_is_a_404_json(client, directory, path):
    for value in (str(uuid.uuid4()), "not-a-uuid"):
        response = get(client, path.format(value))
        assert response.status_code == 404
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.json()["error"] == "Not found"
        assert value in response.json()["detail"]["id"]


# ------------------------------------------------------------------------------------------- bounded queries


def _rich_services(count: int):
    org = OrganisationFactory()
    for index in range(count):
        service = ServiceFactory(organisation=org, terms=[term("asd"), term("health")], languages=["en"],
                                 localities=[LocalityFactory()])
        link = ServiceAtLocationFactory(service=service)
        ScheduleFactory(service=service, service_at_location=link)
        CostOption.objects.create(service=service, option="Session", amount=Decimal("2.50"))
        Contact.objects.create(service=service, name=f"Contact {index}", phone="01629 000000")


@pytest.mark.parametrize("path", ["/services", "/service_at_locations"])
def test_a_list_page_costs_the_same_queries_for_five_services_or_fifty(client, django_assert_max_num_queries, path,
                                                                      db):
    _rich_services(5)
    with django_assert_max_num_queries(4):
        assert get(client, path, search="autism").json()["size"] == 5
    _rich_services(45)
    with django_assert_max_num_queries(4):
        assert get(client, path, search="autism").json()["size"] == 50


def test_a_full_service_and_service_at_location_take_a_fixed_number_of_queries(client, directory,
                                                                               django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        get(client, f"/services/{directory['autism'].pk}")
    with django_assert_max_num_queries(8):
        get(client, f"/service_at_locations/{directory['autism_link'].pk}")


# ------------------------------------------------------------------------------------------ OpenAPI description


def _resolve(spec: dict, item: dict) -> dict:
    if "$ref" in item and item["$ref"].startswith("#/"):
        node = spec
        for part in item["$ref"][2:].split("/"):
            node = node[part]
        return node
    return item


def _parameters(spec: dict, path_item: dict) -> set[tuple[str, str]]:
    found = set()
    for operation in [path_item, *(path_item.get(m, {}) for m in ("get", "head"))]:
        for parameter in operation.get("parameters", []):
            parameter = _resolve(spec, parameter)
            found.add((parameter["in"], parameter["name"]))
    return found


def test_our_openapi_lists_every_path_and_parameter_the_profile_lists(client, directory):
    theirs = oruk_validation.load("openapi30.json")
    ours = get(client, "/openapi.json").json()
    assert set(theirs["paths"]) <= set(ours["paths"])
    for path, item in theirs["paths"].items():
        missing = _parameters(theirs, item) - _parameters(ours, ours["paths"][path])
        assert not missing, f"{path} lacks {missing}"
        assert "get" in ours["paths"][path]


def test_our_openapi_is_valid_openapi_3_and_points_at_the_standards_schemas(client, directory):
    from drf_spectacular.validation import validate_schema

    spec = get(client, "/openapi.json").json()
    validate_schema(spec)
    assert spec["servers"] == [{"url": "http://testserver/api/openreferral", "description": "This directory"}]
    refs = {ref for ref in json.dumps(spec).split('"') if ref.startswith(oruk.SCHEMA_BASE)}
    assert {ref.removeprefix(oruk.SCHEMA_BASE) for ref in refs} == {
        "compiled/service_list.json", "compiled/service.json", "compiled/service_at_location_list.json",
        "compiled/service_at_location.json", "taxonomy.json", "taxonomy_term.json"}
    for ref in refs:
        assert (oruk_validation.standard_dir() / "schema" / ref.removeprefix(oruk.SCHEMA_BASE)).is_file()
    for path, item in spec["paths"].items():
        responses = item["get"]["responses"]
        if "{id}" in path:
            assert "404" in responses
        elif path not in ("/", "/openapi.json"):
            assert "400" in responses


def test_every_parameter_we_describe_is_one_the_api_takes(client, directory):
    described = {p["name"] for p in oruk_openapi.DESCRIPTION["components"]["parameters"].values()}
    assert described == set(oruk.SERVICE_PARAMETERS) | set(oruk.TAXONOMY_TERM_PARAMETERS)
    list_paths = {"/services": oruk.SERVICE_PARAMETERS, "/service_at_locations": oruk.SERVICE_PARAMETERS,
                  "/taxonomies": oruk.TAXONOMY_PARAMETERS, "/taxonomy_terms": oruk.TAXONOMY_TERM_PARAMETERS}
    for path, taken in list_paths.items():
        assert {name for _, name in _parameters(oruk_openapi.DESCRIPTION,
                                                 oruk_openapi.DESCRIPTION["paths"][path])} == set(taken)


def test_stale_listings_still_show_with_their_assured_date(client, directory):
    autism = directory["autism"]
    Service.objects.filter(pk=autism.pk).update(last_confirmed_on=date.today() - timedelta(days=400))
    body = get(client, f"/services/{autism.pk}").json()
    assert body["assured_date"] == (date.today() - timedelta(days=400)).isoformat()
