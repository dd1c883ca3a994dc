"""An annual review taken end to end in the browser (CAFA 2014 s44; SEND Regs 2014 regs 20–22): the SENCO starts
it, arranges the meeting, invites the family and professionals, adds and circulates advice, records the meeting
and sends the report; the casework officer drafts the amendments in the plan editor and sends the decision with
them; the parent reads the proposed changes and comments; the officer issues the amended plan. Every page
visited is checked with axe-core (WCAG 2.2 AA) and the basic checks.
"""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta

from wayfinder.accounts.models import Role
from wayfinder.core.dates import today
from wayfinder.ehc.models import PlanStatus, PlanVersion
from wayfinder.people.tests.factories import ChildCarerFactory, ChildFactory
from wayfinder.reviews.models import Review
from wayfinder.reviews.tests.factories import issued_plan

from .pages import url
from .test_assessment_journey import Person, fill_date
from .world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ago(days: int):
    return today() - timedelta(days=days)


def test_a_review_goes_from_the_setting_to_an_amended_plan_in_the_browser(new_context, axe_source, axe_results):
    world = build_world()
    school, officer = world.extras["school"], world.users[Role.CASEWORK_OFFICER]
    ella = ChildFactory(legal_forename="Ella", legal_surname="Ashworth", locality=world.extras["locality"],
                        date_of_birth=today() - relativedelta(years=8, days=40), primary_need="SLCN",
                        caseworker=officer)
    plan = issued_plan(child=ella, setting=school, issued_on=ago(350))
    mother = world.child.carer_links.get(carer__user=world.users[Role.PARENT]).carer
    ChildCarerFactory(child=ella, carer=mother, is_main_contact=True)

    # The SENCO convenes the review from the setting's list of plans.
    senco = Person(new_context, axe_source, axe_results, world.users[Role.SENCO], "senco")
    page = senco.open("reviews", url("setting:reviews", "/setting/reviews/"))
    page.get_by_role("link", name="Start the review for Ella Ashworth").click()
    senco.checker.check(page, "review-start", 200, (200,))
    page.get_by_label("Annual review").check()
    senco.send("review", expect="Arrange the meeting")
    review = Review.objects.get(plan=plan)
    steps = {name: url(f"setting:review-{name}", "", pk=review.pk)
             for name in ("arrange", "invite", "advice", "circulate", "meeting", "report")}

    page = senco.open("arrange", steps["arrange"])
    senco.send("arrange-errors")  # submitted empty: the error summary
    assert page.locator(".govuk-error-summary").count() == 1
    fill_date(page, "meeting_on", ago(45))
    page.get_by_label("Where is the meeting?").fill("Brimington Junior School, the library")
    senco.send("review-arranged", expect="Meeting arranged")

    page = senco.open("invite", steps["invite"])
    for box in page.locator("input[name=known]").all():
        box.check()
    page.get_by_label("Someone else (1): name (optional)").fill("Mo Rahman")
    page.get_by_label("Someone else (1): who they are").select_option("health")
    fill_date(page, "sent_on", ago(65))
    senco.send("review-invited", expect="Invitations recorded")

    page = senco.open("advice", steps["advice"])
    page.get_by_label("Educational advice (school, college or early years setting)").check()
    page.get_by_label("Who is it from?").fill("Class teacher, Year 3")
    fill_date(page, "received_on", ago(62))
    page.get_by_label("The advice").fill("Ella now retells a short story in order with three linking words.")
    senco.send("review-advice", expect="Advice added")
    page = senco.open("circulate", steps["circulate"])
    fill_date(page, "circulated_on", ago(60))
    senco.send("review-circulated", expect="Advice circulated")
    page = senco.open("meeting", steps["meeting"])
    fill_date(page, "held_on", ago(45))
    senco.send("review-met", expect="Meeting recorded")
    page = senco.open("report", steps["report"])
    page.get_by_label("The child's and family's views").fill("Ella enjoys the lunch club and wants to write stories.")
    page.get_by_label("Progress towards the outcomes in section E").fill("E1 nearly met; E2 met.")
    page.get_by_label("Is the provision in the plan being made, and is it working?").fill(
        "Therapy weekly as planned; the lunch club is working.")
    page.get_by_label("Amend the plan").check()
    page.get_by_label("Changes recommended to the plan (if amending)").fill("Update section A and outcome E2.")
    fill_date(page, "sent_on", ago(35))
    senco.send("review-reported", expect="Report sent")
    assert "Send the decision" not in page.locator(".govuk-task-list").inner_text()
    senco.done()

    # The officer sees it on the radar, drafts the amendments in the plan editor and sends the decision.
    o = Person(new_context, axe_source, axe_results, officer, "officer")
    page = o.open("radar", url("staff:review-radar", "/staff/reviews/") + "?show=all")
    assert "Ella Ashworth" in page.locator("main").inner_text()
    o.open("plan", url("staff:plan-detail", "", plan_pk=plan.pk))
    page = o.open("review", url("staff:review-detail", "", pk=review.pk))
    o.send("amendment-editor", expect="Proposed amendments, version 2")
    page = o.open("amend-section-a", url("staff:plan-section", "", pk=plan.assessment_id, section="a"))
    page.locator("textarea[name=text]").fill("Ella loves horses and now wants to write her own stories.")
    o.send("amendment-saved", expect="Draft saved")
    page = o.open("decide", url("staff:review-decide", "", pk=review.pk))
    page.get_by_label("Amend the plan: the proposed amendments go with this decision").check()
    page.get_by_label("Reasons for the decision").fill("Ella's aspirations have changed: section A is updated.")
    fill_date(page, "decided_on", ago(30))
    o.send("review-decided", expect="Decision sent")
    assert "write her own stories" in page.locator("main").inner_text()
    letter = o.open("review-letter", url("staff:review-letter", "", pk=review.pk))
    assert "We propose to change Ella Ashworth" in letter.locator("main").inner_text()

    # The parent reads the proposed changes and comments within the 15 days.
    parent = Person(new_context, axe_source, axe_results, world.users[Role.PARENT], "parent")
    parent.open("family-child", url("family:child-detail", "", pk=ella.pk))
    parent.open("family-letter", url("family:review-letter", "", pk=review.pk))
    page = parent.open("family-review", url("family:review", "", pk=review.pk))
    page.get_by_role("link", name="Comment on the proposed changes").click()
    parent.checker.check(page, "family-comment", 200, (200,))
    page.get_by_label("Your comments on the draft plan").fill("Please keep the lunch club going.")
    parent.send("family-commented", expect="Your comments have been sent")
    parent.done()

    # The officer reads the comment and issues the amended plan.
    page = o.open("review-commented", url("staff:review-detail", "", pk=review.pk))
    assert "Please keep the lunch club going." in page.locator("main").inner_text()
    page = o.open("issue", url("staff:review-issue", "", pk=review.pk))
    fill_date(page, "issued_on", ago(10))
    o.send("review-finished", expect="Amended plan issued")
    assert PlanVersion.objects.get(plan=plan, number=2).status == PlanStatus.FINAL
    o.done()


def test_the_pages_around_reviews_pass_axe_for_each_user(new_context, axe_source, axe_results):
    """The radar, the phase transfer cohort, transfers, disagreements and provision delivered, as the officer,
    the SENCO and the parent see them, with the error summary of each main form."""
    from wayfinder.reviews import delivery
    from wayfinder.reviews import disagreements as dis

    world = build_world()
    school, officer = world.extras["school"], world.users[Role.CASEWORK_OFFICER]
    ella = ChildFactory(legal_forename="Ella", legal_surname="Ashworth", locality=world.extras["locality"],
                        date_of_birth=today() - relativedelta(years=11, days=40), primary_need="SLCN",
                        caseworker=officer)  # in Year 6 this school year: in the coming phase transfer cohort
    plan = issued_plan(child=ella, setting=school, issued_on=ago(500))
    mother = world.child.carer_links.get(carer__user=world.users[Role.PARENT]).carer
    ChildCarerFactory(child=ella, carer=mother, is_main_contact=True)
    disagreement = dis.disagreement_open(actor=officer, child=ella, subject="contents", plan=plan,
                                         summary="Section F does not say how much therapy", decision_letter_on=ago(20))
    term = delivery.last_ended_term()
    from wayfinder.reviews import services as review_services

    review = review_services.review_start(actor=officer, plan=plan, kind="phase_transfer")
    review_services.review_meeting_record(actor=officer, review=review, held_on=ago(3))
    consultation = review_services.review_consultation_send(actor=officer, review=review, setting=school,
                                                            sent_on=ago(2))

    o = Person(new_context, axe_source, axe_results, officer, "officer-around")
    for slug, path in (("radar-overdue", url("staff:review-radar", "/staff/reviews/")),
                       ("transfers", url("staff:plan-transfers", "/staff/transfers/")),
                       ("disagreements", url("staff:disagreement-list", "/staff/disagreements/")),
                       ("disagreement", url("staff:disagreement-detail", "", pk=disagreement.pk)),
                       ("delivery-gaps", url("staff:delivery-gaps", "/staff/delivery/gaps/")),
                       ("delivery-measure", url("staff:delivery-measure", "/staff/delivery/measure/")),
                       ("delivery-history", url("staff:delivery-history", "", plan_pk=plan.pk))):
        o.open(slug, path)
    assert "Ella Ashworth" in o.open("radar", url("staff:review-radar", "")).locator("main").inner_text()
    cohort = o.open("phase-cohort", url("staff:phase-cohort", "/staff/reviews/phase-transfers/"))
    assert "Ella Ashworth" in cohort.locator("main").inner_text()
    for slug, path in (("transfer-out", url("staff:plan-transfer-out", "", plan_pk=plan.pk)),
                       ("disagreement-new", url("staff:disagreement-new", "", child_pk=ella.pk))):
        o.open(slug, path)
        o.send(f"{slug}-errors")
        assert o.page.locator(".govuk-error-summary").count() == 1, slug
    o.open("review-new", url("staff:review-new", "", plan_pk=plan.pk))
    for slug, path in (("review-consult", url("staff:review-consult", "", pk=review.pk)),
                       ("review-decide", url("staff:review-decide", "", pk=review.pk))):
        o.open(slug, path)
        o.send(f"{slug}-errors")
        assert o.page.locator(".govuk-error-summary").count() == 1, slug
    # A plan transferred in from another authority, recorded for a child with no plan here (reg 15).
    o.open("transfer-in", url("staff:plan-transfer-in", "", child_pk=world.child.pk))
    o.send("transfer-in-errors")
    assert o.page.locator(".govuk-error-summary").count() == 1
    o.done()

    senco = Person(new_context, axe_source, axe_results, world.users[Role.SENCO], "senco-around")
    senco.open("phase-cohort", url("setting:phase-cohort", "/setting/phase-transfers/"))
    senco.open("delivery-due", url("setting:delivery-due", "/setting/delivery/"))
    senco.open("delivery-confirm", url("setting:delivery-confirm", "", plan_pk=plan.pk, term_slug=term.slug))
    senco.send("delivery-confirm-errors")
    assert senco.page.locator(".govuk-error-summary").count() == 1
    senco.open("reviews", url("setting:reviews", "/setting/reviews/"))
    senco.open("review-consultation", url("setting:review-consultation", "", pk=consultation.pk))
    senco.send("review-consultation-errors")
    assert senco.page.locator(".govuk-error-summary").count() == 1
    senco.done()

    parent = Person(new_context, axe_source, axe_results, world.users[Role.PARENT], "parent-around")
    parent.open("delivery-history", url("family:delivery-history", "", plan_pk=plan.pk))
    parent.open("disagreements", url("family:disagreements", "", child_pk=ella.pk))
    parent.done()
