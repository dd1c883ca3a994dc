"""The Local Offer in the browser (CAFA 2014 s30; SEND Regulations 2014 regs 53–57):

* a family finds "autism support near DE4 for a 9-year-old without a diagnosis" with JavaScript switched off,
  opens the listing and prints the list;
* a carer asks a question once, and sees it read, owned and answered through their private link;
* a provider's edit goes live only after an editor's review;
* the editor's and provider's other pages, and every error summary on the way.

Every page visited is checked with axe-core (WCAG 2.2 AA) and the basic checks.
"""

from datetime import timedelta
from decimal import Decimal

import pytest

from wayfinder.accounts.models import Role, TeamKind
from wayfinder.accounts.tests.factories import TeamFactory
from wayfinder.core.dates import today
from wayfinder.directory import vocab
from wayfinder.directory.models import AccessRoute, Page, PageKind, PageRevision, Service
from wayfinder.directory.selectors import public_services
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

from .helpers import PageChecker
from .pages import url
from .test_assessment_journey import Person
from .world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Visitor:
    """Someone who is not signed in, in their own tab, with a page checker. With JavaScript off axe-core
    cannot run in the page, so ``done()`` visits every page seen again in a tab with JavaScript on, for axe."""

    def __init__(self, new_context, axe_source, axe_results, slug: str, *, javascript: bool = True):
        self.new_context, self.axe_source, self.axe_results, self.slug = new_context, axe_source, axe_results, slug
        self.javascript = javascript
        self.page = new_context(java_script_enabled=javascript).new_page()
        self.checker = PageChecker(f"local-offer-{slug}{'' if javascript else '-no-js'}", axe_source,
                                   run_axe=javascript, results=axe_results)
        self.checker.watch(self.page)
        self.seen: list[tuple[str, str]] = []
        self.page.on("load", lambda page: self.seen.append((f"{len(self.seen):02d}", page.url)))

    def open(self, slug: str, path: str, expected=(200,)):
        response = self.page.goto(path)
        self.checker.check(self.page, slug, response.status if response else None, expected, "the public Local Offer")
        return self.page

    def click(self, slug: str, name: str, role: str = "button"):
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role(role, name=name, exact=True).first.click()
        response = navigation.value
        self.checker.check(self.page, slug, response.status if response else None, (200,), f"after “{name}”")
        return self.page

    def main(self) -> str:
        return self.page.locator("main").inner_text()

    def done(self):
        assert not self.checker.problems, self.checker.report()
        if not self.javascript:
            again = Visitor(self.new_context, self.axe_source, self.axe_results, self.slug)
            for slug, address in dict(self.seen).items():
                again.open(f"axe-{slug}", address)
            assert not again.checker.problems, again.checker.report()


def _autism_services():
    """Three autism services around Matlock (DE4) and one in Swadlincote, 25 miles away."""
    centroid("DE4", "53.137900", "-1.553700", "Matlock")
    centroid("S40", "53.235000", "-1.436000", "Chesterfield")
    dales = LocalityFactory(name="High Peak and North Dales", code="high-peak-north-dales",
                            postcode_districts=["DE4", "DE45"])
    asd, heading = term("asd"), term("health")
    network = OrganisationFactory(name="Peak and Dales Autism Family Network (test)")

    def autism(name: str, *, place, lat, lon, postcode, **kwargs):
        service = ServiceFactory(organisation=network, name=name, terms=[asd, heading], localities=[dales],
                                 access_routes=[AccessRoute.SELF_REFERRAL], **kwargs)
        location = LocationFactory(name=place, postcode=postcode, latitude=Decimal(lat), longitude=Decimal(lon))
        ServiceAtLocationFactory(service=service, location=location)
        ScheduleFactory(service=service)
        return service

    wanted = autism("Autism family support drop-in, Matlock", place="Matlock Family Hub", lat="53.1390",
                    lon="-1.5540", postcode="DE4 3AG", minimum_age=4, maximum_age=11,
                    description="A friendly drop-in for families of autistic children: advice on sleep, "
                                "communication and school. No diagnosis needed.")
    needs_diagnosis = autism("Autism diagnosis follow-up clinic", place="Whitworth Hospital", lat="53.1520",
                             lon="-1.5900", postcode="DE4 2JD", minimum_age=2, maximum_age=18,
                             diagnosis_required=True)
    teenagers = autism("Autistic teenagers' social group", place="Matlock Youth Centre", lat="53.1370",
                       lon="-1.5560", postcode="DE4 3NH", minimum_age=12, maximum_age=18)
    far = autism("Autism parents' coffee morning, Swadlincote", place="Swadlincote Library", lat="52.7740",
                 lon="-1.5570", postcode="DE11 8AD", minimum_age=0, maximum_age=18)  # 25 miles away
    far.localities.clear()
    return wanted, [needs_diagnosis, teenagers, far]


def test_a_family_finds_autism_support_near_de4_for_a_9_year_old_without_javascript(
        new_context, axe_source, axe_results):
    vocab.ensure()  # a transactional test starts from an emptied database
    wanted, unwanted = _autism_services()
    page_ = Page.objects.create(slug="communication-and-interaction", kind=PageKind.PATHWAY,
                                need=term("communication-interaction"))
    PageRevision.objects.create(
        page=page_, title="Communication and interaction, including autism", summary="Support for communication.",
        body="Help for children who find communicating hard.", published_on=wanted.created_on,
        steps=[{"level": level, "title": title, "body": "What is there.", "next": "How to get more help."}
               for level, title in (("universal", "Everyone"), ("targeted", "Extra help"),
                                    ("specialist", "Specialist help"))],
        while_you_wait="Ask the school's SENCO about a support plan now.")

    family = Visitor(new_context, axe_source, axe_results, "family", javascript=False)
    page = family.open("home", url("localoffer:home", "/local-offer/"))
    page.get_by_role("link", name="Communication and interaction", exact=False).first.click()
    family.checker.check(page, "pathway", 200, (200,), "a pathway from the start page")
    assert "Support while you wait" in family.main()

    page = family.open("search", url("localoffer:search", "/local-offer/services/"))
    page.get_by_label("Postcode", exact=True).fill("XX1")  # not a postcode district anyone has
    family.click("search-errors", "Search")
    assert page.locator(".govuk-error-summary").count() == 1
    assert "We do not know where XX1 is" in page.locator(".govuk-error-summary").inner_text()

    page.get_by_label("Area of need").select_option("asd")
    page.get_by_label("Age of the child or young person").fill("9")
    page.get_by_label("Postcode", exact=True).fill("DE4")
    page.get_by_label("No diagnosis needed").check()
    family.click("search-results", "Search")
    results = page.locator("main").inner_text()
    assert wanted.name in results, results[:3000]
    for service in unwanted:
        assert service.name not in results, service.name
    assert "Why this matches" in results and "No diagnosis needed" in results and "from DE4" in results

    page.get_by_role("link", name=wanted.name).click()
    family.checker.check(page, "service", 200, (200,), "the listing")
    assert "Monday" in family.main() and "Matlock Family Hub" in family.main()

    page.go_back()
    family.click("print", "Print or share this list", role="link")
    assert wanted.name in family.main() and "DE4 3AG" in family.main()
    family.done()


def test_a_carer_asks_a_question_and_sees_it_answered(new_context, axe_source, axe_results):
    from django.conf import settings

    vocab.ensure()
    world = build_world()
    editor = world.users[Role.DIRECTORY_EDITOR]
    team = TeamFactory(name=settings.WAYFINDER_ASK_US_TEAM, kind=TeamKind.OTHER)
    editor.team = team
    editor.save(update_fields=["team"])

    carer = Visitor(new_context, axe_source, axe_results, "carer", javascript=False)
    carer.open("carers", url("localoffer:carers", "/local-offer/carers/"))
    page = carer.open("ask", url("localoffer:ask", "/local-offer/carers/ask/"))
    carer.click("ask-errors", "Send your question")
    assert page.locator(".govuk-error-summary").count() == 1
    page.get_by_label("Your name", exact=True).fill("Dawn Marsden")
    page.get_by_label("Email address", exact=True).fill("dawn@example.org")
    page.get_by_label("I am a parent carer of a disabled child or young person").check()
    page.get_by_label("Your question", exact=True).fill("Can I get a short break for my son, who is 12 and autistic?")
    carer.click("asked", "Send your question")
    status_link = page.url
    assert "short break for my son" in carer.main()
    assert "working days" in carer.main() or "by " in carer.main()

    officer = Person(new_context, axe_source, axe_results, editor, "ask-us")
    page = officer.open("questions", url("staff:carers-questions", "/staff/local-offer/carers/questions/"))
    from wayfinder.directory.models import Question

    page.get_by_role("link", name=Question.objects.get().reference).click()
    officer.checker.check(page, "question", 200, (200,), "the question")
    with page.expect_navigation():
        page.get_by_role("button", name="Take ownership", exact=False).click()
    officer.checker.check(page, "question-owned", 200, (200,), "after taking ownership")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    officer.checker.check(page, "answer-errors", 200, (200,), "the answer submitted empty")
    assert page.locator(".govuk-error-summary").count() == 1
    page.get_by_label("Your answer").fill("Yes: ask for a short breaks assessment; the Peak holiday club takes "
                                          "autistic 12-year-olds.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the answer").click()
    officer.checker.check(page, "answered", 200, (200,), "after answering")
    officer.done()

    page = carer.open("answered", status_link)
    assert "Peak holiday club" in carer.main() and editor.get_full_name() in carer.main()
    carer.done()


def test_a_providers_edit_goes_live_only_after_an_editors_review(new_context, axe_source, axe_results):
    vocab.ensure()
    world = build_world()
    organisation = world.extras["provider_org"]
    service = ServiceFactory(organisation=organisation, name="Saturday sensory club", terms=[term("leisure")],
                             description="Sensory play for children aged 2 to 8.", minimum_age=2, maximum_age=8,
                             last_confirmed_on=today() - timedelta(days=200))

    provider = Person(new_context, axe_source, axe_results, world.users[Role.DIRECTORY_PROVIDER], "provider")
    page = provider.open("home", url("provider:home", "/provider/"))
    assert "Saturday sensory club" in page.locator("main").inner_text()
    page = provider.open("edit", url("provider:service-edit", "", pk=service.pk))
    page.get_by_label("Description", exact=True).fill("")
    provider.send("edit-errors")
    assert page.locator(".govuk-error-summary").count() == 1
    page.get_by_label("Description", exact=True).fill("Sensory play for children aged 2 to 8, now with a quiet room.")
    provider.send("sent-for-review", expect="review")
    assert "quiet room" not in public_services().get(pk=service.pk).description

    public = Visitor(new_context, axe_source, axe_results, "public-before")
    public.open("listing-before", url("localoffer:service", "", pk=service.pk))
    assert "quiet room" not in public.main()
    assert "out of date" in public.main()  # not confirmed for 200 days: marked for the public
    public.done()

    editor = Person(new_context, axe_source, axe_results, world.users[Role.DIRECTORY_EDITOR], "editor")
    editor.open("directory-home", url("staff:directory-home", "/staff/local-offer/"))
    page = editor.open("changes", url("staff:directory-changes", "/staff/local-offer/changes/"))
    page.get_by_role("link", name="Saturday sensory club", exact=False).first.click()
    editor.checker.check(page, "change", 200, (200,), "the proposed change")
    assert "quiet room" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve and publish").click()
    editor.checker.check(page, "approved", 200, (200,), "after approving")
    for slug, name, fallback in (("services", "staff:directory-services", "/staff/local-offer/services/"),
                                 ("stale", "staff:directory-stale", "/staff/local-offer/stale/"),
                                 ("organisations", "staff:directory-organisations",
                                  "/staff/local-offer/organisations/"),
                                 ("pages", "staff:directory-pages", "/staff/local-offer/pages/")):
        editor.open(slug, url(name, fallback))
    editor.open("service", url("staff:directory-service", "", pk=service.pk))
    editor.open("page-new", url("staff:directory-page-new", "/staff/local-offer/pages/new/"))
    editor.send("page-new-errors")
    assert editor.page.locator(".govuk-error-summary").count() == 1
    editor.open("service-new", url("staff:directory-service-new", "/staff/local-offer/services/new/"))
    editor.send("service-new-errors")
    assert editor.page.locator(".govuk-error-summary").count() == 1
    editor.done()

    service = Service.objects.get(pk=service.pk)
    assert "quiet room" in service.description and not service.is_stale()
    public = Visitor(new_context, axe_source, axe_results, "public-after")
    public.open("listing-after", url("localoffer:service", "", pk=service.pk))
    assert "quiet room" in public.main()
    public.done()
    provider.done()
