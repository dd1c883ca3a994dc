from datetime import date, timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record
from wayfinder.people import selectors, services
from wayfinder.people.codes import SENStatus
from wayfinder.people.identifiers import make_upn
from wayfinder.people.models import search_key
from wayfinder.people.tests.factories import (
    ChildCarerFactory,
    ChildFactory,
    EnrolmentFactory,
    InvolvementFactory,
    LocalityFactory,
    SettingFactory,
)

pytestmark = pytest.mark.django_db

FIRST_NAMES = ["Amy", "Ben", "Cara", "Dev", "Ella", "Finn", "Gus", "Hana", "Ian", "Jo", "Kai", "Lea", "Max", "Nia",
               "Oli", "Pia", "Raj", "Ruby", "Sam", "Tia"]
UPN = make_upn("830", "2000", "16", "001")


@pytest.fixture
def north():
    return LocalityFactory(name="North")


@pytest.fixture
def manager(north):
    return UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[north])


def names(children):
    return [child.display_name for child in children]


def test_one_word_matches_the_start_of_a_last_name_or_a_first_name(manager, north):
    ruby = ChildFactory(legal_forename="Ruby", legal_surname="Hallam", locality=north)
    hal = ChildFactory(legal_forename="Hal", legal_surname="Smith", locality=north)
    ChildFactory(legal_forename="Ann", legal_surname="Shallam", locality=north)  # "hal" inside, not at the start
    assert set(selectors.child_search(user=manager, query="hal")) == {ruby, hal}


def test_two_words_match_first_and_last_name_in_either_order(manager, north):
    ruby = ChildFactory(legal_forename="Ruby", legal_surname="Hallam", locality=north)
    ChildFactory(legal_forename="Ruby", legal_surname="Smith", locality=north)
    ChildFactory(legal_forename="Harry", legal_surname="Hallam", locality=north)
    assert selectors.child_search(user=manager, query="ru hall") == [ruby]
    assert selectors.child_search(user=manager, query="Hallam, Ruby") == [ruby]
    assert selectors.child_search(user=manager, query="  RU   HAL ") == [ruby]


def test_name_search_ignores_accents_punctuation_and_uses_the_preferred_name(manager, north):
    zoe = ChildFactory(legal_forename="Zoë", legal_surname="O'Brien-Smith", locality=north)
    bex = ChildFactory(legal_forename="Rebecca", preferred_name="Bex", legal_surname="Fox", locality=north)
    assert selectors.child_search(user=manager, query="zoe obrien") == [zoe]
    assert selectors.child_search(user=manager, query="o'brien-sm") == [zoe]
    assert selectors.child_search(user=manager, query="bex fox") == [bex]


def test_a_upn_shaped_query_matches_the_upn_exactly(manager, north):
    child = ChildFactory(upn=UPN, locality=north)
    ChildFactory(legal_surname=UPN, locality=north)
    assert selectors.child_search(user=manager, query=UPN.lower()) == [child]
    assert selectors.child_search(user=manager, query=f" {UPN[:5]} {UPN[5:]} ") == [child]


@pytest.mark.parametrize("query", ["17/5/2016", "17 5 2016", "2016-05-17", "17/05/2016"])
def test_a_date_matches_the_date_of_birth(manager, north, query):
    born = ChildFactory(date_of_birth=date(2016, 5, 17), locality=north)
    ChildFactory(date_of_birth=date(2016, 5, 18), locality=north)
    assert selectors.child_search(user=manager, query=query) == [born]


def test_a_date_that_does_not_exist_matches_nothing(manager, north):
    ChildFactory(date_of_birth=date(2016, 2, 28), locality=north)
    assert selectors.child_search(user=manager, query="31/2/2016") == []


def test_search_returns_only_children_the_user_may_see(manager, north):
    here = ChildFactory(legal_surname="Marsden", locality=north)
    ChildFactory(legal_surname="Marsden", locality=LocalityFactory())
    assert selectors.child_search(user=manager, query="marsden") == [here]
    senco = UserFactory(role=Role.SENCO, setting=SettingFactory())
    assert selectors.child_search(user=senco, query="marsden") == []


def test_search_leaves_out_archived_records_unless_asked(manager, north):
    archived = ChildFactory(legal_surname="Hallam", locality=north, archived_on=timezone.now() - timedelta(days=1))
    live = ChildFactory(legal_surname="Hallam", locality=north)
    assert selectors.child_search(user=manager, query="hallam") == [live]
    assert set(selectors.child_search(user=manager, query="hallam", include_archived=True)) == {live, archived}


def test_search_results_are_in_name_order_and_limited(manager, north):
    for surname in ["Hart", "Hall", "Hamm", "Hallam"]:
        ChildFactory(legal_forename="Amy", legal_surname=surname, locality=north)
    assert names(selectors.child_search(user=manager, query="ha", limit=3)) == ["Amy Hall", "Amy Hallam", "Amy Hamm"]


def test_name_search_is_a_range_on_the_name_index_not_a_pattern_match(manager, north):
    with CaptureQueriesContext(connection) as queries:
        selectors.child_search(user=manager, query="ru hal")
    sql = queries.captured_queries[-1]["sql"].upper().replace("`", '"')
    assert "LIKE" not in sql
    assert "\"SURNAME_KEY\" >=" in sql and "\"SURNAME_KEY\" <" in sql


@pytest.mark.parametrize(("prefix", "successor"), [("hal", "ham"), ("haz", "hb"), ("a9", "aa"), ("zz", None)])
def test_a_prefix_ends_at_the_next_key_in_the_search_alphabet(prefix, successor):
    assert selectors._prefix_successor(prefix) == successor


def test_a_prefix_of_zs_has_no_upper_bound_and_still_matches(manager, north):
    zed = ChildFactory(legal_forename="Zara", legal_surname="Zzaman", locality=north)
    assert selectors.child_search(user=manager, query="zz") == [zed]
    assert selectors.child_search(user=manager, query="zara zz") == [zed]


def test_name_search_reads_a_name_index_never_the_whole_table_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the plan text checked here is SQLite's")
    from wayfinder.people.models import Child

    locality = LocalityFactory()
    Child.objects.bulk_create(
        Child(legal_forename=FIRST_NAMES[i % 20], legal_surname=f"Name{i:04d}", surname_key=f"name{i:04d}",
              forename_key=search_key(FIRST_NAMES[i % 20]), date_of_birth=date(2016, 1, 1), locality=locality)
        for i in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner needs statistics, as a real database has
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)
    name_indexes = ("child_name_search", "child_forename_search", "surname_key")
    for query in ("name01", "amy name01", "ruby"):
        for queryset in selectors._search_querysets(user=officer, query=query):
            plan = queryset[:50].explain()
            child_steps = [line for line in plan.splitlines()
                           if "people_child " in line or line.endswith("people_child")]
            assert child_steps and all("USING" in line and "INDEX" in line for line in child_steps), plan
            assert any(index in line for line in child_steps for index in name_indexes), plan


def test_a_search_merges_last_name_and_first_name_matches_in_name_order(manager, north):
    """Each way of matching is cut at the limit on its own; the merge still gives the true first N."""
    for forename, surname in [("Amy", "Hall"), ("Hal", "Zeller"), ("Ben", "Halsey"), ("Halima", "Adams")]:
        ChildFactory(legal_forename=forename, legal_surname=surname, locality=north)
    assert names(selectors.child_search(user=manager, query="hal")) == [
        "Halima Adams", "Amy Hall", "Ben Halsey", "Hal Zeller"]
    assert names(selectors.child_search(user=manager, query="hal", limit=2)) == ["Halima Adams", "Amy Hall"]


def test_the_record_loads_in_a_fixed_number_of_queries_however_big_the_family(manager, north):
    small = ChildFactory(locality=north)
    ChildCarerFactory(child=small)
    EnrolmentFactory(child=small)
    InvolvementFactory(child=small, user=UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST))
    big = ChildFactory(locality=north)
    for _ in range(5):
        ChildCarerFactory(child=big)
        EnrolmentFactory(child=big)
        InvolvementFactory(child=big, user=UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST))

    def load(pk):
        child = selectors.child_record(user=manager, pk=pk)
        for link in child.live_carer_links:
            str(link.carer)
        for enrolment in child.live_enrolments:
            str(enrolment.setting)
        for involvement in child.current_involvements:
            str(involvement.user), involvement.user.get_role_display()
        return child

    with CaptureQueriesContext(connection) as small_queries:
        load(small.pk)
    with CaptureQueriesContext(connection) as big_queries:
        child = load(big.pk)
    assert len(small_queries) == len(big_queries)
    assert (len(child.live_carer_links), len(child.live_enrolments), len(child.current_involvements)) == (5, 5, 5)


def test_the_record_of_a_child_the_user_may_not_see_is_not_found(manager):
    stranger = ChildFactory(locality=LocalityFactory())
    with pytest.raises(Http404):
        selectors.child_record(user=manager, pk=stranger.pk)
    with pytest.raises(Http404):
        selectors.child_record(user=manager, pk=999_999)


def test_record_separates_current_and_past_settings_and_hides_ended_involvements(manager, north):
    child = ChildFactory(locality=north)
    now = EnrolmentFactory(child=child, start_date=date(2023, 9, 1))
    before = EnrolmentFactory(child=child, start_date=date(2020, 9, 1), end_date=date(2023, 7, 20))
    InvolvementFactory(child=child, user=manager, start_date=date(2022, 1, 1), end_date=date(2022, 6, 1))
    record = selectors.child_record(user=manager, pk=child.pk)
    assert selectors.current_enrolments(record) == [now]
    assert selectors.past_enrolments(record) == [before]
    assert record.current_involvements == []


def test_a_merged_record_leads_to_the_record_it_was_merged_into(manager, north):
    keep, merge = ChildFactory(locality=north), ChildFactory(locality=north)
    services.child_merge(actor=manager, keep=keep, merge=merge)
    with pytest.raises(Http404):
        selectors.child_record(user=manager, pk=merge.pk)
    assert selectors.child_merged_into(user=manager, pk=merge.pk) == keep
    outsider = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[LocalityFactory()])
    assert selectors.child_merged_into(user=outsider, pk=merge.pk) is None


def test_chronology_includes_records_merged_into_the_child_newest_first(manager, north):
    keep, merge = ChildFactory(locality=north), ChildFactory(locality=north)
    audit_record(actor=manager, verb=Verb.UPDATED, target=merge, child=merge, summary="Old record's change")
    audit_record(actor=manager, verb=Verb.VIEWED, target=keep, child=keep, summary="Viewed the record")
    services.child_merge(actor=manager, keep=keep, merge=merge)
    events = selectors.child_chronology(user=manager, child=keep)
    summaries = [e.summary for e in events]
    assert "Old record's change" in summaries and "Viewed the record" in summaries
    assert [e.seq for e in events] == sorted((e.seq for e in events), reverse=True)
    changes_only = selectors.child_chronology(user=manager, child=keep, include_access=False)
    assert "Viewed the record" not in [e.summary for e in changes_only]


def test_chronology_is_not_found_for_roles_without_it(north):
    child = ChildFactory(locality=north)
    school = SettingFactory()
    EnrolmentFactory(child=child, setting=school)
    senco = UserFactory(role=Role.SENCO, setting=school)
    with pytest.raises(Http404):
        selectors.child_chronology(user=senco, child=child)


def test_chronology_entries_read_changes_as_labelled_before_and_after(manager, north):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)
    child = services.child_create(actor=officer, legal_forename="Ruby", legal_surname="Hallam",
                                  date_of_birth=date(2014, 3, 9), locality=north)
    south = LocalityFactory(name="South")
    services.child_update(actor=officer, child=child, locality=south, sen_status=SENStatus.EHC_PLAN,
                          disability=True, date_of_birth=date(2014, 3, 10))
    events = selectors.child_chronology(user=officer, child=child)
    entry = selectors.chronology_entries(child=child, events=events)[0]
    lines = {line.label: (line.before, line.after) for line in entry.changes}
    assert lines["Locality"] == ("North", "South")
    assert lines["SEN status"] == ("No special educational need recorded", "Education, health and care plan")
    assert lines["Disability"] == ("No", "Yes")
    assert lines["Date of birth"] == ("9 March 2014", "10 March 2014")


def test_duplicate_flags_never_reveal_a_record_the_user_cannot_see(north):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)
    first = services.child_create(actor=officer, legal_forename="Ruby", legal_surname="Hallam",
                                  date_of_birth=date(2014, 3, 9), upn=UPN, locality=north)
    second = services.child_create(actor=officer, legal_forename="Rubie", legal_surname="Hallam",
                                   date_of_birth=date(2014, 3, 9), upn=UPN, locality=LocalityFactory())
    assert len(selectors.duplicate_flags(user=officer, child=first)) == 1
    assert len(selectors.duplicate_flags(user=officer, child=second)) == 1
    manager = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[north])
    assert selectors.duplicate_flags(user=manager) == []


def test_setting_pupils_lists_send_pupils_on_roll_and_searches_the_whole_roll():
    school = SettingFactory()
    senco = UserFactory(role=Role.SENCO, setting=school)
    support = ChildFactory(legal_surname="Hallam", sen_status=SENStatus.SEN_SUPPORT)
    plan = ChildFactory(legal_surname="Jones", sen_status=SENStatus.EHC_PLAN)
    none = ChildFactory(legal_surname="Hallett", sen_status=SENStatus.NONE)
    elsewhere = ChildFactory(legal_surname="Hall", sen_status=SENStatus.EHC_PLAN)
    for child in (support, plan, none):
        EnrolmentFactory(child=child, setting=school)
    EnrolmentFactory(child=elsewhere)
    assert set(selectors.setting_pupils(user=senco)) == {support, plan}
    assert set(selectors.setting_pupils(user=senco, query="hal")) == {support, none}
