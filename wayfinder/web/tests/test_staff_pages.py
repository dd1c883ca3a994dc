"""Staff pages (/staff/): find a child, create, read, change, merge, and the chronology."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import TeamFactory, UserFactory
from wayfinder.audit.models import AuditEvent, Verb
from wayfinder.audit.services import audit_record
from wayfinder.core.dates import today
from wayfinder.people import services
from wayfinder.people.forms import ChildForm
from wayfinder.people.identifiers import make_upn
from wayfinder.people.models import Child, ChildCarer, Enrolment, PossibleDuplicate
from wayfinder.people.tests.factories import (
    CarerFactory,
    ChildCarerFactory,
    ChildFactory,
    EnrolmentFactory,
    InvolvementFactory,
    LocalityFactory,
    SettingFactory,
)

pytestmark = pytest.mark.django_db

UPN = make_upn("830", "2000", "16", "001")
BAD_CHECK_LETTER_UPN = ("B" if UPN[0] != "B" else "C") + UPN[1:]


@pytest.fixture
def north():
    return LocalityFactory(name="North Derbyshire")


@pytest.fixture
def officer(north):
    """A casework officer who sees every child (so pages, not scope, are under test)."""
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL, first_name="Priya", last_name="Shah")


@pytest.fixture
def staff_client(client, sign_in, officer):
    return sign_in(client, officer)


def date_fields(name: str, value: date | None = None, *, day="", month="", year="") -> dict[str, str]:
    """POST data for a date field, whatever names the GOV.UK date widget gives its inputs."""
    if value is not None:
        day, month, year = str(value.day), str(value.month), str(value.year)
    widget = ChildForm.base_fields[name].widget
    suffixes = getattr(widget, "widgets_names", None)
    if not suffixes:
        return {name: f"{year}-{month}-{day}"}
    return dict(zip((name + suffix for suffix in suffixes), (day, month, year), strict=True))


def new_child_data(**overrides) -> dict[str, str]:
    data = {
        "legal_forename": "Ruby", "legal_surname": "Hallam", "preferred_name": "", "sex": "F",
        "ethnicity": "WBRI", "upn": "", "upn_unknown_reason": "", "uln": "", "nhs_number": "",
        "postcode": "DE4 3AG", "address": "1 Dale Road, Matlock", "locality": "", "first_language": "English",
        "communication_needs": "", "disability": "False", "known_to_social_care": "False", "sen_status": "K",
        "primary_need": "SLCN", "secondary_need": "", "caseworker": "",
        **date_fields("date_of_birth", date(2016, 5, 17)),
    }
    data.update(overrides)
    return data


def page(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------------------------------- audience


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302 and reverse("accounts:sign-in") in response["Location"]


@pytest.mark.parametrize("role", [Role.SENCO, Role.PARENT, Role.YOUNG_PERSON])
def test_setting_and_family_users_are_refused_the_staff_pages(client, sign_in, role):
    sign_in(client, UserFactory(role=role))
    child = ChildFactory()
    for url in (reverse("staff:home"), reverse("staff:child-search"),
                reverse("staff:child-detail", kwargs={"pk": child.pk})):
        assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(verb=Verb.VIEWED).exists()


# ------------------------------------------------------------------------------------------- search


def test_searching_by_name_prefix_lists_only_children_the_officer_may_see(client, sign_in, north):
    team = TeamFactory()
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.TEAM, team=team)
    mine = ChildFactory(legal_forename="Ruby", legal_surname="Hallam", caseworker=officer, locality=north)
    ChildFactory(legal_forename="Rubina", legal_surname="Hall", locality=north)  # no relationship
    sign_in(client, officer)
    response = client.get(reverse("staff:child-search"), {"q": "ru hal"})
    assert response.status_code == 200
    assert "Ruby Hallam" in page(response) and "Rubina Hall" not in page(response)
    assert reverse("staff:child-detail", kwargs={"pk": mine.pk}) in page(response)
    assert "North Derbyshire" in page(response)


def test_each_search_writes_one_searched_event_without_a_child(staff_client, officer):
    staff_client.get(reverse("staff:child-search"), {"q": "Hallam"})
    event = AuditEvent.objects.get(verb=Verb.SEARCHED)
    assert (event.actor, event.child_id, event.target_type) == (officer, None, "people.child")
    assert event.summary == "Searched for 'Hallam'"


def test_searching_by_upn_or_date_of_birth_finds_the_child(staff_client, north):
    child = ChildFactory(legal_forename="Ruby", legal_surname="Hallam", upn=UPN, date_of_birth=date(2016, 5, 17))
    ChildFactory(legal_forename="Other", legal_surname="Child", date_of_birth=date(2015, 1, 2))
    for query in (UPN.lower(), "17/5/2016", "17 5 2016", "2016-05-17"):
        body = page(staff_client.get(reverse("staff:child-search"), {"q": query}))
        assert child.display_name in body and "Other Child" not in body, query


def test_an_empty_search_shows_only_the_form_and_records_nothing(staff_client):
    response = staff_client.get(reverse("staff:child-search"))
    assert response.status_code == 200
    assert "Name, UPN or date of birth" in page(response)
    assert "No children match" not in page(response) and "govuk-table" not in page(response)
    assert not AuditEvent.objects.filter(verb=Verb.SEARCHED).exists()


def test_a_search_with_no_results_says_so(staff_client):
    response = staff_client.get(reverse("staff:child-search"), {"q": "Zebedee"})
    assert "No children match" in page(response)


def test_staff_home_shows_my_caseload_and_possible_duplicates(staff_client, officer, north):
    ChildFactory(legal_forename="Ruby", legal_surname="Hallam", caseworker=officer)
    ChildFactory(legal_forename="Not", legal_surname="Mine")
    first = services.child_create(actor=officer, legal_forename="Amy", legal_surname="Twin",
                                  date_of_birth=date(2015, 1, 1), upn=UPN)
    services.child_create(actor=officer, legal_forename="Aimee", legal_surname="Twin",
                          date_of_birth=date(2015, 1, 1), upn=UPN)
    body = page(staff_client.get(reverse("staff:home")))
    assert "Ruby Hallam" in body and "Not Mine" not in body
    assert "Possible duplicate records" in body and f"record {first.pk}" in body


# ------------------------------------------------------------------------------------------- record


def test_the_record_page_shows_the_child_and_writes_a_viewed_event(staff_client, officer, north):
    child = ChildFactory(legal_forename="Ruby", legal_surname="Hallam", nhs_number="9434765870", locality=north)
    carer = CarerFactory(given_name="Jo", family_name="Hallam", needs_interpreter=True, interpreter_language="Polish")
    ChildCarerFactory(child=child, carer=carer)
    EnrolmentFactory(child=child, setting=SettingFactory(name="Brimington Junior School"))
    InvolvementFactory(child=child, user=UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST, first_name="Ed",
                                                     last_name="Psych"))
    response = staff_client.get(reverse("staff:child-detail", kwargs={"pk": child.pk}))
    body = page(response)
    assert response.status_code == 200
    for text in ("Ruby Hallam", "943 476 5870", "Jo Hallam", "Polish", "Brimington Junior School", "Ed Psych",
                 "North Derbyshire", "17 May 2016"):
        assert text in body, text
    event = AuditEvent.objects.get(verb=Verb.VIEWED)
    assert (event.actor, event.child_id, event.summary) == (officer, child.pk, "Viewed the record")


def test_a_young_person_of_16_or_over_is_shown_as_making_their_own_decisions(staff_client):
    child = ChildFactory(date_of_birth=today() - timedelta(days=365 * 17))
    assert "Makes their own decisions" in page(staff_client.get(reverse("staff:child-detail", kwargs={"pk": child.pk})))


def test_another_localitys_child_is_not_found_for_a_team_scope_officer(client, sign_in, north):
    team = TeamFactory(locality=north)
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.TEAM, team=team)
    elsewhere = ChildFactory(locality=LocalityFactory(name="Erewash"))
    sign_in(client, officer)
    assert client.get(reverse("staff:child-detail", kwargs={"pk": elsewhere.pk})).status_code == 404
    assert client.get(reverse("staff:child-detail", kwargs={"pk": 987_654})).status_code == 404
    assert not AuditEvent.objects.filter(verb=Verb.VIEWED).exists()


def test_the_record_page_runs_the_same_number_of_queries_for_a_big_family_as_a_small_one(staff_client):
    def child_with(n: int) -> Child:
        child = ChildFactory()
        for _ in range(n):
            ChildCarerFactory(child=child)
            EnrolmentFactory(child=child)
            InvolvementFactory(child=child, user=UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST, team=TeamFactory()))
        return child

    small, big = child_with(1), child_with(5)
    staff_client.get(reverse("staff:child-detail", kwargs={"pk": small.pk}))  # warm the session
    counts = []
    for child in (small, big):
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(reverse("staff:child-detail", kwargs={"pk": child.pk}))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# ------------------------------------------------------------------------------------------- create


def test_adding_a_child_redirects_to_the_record_and_records_a_created_event(staff_client, officer):
    response = staff_client.post(reverse("staff:child-new"), new_child_data(upn=UPN.lower(), nhs_number="943 476 5870"))
    child = Child.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:child-detail", kwargs={"pk": child.pk})
    assert (child.upn, child.nhs_number, child.date_of_birth) == (UPN, "9434765870", date(2016, 5, 17))
    assert AuditEvent.objects.filter(verb=Verb.CREATED, child_id=child.pk, actor=officer).count() == 1
    followed = staff_client.get(response["Location"])
    assert "Record created for Ruby Hallam" in page(followed)


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("upn", {"upn": BAD_CHECK_LETTER_UPN}),
        ("date_of_birth", date_fields("date_of_birth", today() + timedelta(days=1))),
        ("postcode", {"postcode": "NOT A CODE"}),
        ("date_of_birth", date_fields("date_of_birth", day="17", month="", year="2016")),
    ],
    ids=["bad UPN check letter", "future date of birth", "invalid postcode", "missing month"],
)
def test_bad_input_shows_the_error_summary_and_saves_nothing(staff_client, field, overrides):
    response = staff_client.post(reverse("staff:child-new"), new_child_data(**overrides))
    body = page(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    form = response.context["form"]
    assert field in form.errors
    assert f'href="#{form[field].error_target_id}"' in body
    assert f'id="{form[field].error_target_id}"' in body
    assert body.count("govuk-error-message") >= 1
    assert not Child.objects.exists()
    assert not AuditEvent.objects.exists()


def test_the_error_summary_lists_every_problem_at_once(staff_client):
    data = new_child_data(upn=BAD_CHECK_LETTER_UPN, postcode="NOT A CODE",
                          **date_fields("date_of_birth", day="17", month="", year="2016"))
    response = staff_client.post(reverse("staff:child-new"), data)
    form = response.context["form"]
    assert {"date_of_birth", "upn", "postcode"} <= set(form.errors)
    body = page(response)
    for field in ("date_of_birth", "upn", "postcode"):
        assert f'href="#{form[field].error_target_id}"' in body
    assert not Child.objects.exists() and not AuditEvent.objects.exists()


def test_a_professional_who_may_not_create_records_gets_403_from_the_create_form(client, sign_in):
    sign_in(client, UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST))
    assert client.get(reverse("staff:child-new")).status_code == 403
    assert client.post(reverse("staff:child-new"), new_child_data()).status_code == 403
    assert not Child.objects.exists()


def test_adding_a_second_child_with_the_same_upn_shows_a_duplicate_warning(staff_client):
    staff_client.post(reverse("staff:child-new"), new_child_data(upn=UPN))
    first = Child.objects.get()
    response = staff_client.post(reverse("staff:child-new"), new_child_data(upn=UPN, legal_forename="Rubie"),
                                 follow=True)
    second = Child.objects.exclude(pk=first.pk).get()
    body = page(response)
    assert "This may be the same child as" in body
    assert reverse("staff:child-detail", kwargs={"pk": first.pk}) in body
    assert reverse("staff:child-merge", kwargs={"pk": second.pk, "other_pk": first.pk}) in body
    assert "Not the same child" in body


# ------------------------------------------------------------------------------------------- change


def test_changing_a_record_is_recorded_and_shown_in_the_chronology(staff_client, officer, north):
    child = services.child_create(actor=officer, legal_forename="Ruby", legal_surname="Hallam",
                                  date_of_birth=date(2016, 5, 17), postcode="DE4 3AG")
    form_page = staff_client.get(reverse("staff:child-edit", kwargs={"pk": child.pk}))
    assert form_page.status_code == 200 and 'value="Hallam"' in page(form_page)
    data = new_child_data(postcode="S40 1LP", locality=str(north.pk))
    response = staff_client.post(reverse("staff:child-edit", kwargs={"pk": child.pk}), data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.postcode == "S40 1LP"
    chronology = page(staff_client.get(reverse("staff:child-chronology", kwargs={"pk": child.pk})))
    assert "Postcode: DE4 3AG" in chronology and "S40 1LP" in chronology
    assert "Locality: (blank)" in chronology and "North Derbyshire" in chronology


def test_a_professional_who_can_see_a_record_cannot_change_it(client, sign_in):
    psychologist = UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST)
    child = ChildFactory()
    InvolvementFactory(child=child, user=psychologist)
    sign_in(client, psychologist)
    assert client.get(reverse("staff:child-detail", kwargs={"pk": child.pk})).status_code == 200
    assert "Change record" not in page(client.get(reverse("staff:child-detail", kwargs={"pk": child.pk})))
    assert client.get(reverse("staff:child-edit", kwargs={"pk": child.pk})).status_code == 403
    assert client.post(reverse("staff:child-edit", kwargs={"pk": child.pk}), new_child_data()).status_code == 403


def test_bad_input_on_the_change_form_changes_nothing(staff_client, officer):
    child = services.child_create(actor=officer, legal_forename="Ruby", legal_surname="Hallam",
                                  date_of_birth=date(2016, 5, 17), postcode="DE4 3AG")
    events = AuditEvent.objects.count()
    response = staff_client.post(reverse("staff:child-edit", kwargs={"pk": child.pk}),
                                 new_child_data(postcode="NOT A CODE", legal_surname="Changed"))
    assert response.status_code == 200 and "govuk-error-summary" in page(response)
    child.refresh_from_db()
    assert (child.legal_surname, child.postcode) == ("Hallam", "DE4 3AG")
    assert AuditEvent.objects.count() == events


# ------------------------------------------------------------------------------------------- chronology


def test_the_chronology_shows_changes_and_hides_views_unless_asked(staff_client, officer):
    child = services.child_create(actor=officer, legal_forename="Ruby", legal_surname="Hallam",
                                  date_of_birth=date(2016, 5, 17))
    staff_client.get(reverse("staff:child-detail", kwargs={"pk": child.pk}))
    url = reverse("staff:child-chronology", kwargs={"pk": child.pk})
    changes = page(staff_client.get(url))
    assert "Record created" in changes and "Viewed the record" not in changes
    assert "Viewed the record" in page(staff_client.get(url, {"show": "all"}))


def test_chronology_times_are_shown_in_uk_time_for_people(staff_client, officer):
    child = ChildFactory()
    audit_record(actor=officer, verb=Verb.UPDATED, target=child, child=child, summary="Something changed")
    event = AuditEvent.objects.get()
    local = timezone.localtime(event.occurred_at)
    expected = f"{local:%-d %B %Y} at {local:%-I:%M}{local:%p}".replace("AM", "am").replace("PM", "pm")
    assert expected in page(staff_client.get(reverse("staff:child-chronology", kwargs={"pk": child.pk})))


@pytest.mark.parametrize("role", [Role.SENCO, Role.PARENT])
def test_the_chronology_is_hidden_from_a_senco_and_a_parent(client, sign_in, role):
    school = SettingFactory()
    user = UserFactory(role=role, setting=school if role == Role.SENCO else None)
    child = ChildFactory()
    EnrolmentFactory(child=child, setting=school)
    ChildCarerFactory(child=child, carer=CarerFactory(user=user if role == Role.PARENT else None))
    sign_in(client, user)
    response = client.get(reverse("staff:child-chronology", kwargs={"pk": child.pk}))
    assert response.status_code == 403  # a page for another audience; never the chronology
    assert "Chronology" not in page(response)


def test_the_chronology_is_not_found_for_a_professional_who_can_see_the_record(client, sign_in):
    psychologist = UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST)
    child = ChildFactory()
    InvolvementFactory(child=child, user=psychologist)
    sign_in(client, psychologist)
    assert client.get(reverse("staff:child-chronology", kwargs={"pk": child.pk})).status_code == 404


# ------------------------------------------------------------------------------------------- duplicates


@pytest.fixture
def pair(officer):
    """Two records for what may be the same child, each with its own carer, setting and professional."""
    first = services.child_create(actor=officer, legal_forename="Ruby", legal_surname="Hallam",
                                  date_of_birth=date(2016, 5, 17), upn=UPN)
    second = services.child_create(actor=officer, legal_forename="Rubie", legal_surname="Hallam",
                                   date_of_birth=date(2016, 5, 17), upn=UPN)
    for child in (first, second):
        ChildCarerFactory(child=child)
        EnrolmentFactory(child=child)
        InvolvementFactory(child=child, user=UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST))
    audit_record(actor=officer, verb=Verb.UPDATED, target=second, child=second, summary="Second record's own change")
    return first, second


def test_merging_asks_first_then_moves_carers_and_settings_and_joins_the_chronologies(staff_client, pair):
    keep, merge = pair
    url = reverse("staff:child-merge", kwargs={"pk": keep.pk, "other_pk": merge.pk})
    confirm = staff_client.get(url)
    assert confirm.status_code == 200
    assert f"Merge record {merge.pk} into record {keep.pk}?" in page(confirm)
    assert "Nothing is deleted" in page(confirm)
    assert Child.objects.get(pk=merge.pk).merged_into is None  # asking changes nothing

    response = staff_client.post(url)
    assert response.status_code == 302
    merge.refresh_from_db()
    assert merge.merged_into == keep
    assert ChildCarer.objects.filter(child=keep, archived_on__isnull=True).count() == 2
    assert Enrolment.objects.filter(child=keep).count() == 2
    assert PossibleDuplicate.objects.get().resolution == PossibleDuplicate.Resolution.MERGED

    chronology = page(staff_client.get(reverse("staff:child-chronology", kwargs={"pk": keep.pk})))
    assert "Second record&#x27;s own change" in chronology or "Second record's own change" in chronology
    assert f"From merged record {merge.pk}" in chronology
    assert f"Record {merge.pk} merged into this record" in chronology

    # The merged record's address now leads to the record it was merged into.
    old = staff_client.get(reverse("staff:child-detail", kwargs={"pk": merge.pk}))
    assert old.status_code == 302 and old["Location"] == reverse("staff:child-detail", kwargs={"pk": keep.pk})


def test_only_staff_who_may_merge_can_merge(client, sign_in, pair):
    keep, merge = pair
    psychologist = UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST)
    for child in pair:
        InvolvementFactory(child=child, user=psychologist)
    sign_in(client, psychologist)
    url = reverse("staff:child-merge", kwargs={"pk": keep.pk, "other_pk": merge.pk})
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    merge.refresh_from_db()
    assert merge.merged_into is None


def test_not_the_same_child_resolves_the_flag_and_returns_to_the_record(staff_client, pair):
    keep, _ = pair
    flag = PossibleDuplicate.objects.get()
    record = reverse("staff:child-detail", kwargs={"pk": keep.pk})
    response = staff_client.post(reverse("staff:duplicate-dismiss", kwargs={"pk": flag.pk}), {"next": record})
    assert response.status_code == 302 and response["Location"] == record
    flag.refresh_from_db()
    assert flag.resolution == PossibleDuplicate.Resolution.NOT_DUPLICATE
    assert "This may be the same child as" not in page(staff_client.get(record))
    assert staff_client.get(reverse("staff:duplicate-dismiss", kwargs={"pk": flag.pk})).status_code == 405


def test_dismissing_ignores_a_next_address_on_another_site(staff_client, pair):
    flag = PossibleDuplicate.objects.get()
    response = staff_client.post(reverse("staff:duplicate-dismiss", kwargs={"pk": flag.pk}),
                                 {"next": "https://evil.example/"})
    assert response["Location"] == reverse("staff:child-detail", kwargs={"pk": flag.child_id})
