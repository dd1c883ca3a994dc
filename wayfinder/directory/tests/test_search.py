"""The public search, without HTTP: what a family finds, why, and what bad input says."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from wayfinder.directory import postcodes, search
from wayfinder.directory.models import AccessRoute, Location, PlanRequirement, ServiceStatus
from wayfinder.directory.tests.factories import (
    LocationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    centroid,
    term,
)
from wayfinder.people.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db

DE4 = ("53.138000", "-1.555000")
NEAR = (Decimal("53.160000"), Decimal("-1.555000"))  # about 1.5 miles north of the DE4 centroid
FIFTEEN = (Decimal("53.355000"), Decimal("-1.555000"))  # about 15 miles
FAR = (Decimal("53.570000"), Decimal("-1.555000"))  # about 30 miles


def at(service, where, **location):
    lat, lon = where
    ServiceAtLocationFactory(service=service, location=LocationFactory(latitude=lat, longitude=lon, **location))
    return service


def miles_from_de4(where) -> str:
    distance = postcodes.miles(postcodes.distance_m(float(DE4[0]), float(DE4[1]), float(where[0]), float(where[1])))
    return f"{distance:.1f} miles from DE4"


def names(result) -> list[str]:
    assert result.is_valid, result.form.errors
    return [m.service.name for m in result.matches]


@pytest.fixture
def de4():
    return centroid("DE4", *DE4, place="Matlock")


# ----------------------------------------------------------------------------------- the family's search


def test_autism_support_near_de4_for_a_nine_year_old_without_a_diagnosis(de4):
    asd = term("asd")
    wanted = at(ServiceFactory(name="Matlock autism family group", terms=[asd], minimum_age=4, maximum_age=11,
                               diagnosis_required=False), NEAR, name="Matlock Community Centre")
    at(ServiceFactory(name="Diagnosed autism clinic", terms=[asd], minimum_age=4, maximum_age=11,
                      diagnosis_required=True), NEAR)
    at(ServiceFactory(name="Autism teen club", terms=[asd], minimum_age=11, maximum_age=18), NEAR)
    at(ServiceFactory(name="Autism group far away", terms=[asd], minimum_age=4, maximum_age=11), FAR)
    at(ServiceFactory(name="Hearing support group", terms=[term("hi")], minimum_age=4, maximum_age=11), NEAR)
    at(ServiceFactory(name="Unpublished autism group", terms=[asd], published=False), NEAR)

    result = search.search({"need": "asd", "age": "9", "postcode": "DE4", "no_diagnosis": "1"})

    assert names(result) == ["Matlock autism family group"]
    match = result.matches[0]
    assert match.service == wanted
    assert match.reasons == ["Area of need: Autism", "For ages 4 to 11 — includes 9", miles_from_de4(NEAR),
                             "No diagnosis needed"]
    assert match.nearest.name == "Matlock Community Centre"
    assert match.distance_words == miles_from_de4(NEAR).removesuffix(" from DE4")
    assert 1.0 < match.distance_miles < 2.0


def test_without_the_diagnosis_filter_the_diagnosis_service_is_found_too(de4):
    asd = term("asd")
    at(ServiceFactory(name="A group", terms=[asd], diagnosis_required=False), NEAR)
    at(ServiceFactory(name="B clinic", terms=[asd], diagnosis_required=True), NEAR)
    assert names(search.search({"need": "asd", "postcode": "DE4"})) == ["A group", "B clinic"]


def test_a_broad_area_of_need_finds_its_sen_types_but_an_sen_type_does_not_find_its_siblings():
    ServiceFactory(name="Autism outreach", terms=[term("asd")])
    ServiceFactory(name="Speech therapy", terms=[term("slcn")])
    ServiceFactory(name="Communication workshop", terms=[term("communication-interaction")])
    ServiceFactory(name="Hearing support", terms=[term("hi")])

    broad = search.search({"need": "communication-interaction"})
    assert names(broad) == ["Autism outreach", "Communication workshop", "Speech therapy"]
    assert broad.matches[2].reasons == ["Area of need: Speech, language and communication needs"]
    assert names(search.search({"need": "asd"})) == ["Autism outreach"]


def test_codes_are_read_whatever_their_case():
    ServiceFactory(name="Autism outreach", terms=[term("asd")])
    assert names(search.search({"need": " ASD "})) == ["Autism outreach"]


def test_age_matches_the_inclusive_age_range():
    ServiceFactory(name="Under fives", minimum_age=0, maximum_age=5)
    ServiceFactory(name="Five to eleven", minimum_age=5, maximum_age=11)
    ServiceFactory(name="Sixteen plus", minimum_age=16, maximum_age=25)
    assert names(search.search({"age": "5"})) == ["Five to eleven", "Under fives"]
    assert names(search.search({"age": "25"})) == ["Sixteen plus"]
    assert names(search.search({"age": "0"})) == ["Under fives"]


def test_locality_finds_services_there_and_county_wide_ones():
    dales, erewash = LocalityFactory(name="Derbyshire Dales", code="dales"), LocalityFactory(name="Erewash",
                                                                                            code="erewash")
    ServiceFactory(name="Dales service", localities=[dales])
    ServiceFactory(name="Dales and Erewash service", localities=[dales, erewash])
    ServiceFactory(name="County service")
    ServiceFactory(name="Erewash service", localities=[erewash])

    result = search.search({"locality": "dales"})
    assert names(result) == ["County service", "Dales and Erewash service", "Dales service"]
    reasons = {m.service.name: m.reasons for m in result.matches}
    assert reasons["County service"] == ["Covers the whole county"]
    assert reasons["Dales service"] == ["Covers Derbyshire Dales"]


def test_distance_defaults_to_ten_miles_and_results_are_nearest_first(de4):
    at(ServiceFactory(name="A fifteen miles"), FIFTEEN)
    at(ServiceFactory(name="B near"), NEAR)
    at(ServiceFactory(name="C far"), FAR)
    assert names(search.search({"postcode": "DE4"})) == ["B near"]
    assert names(search.search({"postcode": "DE4", "within": "20"})) == ["B near", "A fifteen miles"]
    assert names(search.search({"postcode": "de4", "within": "1"})) == []


def test_the_nearest_venue_of_a_service_is_the_one_shown(de4):
    service = at(ServiceFactory(name="Two venues"), FAR, name="Chesterfield hall")
    at(service, NEAR, name="Matlock hall")
    match = search.search({"postcode": "DE4"}).matches[0]
    assert match.nearest.name == "Matlock hall"


def test_a_full_postcode_falls_back_to_its_district(de4):
    at(ServiceFactory(name="Near"), NEAR)
    result = search.search({"postcode": "de4 3ag"})
    assert names(result) == ["Near"]
    assert result.matches[0].reasons == [miles_from_de4(NEAR).replace("DE4", "DE4 3AG")]


def test_online_services_are_kept_near_a_postcode_after_the_ones_you_visit(de4):
    online = ServiceFactory(name="A phone helpline")
    ServiceAtLocationFactory(service=online, location=LocationFactory(kind=Location.Kind.VIRTUAL, name="Online",
                                                                      latitude=None, longitude=None))
    at(ServiceFactory(name="B near"), NEAR)
    at(ServiceFactory(name="C far"), FAR)
    result = search.search({"postcode": "DE4"})
    assert names(result) == ["B near", "A phone helpline"]
    assert result.matches[1].online
    assert result.matches[1].reasons == ["Online or by phone, so you do not need to travel"]


def test_words_match_the_name_description_and_terms_and_say_where():
    ServiceFactory(name="Sleep clinic", description="Help with bedtimes.")
    ServiceFactory(name="Family hub", description="Advice on sleep and routines.")
    ServiceFactory(name="Speech group", description="Talking games.", terms=[term("slcn")])
    ServiceFactory(name="Swimming", description="Pool sessions.")

    result = search.search({"q": "sleep"})
    assert names(result) == ["Sleep clinic", "Family hub"]  # a match in the name comes first
    assert result.matches[0].reasons == ["Matches “sleep” in the name"]
    assert result.matches[1].reasons == ["Matches “sleep” in the description"]

    by_term = search.search({"q": "language"})
    assert names(by_term) == ["Speech group"]
    assert by_term.matches[0].reasons == ["Matches “language”: listed under Speech, language and communication needs"]


def test_every_word_must_match_and_common_words_and_plurals_do_not_get_in_the_way():
    ServiceFactory(name="Sleep clinic", description="Help with bedtimes for autistic children.")
    ServiceFactory(name="Sleep group", description="Parents meet.")
    assert names(search.search({"q": "sleep autistic"})) == ["Sleep clinic"]
    assert names(search.search({"q": "sleep support for the children"})) == ["Sleep clinic"]
    assert names(search.search({"q": "groups"})) == ["Sleep group"]


def test_flags_narrow_the_results_and_say_so():
    ServiceFactory(name="Everything", is_free=True, plan_requirement=PlanRequirement.ANY,
                   access_routes=[AccessRoute.SELF_REFERRAL, AccessRoute.VIA_GP])
    ServiceFactory(name="Costs money", is_free=False, fees="£5 a session", access_routes=[AccessRoute.SELF_REFERRAL])
    ServiceFactory(name="Plan only", plan_requirement=PlanRequirement.PLAN_ONLY,
                   access_routes=[AccessRoute.SELF_REFERRAL])
    ServiceFactory(name="Referral only", access_routes=[AccessRoute.VIA_PROFESSIONAL])

    result = search.search({"free": "1", "no_plan": "on", "self_referral": "1"})
    assert names(result) == ["Everything"]
    assert result.matches[0].reasons == ["No EHC plan needed", "Free", "You can contact them yourself"]
    assert names(search.search({"self_referral": "1"})) == ["Costs money", "Everything", "Plan only"]
    assert names(search.search({"no_plan": "1"})) == ["Costs money", "Everything", "Referral only"]


def test_heading_category_and_level_filters_combine():
    health, therapy, targeted = term("health"), term("therapy"), term("targeted")
    ServiceFactory(name="Targeted therapy", terms=[health, therapy, targeted])
    ServiceFactory(name="Universal therapy", terms=[health, therapy, term("universal")])
    ServiceFactory(name="Health visiting", terms=[health, targeted])
    result = search.search({"heading": "health", "category": "therapy", "level": "targeted"})
    assert names(result) == ["Targeted therapy"]
    assert result.matches[0].reasons == ["Local Offer section: Health", "Kind of service: Therapy",
                                         "Level of support: Targeted"]
    assert names(search.search({"heading": "health"})) == ["Health visiting", "Targeted therapy", "Universal therapy"]


def test_venue_accessibility_needs_every_feature_at_one_venue(de4):
    both = at(ServiceFactory(name="Both at one venue"), NEAR, name="Accessible hall",
              accessibility=["step_free", "hearing_loop"])
    split = at(ServiceFactory(name="Split across venues"), NEAR, accessibility=["step_free"])
    at(split, NEAR, accessibility=["hearing_loop"])
    result = search.search({"access": ["step_free", "hearing_loop"]})
    assert names(result) == ["Both at one venue"]
    assert result.matches[0].reasons == ["Step-free access and Hearing loop at Accessible hall"]
    assert result.matches[0].service == both


def test_accessible_venue_must_be_the_one_within_the_distance(de4):
    service = at(ServiceFactory(name="Accessible only far away"), FAR, accessibility=["step_free"])
    at(service, NEAR, accessibility=[])
    assert names(search.search({"postcode": "DE4", "access": "step_free"})) == []
    assert names(search.search({"postcode": "DE4"})) == ["Accessible only far away"]


def test_only_public_listings_are_found():
    ServiceFactory(name="Live")
    ServiceFactory(name="Unpublished", published=False)
    ServiceFactory(name="Archived", archived_on=timezone.now())
    ServiceFactory(name="Closed for good", status=ServiceStatus.DEFUNCT)
    ServiceFactory(name="Paused", status=ServiceStatus.TEMPORARILY_CLOSED)
    assert names(search.search({})) == ["Live", "Paused"]


def test_stale_listings_are_marked():
    ServiceFactory(name="Fresh")
    ServiceFactory(name="Stale", last_confirmed_on=date.today() - timedelta(days=200), confirm_every_days=182)
    stale = {m.service.name: m.stale for m in search.search({}).matches}
    assert stale == {"Fresh": False, "Stale": True}


# ------------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"age": "nine"}, "age", "Enter the age as a whole number of years, like 9"),
    ({"age": "9.5"}, "age", "Enter the age as a whole number of years, like 9"),
    ({"age": "26"}, "age", "Enter an age from 0 to 25"),
    ({"age": "-1"}, "age", "Enter an age from 0 to 25"),
    ({"need": "dragons"}, "need", "Select an area of need from the list"),
    ({"heading": "dragons"}, "heading", "Select a Local Offer section from the list"),
    ({"category": "dragons"}, "category", "Select a kind of service from the list"),
    ({"level": "dragons"}, "level", "Select a level of support from the list"),
    ({"locality": "atlantis"}, "locality", "Select an area of the county from the list"),
    ({"access": "jetpack"}, "access", "Select venue accessibility features from the list"),
    ({"postcode": "DE4", "within": "7"}, "within", "Select a distance from the list"),
    ({"postcode": "not a postcode"}, "postcode", "Enter a real postcode"),
    ({"postcode": "ZZ9"}, "postcode", "We do not know where ZZ9 is"),
])
def test_bad_input_gives_a_message_on_the_field_and_no_results(de4, params, field, message):
    ServiceFactory(name="Anything")
    result = search.search(params)
    assert not result.is_valid
    assert result.matches == []
    assert any(message in error for error in result.form.errors[field])


def test_the_postcode_message_is_the_one_postcodes_gives(de4):
    result = search.search({"postcode": "S1 1AA"})
    with pytest.raises(postcodes.PostcodeError) as error:
        postcodes.locate("S1 1AA")
    assert result.form.errors["postcode"] == [str(error.value)]


def test_page_out_of_range_is_an_error_that_keeps_the_search():
    for n in range(3):
        ServiceFactory(name=f"Service {n}")
    result = search.search({"q": "service", "page": "4"})
    assert not result.is_valid
    assert result.matches == []
    assert result.criteria.q == "service"
    assert result.form.non_field_errors() == ["There is no page 4 of these results: they fit on 1 page"]
    assert not search.search({"page": "two"}).is_valid
    assert not search.search({"page": "0"}).is_valid


# ------------------------------------------------------------------------------------ pages and the address


def test_results_come_twenty_a_page():
    for n in range(25):
        ServiceFactory(name=f"Service {n:02d}")
    first = search.search({})
    assert first.total == 25
    assert [m.service.name for m in first.shown] == [f"Service {n:02d}" for n in range(20)]
    second = search.search({"page": "2"})
    assert [m.service.name for m in second.shown] == [f"Service {n:02d}" for n in range(20, 25)]
    everything = search.search({"page": "2"}, paginate=False)
    assert len(everything.shown) == 25


def test_the_search_address_is_tidied_and_each_filter_can_be_removed(de4):
    result = search.search({"q": " sleep ", "need": "ASD", "postcode": "de4", "access": ["hearing_loop", "step_free"],
                            "free": "on"})
    criteria = result.criteria
    assert criteria.query() == ("q=sleep&need=asd&postcode=DE4&within=10&free=1&access=step_free"
                                "&access=hearing_loop")
    filters = {f.label: f.remove_query for f in criteria.filters()}
    assert filters["Within 10 miles of DE4"] == "q=sleep&need=asd&free=1&access=step_free&access=hearing_loop"
    assert filters["Hearing loop"] == "q=sleep&need=asd&postcode=DE4&within=10&free=1&access=step_free"
    assert filters["Area of need: Autism"] == ("q=sleep&postcode=DE4&within=10&free=1&access=step_free"
                                               "&access=hearing_loop")
    assert list(filters) == ["Words: sleep", "Area of need: Autism", "Within 10 miles of DE4", "Free",
                             "Step-free access", "Hearing loop"]


def test_distance_without_a_postcode_is_not_a_filter():
    ServiceFactory(name="Anywhere")
    result = search.search({"within": "5"})
    assert names(result) == ["Anywhere"]
    assert result.criteria.filters() == []


def test_search_words_drop_common_words_and_plurals():
    assert search.search_words("Autism support groups near DE4 for the kids") == ["autism", "group", "de4", "kid"]
    assert search.search_words("class glasses") == ["class", "glasse"]  # "ss" is not a plural
    assert search.search_words("help") == ["help"]  # only common words: keep them


def test_a_search_is_a_bounded_number_of_queries(de4, django_assert_max_num_queries):
    asd, health = term("asd"), term("health")
    for n in range(30):
        service = at(ServiceFactory(name=f"Service {n}", terms=[asd, health], minimum_age=0, maximum_age=18,
                                    localities=[LocalityFactory()]), NEAR, accessibility=["step_free"])
        at(service, FAR)
    with django_assert_max_num_queries(10):
        result = search.search({"need": "communication-interaction", "age": "9", "postcode": "DE4",
                                "heading": "health", "q": "service", "access": "step_free"})
        assert result.total == 30
        assert all(m.reasons for m in result.shown)
