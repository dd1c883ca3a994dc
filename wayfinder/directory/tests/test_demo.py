"""The demo county's Local Offer (``wayfinder.directory.demo``), built once with the small county for the whole
module inside a transaction that is rolled back afterwards, as ``wayfinder/demo/tests`` do."""

import io
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils.html import escape

from wayfinder.accounts.models import Role, User
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.audit.verify import audit_verify
from wayfinder.core.dates import today
from wayfinder.demo.generator import DEMO_PASSWORD, directory_rng
from wayfinder.directory import demo, postcodes, vocab
from wayfinder.directory.models import (
    CarerAssessmentRequest,
    ChangeStatus,
    ListingChange,
    Location,
    Organisation,
    Page,
    PageKind,
    PostcodeCentroid,
    Question,
    Service,
    ServiceStatus,
    TaxonomyTerm,
)
from wayfinder.directory.policies import provider_organisations
from wayfinder.directory.selectors import public_services
from wayfinder.people import identifiers
from wayfinder.people.models import Locality
from wayfinder.statutory.calendar import WorkingDayCalendar

pytestmark = pytest.mark.django_db

BROAD_AREAS = ("communication-interaction", "cognition-learning", "semh", "sensory-physical")


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("demo", "--size", "small", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def published():
    return list(public_services().prefetch_related("terms__taxonomy", "localities",
                                                   "service_at_locations__location"))


def codes(service, taxonomy: str) -> set[str]:
    return {t.code for t in service.terms.all() if t.taxonomy.code == taxonomy}


def test_the_small_county_has_over_a_hundred_published_services_in_every_locality(county):
    services = published()
    assert len(services) >= 100
    served = Counter(loc.code for s in services for loc in s.localities.all())
    assert set(served) == set(Locality.objects.values_list("code", flat=True))
    assert min(served.values()) >= 10
    assert any(not s.localities.all() for s in services)  # some serve the whole county
    assert f"{len(services)} published Local Offer services from" in county  # the command's summary


def test_some_listings_are_stale_and_fewer_than_three_in_ten(county):
    services = published()
    stale = [s for s in services if s.is_stale(today())]
    assert 0 < len(stale) < 0.3 * len(services)
    assert all(s.confirm_every_days == settings.WAYFINDER_LISTING_CONFIRM_DAYS for s in services)
    oldest = min(s.last_confirmed_on for s in services)
    assert today() - oldest <= timedelta(days=demo.HISTORY_DAYS)
    assert all(s.reminders.exists() for s in stale)  # their providers were asked to reconfirm


def test_some_listings_are_waiting_for_review_and_two_are_archived(county):
    waiting = Service.objects.filter(published=False, archived_on__isnull=True)
    assert waiting.count() >= 3 and all(s.source.startswith(demo.IMPORT_FEED) for s in waiting)
    assert not public_services().filter(pk__in=waiting).exists()
    archived = Service.objects.filter(archived_on__isnull=False)
    assert archived.count() == 2 and all(s.archived_reason for s in archived)
    assert Service.objects.filter(status=ServiceStatus.TEMPORARILY_CLOSED).exclude(alert="").exists()


def test_every_category_heading_and_level_is_used_by_a_published_service(county):
    services = published()
    for taxonomy in (vocab.CATEGORY, vocab.LOCAL_OFFER, vocab.LEVEL):
        used = set().union(*(codes(s, taxonomy) for s in services))
        assert used == set(TaxonomyTerm.objects.filter(taxonomy__code=taxonomy).values_list("code", flat=True)), \
            taxonomy
    for category in vocab.CARERS_CATEGORIES:
        assert any(category in codes(s, vocab.CATEGORY) for s in services), category


def test_each_area_of_need_has_support_at_every_level_and_while_you_wait(county):
    services = published()
    for area in BROAD_AREAS:
        in_area = [s for s in services if area in codes(s, vocab.NEED)]
        assert {"universal", "targeted", "specialist"} <= set().union(*(codes(s, vocab.LEVEL) for s in in_area)), area
        assert any("while-you-wait" in codes(s, vocab.CATEGORY) for s in in_area), area
        # a service tagged with an SEN type is tagged with its broad area too
    for service in services:
        needs = {t for t in service.terms.all() if t.taxonomy.code == vocab.NEED}
        assert all(t.parent is None or t.parent in needs for t in needs), service.name


def test_a_family_finds_autism_support_in_matlock_for_a_nine_year_old_without_a_diagnosis(county):
    here = postcodes.locate("DE4")  # the district's centroid was loaded
    found = [
        s for s in published()
        if "asd" in codes(s, vocab.NEED) and not s.diagnosis_required and s.minimum_age <= 9 <= s.maximum_age
        and any(link.location.postcode.startswith("DE4 ") for link in s.service_at_locations.all())
    ]
    assert demo.ACCEPTANCE_SERVICE in [s.name for s in found]
    drop_in = next(s for s in found if s.name == demo.ACCEPTANCE_SERVICE)
    assert drop_in.status == ServiceStatus.ACTIVE and not drop_in.is_stale(today())
    assert drop_in.plan_requirement == "any" and "self_referral" in drop_in.access_routes
    location = drop_in.service_at_locations.get().location
    distance = postcodes.distance_m(here.latitude, here.longitude, float(location.latitude), float(location.longitude))
    assert distance < 1000
    assert drop_in.schedules.exists() and drop_in.contacts.exists()


def test_the_pathways_and_guides_are_published_with_their_history(county):
    pages = {p.slug: p for p in Page.objects.select_related("need")}
    pathways = [p for p in pages.values() if p.kind == PageKind.PATHWAY]
    guides = [p for p in pages.values() if p.kind == PageKind.GUIDE]
    assert len(pathways) == 4 and len(guides) == 5
    assert {p.need.code for p in pathways} == set(BROAD_AREAS)
    assert Page.objects.filter(kind=PageKind.CARERS).count() == 1
    for page in pages.values():
        revision = page.published_revision()
        assert revision is not None and revision.title and revision.summary and revision.body, page.slug
        assert "<" not in revision.body  # Markdown, no HTML
        assert "{" not in revision.body  # no unfilled placeholder
        if page.kind == PageKind.PATHWAY:
            assert [step["level"] for step in revision.steps] == ["universal", "targeted", "specialist"]
            assert all(step["title"] and step["body"] and step["next"] for step in revision.steps)
            assert revision.while_you_wait and "Parent Carer Voice" in revision.co_produced_with
    ehc = pages["ehc-plans"].published_revision().body
    assert "6 weeks" in ehc and "20 weeks" in ehc and "regulation 5" in ehc and "regulation 13" in ehc
    assert str(settings.WAYFINDER_ASK_US_DAYS) in pages["carers"].published_revision().body

    with_history = [p for p in pathways if p.revisions.count() > 1]
    assert len(with_history) == 1
    page = with_history[0]
    revisions = list(page.revisions.order_by("created_on"))
    assert [r.published_on is not None for r in revisions] == [True, True, False]
    assert page.published_revision() == revisions[1]
    assert page.latest_revision() == revisions[2] and revisions[2].body != revisions[1].body


def test_the_provider_can_sign_in_and_speaks_for_one_organisation_with_a_change_waiting(county, client):
    provider = User.objects.get(username="provider")
    assert provider.role == Role.DIRECTORY_PROVIDER and not provider.requires_mfa
    response = client.post(reverse("accounts:sign-in"), {"username": "provider", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("provider:home")
    organisations = list(provider_organisations(provider))
    assert len(organisations) == 1
    organisation = organisations[0]
    assert organisation.services.filter(published=True).count() >= 3
    assert organisation.services.filter(name=demo.ACCEPTANCE_SERVICE).exists()
    assert organisation.name in client.get(reverse("provider:home")).content.decode()

    changes = ListingChange.objects.filter(service__organisation=organisation, submitted_by=provider)
    pending = changes.get(status=ChangeStatus.PENDING)
    rejected = changes.get(status=ChangeStatus.REJECTED)
    assert pending.data != pending.base and pending.decided_by is None
    assert pending.data["description"] != pending.service.description  # not public before review
    assert pending.base["description"] == pending.service.description
    assert rejected.reason and rejected.decided_by.username == "editor" and rejected.decided_on
    assert "the listings of Peak and Dales Autism Family Network" in county


def test_the_editor_is_in_the_ask_us_team_that_owns_the_questions(county):
    editor = User.objects.get(username="editor")
    assert editor.team.name == settings.WAYFINDER_ASK_US_TEAM
    assert set(Question.objects.values_list("team", flat=True)) == {editor.team_id}
    assert set(CarerAssessmentRequest.objects.values_list("team", flat=True)) == {editor.team_id}


def test_carers_questions_are_answered_open_and_overdue(county):
    on, calendar = today(), WorkingDayCalendar()
    questions = list(Question.objects.all())
    assert len(questions) == 12
    assert len({q.reference for q in questions}) == 12 and all(len(q.token_hash) == 64 for q in questions)
    answered = [q for q in questions if q.answered_on]
    assert answered and all(q.answer and q.answered_by and q.answered_on.date() >= q.received_on for q in answered)
    open_ = [q for q in questions if not q.answered_on]
    overdue = [q for q in open_ if calendar.add_working_days(q.received_on, settings.WAYFINDER_ASK_US_DAYS) < on]
    assert 2 <= len(overdue) <= 3
    assert len(open_) > len(overdue)  # some still within the promised time
    assert all(on - q.received_on <= timedelta(days=45) for q in questions)


def test_carers_assessment_requests_are_at_different_stages(county):
    requests = list(CarerAssessmentRequest.objects.prefetch_related("steps"))
    assert len(requests) == 5
    latest = [list(r.steps.all())[-1].stage for r in requests]
    assert len(set(latest)) == 5
    for request in requests:
        days = [step.on for step in request.steps.all()]
        assert days == sorted(days) and days[0] == request.received_on and days[-1] <= today()


def test_the_rows_are_valid_and_the_audit_trail_verifies(county):
    for service in Service.objects.all():
        service.full_clean(exclude=["localities", "terms"])
    for location in Location.objects.all():
        location.full_clean()
        if location.kind == Location.Kind.PHYSICAL:
            assert identifiers.normalise_postcode(location.postcode) == location.postcode
            assert location.latitude is not None and location.locality_id
    for organisation in Organisation.objects.all():
        organisation.full_clean()
    created = AuditEvent.objects.filter(verb=Verb.CREATED, target_type="directory.organisation")
    assert set(created.values_list("target_id", flat=True)) == {str(pk) for pk in
                                                                 Organisation.objects.values_list("pk", flat=True)}
    assert AuditEvent.objects.filter(verb=Verb.SUBMITTED, target_type="directory.service").count() == 2
    assert AuditEvent.objects.filter(verb=Verb.GENERATED).count() == 1
    assert audit_verify().ok


def test_the_same_seed_plans_the_same_directory_and_another_does_not(county):
    on = today()
    ctx = demo.context()
    first = demo.plan(ctx, on=on, rng=directory_rng(2019), size="small")
    second = demo.plan(ctx, on=on, rng=directory_rng(2019), size="small")
    assert [s.name for s in first.services] == [s.name for s in second.services]
    assert [s.pk for s in first.services] == [s.pk for s in second.services]
    assert [s.last_confirmed_on for s in first.services] == [s.last_confirmed_on for s in second.services]
    assert sorted(Service.objects.values_list("pk", "name")) == sorted((s.pk, s.name) for s in first.services)
    other = demo.plan(ctx, on=on, rng=directory_rng(7), size="small")
    assert [s.name for s in other.services] != [s.name for s in first.services]


@pytest.mark.parametrize("size, low, high", [("small", 110, 130), ("county", 320, 400), ("large", 340, 400)])
def test_every_size_plans_several_hundred_distinct_services_at_most(county, size, low, high):
    planned = demo.plan(demo.context(), on=today(), rng=directory_rng(1), size=size)
    names = [s.name for s in planned.services]
    assert low <= len(names) <= high and len(set(names)) == len(names)
    assert 0.1 <= planned.counts()["stale services"] / planned.counts()["published services"] <= 0.2


def test_without_the_districts_file_the_demo_uses_its_own_district_positions(county, settings, tmp_path):
    settings.WAYFINDER_SHARED_DATA = tmp_path
    PostcodeCentroid.objects.filter(code__in=["DE4", "SK17"]).delete()
    assert "built-in" in demo.load_centroids()
    matlock = PostcodeCentroid.objects.get(code="DE4")
    assert matlock.place == "Matlock" and 53.0 < float(matlock.latitude) < 53.3
    assert PostcodeCentroid.objects.filter(code="SK17").exists()


def test_a_county_built_before_the_directory_existed_is_built_again(county):
    from django.db import connection

    from wayfinder.audit.services import audit_record

    with transaction.atomic():
        # What an earlier release recorded about its build: reviews among its counts, but no directory.
        audit_record(actor=None, verb=Verb.GENERATED, target_type="demo.county", target_id="small",
                     payload={"size": "small", "seed": 2019, "counts": {"children": {}, "reviews": {}}})
        if connection.vendor == "postgresql":  # as in wayfinder/demo/tests: flush inside one transaction
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        out = io.StringIO()
        call_command("demo", "--size", "small", stdout=out)
        assert "without the Local Offer directory: building it again" in out.getvalue()
        assert public_services().filter(name=demo.ACCEPTANCE_SERVICE).exists()
        transaction.set_rollback(True)


def test_the_open_referral_api_validates_over_the_demo_directory(county, client):
    from wayfinder.directory.tests.oruk_validation import validate_all_endpoints

    assert validate_all_endpoints(client) == []


def test_the_public_search_finds_the_matlock_drop_in(county, client):
    response = client.get(reverse("localoffer:search"),
                          {"need": "asd", "age": "9", "postcode": "DE4", "no_diagnosis": "1"})
    assert response.status_code == 200
    assert demo.ACCEPTANCE_SERVICE in response.content.decode()
    hearing = client.get(reverse("localoffer:search"), {"need": "hi", "age": "9", "postcode": "DE4"})
    assert hearing.status_code == 200 and demo.ACCEPTANCE_SERVICE not in hearing.content.decode()


def test_the_pathway_and_guide_pages_show_to_the_public(county, client):
    for page in Page.objects.exclude(kind=PageKind.CARERS):
        name = "localoffer:pathway" if page.kind == PageKind.PATHWAY else "localoffer:guide"
        response = client.get(reverse(name, kwargs={"slug": page.slug}))
        assert response.status_code == 200, page.slug
        html = response.content.decode()
        assert escape(page.published_revision().title) in html, page.slug
        if page.kind == PageKind.PATHWAY:
            assert "Support while you wait" in html, page.slug
