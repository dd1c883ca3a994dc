"""The phase transfer cohort (SEND Regs 2014 reg 18; CAFA 2014 s44) on constructed cases: who is listed and
from when, the 15 February and 31 March deadlines read strictly (statutory-timescales §2.4, Q4), the named,
consulted and risk columns, access, and a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from wayfinder.accounts.models import Role, Scope
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.audit.models import AuditEvent
from wayfinder.core.dates import today
from wayfinder.ehc.models import Plan, PlanStatus, PlanVersion
from wayfinder.ehc.tests.factories import good_plan_content
from wayfinder.people.codes import Phase, SettingType
from wayfinder.people.tests.factories import ChildFactory, LocalityFactory, SettingFactory
from wayfinder.reviews import phase
from wayfinder.reviews.models import (
    CeaseReason,
    PlanEnding,
    Review,
    ReviewConsultation,
    ReviewEvent,
    ReviewKind,
)
from wayfinder.statutory import phase as engine

from .factories import issued_plan

pytestmark = pytest.mark.django_db

ISSUED = date(2022, 1, 10)
#: Born 10 March 2015: Year 6 in 2025/26, so Year 7 on 1 September 2026.
YEAR6_DOB = date(2015, 3, 10)
#: Born 5 May 2010: Year 11 in 2025/26, so post-16 on 1 September 2026.
YEAR11_DOB = date(2010, 5, 5)


@pytest.fixture
def officer():
    return UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)


def primary(**kw):
    return SettingFactory(setting_type=SettingType.PRIMARY, phase=Phase.PRIMARY, age_low=4, age_high=11, **kw)


def secondary(**kw):
    return SettingFactory(setting_type=SettingType.SECONDARY, phase=Phase.SECONDARY, age_low=11, age_high=16, **kw)


def rows_on(user, on, **kw):
    return phase.transfer_cohort(user=user, as_of=on, **kw).rows


def row_for(user, on, plan):
    found = [r for r in rows_on(user, on) if r.plan.pk == plan.pk]
    return found[0] if found else None


def phase_review(plan, *events, transfer_on=date(2026, 9, 1), kind="school_phase", amendment=None):
    """A phase transfer review as the review services would leave it: the Review and its append-only events."""
    review = Review.objects.create(plan=plan, child=plan.child, kind=ReviewKind.PHASE_TRANSFER,
                                   anchor_on=plan.versions.get(number=1).issued_on, first=True,
                                   transfer_kind=kind, transfer_on=transfer_on, amendment=amendment)
    for name, on, *outcome in events:
        ReviewEvent.objects.create(review=review, event=name, date=on, outcome=outcome[0] if outcome else "")
    return review


AMENDED = (("review_meeting_held", date(2025, 11, 10)), ("review_decision_sent", date(2025, 12, 1), "amend"),
           ("amendment_proposals_sent", date(2025, 12, 1)))


# --------------------------------------------------------------------------------------------- who is listed


def test_a_year_6_pupil_is_listed_from_1_september_a_year_ahead_and_not_the_day_before(officer):
    plan = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    assert row_for(officer, date(2025, 8, 31), plan) is None  # still in Year 5: their move is 2 Septembers away
    row = row_for(officer, date(2025, 9, 1), plan)
    assert row is not None
    assert (row.move.transfer_date, row.move.year_group, row.kind) == (date(2026, 9, 1), 7, "primary_to_secondary")
    # 1 September 2026 itself starts the next academic year: the cohort moves on.
    assert row_for(officer, date(2026, 9, 1), plan) is None


def test_year_6_to_year_7_is_due_14_february_under_the_strict_reading_of_reg_18_1_b(officer):
    plan = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    row = row_for(officer, date(2025, 10, 1), plan)
    assert row.deadline.due == date(2026, 2, 14)  # "before 15 February", a Saturday: it stands
    assert row.deadline.rule == "PHASE-SCHOOL-15FEB"
    assert row.status == "not_started" and row.risk == "on_track"


def test_an_amended_plan_issued_on_14_february_is_on_time_and_on_15_february_late(officer):
    on_time = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    late = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    phase_review(on_time, *AMENDED, ("final_amended_plan_issued", date(2026, 2, 14)))
    phase_review(late, *AMENDED, ("final_amended_plan_issued", date(2026, 2, 15)))
    a, b = row_for(officer, date(2026, 3, 1), on_time), row_for(officer, date(2026, 3, 1), late)
    assert (a.risk, str(a.deadline.status), a.status, a.status_on) == ("done", "met", "final_issued", date(2026, 2, 14))
    assert (b.risk, str(b.deadline.status), b.deadline.days_late) == ("done", "late", 1)


def test_without_an_amended_plan_the_case_is_at_risk_on_14_february_and_overdue_on_15_february(officer):
    plan = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    phase_review(plan, *AMENDED)
    assert row_for(officer, date(2026, 2, 14), plan).risk == "at_risk"
    overdue = row_for(officer, date(2026, 2, 15), plan)
    assert overdue.risk == "overdue" and str(overdue.deadline.status) == "overdue"


def test_secondary_to_post16_is_due_30_march_and_overdue_on_31_march_reg_18_1_a(officer):
    plan = issued_plan(setting=secondary(), issued_on=ISSUED, date_of_birth=YEAR11_DOB)
    row = row_for(officer, date(2026, 3, 30), plan)
    assert (row.kind, row.deadline.rule, row.deadline.due) == ("secondary_to_post16", "PHASE-POST16-31MAR",
                                                              date(2026, 3, 30))
    assert row.risk == "at_risk"
    assert row_for(officer, date(2026, 3, 31), plan).risk == "overdue"
    late = issued_plan(setting=secondary(), issued_on=ISSUED, date_of_birth=YEAR11_DOB)
    phase_review(late, *AMENDED, ("final_amended_plan_issued", date(2026, 3, 31)), kind="secondary_to_post16")
    done = row_for(officer, date(2026, 4, 1), late)
    assert (done.risk, str(done.deadline.status)) == ("done", "late")


def test_an_early_years_child_moves_to_school_in_september(officer):
    nursery = SettingFactory(setting_type=SettingType.EARLY_YEARS, phase=Phase.EARLY_YEARS, age_low=0, age_high=4)
    plan = issued_plan(setting=nursery, issued_on=date(2024, 6, 3), date_of_birth=date(2022, 1, 15))
    row = row_for(officer, date(2025, 9, 1), plan)
    assert (row.kind, row.move.year_group, row.deadline.due) == ("early_years_to_school", 0, date(2026, 2, 14))
    assert row.named_setting is None  # a nursery is not a school


def test_an_infant_school_pupil_moves_to_junior_school_after_year_2(officer):
    infant = SettingFactory(name="Oak Infant School", setting_type=SettingType.PRIMARY, phase=Phase.PRIMARY,
                            age_low=4, age_high=7)
    plan = issued_plan(setting=infant, issued_on=date(2024, 1, 8), date_of_birth=date(2019, 4, 1))
    row = row_for(officer, date(2025, 9, 1), plan)
    assert (row.kind, row.move.from_stage, row.move.to_stage, row.move.year_group) == (
        "infant_to_junior", "infant", "junior", 3)
    # A primary-school pupil of the same age has no move this year.
    through = issued_plan(setting=primary(), issued_on=date(2024, 1, 8), date_of_birth=date(2019, 4, 1))
    assert row_for(officer, date(2025, 9, 1), through) is None


def test_a_child_whose_plan_has_ended_is_absent(officer):
    plan = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    PlanEnding.objects.create(plan=plan, reason=CeaseReason.TRANSFERRED, explanation="Moved away",
                              notice_on=date(2025, 10, 1), ends_on=date(2025, 10, 1), decided_by=officer)
    assert row_for(officer, date(2025, 9, 30), plan) is not None
    assert row_for(officer, date(2025, 10, 1), plan) is None


def test_a_post16_move_recorded_by_a_review_is_due_five_months_before_reg_18_2(officer):
    college = SettingFactory(setting_type=SettingType.FE_COLLEGE, phase=Phase.POST16, age_low=16, age_high=25)
    plan = issued_plan(setting=college, issued_on=ISSUED, date_of_birth=date(2008, 2, 1))
    phase_review(plan, transfer_on=date(2027, 1, 4), kind="post16_to_post16")
    row = row_for(officer, date(2026, 7, 1), plan)
    assert (row.kind, row.deadline.rule, row.deadline.due) == ("post16_to_post16", "PHASE-POST16-5M",
                                                              date(2026, 8, 4))


# --------------------------------------------------------------------------------------------- the columns


def test_named_consulted_and_status_columns(officer):
    next_school = secondary(name="Hill Top Academy")
    other = secondary(name="Dale School")
    plan = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    in_force = plan.versions.get(number=1)
    content = good_plan_content(setting_id=next_school.pk)
    amendment = PlanVersion.objects.create(plan=plan, number=2, status=PlanStatus.SERVED, content=content,
                                           amends=in_force, served_on=date(2025, 12, 1))
    review = phase_review(plan, *AMENDED, amendment=amendment)
    ReviewConsultation.objects.create(review=review, setting=next_school, sent_on=date(2025, 11, 12),
                                      responded_on=date(2025, 11, 20), response="agree")
    ReviewConsultation.objects.create(review=review, setting=other, sent_on=date(2025, 11, 12))
    row = row_for(officer, date(2025, 12, 10), plan)
    assert row.named_setting == next_school and row.named_source == "proposed amendment"
    assert [c.setting for c in row.consulting] == [other]
    assert [c.setting for c in row.answered] == [next_school]
    assert (row.status, row.status_on) == ("proposals_sent", date(2025, 12, 1))

    # The plan in force names only the primary school: nothing named for Year 7 yet.
    bare = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    assert row_for(officer, date(2025, 12, 10), bare).named_setting is None


def test_an_all_through_or_sixth_form_plan_already_names_the_next_phase(officer):
    sixth_form = SettingFactory(setting_type=SettingType.SECONDARY, phase=Phase.SECONDARY, age_low=11, age_high=18)
    plan = issued_plan(setting=sixth_form, issued_on=ISSUED, date_of_birth=YEAR11_DOB)
    row = row_for(officer, date(2025, 10, 1), plan)
    assert row.named_setting == sixth_form and row.named_source == "plan in force"


def test_no_meeting_within_12_weeks_of_the_deadline_is_at_risk(officer):
    plan = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    # 14 Feb 2026 minus 12 weeks is 22 November 2025.
    assert row_for(officer, date(2025, 11, 21), plan).risk == "on_track"
    row = row_for(officer, date(2025, 11, 22), plan)
    assert row.risk == "at_risk" and "No review meeting held" in row.risk_reasons[0]
    # A meeting held takes that risk away until the engine's own 6 weeks (3 January 2026).
    phase_review(plan, ("review_meeting_held", date(2025, 11, 20)))
    assert row_for(officer, date(2025, 12, 1), plan).risk == "on_track"
    late = row_for(officer, date(2026, 1, 3), plan)
    assert late.risk == "at_risk" and late.risk_reasons == [
        "No amended plan naming the new school or institution, and the deadline is within 6 weeks"]


def test_rows_are_sorted_by_risk_then_deadline_and_counted_by_locality_and_kind(officer):
    north, south = LocalityFactory(name="North"), LocalityFactory(name="South")
    a = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB, locality=north)
    b = issued_plan(setting=secondary(), issued_on=ISSUED, date_of_birth=YEAR11_DOB, locality=south)
    c = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB, locality=south)
    phase_review(c, *AMENDED, ("final_amended_plan_issued", date(2026, 1, 20)))
    cohort = phase.transfer_cohort(user=officer, as_of=date(2026, 2, 20))
    # a: overdue (14 Feb passed); b: at risk (30 March within 6 weeks); c: done.
    assert [r.plan.pk for r in cohort.rows] == [a.pk, b.pk, c.pk]
    assert cohort.by_risk == {"overdue": 1, "at_risk": 1, "on_track": 0, "done": 1}
    assert {g["label"]: g["total"] for g in cohort.by_locality} == {"North": 1, "South": 2}
    assert {g["key"]: g["total"] for g in cohort.by_kind} == {"primary_to_secondary": 2, "secondary_to_post16": 1}
    south_only = phase.transfer_cohort(user=officer, as_of=date(2026, 2, 20), locality_id=south.pk)
    assert [r.plan.pk for r in south_only.rows] == [b.pk, c.pk] and south_only.total == 3
    assert [r.plan.pk for r in phase.transfer_cohort(user=officer, as_of=date(2026, 2, 20),
                                                     kind="secondary_to_post16").rows] == [b.pk]
    assert [r.plan.pk for r in phase.transfer_cohort(user=officer, as_of=date(2026, 2, 20), risk="done").rows] == [c.pk]


def test_the_page_and_wayfinder_clocks_agree(officer):
    plan = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB)
    phase_review(plan, *AMENDED, ("final_amended_plan_issued", date(2026, 2, 10)))
    row = row_for(officer, date(2026, 2, 20), plan)
    case, on = engine.parse_case(phase.engine_input(row))
    assert engine.evaluate(case, on) == row.report


# --------------------------------------------------------------------------------------------- access and cost


def test_an_officer_in_another_locality_does_not_see_the_child():
    north, south = LocalityFactory(name="North"), LocalityFactory(name="South")
    plan = issued_plan(setting=primary(), issued_on=ISSUED, date_of_birth=YEAR6_DOB, locality=north)
    theirs = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[north])
    other = UserFactory(role=Role.TEAM_MANAGER, scope=Scope.LOCALITY, localities=[south])
    assert [r.plan.pk for r in rows_on(theirs, date(2025, 10, 1))] == [plan.pk]
    assert rows_on(other, date(2025, 10, 1)) == []
    assert rows_on(UserFactory(role=Role.STRATEGIC_LEAD), date(2025, 10, 1)) == []


def _cohort_of(n: int):
    for _i in range(n):
        school = primary()
        plan = issued_plan(setting=school, issued_on=ISSUED, date_of_birth=YEAR6_DOB)
        amendment = PlanVersion.objects.create(plan=plan, number=2, status=PlanStatus.SERVED,
                                               content=good_plan_content(setting_id=secondary().pk),
                                               amends=plan.versions.get(number=1), served_on=date(2025, 12, 1))
        review = phase_review(plan, *AMENDED, amendment=amendment)
        ReviewConsultation.objects.create(review=review, setting=secondary(), sent_on=date(2025, 11, 12))


def test_the_cohort_is_read_with_a_fixed_number_of_queries(officer, django_assert_max_num_queries):
    _cohort_of(3)
    with django_assert_max_num_queries(8):
        small = phase.transfer_cohort(user=officer, as_of=date(2025, 12, 10))
        [(r.named_setting, r.consulting, r.current_setting, r.child.locality) for r in small.rows]
    _cohort_of(12)
    with django_assert_max_num_queries(8):
        large = phase.transfer_cohort(user=officer, as_of=date(2025, 12, 10))
        [(r.named_setting, r.consulting, r.current_setting, r.child.locality) for r in large.rows]
    assert len(small.rows) == 3 and len(large.rows) == 15 and all(r.named for r in large.rows)


# --------------------------------------------------------------------------------------------- pages


def _dob_in_year(group: int) -> date:
    """A date of birth for a child in ``group`` today (so the pages, which use today, list them)."""
    start = phase.academic_year_start(today())
    return date(start - group - 4 - 1, 11, 15)  # born in November: the cohort starting the year after


def test_the_staff_page_lists_filters_and_links_to_the_child(client, sign_in, officer):
    north = LocalityFactory(name="North Dales")
    child = ChildFactory(legal_forename="Ruby", legal_surname="Hallam", date_of_birth=_dob_in_year(6),
                         locality=north)
    issued_plan(child=child, setting=primary(), issued_on=today() - timedelta(days=400))
    other = ChildFactory(legal_forename="Sam", legal_surname="Tor", date_of_birth=_dob_in_year(11))
    issued_plan(child=other, setting=secondary(), issued_on=today() - timedelta(days=400))
    sign_in(client, officer)
    url = reverse("staff:phase-cohort")
    page = client.get(url).content.decode()
    assert "Ruby Hallam" in page and "Sam Tor" in page
    assert reverse("staff:child-detail", kwargs={"pk": child.pk}) in page
    assert "PHASE-SCHOOL-15FEB" in page and "PHASE-POST16-31MAR" in page
    filtered = client.get(url, {"locality": north.pk, "kind": "primary_to_secondary"}).content.decode()
    assert "Ruby Hallam" in filtered and "Sam Tor" not in filtered
    assert AuditEvent.objects.filter(actor=officer, verb="viewed", target_type="reviews.review").exists()


def test_the_staff_page_is_for_casework_staff(client, sign_in):
    sign_in(client, UserFactory(role=Role.EDUCATIONAL_PSYCHOLOGIST))
    assert client.get(reverse("staff:phase-cohort")).status_code == 403


def test_a_senco_sees_only_their_own_pupils_in_the_cohort(client, sign_in):
    school, elsewhere = primary(name="Brook Lane Primary School"), primary()
    mine = ChildFactory(legal_forename="Ava", legal_surname="Lee", date_of_birth=_dob_in_year(6))
    issued_plan(child=mine, setting=school, issued_on=today() - timedelta(days=400))
    theirs = ChildFactory(legal_forename="Bo", legal_surname="Kerr", date_of_birth=_dob_in_year(6))
    issued_plan(child=theirs, setting=elsewhere, issued_on=today() - timedelta(days=400))
    sign_in(client, UserFactory(role=Role.SENCO, setting=school))
    page = client.get(reverse("setting:phase-cohort")).content.decode()
    assert "Ava Lee" in page and "Bo Kerr" not in page
    assert reverse("setting:child-detail", kwargs={"pk": mine.pk}) in page


# --------------------------------------------------------------------------------------------- demo data


def _demo_county():
    from wayfinder.people.models import LocalAuthority

    LocalAuthority.objects.create(code="891", gss_code="E10000024", name="Nottinghamshire")
    UserFactory(role=Role.CASEWORK_OFFICER, scope=Scope.ALL)
    north = LocalityFactory(name="North")
    for _ in range(3):
        secondary(locality=north)
    for i in range(30):
        issued_plan(setting=primary(locality=north), issued_on=date(2022, 1, 10) + timedelta(days=i),
                    date_of_birth=YEAR6_DOB, locality=north)
    for _i in range(6):
        issued_plan(setting=primary(locality=north), issued_on=date(2021, 5, 3), date_of_birth=date(2018, 3, 1),
                    locality=north)


def _snapshot():
    return (sorted(Review.objects.values_list("plan_id", "transfer_on", "anchor_on")),
            sorted(ReviewEvent.objects.values_list("review__plan_id", "event", "date")),
            sorted(ReviewConsultation.objects.values_list("review__plan_id", "setting_id", "responded_on")),
            sorted(PlanEnding.objects.values_list("plan_id", "reason", "ends_on")))


def test_the_demo_gives_the_cohort_progress_the_review_engine_accepts(officer):
    import random

    from django.db import transaction

    from wayfinder.reviews import demo_phase
    from wayfinder.reviews.clocks import case_for

    _demo_county()
    on = date(2026, 1, 20)
    with transaction.atomic():
        first = demo_phase.write(on=on, rng=random.Random(7))
        snapshot = _snapshot()
        transaction.set_rollback(True)
    assert demo_phase.write(on=on, rng=random.Random(7)) == first and _snapshot() == snapshot  # deterministic
    reviews = list(Review.objects.filter(kind=ReviewKind.PHASE_TRANSFER).prefetch_related("events"))
    assert 14 <= len(reviews) <= 27  # about 70% of the 30 in the cohort
    for review in reviews:
        case = case_for(review, on)  # raises CaseError for events the annual_review engine would refuse
        assert all(e.date >= review.anchor_on for e in review.events.all())
        assert case.anchor == review.anchor_on
    assert ReviewEvent.objects.filter(event="review_meeting_held").exists()
    assert ReviewConsultation.objects.exists()
    assert PlanEnding.objects.filter(reason="5").count() == 3
    cohort = phase.transfer_cohort(user=officer, as_of=on)
    ended = set(PlanEnding.objects.values_list("plan_id", flat=True))
    assert not ended & {r.plan.pk for r in cohort.rows}
    assert len(cohort.rows) == 30 - len(
        [pk for pk in ended if Plan.objects.get(pk=pk).child.date_of_birth == YEAR6_DOB])
    assert {r.status for r in cohort.rows} > {"not_started"}
