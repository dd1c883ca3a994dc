"""Every page of the shell, as every role, in headless Chromium: axe-core (WCAG 2.2 A and AA rules),
one <h1>, a <title>, lang="en", no broken stylesheets or scripts, and a full-page screenshot in
test-results/screenshots/. The search and the create form are also used with JavaScript turned off.

See docs/how-to/accessibility-testing.md for how to run these and what they do not cover.
"""

import pytest
from django.urls import NoReverseMatch, reverse

from wayfinder.accounts.models import Role
from wayfinder.people.models import Child

from .helpers import PageChecker, first_present, sign_in, submit
from .pages import API_DOCS_ROLE, MFA_ERRORS_ROLE, ROLES, SIGNED_OUT, api_docs_visit, url, visits_for
from .world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_can_reach_passes_axe_and_the_basic_checks(role, new_context, axe_source, axe_results):
    world = build_world()
    page = new_context().new_page()
    checker = PageChecker(role, axe_source, results=axe_results)
    checker.watch(page)

    if role != SIGNED_OUT:
        sign_in(page, checker, world.users[role], PASSWORD, show_mfa_errors=role == MFA_ERRORS_ROLE)
    for visit in visits_for(role, world):
        checker.visit(page, visit)

    assert not checker.problems, checker.report()


def test_search_and_the_create_form_work_without_javascript(new_context, axe_source, axe_results):
    world = build_world()
    officer = world.users[Role.CASEWORK_OFFICER]
    page = new_context(java_script_enabled=False).new_page()
    # axe-core cannot run in a page with JavaScript turned off; the same pages are checked with it
    # on by the test above. Everything else is checked.
    checker = PageChecker(f"{Role.CASEWORK_OFFICER}-no-js", axe_source, run_axe=False, results=axe_results)
    checker.watch(page)

    # Signing in, including the security code, needs no JavaScript.
    sign_in(page, checker, officer, PASSWORD)

    # Search from the staff home page's search box.
    page.goto(url("staff:home", "/staff/"))
    page.locator("form[role=search] input[name=q]").fill("Ashworth")
    with page.expect_navigation() as navigation:
        page.locator("form[role=search] [type=submit]").click()
    checker.check(page, "child-search", navigation.value.status, (200,), "searching works without JavaScript")
    assert "q=Ashworth" in page.url
    assert page.get_by_role("link", name="Ruby Ashworth").count() >= 1, page.locator("main").inner_text()

    # The create form submitted empty: the error summary links to each field in error.
    new = url("staff:child-new", "/staff/children/new/")
    page.goto(new)
    response = submit(page)
    checker.check(page, "child-new-errors", response.status, (200,), "form errors without JavaScript")
    checker.check_error_summary(page, "child-new-errors")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the child's legal first name" in summary.replace("’", "'"), summary

    # ...and filled in properly, it creates the record and shows it.
    page.get_by_label("Legal first name").fill("Maisie")
    page.get_by_label("Legal last name").fill("Hollingworth")
    # With no caseworker the new record would be outside a casework officer's (team) scope.
    page.locator("select[name=caseworker]").select_option(str(officer.pk))
    date_parts = page.locator("#main-content input[name^=date_of_birth]")
    if date_parts.count() == 3:  # GOV.UK date input: day, month, year
        for part, value in zip(date_parts.all(), ["4", "11", "2015"], strict=True):
            part.fill(value)
    else:
        first_present(page, ["input[name=date_of_birth]"], "date of birth").fill("04/11/2015")
    response = submit(page)
    created = Child.objects.filter(legal_surname="Hollingworth").first()
    assert created is not None, page.locator("main").inner_text()
    checker.check(page, "child-created", response.status, (200,), "the new record after creating it")
    try:
        detail = reverse("staff:child-detail", kwargs={"pk": created.pk})
    except NoReverseMatch:
        detail = f"/staff/children/{created.pk}/"
    assert page.url.endswith(detail), page.url

    assert not checker.problems, checker.report()


def test_the_api_documentation_passes_axe(new_context, axe_source, axe_results):
    """The API reference (the OpenAPI description rendered on the server), as one staff role."""
    world = build_world()
    page = new_context().new_page()
    checker = PageChecker(API_DOCS_ROLE, axe_source, results=axe_results)
    sign_in(page, None, world.users[API_DOCS_ROLE], PASSWORD)
    checker.watch(page)
    visit = api_docs_visit()
    response = page.goto(visit.url)
    checker.check(page, visit.slug, response.status if response else None, visit.status, visit.why)

    assert not checker.problems, checker.report()
