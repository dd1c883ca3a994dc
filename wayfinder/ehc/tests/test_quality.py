"""Tests for the EHC plan quality checks: worked examples in plan language, and properties.

Every child, professional and plan here is invented.
"""

from __future__ import annotations

import pickle
import time
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wayfinder.ehc import quality
from wayfinder.ehc.quality import (
    CHECKS,
    COPY_MIN_WORDS,
    VAGUE_PHRASES,
    AdviceStatus,
    Finding,
    Need,
    OtherPlanText,
    Outcome,
    PlanSnapshot,
    PlanTextIndex,
    Provision,
    check_advice_not_received,
    check_copied_text,
    check_need_without_provision,
    check_no_preparing_for_adulthood_outcome,
    check_outcome_not_measurable,
    check_provision_not_specific,
    check_section_left_empty,
    run_checks,
    to_other_plan_text,
)

PROPERTY = settings(max_examples=120, deadline=None)

SALT = (
    "Speech and language therapist delivers 1:1 therapy, 30 minutes, twice a week, for the school year; "
    "reviewed each term"
)
ALL_ADVICE = (
    AdviceStatus("education", requested=True, received=True, professional="Mrs Begum, SENCO"),
    AdviceStatus("health", requested=True, received=True, professional="Dr Patel, community paediatrician"),
    AdviceStatus("psychology", requested=True, received=True, professional="Dr Lewis, educational psychologist"),
    AdviceStatus("social_care", requested=True, received=True, professional="Ms Okafor, social worker"),
)


def good_plan(**changes) -> PlanSnapshot:
    """A well-written plan for Amira, in Year 5, that passes every check."""
    plan = PlanSnapshot(
        plan_id="EHC-2026-0117",
        child_name="Amira Hassan",
        year_group=5,
        section_a=(
            "Amira loves drawing horses and wants to be a vet when she grows up.\n\n"
            "Her mum says she is happiest when she knows what is going to happen next in the day."
        ),
        needs=(
            Need("B1", "Amira finds it hard to understand long spoken instructions and to find the words she "
                       "wants when she is asked a question in class.", "SLCN", 1),
            Need("B2", "Amira reads about two years behind her classmates and finds it hard to blend sounds "
                       "into words.", "SPLD", 2),
        ),
        section_c="No health needs identified, based on advice from Dr Patel, community paediatrician, 3 March "
                  "2026",
        section_d="No social care needs identified, based on advice from Ms Okafor, social worker, 10 March 2026",
        outcomes=(
            Outcome("E1", "Amira will follow a two-step instruction in class without an adult repeating it.",
                    by_when="by the end of Year 6", measure="Class teacher records in 8 out of 10 lessons"),
            Outcome("E2", "Amira will read a book at her chronological reading age.", by_when="July 2027",
                    measure="York Assessment of Reading for Comprehension, summer term"),
        ),
        provisions=(
            Provision("F1", ("B1",), SALT),
            Provision("F2", ("B2",), "Structured phonics programme delivered by a trained teaching assistant",
                      who="Teaching assistant trained by the specialist teacher", frequency="daily",
                      duration="20 minutes", group_size="group of up to 4", review="each half-term"),
        ),
        section_g="No health provision identified, based on advice from Dr Patel, community paediatrician, "
                  "3 March 2026",
        section_h1="No provision identified, based on advice from Ms Okafor, social worker, 10 March 2026",
        section_h2="",
        advice=ALL_ADVICE,
    )
    return replace(plan, **changes)


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def messages(findings: list[Finding]) -> list[str]:
    return [finding.message for finding in findings]


def provision(what: str, **fields) -> PlanSnapshot:
    return good_plan(provisions=(Provision("F2", ("B1", "B2"), what, **fields),))


# --------------------------------------------------------------------------------------------- the whole plan


def test_a_well_written_plan_has_no_findings():
    assert run_checks(good_plan()) == []


def test_the_checks_are_listed_in_display_order_under_their_function_names():
    assert list(CHECKS) == [
        "provision_not_specific",
        "need_without_provision",
        "outcome_not_measurable",
        "no_preparing_for_adulthood_outcome",
        "section_left_empty",
        "advice_not_received",
        "copied_text",
    ]
    for name, check in CHECKS.items():
        assert check.__name__ == f"check_{name}"
        assert getattr(quality, f"check_{name}") is check


@pytest.mark.parametrize("name", list(CHECKS))
def test_every_check_cites_the_law_or_guidance_it_implements(name):
    doc = CHECKS[name].__doc__
    assert "SEND Regulations 2014" in doc or "SEND Code of Practice" in doc


def test_a_badly_written_plan_gets_one_plain_sentence_per_finding_each_with_a_reason():
    plan = good_plan(
        year_group=10,
        section_c="",
        provisions=(Provision("F1", ("B1",), "Access to speech and language therapy as required"),),
        outcomes=(Outcome("E1", "Amira will be more confident.", by_when="ongoing"),),
        advice=(),
    )
    findings = run_checks(plan)
    assert {finding.check for finding in findings} >= set(CHECKS) - {"copied_text"}
    for finding in findings:
        assert finding.message.endswith(".")
        assert finding.message.count(". ") == 0
        assert "please" not in finding.message.lower()
        assert finding.reason


# --------------------------------------------------------------------------------------------- 1. provision


def test_well_specified_speech_and_language_therapy_in_one_sentence_passes():
    assert check_provision_not_specific(provision(SALT)) == []


def test_provision_with_frequency_and_duration_in_their_own_fields_passes():
    plan = provision("Speech and language therapy from a qualified therapist", frequency="twice a week",
                     duration="30 minutes for the school year")
    assert check_provision_not_specific(plan) == []


def test_provision_with_access_to_and_as_required_and_no_frequency_is_flagged():
    finding = only(check_provision_not_specific(provision("Access to speech and language therapy as required")))
    assert finding.check == "provision_not_specific"
    assert (finding.section, finding.ref) == ("F", "F2")
    assert finding.message == "F2 says “access to” and “as required” and gives no frequency or duration."
    assert "9.69" in finding.reason
    assert "L v Clarke and Somerset" in finding.reason


def test_three_vague_phrases_are_listed_with_commas_and_a_final_and():
    plan = provision("Regular opportunities for social skills work where possible", frequency="weekly",
                     duration="45 minutes")
    assert messages(check_provision_not_specific(plan)) == [
        "F2 says “regular”, “opportunities for” and “where possible”, which leaves open how much will be provided."
    ]


def test_regular_check_ins_are_flagged_even_with_a_frequency_and_duration():
    plan = provision("Regular check-ins with a key adult", frequency="each morning", duration="10 minutes")
    assert messages(check_provision_not_specific(plan)) == [
        "F2 says “regular”, which leaves open how much will be provided."
    ]


def test_a_vague_phrase_repeated_is_named_once():
    plan = provision("Access to a laptop and access to a quiet room", frequency="every lesson",
                     duration="for the school year")
    assert messages(check_provision_not_specific(plan)) == [
        "F2 says “access to”, which leaves open how much will be provided."
    ]


def test_vague_phrases_are_matched_whatever_their_case():
    plan = provision("Support As Appropriate from the class teacher", frequency="daily", duration="15 minutes")
    assert "“support as appropriate”" in only(check_provision_not_specific(plan)).message


def test_a_vague_phrase_in_the_frequency_field_is_named():
    plan = provision("Movement breaks with a teaching assistant", frequency="as and when", duration="5 minutes")
    assert messages(check_provision_not_specific(plan)) == [
        "F2 says “as and when” and gives no frequency."
    ]


def test_provision_with_a_frequency_but_no_duration_is_flagged():
    plan = provision("Precision teaching of high-frequency words by a teaching assistant", frequency="daily")
    assert messages(check_provision_not_specific(plan)) == ["F2 gives no duration."]


def test_provision_with_a_duration_but_no_frequency_is_flagged():
    plan = provision("Social communication group run by the specialist teacher", duration="40 minutes")
    assert messages(check_provision_not_specific(plan)) == ["F2 gives no frequency."]


def test_one_to_one_support_is_a_group_size_not_a_frequency_or_duration():
    plan = provision("1:1 support from a teaching assistant trained in Makaton, one-to-one")
    assert messages(check_provision_not_specific(plan)) == ["F2 gives no frequency or duration."]


def test_provision_that_does_not_say_what_it_is_is_flagged():
    plan = provision("   ", frequency="daily", duration="30 minutes")
    assert messages(check_provision_not_specific(plan)) == ["F2 does not say what the provision is."]


@pytest.mark.parametrize("phrase", VAGUE_PHRASES)
def test_every_vague_phrase_in_an_otherwise_quantified_provision_is_named(phrase):
    plan = provision(f"Daily 30-minute reading sessions with a teaching assistant {phrase} the class teacher")
    assert f"“{phrase}”" in only(check_provision_not_specific(plan)).message


@pytest.mark.parametrize(
    "what",
    [
        "Weekly travel training on the route to Mayfield College, 1 hour, for the summer term",
        "A visit to the mayor's parlour with the school council, 1 hour, once a term",
        "Mighty Writers handwriting programme, 20 minutes daily, for two terms",
        "Irregular verbs practised with a teaching assistant, 15 minutes, three times a week, for a term",
        "Accessible, enlarged print copies of all texts in every lesson",
        "Maycroft reading scheme books at home, 10 minutes, every evening, for the school year",
    ],
)
def test_a_vague_word_inside_another_word_is_not_flagged(what):
    assert check_provision_not_specific(provision(what)) == []


@pytest.mark.parametrize(
    "what",
    [
        "Reading programme from May 2026, 20 minutes daily, for the school year",
        "Reading programme starting in May, 20 minutes daily, for the school year",
        "Reading programme, 20 minutes daily, until 22 May 2027",
    ],
)
def test_may_the_month_is_not_may_the_verb(what):
    assert check_provision_not_specific(provision(what)) == []


@pytest.mark.parametrize(
    "what",
    [
        "Amira may attend the nurture group, 30 minutes daily, for the school year",
        "May attend the nurture group, 30 minutes daily, for the school year",
    ],
)
def test_may_the_verb_is_flagged(what):
    assert "“may”" in only(check_provision_not_specific(provision(what))).message


def test_a_group_size_of_up_to_four_does_not_make_provision_vague():
    plan = provision("Small-group maths teaching by a specialist teacher", frequency="3 times a week",
                     duration="45 minutes", group_size="group of up to 4")
    assert check_provision_not_specific(plan) == []


def test_up_to_four_pupils_in_the_description_is_a_group_size_and_is_not_flagged():
    plan = provision("Nurture group of up to 4 pupils led by a trained teaching assistant", frequency="daily",
                     duration="30 minutes")
    assert check_provision_not_specific(plan) == []


def test_up_to_three_hours_sets_a_ceiling_and_is_flagged():
    plan = provision("Up to 3 hours of 1:1 tuition from a qualified teacher of the deaf", frequency="weekly")
    assert messages(check_provision_not_specific(plan)) == [
        "F2 says “up to”, which leaves open how much will be provided."
    ]


def test_up_to_date_is_not_vague():
    plan = provision("The class teacher keeps the visual timetable up to date, 5 minutes, each morning")
    assert check_provision_not_specific(plan) == []


def test_a_quoted_outcome_inside_provision_is_not_read_as_provision():
    plan = provision("Lunchtime club towards the outcome “Amira will have opportunities for play with friends”",
                     frequency="twice a week", duration="30 minutes")
    assert check_provision_not_specific(plan) == []


def test_opportunities_for_in_an_outcome_is_not_a_finding_about_section_f():
    outcome = Outcome("E3", "Amira will take up opportunities for play with two friends at lunchtime.",
                      by_when="by the end of the spring term", measure="Lunchtime supervisor log")
    assert check_provision_not_specific(good_plan(outcomes=(outcome,))) == []


@PROPERTY
@given(st.sampled_from(VAGUE_PHRASES), st.sampled_from(["", " ", "\n", "  "]))
def test_a_vague_phrase_is_found_whatever_the_whitespace_inside_it(phrase, space):
    spaced = phrase.replace(" ", f" {space}")
    plan = provision(f"Reading with an adult {spaced} the teacher, 20 minutes daily, for the school year")
    assert f"“{phrase}”" in only(check_provision_not_specific(plan)).message


# --------------------------------------------------------------------------------------------- 2. needs


def test_a_need_with_no_provision_is_flagged_with_its_type_of_need():
    plan = good_plan(provisions=(Provision("F2", ("B2",), "Phonics, 20 minutes daily, for the school year"),))
    finding = only(check_need_without_provision(plan))
    assert (finding.check, finding.section, finding.ref) == ("need_without_provision", "B", "B1")
    assert finding.message == "No provision in section F meets B1 (speech, language and communication needs)."
    assert "ex p E" in finding.reason


def test_every_need_met_by_some_provision_passes():
    assert check_need_without_provision(good_plan()) == []


def test_a_plan_with_needs_and_no_provision_at_all_flags_every_need():
    findings = check_need_without_provision(good_plan(provisions=()))
    assert [finding.ref for finding in findings] == ["B1", "B2"]


def test_need_refs_match_ignoring_case_and_spaces():
    plan = good_plan(provisions=(Provision("F1", (" b1", "B 2"), SALT),))
    assert check_need_without_provision(plan) == []


def test_a_need_of_unknown_type_is_named_by_its_ref_alone():
    plan = good_plan(needs=(Need("B7", "Amira finds changes of routine hard.", "XYZ", 3),))
    assert messages(check_need_without_provision(plan)) == ["No provision in section F meets B7."]


# --------------------------------------------------------------------------------------------- 3. outcomes


def outcome(by_when: str, measure: str = "Termly reading age test by the SENCO") -> PlanSnapshot:
    return good_plan(outcomes=(Outcome("E1", "Amira will read aloud a page of a book at her level.",
                                       by_when=by_when, measure=measure),))


@pytest.mark.parametrize(
    "by_when",
    [
        "by the end of Year 6",
        "July 2027",
        "by age 16",
        "by the end of Key Stage 2",
        "end of KS3",
        "within 6 months",
        "in two terms",
        "by the end of the summer term",
        "by half-term",
        "by the next annual review",
        "by 31/07/2027",
        "by the end of Year R",
        "by the end of the academic year",
        "before transfer to secondary school",
        "by her 16th birthday",
        "by the end of primary school",
    ],
)
def test_an_outcome_with_a_time_frame_and_a_measure_passes(by_when):
    assert check_outcome_not_measurable(outcome(by_when)) == []


@pytest.mark.parametrize("by_when", ["ongoing", "over time", "in the long term", "when ready", "as soon as possible"])
def test_an_outcome_whose_time_frame_is_not_a_time_is_flagged_and_quoted(by_when):
    finding = only(check_outcome_not_measurable(outcome(by_when)))
    assert (finding.check, finding.section, finding.ref) == ("outcome_not_measurable", "E", "E1")
    assert finding.message == f"E1's time frame “{by_when}” is not a date, term, year or age."
    assert "9.66" in finding.reason and "SMART" in finding.reason


def test_an_outcome_with_no_time_frame_and_no_measure_is_flagged_once_for_both():
    assert messages(check_outcome_not_measurable(outcome("", measure=" "))) == [
        "E1 has no time frame and does not say how progress will be measured."
    ]


def test_an_outcome_with_a_vague_time_frame_and_no_measure_names_both_problems():
    assert messages(check_outcome_not_measurable(outcome("in the future", measure=""))) == [
        "E1's time frame “in the future” is not a date, term, year or age, and it does not say how progress "
        "will be measured."
    ]


def test_an_outcome_with_no_measure_is_flagged():
    assert messages(check_outcome_not_measurable(outcome("by July 2027", measure=""))) == [
        "E1 does not say how progress will be measured."
    ]


def test_a_time_frame_in_the_outcome_text_does_not_stand_in_for_by_when():
    plan = good_plan(outcomes=(Outcome("E1", "By the end of Year 6 Amira will read aloud a page of a book.",
                                       measure="Reading age test"),))
    assert messages(check_outcome_not_measurable(plan)) == ["E1 has no time frame."]


# --------------------------------------------------------------------------------------------- 4. adulthood


def test_a_year_10_plan_with_no_preparing_for_adulthood_outcome_is_flagged():
    plan = good_plan(child_name="Sam Okafor", year_group=10)
    finding = only(check_no_preparing_for_adulthood_outcome(plan))
    assert (finding.check, finding.section, finding.ref) == ("no_preparing_for_adulthood_outcome", "E", "")
    assert finding.message == "Sam is in Year 10 but no outcome in section E is marked as preparing for adulthood."
    assert "reg 12(3)" in finding.reason


def test_year_9_is_the_first_year_checked_for_preparing_for_adulthood():
    assert check_no_preparing_for_adulthood_outcome(good_plan(year_group=8)) == []
    assert len(check_no_preparing_for_adulthood_outcome(good_plan(year_group=9))) == 1


def test_a_year_12_plan_with_a_preparing_for_adulthood_outcome_passes():
    travel = Outcome("E3", "Sam will travel by bus to college on his own.", by_when="by July 2027",
                     measure="Travel trainer's log", preparing_for_adulthood=True)
    plan = good_plan(child_name="Sam Okafor", year_group=12, outcomes=(*good_plan().outcomes, travel))
    assert check_no_preparing_for_adulthood_outcome(plan) == []


def test_an_early_years_or_unknown_year_group_is_not_checked_for_preparing_for_adulthood():
    assert check_no_preparing_for_adulthood_outcome(good_plan(year_group=None)) == []


def test_a_plan_with_no_child_name_calls_them_the_young_person():
    plan = good_plan(child_name="", year_group=11, outcomes=())
    assert messages(check_no_preparing_for_adulthood_outcome(plan)) == [
        "The young person is in Year 11 but no outcome in section E is marked as preparing for adulthood."
    ]


# --------------------------------------------------------------------------------------------- 5. sections


def test_sections_that_set_out_needs_and_provision_pass():
    plan = good_plan(
        section_c="Amira has asthma and uses a blue inhaler before PE.",
        section_d="Amira's family would benefit from a short breaks assessment.",
        section_g="The school nurse trains staff in using Amira's inhaler once a year.",
        section_h1="",
        section_h2="Short breaks: a Saturday club, 4 hours, twice a month.",
    )
    assert check_section_left_empty(plan) == []


def test_a_statement_of_no_needs_naming_whose_advice_it_is_based_on_passes():
    plan = good_plan(section_c="No health needs identified, based on advice from Dr Patel, community "
                               "paediatrician, 3 March 2026")
    assert check_section_left_empty(plan) == []


@pytest.mark.parametrize(
    "text",
    [
        "There are no social care needs, on the advice of Ms Okafor, social worker (report dated 10 March 2026).",
        "No social care needs were identified, based on Ms Okafor's assessment of 10 March 2026.",
        "None identified (assessment by Ms Okafor, social worker, 10 March 2026).",
    ],
)
def test_other_ways_of_saying_whose_advice_a_nil_return_rests_on_pass(text):
    assert check_section_left_empty(good_plan(section_d=text)) == []


def test_an_empty_health_needs_section_is_flagged():
    finding = only(check_section_left_empty(good_plan(section_c=" \n\t ")))
    assert (finding.check, finding.section, finding.ref) == ("section_left_empty", "C", "")
    assert finding.message == (
        "Section C is empty: set out the health needs, or say that none were identified and whose advice that "
        "is based on."
    )
    assert "reg 12(1)(c)" in finding.reason and "9.62" in finding.reason


def test_no_needs_identified_without_whose_advice_is_flagged():
    assert messages(check_section_left_empty(good_plan(section_d="No needs identified."))) == [
        "Section D says no needs were identified but not whose advice that is based on."
    ]


def test_based_on_advice_that_names_no_one_is_flagged():
    plan = good_plan(section_g="No health provision is required, based on the advice received.")
    assert messages(check_section_left_empty(plan)) == [
        "Section G says no provision was identified but not whose advice that is based on."
    ]


@pytest.mark.parametrize("text", ["N/A", "n/a.", "Not applicable", "None", "Nil", "-"])
def test_a_section_that_says_only_not_applicable_is_flagged(text):
    assert messages(check_section_left_empty(good_plan(section_g=text))) == [
        f"Section G says only “{text}”: say whether any health provision was identified and whose advice that "
        "is based on."
    ]


@pytest.mark.parametrize("text", ["TBC", "To follow", "Awaiting advice from the paediatrician"])
def test_a_section_left_to_be_confirmed_is_flagged(text):
    assert messages(check_section_left_empty(good_plan(section_c=text))) == [
        f"Section C says only “{text}” and has not been completed."
    ]


def test_a_section_that_only_points_to_an_appendix_is_flagged():
    assert messages(check_section_left_empty(good_plan(section_c="See appendix K"))) == [
        "Section C only says “See appendix K” instead of setting out the health needs."
    ]


def test_h1_and_h2_are_read_together_as_section_h():
    plan = good_plan(section_h1="", section_h2="Short breaks: a Saturday club, 4 hours, twice a month.")
    assert check_section_left_empty(plan) == []
    finding = only(check_section_left_empty(good_plan(section_h1="", section_h2="")))
    assert finding.section == "H"
    assert finding.message.startswith("Section H (H1 and H2) is empty")


def test_h1_and_h2_both_saying_not_applicable_are_flagged_once():
    finding = only(check_section_left_empty(good_plan(section_h1="N/A", section_h2="N/A")))
    assert finding.message.startswith("Section H (H1 and H2) says only “N/A”")


def test_a_complete_h1_is_enough_when_h2_says_not_applicable():
    plan = good_plan(section_h2="N/A")
    assert check_section_left_empty(plan) == []


def test_health_needs_that_start_with_no_other_than_are_content_not_a_nil_return():
    plan = good_plan(section_c="No health needs other than asthma, which is managed with a blue inhaler.")
    assert check_section_left_empty(plan) == []


# --------------------------------------------------------------------------------------------- 6. advice


def test_all_required_advice_received_passes():
    assert check_advice_not_received(good_plan()) == []


def test_health_advice_requested_but_not_received_is_flagged_naming_who_was_asked():
    advice = (*ALL_ADVICE[:1], AdviceStatus("health", True, False, "Dr Patel, community paediatrician"),
              *ALL_ADVICE[2:])
    finding = only(check_advice_not_received(good_plan(advice=advice)))
    assert (finding.check, finding.section, finding.ref) == ("advice_not_received", "K", "health")
    assert finding.message == (
        "Medical advice from a health care professional was requested from Dr Patel, community paediatrician "
        "but has not been received."
    )
    assert "reg 6(1)(c)" in finding.reason and "reg 8" in finding.reason


def test_social_care_advice_never_requested_is_flagged():
    finding = only(check_advice_not_received(good_plan(advice=ALL_ADVICE[:3])))
    assert finding.ref == "social_care"
    assert finding.message == "No social care advice has been requested."
    assert "reg 6(1)(e)" in finding.reason


def test_each_missing_source_of_advice_is_a_finding_of_its_own():
    findings = check_advice_not_received(good_plan(advice=()))
    assert [finding.ref for finding in findings] == ["education", "health", "psychology", "social_care"]
    assert {finding.section for finding in findings} == {"K"}


def test_earlier_advice_reused_without_a_new_request_counts_as_received():
    advice = (*ALL_ADVICE[:1], AdviceStatus("health", requested=False, received=True), *ALL_ADVICE[2:])
    assert check_advice_not_received(good_plan(advice=advice)) == []


def test_one_request_answered_is_enough_when_another_is_outstanding():
    advice = (*ALL_ADVICE, AdviceStatus("health", True, False, "Ms Green, occupational therapist"))
    assert check_advice_not_received(good_plan(advice=advice)) == []


def test_advice_sources_are_matched_ignoring_case_and_spaces():
    advice = (*ALL_ADVICE[:3], AdviceStatus("Social care", True, True))
    assert check_advice_not_received(good_plan(advice=advice)) == []


def test_other_advice_does_not_stand_in_for_required_advice():
    advice = (*ALL_ADVICE[:3], AdviceStatus("other", True, True, "Mr Shah, youth worker"))
    assert messages(check_advice_not_received(good_plan(advice=advice))) == [
        "No social care advice has been requested."
    ]


# --------------------------------------------------------------------------------------------- 7. copied text


TIMETABLE = (
    "{name} will use a visual timetable at the start of every lesson, and an adult will show {obj} the next two "
    "activities so that {subj} can prepare for changes."
)


def amira_timetable() -> str:
    return TIMETABLE.format(name="Amira", obj="her", subj="she")


def jack_plan(**changes) -> OtherPlanText:
    paragraphs = (
        "Jack enjoys football and building models, and he wants to work with animals when he leaves school.",
        TIMETABLE.format(name="Jack", obj="him", subj="he"),
    )
    return replace(OtherPlanText("EHC-2025-0042", "Jack Morris", paragraphs), **changes)


def with_f1(what: str, **changes) -> PlanSnapshot:
    return good_plan(provisions=(Provision("F1", ("B1", "B2"), what), *good_plan().provisions[1:]), **changes)


def test_a_paragraph_copied_from_another_plan_with_the_name_changed_is_flagged():
    finding = only(check_copied_text(with_f1(amira_timetable()), [jack_plan()]))
    assert (finding.check, finding.section, finding.ref) == ("copied_text", "F", "F1")
    assert finding.message == "F1 is almost the same as a paragraph in plan EHC-2025-0042."
    assert finding.matching_plan_id == "EHC-2025-0042"
    assert finding.matching_text == TIMETABLE.format(name="[name]", obj="him", subj="he")
    assert "reg 11" in finding.reason


def test_a_copied_paragraph_still_carrying_the_other_childs_name_says_so():
    plan = with_f1(TIMETABLE.format(name="Jack", obj="him", subj="he"))
    assert messages(check_copied_text(plan, [jack_plan()])) == [
        "F1 is almost the same as a paragraph in plan EHC-2025-0042, and it still has that child's name in it."
    ]


def test_a_paragraph_in_a_section_without_refs_is_described_by_its_section():
    plan = good_plan(section_a="Amira loves drawing horses.\n\n" + amira_timetable())
    finding = only(check_copied_text(plan, [jack_plan()]))
    assert (finding.section, finding.ref) == ("A", "")
    assert finding.message == "A paragraph in section A is almost the same as a paragraph in plan EHC-2025-0042."


def test_a_copied_paragraph_inside_a_longer_one_is_flagged():
    longer = amira_timetable() + " Her teacher will also give her a five-minute warning before the end of play."
    assert len(check_copied_text(with_f1(longer), [jack_plan()])) == 1


def test_a_paragraph_about_the_same_topic_in_different_words_is_not_flagged():
    own = ("Amira has a picture timetable on her desk; her teaching assistant goes through it with her when she "
           "arrives each morning and again after lunch.")
    assert check_copied_text(with_f1(own), [jack_plan()]) == []


def test_a_short_standard_sentence_is_not_compared():
    short = "Reviewed each term by the SENCO and the class teacher."
    assert len(short.split()) < COPY_MIN_WORDS
    other = OtherPlanText("EHC-2025-0042", "Jack Morris", (short,))
    assert check_copied_text(with_f1(short), [other]) == []


def test_a_plan_is_not_compared_with_itself():
    plan = with_f1(amira_timetable())
    assert check_copied_text(plan, [to_other_plan_text(plan)]) == []


def test_the_message_counts_the_other_plans_with_the_same_paragraph():
    others = [jack_plan(plan_id=f"EHC-2025-{n:04}") for n in range(1, 5)]
    finding = only(check_copied_text(with_f1(amira_timetable()), others))
    assert finding.message == "F1 is almost the same as a paragraph in plan EHC-2025-0001 (and in 3 other plans)."


def test_the_closest_match_is_the_plan_whose_childs_name_was_left_in():
    olivia = OtherPlanText("EHC-2024-0007", "Olivia Brown", (TIMETABLE.format(name="Olivia", obj="her", subj="she"),))
    plan = with_f1(TIMETABLE.format(name="Jack", obj="him", subj="he"))
    finding = only(check_copied_text(plan, [olivia, jack_plan()]))
    assert finding.matching_plan_id == "EHC-2025-0042"
    assert finding.message.endswith("(and in 1 other plan), and it still has that child's name in it.")


def test_a_child_called_will_does_not_turn_every_will_into_a_name():
    plan = with_f1(TIMETABLE.format(name="Will", obj="him", subj="he"), child_name="Will Turner")
    assert only(check_copied_text(plan, [jack_plan()])).matching_plan_id == "EHC-2025-0042"


def test_a_possessive_name_matches_another_childs_possessive_name():
    own = "Amira's key adult will meet Amira's parents every Friday to share what has gone well in the week."
    copied = "Jack’s key adult will meet Jack’s parents every Friday to share what has gone well in the week."
    other = OtherPlanText("EHC-2025-0042", "Jack Morris", (copied,))
    assert len(check_copied_text(with_f1(own), [other])) == 1


def test_an_index_gives_the_same_findings_as_a_list_of_plans():
    others = [jack_plan(), OtherPlanText("EHC-2024-0007", "Olivia Brown", ("Olivia likes music.",))]
    plan = with_f1(amira_timetable())
    assert check_copied_text(plan, PlanTextIndex(others)) == check_copied_text(plan, others)
    assert run_checks(plan, others=PlanTextIndex(others)) == run_checks(plan, others=iter(others))


def test_an_index_iterates_as_its_plans_and_survives_pickling():
    others = [jack_plan()]
    index = PlanTextIndex(others)
    assert list(index) == others and len(index) == 1
    restored = pickle.loads(pickle.dumps(index))
    assert len(check_copied_text(with_f1(amira_timetable()), restored)) == 1


def test_an_index_restored_in_a_process_with_other_hashes_rebuilds_itself():
    index = PlanTextIndex([jack_plan()])
    state = index.__dict__ | {"_hash_check": index._hash_check + 1, "_entries": quality.array("Q")}
    restored = PlanTextIndex.__new__(PlanTextIndex)
    restored.__setstate__(state)
    assert len(check_copied_text(with_f1(amira_timetable()), restored)) == 1


def test_comparing_one_plan_with_two_thousand_indexed_plans_is_quick():
    words = [f"word{n}" for n in range(4000)]
    others = [
        OtherPlanText(f"EHC-{n:05}", f"Child{n} Surname{n}",
                      tuple(" ".join(words[(n * 7 + p * 31 + k * 13) % 4000] for k in range(40)) for p in range(10)))
        for n in range(2000)
    ]
    others.append(jack_plan())
    index = PlanTextIndex(others)
    plan = with_f1(amira_timetable())
    started = time.perf_counter()
    findings = check_copied_text(plan, index)
    assert time.perf_counter() - started < 1.0
    assert [finding.matching_plan_id for finding in findings] == ["EHC-2025-0042"]


# --------------------------------------------------------------------------------------------- run_checks


def test_a_disabled_check_does_not_run():
    plan = good_plan(provisions=(Provision("F1", ("B1", "B2"), "Access to speech and language therapy"),))
    assert {finding.check for finding in run_checks(plan)} == {"provision_not_specific"}
    assert run_checks(plan, disabled=["provision_not_specific"]) == []


def test_an_unknown_check_name_fails_loudly_listing_the_valid_names():
    with pytest.raises(ValueError, match="Unknown plan check name 'copied_txt'") as error:
        run_checks(good_plan(), disabled=["copied_txt"])
    for name in CHECKS:
        assert name in str(error.value)


def test_several_unknown_check_names_are_all_reported():
    with pytest.raises(ValueError, match="names 'a', 'b'"):
        run_checks(good_plan(), disabled=["b", "a", "copied_text"])


def test_a_single_string_instead_of_a_list_of_names_fails_loudly():
    with pytest.raises(TypeError, match="not the string 'copied_text'"):
        run_checks(good_plan(), disabled="copied_text")


# --------------------------------------------------------------------------------------------- properties


texts = st.text(max_size=300)
PLAN_WORDS = (
    "Amira Jack she he her his their the a to of and in may up access regular daily weekly minutes hours 30 1:1 "
    "term Year 6 7 9 May no needs identified based on advice from Dr Patel N/A TBC see appendix"
)
words = st.sampled_from(PLAN_WORDS.split(" "))
wordy_texts = st.one_of(texts, st.lists(words, max_size=40).map(" ".join))
refs = st.text(max_size=4)

needs = st.builds(Need, refs, wordy_texts, st.sampled_from([*quality.SEN_TYPE_NAMES, "", "??"]), st.integers())
outcomes = st.builds(Outcome, refs, wordy_texts, wordy_texts, wordy_texts, st.booleans())
provisions = st.builds(Provision, refs, st.lists(refs, max_size=3).map(tuple), wordy_texts, texts, wordy_texts,
                       wordy_texts, wordy_texts, texts)
advice = st.builds(AdviceStatus, st.sampled_from(["education", "health", "social_care", "psychology", "other", ""]),
                   st.booleans(), st.booleans(), texts)
plans = st.builds(
    PlanSnapshot,
    plan_id=st.text(max_size=8),
    child_name=st.one_of(texts, st.sampled_from(["Amira Hassan", "Will", "May O'Neill", ""])),
    year_group=st.one_of(st.none(), st.integers(min_value=-1, max_value=20)),
    section_a=wordy_texts,
    needs=st.lists(needs, max_size=3).map(tuple),
    section_c=wordy_texts,
    section_d=wordy_texts,
    outcomes=st.lists(outcomes, max_size=3).map(tuple),
    provisions=st.lists(provisions, max_size=3).map(tuple),
    section_g=wordy_texts,
    section_h1=wordy_texts,
    section_h2=wordy_texts,
    advice=st.lists(advice, max_size=4).map(tuple),
)
other_plans = st.builds(OtherPlanText, st.text(max_size=8), texts, st.lists(wordy_texts, max_size=4).map(tuple))


@PROPERTY
@given(plans, st.lists(other_plans, max_size=3))
def test_run_checks_never_raises_and_every_finding_is_labelled_with_its_check(plan, others):
    for finding in run_checks(plan, others=others):
        assert finding.check in CHECKS
        assert finding.message and finding.reason


@PROPERTY
@given(plans, st.lists(other_plans, max_size=2), st.sets(st.sampled_from(list(CHECKS))))
def test_disabling_checks_removes_exactly_their_findings(plan, others, disabled):
    everything = run_checks(plan, others=others)
    assert run_checks(plan, others=others, disabled=disabled) == [f for f in everything if f.check not in disabled]


vocabulary = [f"{stem}{n}" for stem in ("reading", "maths", "adult", "group", "calm") for n in range(12)]
paragraphs = st.lists(st.sampled_from(vocabulary), min_size=COPY_MIN_WORDS, max_size=40, unique=True).map(" ".join)


@PROPERTY
@given(paragraphs, st.sampled_from(["Amira Hassan", "Will Turner", ""]), st.sampled_from(["Jack Morris", "May Li"]))
def test_an_identical_paragraph_in_another_plan_always_matches(paragraph, own_name, other_name):
    plan = good_plan(child_name=own_name, section_d=paragraph)
    other = OtherPlanText("EHC-OTHER", other_name, ("Short.", paragraph))
    finding = only(check_copied_text(plan, [other]))
    assert (finding.section, finding.matching_plan_id) == ("D", "EHC-OTHER")


@PROPERTY
@given(plans)
def test_a_plan_never_matches_itself(plan):
    assert check_copied_text(plan, [to_other_plan_text(plan)]) == []


@PROPERTY
@given(st.lists(paragraphs, min_size=1, max_size=3), st.lists(paragraphs, min_size=1, max_size=3),
       st.lists(paragraphs, max_size=2))
def test_copying_is_symmetric_between_two_plans(first_paragraphs, second_paragraphs, shared):
    first = PlanSnapshot("EHC-A", child_name="Amira Hassan", section_a="\n".join(first_paragraphs + shared))
    second = PlanSnapshot("EHC-B", child_name="Jack Morris", section_a="\n".join(shared + second_paragraphs))
    index = PlanTextIndex([to_other_plan_text(first), to_other_plan_text(second)])
    first_matches = bool(check_copied_text(first, index))
    second_matches = bool(check_copied_text(second, index))
    assert first_matches == second_matches
    if shared:
        assert first_matches


@PROPERTY
@given(plans, st.lists(other_plans, max_size=3))
def test_an_index_and_a_plain_list_of_plans_give_the_same_findings(plan, others):
    assert check_copied_text(plan, PlanTextIndex(others)) == check_copied_text(plan, others)


def test_the_standard_statement_that_no_needs_were_identified_is_not_reported_as_copied():
    statement = "No social care needs identified, based on advice from children's social care, March 2026."
    plan = PlanSnapshot(plan_id="1", child_name="Leo Marsh", section_d=statement)
    other = OtherPlanText(plan_id="2", child_name="Maya Khan", paragraphs=(statement,))
    assert check_copied_text(plan, [other]) == []
