"""An EHC needs assessment taken from request to issued plan entirely in the browser: the casework officer
records the request and decisions, asks for advice, writes, serves and issues the plan; the health
professional and the school give their advice; the school answers the consultation; the parent reads the
draft and comments. Every page visited is checked with axe-core (WCAG 2.2 AA) and the basic checks, and the
letters and the plan come back as PDFs.
"""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta

from wayfinder.accounts.models import Role
from wayfinder.core.dates import today
from wayfinder.ehc.models import Assessment
from wayfinder.people.codes import SENType
from wayfinder.people.tests.factories import ChildCarerFactory, ChildFactory, EnrolmentFactory

from .helpers import PageChecker, sign_in, submit
from .pages import url
from .world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ago(days: int):
    return today() - timedelta(days=days)


def fill_date(page, name: str, when) -> None:
    page.locator(f"input[name={name}_day]").fill(str(when.day))
    page.locator(f"input[name={name}_month]").fill(str(when.month))
    page.locator(f"input[name={name}_year]").fill(str(when.year))


class Person:
    """One role's browser tab, signed in, with its own page checker."""

    def __init__(self, new_context, axe_source, axe_results, user, role: str):
        self.page = new_context().new_page()
        self.checker = PageChecker(f"journey-{role}", axe_source, results=axe_results)
        self.checker.watch(self.page)
        sign_in(self.page, None, user, PASSWORD)

    def open(self, slug: str, path: str):
        response = self.page.goto(path)
        self.checker.check(self.page, slug, response.status if response else None, (200,), "on the journey")
        return self.page

    def send(self, slug: str, expect: str = ""):
        """Submit the page's form; the page it leads to is checked too."""
        response = submit(self.page)
        self.checker.check(self.page, slug, response.status if response else None, (200,), "after submitting")
        if expect:
            assert expect in self.page.locator("main").inner_text(), self.page.locator("main").inner_text()[:2000]
        return self.page

    def done(self):
        assert not self.checker.problems, self.checker.report()


def test_a_case_goes_from_request_to_issued_plan_in_the_browser(new_context, axe_source, axe_results):
    world = build_world()
    school, officer = world.extras["school"], world.users[Role.CASEWORK_OFFICER]
    ella = ChildFactory(legal_forename="Ella", legal_surname="Ashworth", locality=world.extras["locality"],
                        date_of_birth=today() - relativedelta(years=7, days=20), primary_need=SENType.SLCN,
                        caseworker=officer)
    EnrolmentFactory(child=ella, setting=school)
    mother = world.child.carer_links.get(carer__user=world.users[Role.PARENT]).carer
    ChildCarerFactory(child=ella, carer=mother, is_main_contact=True)

    o = Person(new_context, axe_source, axe_results, officer, "officer")

    # The request, from Ella's record.
    page = o.open("request-form", url("staff:assessment-new", "", child_pk=ella.pk))
    o.send("request-form-errors")  # submitted empty: the error summary
    assert page.locator(".govuk-error-summary").count() == 1
    fill_date(page, "received_on", ago(139))
    page.get_by_label("Young person or parent").check()
    page.get_by_label("Name and role of the person who asked").fill("Kerry Ashworth, mother")
    page.get_by_label("Why is the assessment asked for?").fill("Ella's speech is two years behind her age.")
    page.get_by_label("The parent, or the young person, agrees").check()
    o.send("case-new", expect="Decide whether to assess")
    assessment = Assessment.objects.get(child=ella)
    case = url("staff:assessment-detail", "", pk=assessment.pk)
    o.open("caseload", url("staff:caseload", "/staff/assessments/"))

    # Decide to assess: the letter, on screen and as a PDF.
    page = o.open("decide-assess", url("staff:assessment-decide-assess", "", pk=assessment.pk))
    page.get_by_label("Yes, carry out an EHC needs assessment").check()
    fill_date(page, "decided_on", ago(110))
    page.get_by_label("Reasons for the decision").fill("The school's evidence shows needs that may need a plan.")
    o.send("letter", expect="We will carry out an education, health and care needs assessment")
    pdf = page.request.get(page.get_by_role("link", name="Download the letter as a PDF").get_attribute("href"))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")

    # Ask health and the school for advice.
    for source, who in (("Medical advice (health care professional)", ("professional", world.users[
            Role.HEALTH_PROFESSIONAL])), ("Educational advice (school, college or early years setting)",
                                         ("setting", school))):
        page = o.open("advice-request", url("staff:assessment-advice-new", "", pk=assessment.pk))
        page.get_by_label(source).check()
        page.locator(f"select[name={who[0]}]").select_option(str(who[1].pk))
        fill_date(page, "requested_on", ago(108))
        o.send("case-after-advice-request", expect="Advice requested")

    # The health professional and the SENCO give their advice through their own pages.
    nurse = Person(new_context, axe_source, axe_results, world.users[Role.HEALTH_PROFESSIONAL], "health")
    page = nurse.open("advice-list", url("staff:advice-list", "/staff/advice/"))
    page.locator("main a", has_text="Ella Ashworth").first.click()
    nurse.checker.check(page, "advice-form", 200, (200,))
    fill_date(page, "received_on", ago(90))
    page.get_by_label("Needs you identified").fill("No health needs that affect her learning.")
    nurse.send("advice-given", expect="Advice sent to the SEN team")
    nurse.done()

    senco = Person(new_context, axe_source, axe_results, world.users[Role.SENCO], "senco")
    page = senco.open("requests", url("setting:requests", "/setting/requests/"))
    page.locator("main a", has_text="Ella Ashworth").first.click()
    fill_date(page, "received_on", ago(85))
    page.get_by_label("Needs you identified").fill("Expressive language well below her age.")
    senco.send("advice-given", expect="Advice sent to the SEN team")

    # Decide to issue; write the plan section by section; serve it.
    page = o.open("decide-issue", url("staff:assessment-decide-issue", "", pk=assessment.pk))
    page.get_by_label("Yes, issue an EHC plan").check()
    fill_date(page, "decided_on", ago(60))
    page.get_by_label("Reasons for the decision").fill("Her needs cannot be met from the school's own resources.")
    o.send("letter-issue")
    texts = {
        "a": "Ella loves horses and wants to be a vet. Her mother wants her to be understood by her friends.",
        "c": "No health needs identified, based on advice from Mo Rahman, speech and language therapy.",
        "d": "No social care needs identified, based on advice from Dee Walsh, social worker.",
        "g": "No health provision identified, based on advice from Mo Rahman, speech and language therapy.",
        "h1": "No social care provision identified, based on advice from Dee Walsh, social worker.",
        "h2": "No social care provision identified, based on advice from Dee Walsh, social worker.",
    }
    for section, text in texts.items():
        page = o.open(f"plan-section-{section}", url("staff:plan-section", "", pk=assessment.pk, section=section))
        page.locator("textarea[name=text]").fill(text)
        o.send("plan", expect="Draft saved")
    page = o.open("plan-needs", url("staff:plan-section", "", pk=assessment.pk, section="needs"))
    page.locator("textarea[name='1_text']").fill("Ella's expressive language is two years behind her age.")
    o.send("plan")
    page = o.open("plan-outcomes", url("staff:plan-section", "", pk=assessment.pk, section="outcomes"))
    page.locator("textarea[name='1_text']").fill("Ella will retell a story in order using five linking words.")
    page.locator("input[name='1_by_when']").fill("by July 2027")
    page.locator("input[name='1_measure']").fill("speech and language therapist's assessment each term")
    o.send("plan")
    page = o.open("plan-provision", url("staff:plan-section", "", pk=assessment.pk, section="provision"))
    page.locator("textarea[name='1_what']").fill("Speech and language therapy to build narrative skills")
    page.locator("input[name='1_need_refs'][value=B1]").check()
    page.locator("input[name='1_who']").fill("NHS speech and language therapist")
    page.locator("input[name='1_frequency']").fill("once a week")
    page.locator("input[name='1_duration']").fill("30 minutes, for the school year")
    page.locator("input[name='1_group_size']").fill("1:1")
    page.locator("input[name='1_review']").fill("each term")
    o.send("plan")
    page = o.open("plan-serve", url("staff:plan-serve", "", pk=assessment.pk))
    fill_date(page, "on", ago(40))
    o.send("plan-served", expect="Draft plan served")
    page = o.open("consult", url("staff:assessment-consult", "", pk=assessment.pk))
    page.locator("select[name=setting]").select_option(str(school.pk))
    fill_date(page, "sent_on", ago(39))
    o.send("case-consulted", expect="consulted")

    # The parent reads the draft and comments.
    parent = Person(new_context, axe_source, axe_results, world.users[Role.PARENT], "parent")
    page = parent.open("family-assessment", url("family:assessment", "", pk=assessment.pk))
    assert "Issue the final plan (20 weeks)" in page.locator("main").inner_text()
    parent.open("family-draft", url("family:plan", "", pk=assessment.pk, number=1))
    page = parent.open("family-comment", url("family:comment", "", pk=assessment.pk, number=1))
    page.get_by_label("Your comments on the draft plan").fill("Please add help at lunchtimes.")
    parent.send("family-commented", expect="Your comments have been sent")
    parent.done()

    # The school answers the consultation, having read the draft.
    page = senco.open("requests-consultation", url("setting:requests", "/setting/requests/"))
    page.locator("main a[href*=consultations]", has_text="Ella Ashworth").first.click()
    senco.checker.check(page, "consultation", 200, (200,))
    page.get_by_label("We can meet the child's needs and agree to be named").check()
    fill_date(page, "responded_on", ago(30))
    senco.send("consultation-answered", expect="Response sent")
    senco.done()

    # Name the school in section I and issue the final plan.
    page = o.open("plan-placement", url("staff:plan-section", "", pk=assessment.pk, section="placement"))
    page.locator("select[name=setting]").select_option(str(school.pk))
    page.get_by_label("Type of setting").fill("Mainstream junior school")
    o.send("plan-revised")
    page = o.open("plan-finalise", url("staff:plan-finalise", "", pk=assessment.pk))
    fill_date(page, "on", ago(20))
    o.send("plan-issued", expect="Final EHC plan issued")
    page = o.open("case-finished", case)
    assert "PLAN-FINAL-20W" in page.locator("main").inner_text()
    page = o.open("plan-final", url("staff:plan-version", "", pk=assessment.pk, number=2))
    assert "What changed since version 1" in page.locator("main").inner_text()
    pdf = page.request.get(url("staff:plan-version-pdf", "", pk=assessment.pk, number=2))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    o.open("team", url("staff:caseload", "/staff/assessments/"))
    o.done()
