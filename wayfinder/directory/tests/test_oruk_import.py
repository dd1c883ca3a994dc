"""Importing another publisher's Open Referral UK feed: from the standard's own examples (read in place),
from an API served over HTTP by a local server, all or nothing, idempotent, with a report."""

from __future__ import annotations

import copy
import json
import re
import socket
import threading
import time as clock
import uuid
from datetime import date, time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.directory import importer
from wayfinder.directory.models import (
    Contact,
    CostOption,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from wayfinder.directory.tests import oruk_validation
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

EXAMPLE_ID = "ac148810-d857-441c-9679-408f346de14b"  # the service in the standard's examples


def example(name: str) -> Path:
    return oruk_validation.standard_dir() / "examples" / f"{name}.json"


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (
        Service, Organisation, Location, ServiceAtLocation, Schedule, CostOption, Contact, Taxonomy, TaxonomyTerm,
        AuditEvent)}


def run(*args) -> str:
    out = StringIO()
    call_command("directory_import", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def neighbour_service(n: int, **changes) -> dict:
    """A full service as a neighbouring council's ORUK API would give it."""
    service = {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"neighbour-service-{n}")),
        "name": f"Neighbour sensory club {n}",
        "description": "A Saturday club for children with sensory needs.",
        "status": "active", "url": f"https://neighbour.example.gov.uk/clubs/{n}", "email": "clubs@neighbour.example",
        "minimum_age": 5, "maximum_age": 16, "assured_date": "2025-01-15", "fees": "Free",
        "organization": {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "neighbour-org")), "name": "Neighbour Play Trust",
                         "description": "Play for disabled children.", "website": "https://play.example.org/",
                         "organization_identifiers": [{"id": str(uuid.uuid4()), "identifier_scheme": "GB-CHC",
                                                       "identifier_type": "Charity number", "identifier": "1199999"}]},
        "schedules": [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"schedule-{n}")), "freq": "WEEKLY", "byday": "SA",
                       "opens_at": "10:00:00", "closes_at": "12:30:00", "description": "Saturday mornings"}],
        "service_areas": [{"id": str(uuid.uuid4()), "name": "Amber Valley"}],
        "service_at_locations": [{
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"sal-{n}")),
            "location": {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "neighbour-venue")), "location_type": "physical",
                         "name": "Ripley Leisure Centre", "latitude": 53.05, "longitude": -1.40,
                         "addresses": [{"id": str(uuid.uuid4()), "address_1": "Derby Road", "city": "Ripley",
                                        "state_province": "Derbyshire", "postal_code": "de5 3hr", "country": "GB",
                                        "address_type": "physical"}],
                         "accessibility": [{"id": str(uuid.uuid4()), "description": "Step-free access"},
                                           {"id": str(uuid.uuid4()), "description": "Changing bench in room 2"}]}}],
        "cost_options": [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"cost-{n}")), "option": "Free", "amount": 0}],
        "contacts": [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"contact-{n}")), "name": "Alex Lee",
                      "title": "Club lead", "phones": [{"id": str(uuid.uuid4()), "number": "01773 000000"}]}],
        "languages": [{"id": str(uuid.uuid4()), "code": "en", "name": "English"}, {"id": str(uuid.uuid4()),
                                                                                   "name": "Polish"}],
        "attributes": [
            {"id": str(uuid.uuid4()), "link_type": "service", "taxonomy_term_id": str(term("hi").pk),
             "taxonomy_term": {"id": str(term("hi").pk), "name": "Hearing impairment", "description": "Deaf"}},
            {"id": str(uuid.uuid4()), "link_type": "service",
             "taxonomy_term": {"id": str(uuid.uuid5(uuid.NAMESPACE_URL, "neighbour-term-sensory")),
                               "name": "Sensory clubs", "description": "Clubs for sensory needs",
                               "taxonomy": "Neighbour service types", "term": "sensory-clubs"}},
        ],
    }
    service.update(changes)
    return service


# ----------------------------------------------------------------------------------- the standard's examples


def test_importing_the_standards_full_example_creates_everything_unpublished():
    report = importer.import_feed(str(example("service_full")))
    assert report.ok, report.errors
    assert [o.feed_id for o in report.created] == [EXAMPLE_ID]
    service = Service.objects.get(pk=EXAMPLE_ID)
    assert service.name == "Community Counselling" and service.status == "active"
    assert service.published is False
    assert service.source == example("service_full").resolve().as_uri()
    assert (service.minimum_age, service.maximum_age) == (12, 25)  # 100 is beyond the Local Offer's 0–25
    assert service.url == "http://example.com/counselling" and service.email == "email@example.com"
    assert service.last_confirmed_on == date(2005, 1, 1)
    assert service.alert.startswith("Following COVID-19")
    assert service.is_free is False and service.fees == "fees_description"
    assert service.organisation.name == "Example Organization Inc."
    assert service.organisation.source == service.source
    [link] = service.service_at_locations.all()
    assert link.location.name == "MyCity Civic Center"
    assert link.location.latitude is None  # 100 is not a latitude
    assert link.location.accessibility_notes.startswith("The building is equipped with induction loops")
    [schedule] = service.schedules.all()
    assert (schedule.byday, schedule.opens_at, schedule.closes_at) == ("TH,FR", time(10), time(18))
    [cost] = service.cost_options.all()
    assert (cost.option, cost.amount, cost.amount_description) == ("Under 18s and Over 60s", Decimal("35.00"),
                                                                   "per 1 hour session")
    assert service.contacts.get().name == "Ann Persona"
    [created_term] = service.terms.all()
    assert created_term.pk == uuid.UUID("3f7b145d-84af-42d7-8fae-eaca714b02b2")
    assert created_term.taxonomy.name == "taxonomy"  # a taxonomy named after the feed's
    assert report.terms_created == ["name (taxonomy)"] and report.taxonomies_created == ["taxonomy"]
    assert any("maximum_age 100 is stored as 25" in w for w in report.warnings)
    assert any("latitude 100" in w for w in report.warnings)
    events = AuditEvent.objects.filter(verb=Verb.IMPORTED)
    assert events.filter(target_type="directory.service", target_id=EXAMPLE_ID).count() == 1
    assert events.filter(target_type="directory.organisation").count() == 1
    assert events.filter(target_type="directory.import").count() == 1


def test_a_second_run_of_the_same_file_changes_nothing():
    importer.import_feed(str(example("service_full")))
    before = counts()
    service_before = Service.objects.values().get(pk=EXAMPLE_ID)
    report = importer.import_feed(str(example("service_full")))
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 1)
    assert report.organisations_created == 0 and report.terms_created == []
    after = counts()
    assert after.pop("AuditEvent") == before.pop("AuditEvent") + 1  # only the import's own summary event
    assert after == before
    assert Service.objects.values().get(pk=EXAMPLE_ID) == service_before


def test_a_page_of_services_imports_one_to_one_fields_and_a_full_service_then_adds_the_rest():
    report = importer.import_feed(str(example("service_list")))
    assert [o.feed_id for o in report.created] == [EXAMPLE_ID]
    service = Service.objects.get(pk=EXAMPLE_ID)
    assert service.schedules.count() == 0 and service.organisation.name == "Example Organization Inc."
    source = example("service_list").resolve().as_uri()
    # the same service from a different feed is not that feed's to change
    report = importer.import_feed(str(example("service_full")))
    assert report.skipped[0].reason.startswith(f"a service with this id is already in the directory (from {source}")
    assert service.schedules.count() == 0


def test_an_imported_and_published_example_is_served_by_our_api_valid_against_the_schemas(client):
    report = importer.import_feed(str(example("service_full")), publish=True)
    assert report.ok and Service.objects.get(pk=EXAMPLE_ID).published
    assert oruk_validation.validate_all_endpoints(client) == []
    body = client.get(f"/api/openreferral/services/{EXAMPLE_ID}").json()
    assert body["name"] == "Community Counselling"
    assert body["service_at_locations"][0]["location"]["name"] == "MyCity Civic Center"


def test_a_json_list_of_full_services(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([neighbour_service(1), neighbour_service(2)]))
    report = importer.import_feed(str(feed))
    assert len(report.created) == 2 and report.organisations_created == 1
    service = Service.objects.get(name="Neighbour sensory club 1")
    assert service.is_free and service.languages == ["en", "pl"]
    assert set(service.terms.values_list("code", flat=True)) == {"hi", "sensory-clubs"}
    assert TaxonomyTerm.objects.get(code="sensory-clubs").taxonomy.name == "Neighbour service types"
    assert report.terms_created == ["Sensory clubs (Neighbour service types)"]  # once, for both services
    location = service.service_at_locations.get().location
    assert (location.postcode, location.accessibility) == ("DE5 3HR", ["step_free"])
    assert location.accessibility_notes == "Changing bench in room 2"
    assert location.latitude == Decimal("53.050000")
    assert Service.objects.get(name="Neighbour sensory club 2").service_at_locations.get().location == location
    assert service.contacts.get().phone == "01773 000000"
    assert service.organisation.charity_number == "1199999"
    assert any("service areas 'Amber Valley' are not localities here" in w for w in report.warnings)


def test_service_areas_that_match_our_localities_are_kept(tmp_path):
    amber = LocalityFactory(name="Amber Valley", code="amber-valley", postcode_districts=["DE5"])
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(neighbour_service(1)))
    importer.import_feed(str(feed))
    service = Service.objects.get(name="Neighbour sensory club 1")
    assert list(service.localities.all()) == [amber]
    assert service.service_at_locations.get().location.locality == amber


# ------------------------------------------------------------------------------------------- from an API


class FeedHandler(BaseHTTPRequestHandler):
    """Serves a directory laid out like an ORUK API: ``services/page-N.json`` and ``services/<id>.json``."""

    root: Path
    requests: list[str]

    def do_GET(self):  # noqa: N802 - the http.server name
        self.requests.append(self.path)
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/")
        if path == "/slow/api/services":
            clock.sleep(2)
            path = "/api/services"
        if path == "/broken/api/services":
            self.send_error(500)
            return
        if path == "/html/api/services":
            return self._send(b"<html>Not an API</html>", "text/html")
        if path == "/api/services":
            file = self.root / "services" / f"page-{parse_qs(parts.query).get('page', ['1'])[0]}.json"
        elif path.startswith("/api/services/"):
            file = self.root / "services" / f"{path.rsplit('/', 1)[1]}.json"
        else:
            file = None
        if file is None or not file.is_file():
            self.send_error(404)
            return
        self._send(file.read_bytes(), "application/json")

    def _send(self, body: bytes, content_type: str):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


def _page(items: list[dict], number: int, total_pages: int, total: int) -> dict:
    return {"total_items": total, "total_pages": total_pages, "page_number": number, "size": len(items),
            "first_page": number == 1, "last_page": number == total_pages, "empty": not items,
            "contents": [{k: v for k, v in s.items() if not isinstance(v, list)} for s in items]}


def publish_api(root: Path, services: list[dict], per_page: int = 2) -> None:
    folder = root / "services"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    pages = [services[i:i + per_page] for i in range(0, len(services), per_page)] or [[]]
    for number, items in enumerate(pages, start=1):
        (folder / f"page-{number}.json").write_text(json.dumps(_page(items, number, len(pages), len(services))))
    for service in services:
        (folder / f"{service['id']}.json").write_text(json.dumps(service))


@pytest.fixture
def feed_server(tmp_path):
    handler = type("Handler", (FeedHandler,), {"root": tmp_path, "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_port}/api", "root": tmp_path, "requests": handler.requests,
               "port": server.server_port}
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_importing_from_an_api_pages_through_and_fetches_each_service(feed_server):
    services = [neighbour_service(n) for n in range(1, 4)]
    publish_api(feed_server["root"], services)
    output = run(feed_server["url"] + "/", "--per-page", "2")
    assert "Services: 3 created, 0 updated, 0 unchanged, 0 skipped." in output
    assert "New services are not published" in output
    requests = feed_server["requests"]
    assert "/api/services?page=1&per_page=2" in requests and "/api/services?page=2&per_page=2" in requests
    assert {f"/api/services/{s['id']}" for s in services} <= set(requests)
    assert Service.objects.filter(source=feed_server["url"], published=False).count() == 3
    assert Schedule.objects.filter(service__source=feed_server["url"]).count() == 3


def test_a_second_run_from_the_api_reports_nothing_created_and_all_unchanged(feed_server):
    publish_api(feed_server["root"], [neighbour_service(n) for n in range(1, 4)])
    run(feed_server["url"])
    before = counts()
    output = run(feed_server["url"])
    assert "Services: 0 created, 0 updated, 3 unchanged, 0 skipped." in output
    assert "Organisations: 0 created, 0 updated." in output
    after = counts()
    assert after.pop("AuditEvent") == before.pop("AuditEvent") + 1
    assert after == before


def test_changes_in_the_feed_update_and_what_is_gone_is_archived(feed_server):
    services = [neighbour_service(n) for n in range(1, 4)]
    publish_api(feed_server["root"], services)
    run(feed_server["url"], "--publish")
    changed = copy.deepcopy(services)
    changed[0]["name"] = "Neighbour sensory club, renamed"
    changed[0]["schedules"] = []
    changed[0]["contacts"][0]["title"] = "Club manager"
    publish_api(feed_server["root"], changed)
    report = importer.import_feed(feed_server["url"])
    [updated] = report.updated
    assert updated.feed_id == services[0]["id"]
    assert updated.changes == ["name", "schedules removed (1)", "contacts"]
    assert len(report.unchanged) == 2
    service = Service.objects.get(pk=services[0]["id"])
    assert service.name == "Neighbour sensory club, renamed"
    assert service.published is True  # an update keeps the listing's published state
    schedule = Schedule.objects.get(service=service)
    assert schedule.archived_on is not None and "No longer in the Open Referral feed" in schedule.archived_reason
    assert service.contacts.get().title == "Club manager"
    event = AuditEvent.objects.filter(verb=Verb.IMPORTED, target_id=str(service.pk)).order_by("-seq").first()
    assert "Updated the listing" in event.summary


def test_a_service_listed_but_missing_is_skipped_with_its_reason(feed_server):
    services = [neighbour_service(n) for n in range(1, 3)]
    publish_api(feed_server["root"], services)
    (feed_server["root"] / "services" / f"{services[1]['id']}.json").unlink()
    report = importer.import_feed(feed_server["url"])
    assert len(report.created) == 1
    [skipped] = report.skipped
    assert skipped.feed_id == services[1]["id"] and "answered HTTP 404" in skipped.reason


def test_a_network_failure_is_a_clear_command_error_and_writes_nothing():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    before = counts()
    with pytest.raises(CommandError, match=rf"Nothing was imported\. Could not fetch http://127\.0\.0\.1:{port}/"):
        run(f"http://127.0.0.1:{port}/api")
    assert counts() == before


def test_a_slow_server_times_out_with_a_clear_error(feed_server):
    publish_api(feed_server["root"], [neighbour_service(1)])
    with pytest.raises(CommandError, match="no answer within 0.3 seconds|timed out"):
        run(feed_server["url"].replace("/api", "/slow/api"), "--timeout", "0.3")
    assert Service.objects.count() == 0


@pytest.mark.parametrize(("prefix", "message"), [("/broken/api", "answered HTTP 500"),
                                                 ("/html/api", "did not answer with JSON"),
                                                 ("/nowhere/api", "answered HTTP 404: is .* an Open Referral API")])
def test_an_address_that_is_not_an_oruk_api_is_a_clear_error(feed_server, prefix, message):
    with pytest.raises(CommandError, match=message):
        run(feed_server["url"].replace("/api", prefix))


# ----------------------------------------------------------------------------------------- all or nothing


@pytest.mark.parametrize(("broken", "message"), [
    ({"minimum_age": -1}, "minimum_age -1 is negative"),
    ({"maximum_age": "old"}, "maximum_age 'old' is not a number"),
    ({"minimum_age": 14, "maximum_age": 9}, "minimum_age 14 is more than maximum_age 9"),
    ({"maximum_age": 500}, "maximum_age 500 is not a real age"),
    ({"name": ""}, "has no name"),
    ({"status": "open"}, "status 'open' is not one of"),
    ({"id": None}, "has no id"),
])
def test_a_broken_row_stops_the_whole_import_and_the_report_names_it(tmp_path, broken, message):
    services = [neighbour_service(1), neighbour_service(2, **broken), neighbour_service(3)]
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(services))
    before = counts()
    report = importer.import_feed(str(feed))
    assert not report.ok
    [error] = report.errors
    assert error.startswith("row 2 (") and message in error
    assert report.created == [] and report.organisations_created == 0
    assert counts() == before
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem in the feed"):
        run(feed)
    assert counts() == before


def test_the_command_prints_the_broken_row(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([neighbour_service(1), neighbour_service(2, minimum_age=-4)]))
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("directory_import", str(feed), stdout=out)
    assert "ERROR row 2 (Neighbour sensory club 2, id " in out.getvalue()
    assert "minimum_age -4 is negative" in out.getvalue()


def test_a_duplicate_id_is_an_error(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([neighbour_service(1), neighbour_service(1)]))
    report = importer.import_feed(str(feed))
    assert report.errors == [f"row 2 (Neighbour sensory club 1, id {neighbour_service(1)['id']}): has the same id "
                             "as an earlier service"]
    assert Service.objects.count() == 0


def test_a_row_the_database_refuses_rolls_back_everything(tmp_path, monkeypatch):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([neighbour_service(1), neighbour_service(2)]))
    real = importer._Writer.service

    def refuse_second(self, plan):
        outcome = real(self, plan)
        if plan.row.row == 2:
            raise ValidationError({"name": ["refused"]})
        return outcome

    monkeypatch.setattr(importer._Writer, "service", refuse_second)
    before = counts()
    report = importer.import_feed(str(feed))
    assert report.errors == [f"row 2 (Neighbour sensory club 2, id {neighbour_service(2)['id']}): name: refused"]
    assert counts() == before


def test_a_dry_run_reports_but_saves_nothing(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([neighbour_service(1), neighbour_service(2)]))
    before = counts()
    output = run(feed, "--dry-run")
    assert "Dry run" in output and "Services: 2 created" in output
    assert counts() == before


def test_publish_publishes_new_services(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(neighbour_service(1)))
    output = run(feed, "--publish")
    assert "New services are published" in output
    assert Service.objects.get(name="Neighbour sensory club 1").published is True


# ---------------------------------------------------------------------------------------------------- skips


def test_services_that_cannot_be_imported_here_are_skipped_with_reasons(tmp_path):
    ours = ServiceFactory(name="Our own listing")
    ours_copy = neighbour_service(4, id=str(ours.pk), name="Their copy of our listing")
    no_org = neighbour_service(2)
    del no_org["organization"]
    services = [neighbour_service(1), neighbour_service(3, minimum_age=30, maximum_age=65), no_org,
                neighbour_service(5, status="defunct"), ours_copy]
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(services))
    report = importer.import_feed(str(feed))
    assert report.ok and len(report.created) == 1
    reasons = {o.row: o.reason for o in report.skipped}
    assert reasons[2] == "it is for people aged 30 and over; the Local Offer covers 0 to 25"
    assert reasons[3].startswith("no organization with a name")
    assert reasons[4] == "it is closed (defunct) in the feed"
    assert reasons[5] == "a service with this id is already in the directory (added here); it is not overwritten"
    ours.refresh_from_db()
    assert ours.name == "Our own listing" and ours.source == ""
    output = "\n".join(report.lines())
    assert "Skipped:" in output and "row 2 (Neighbour sensory club 3" in output


def test_an_archived_import_is_not_brought_back(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(neighbour_service(1)))
    importer.import_feed(str(feed))
    Service.objects.update(archived_on=timezone.now())
    report = importer.import_feed(str(feed))
    assert report.skipped[0].reason.startswith("an editor archived it here on")


def test_non_uuid_ids_get_stable_uuids(tmp_path):
    service = neighbour_service(1, id="svc-1")
    service["service_at_locations"][0]["location"]["id"] = "venue-9"
    service["organization"]["id"] = "org-7"
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(service))
    first = importer.import_feed(str(feed))
    second = importer.import_feed(str(feed))
    assert len(first.created) == 1 and len(second.unchanged) == 1
    assert Service.objects.filter(name="Neighbour sensory club 1").count() == 1


def test_a_postcode_without_a_position_is_placed_at_its_centroid(tmp_path):
    centroid("DE5", "53.040000", "-1.400000", "Ripley")
    service = neighbour_service(1)
    del service["service_at_locations"][0]["location"]["latitude"]
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(service))
    importer.import_feed(str(feed))
    location = Location.objects.get(name="Ripley Leisure Centre")
    assert (location.latitude, location.longitude) == (Decimal("53.040000"), Decimal("-1.400000"))


@pytest.mark.parametrize(("content", "message"), [(None, "is not a file"), ("{not json", "is not JSON"),
                                                  ("42", "holds neither a service")])
def test_a_file_that_is_not_a_feed_is_a_clear_error(tmp_path, content, message):
    feed = tmp_path / "feed.json"
    if content is not None:
        feed.write_text(content)
    with pytest.raises(CommandError, match=message):
        run(feed)


def test_other_schemes_are_refused():
    with pytest.raises(CommandError, match="give an http or https address"):
        run("ftp://example.org/feed")


def test_schedules_at_a_venue_keep_their_venue(tmp_path):
    service = neighbour_service(1)
    link_id = service["service_at_locations"][0]["id"]
    service["schedules"][0]["service_at_location_id"] = link_id
    service["service_at_locations"][0]["schedules"] = [
        {"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "WE", "opens_at": "16:00", "closes_at": "17:30"}]
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(service))
    importer.import_feed(str(feed))
    schedules = Schedule.objects.filter(service_id=service["id"]).order_by("byday")
    assert [(s.byday, s.service_at_location_id) for s in schedules] == [("SA", uuid.UUID(link_id)),
                                                                       ("WE", uuid.UUID(link_id))]
    assert importer.import_feed(str(feed)).unchanged  # and again: nothing changes


def test_our_own_feed_imports_into_another_directory_and_comes_back_the_same(client, tmp_path):
    """Round trip: what our API publishes, imported as if by another council running Wayfinder (ids remapped so
    they do not collide with ours; term ids kept, as the built-in terms have the same ids everywhere), is
    served again with the same content."""
    dales = LocalityFactory(name="Derbyshire Dales", code="dales", postcode_districts=["DE4"])
    original = ServiceFactory(name="Autism family groups", minimum_age=4, maximum_age=11, is_free=False,
                              fees="£5 a session", alert="No groups in August.", languages=["en", "pl"],
                              phone="01629 111222", eligibility="Families in the Dales",
                              how_to_access="Ring us.", terms=[term("asd"), term("carers-support")],
                              localities=[dales])
    link = ServiceAtLocationFactory(service=original, location=LocationFactory(
        accessibility=["step_free", "hearing_loop"], accessibility_notes="Lift to the first floor."))
    ScheduleFactory(service=original, service_at_location=link)
    CostOption.objects.create(service=original, option="Per session", amount=Decimal("5.00"),
                              amount_description="per family")
    Contact.objects.create(service=original, name="Sam Jones", title="Leader", phone="01629 333444",
                           email="sam@example.org")
    published = client.get(f"/api/openreferral/services/{original.pk}").json()

    keep = {str(pk) for pk in TaxonomyTerm.objects.values_list("pk", flat=True)} | {
        str(pk) for pk in Taxonomy.objects.values_list("pk", flat=True)}
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                  lambda m: m[0] if m[0] in keep else str(uuid.uuid5(uuid.NAMESPACE_OID, m[0])), json.dumps(published))
    feed = tmp_path / "neighbour.json"
    feed.write_text(text)
    report = importer.import_feed(str(feed), publish=True)
    assert report.ok and len(report.created) == 1, report.lines()
    assert report.terms_created == [] and report.warnings == []
    copy_id = json.loads(text)["id"]
    again = client.get(f"/api/openreferral/services/{copy_id}").json()

    def content(body):
        def strip(value):
            if isinstance(value, dict):
                return {k: strip(v) for k, v in value.items()
                        if k not in {"id", "service_id", "location_id", "link_id", "organization_id", "contact_id",
                                     "service_at_location_id", "last_modified"}}
            if isinstance(value, list):
                return [strip(v) for v in value]
            return value
        return strip(body)

    assert content(again) == content(published)
    assert oruk_validation.errors_of(again, "compiled/service.json") == []
