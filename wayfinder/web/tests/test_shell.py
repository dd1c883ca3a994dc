"""The page shell: start, cookies and accessibility pages, error pages, navigation, messages, and
GOV.UK form rendering (fields, error summary, the date input)."""

from datetime import date

import pytest
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from wayfinder.accounts.models import Role
from wayfinder.accounts.tests.factories import UserFactory
from wayfinder.web import views
from wayfinder.web.forms import GovukDateField

pytestmark = pytest.mark.django_db

SERVICE = "Wayfinder SEND"


def text(response) -> str:
    return response.content.decode()


# --- Pages -------------------------------------------------------------------------------------


def test_the_start_page_renders_for_signed_out_visitors_with_the_service_name_and_a_way_in(client):
    response = client.get(reverse("web:home"))
    body = text(response)
    assert response.status_code == 200
    assert f"<title>{SERVICE}</title>" in body
    assert '<html lang="en" class="govuk-template">' in body
    assert f'class="govuk-generic-header__homepage-link">{SERVICE}</a>' in body
    assert f'href="{reverse("accounts:sign-in")}"' in body
    assert "Skip to main content" in body and 'id="main-content"' in body
    assert "govuk-phase-banner" in body and "Alpha" in body


def test_the_shell_uses_no_crown_gov_uk_logotype_or_gds_transport_font(client):
    body = text(client.get(reverse("web:home")))
    assert "GOV.UK" not in body
    assert "govuk-header__logotype" not in body and "govuk-footer__crown" not in body
    assert "govuk-template--rebranded" not in body
    assert "wayfinder/wayfinder.css" in body
    assert 'type="module"' in body


@pytest.mark.parametrize(
    ("role", "home"),
    [(Role.CASEWORK_OFFICER, "staff:home"), (Role.SENCO, "setting:home"), (Role.PARENT, "family:home")],
)
def test_signed_in_users_go_from_the_start_page_to_their_audiences_home(client, sign_in, role, home):
    sign_in(client, UserFactory(role=role))
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(home)


def test_the_cookies_page_lists_the_essential_cookies_and_says_there_are_no_analytics_cookies(client):
    response = client.get(reverse("web:cookies"))
    body = text(response)
    assert response.status_code == 200
    assert f"<title>Cookies – {SERVICE}</title>" in body
    assert "sessionid" in body and "csrftoken" in body
    assert "We do not use analytics cookies" in body


def test_the_accessibility_statement_follows_the_regulations_template(client):
    response = client.get(reverse("web:accessibility"))
    body = text(response)
    assert response.status_code == 200
    for expected in [
        "Accessibility statement for Wayfinder SEND",
        "Web Content Accessibility Guidelines version 2.2",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Advisory and Support Service (EASS)",
        "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018",
        "axe-core in a headless Chromium browser",
        "This statement was prepared on 22 November 2026",
    ]:
        assert expected in body, expected


def test_the_footer_links_to_the_cookies_page_and_the_accessibility_statement(client):
    body = text(client.get(reverse("web:cookies")))
    assert f'href="{reverse("web:cookies")}">Cookies</a>' in body
    assert f'href="{reverse("web:accessibility")}">Accessibility statement</a>' in body


def test_the_health_check_answers_plain_ok_without_signing_in(client):
    response = client.get(reverse("web:health"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_a_missing_page_uses_the_govuk_page_not_found_template(client):
    response = client.get("/no-such-page/")
    body = text(response)
    assert response.status_code == 404
    assert f"<title>Page not found – {SERVICE}</title>" in body
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in body
    assert "govuk-generic-header" in body


def test_the_403_page_uses_the_govuk_template():
    request = RequestFactory().get("/staff/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = views.error_403(request)
    assert response.status_code == 403
    assert "You cannot do this" in text(response)


def test_the_500_page_renders_without_a_request_context_or_the_database():
    response = views.error_500(RequestFactory().get("/"))
    body = text(response)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert SERVICE in body
    assert "csrfmiddlewaretoken" not in body and "Sign out" not in body


# --- Navigation and messages -------------------------------------------------------------------


def test_staff_see_their_navigation_their_name_and_a_sign_out_button(client, sign_in):
    officer = UserFactory(role=Role.CASEWORK_OFFICER, first_name="Priya", last_name="Shah")
    sign_in(client, officer)
    body = text(client.get(reverse("web:cookies")))
    assert f'href="{reverse("staff:home")}"' in body
    assert "Find a child" in body
    assert "Priya Shah" in body
    assert f'<form method="post" action="{reverse("accounts:sign-out")}"' in body
    assert "csrfmiddlewaretoken" in body


def test_the_current_page_is_marked_in_the_navigation(client, sign_in):
    sign_in(client, UserFactory(role=Role.CASEWORK_OFFICER))
    body = text(client.get(reverse("staff:child-search")))
    assert f'href="{reverse("staff:child-search")}" aria-current="page"' in body


@pytest.mark.parametrize(("role", "item"), [(Role.SENCO, "Our pupils"), (Role.PARENT, "Your children")])
def test_settings_and_families_see_their_own_navigation(client, sign_in, role, item):
    sign_in(client, UserFactory(role=role))
    body = text(client.get(reverse("web:cookies")))
    assert item in body
    assert "Find a child" not in body


def test_signed_out_visitors_see_sign_in_and_no_sign_out(client):
    body = text(client.get(reverse("web:cookies")))
    assert ">Sign in</a>" in body
    assert "Sign out" not in body


def test_staff_who_have_not_entered_their_code_see_only_sign_out(client):
    client.force_login(UserFactory(role=Role.CASEWORK_OFFICER))
    body = text(client.get(reverse("web:cookies")))
    assert "Find a child" not in body
    assert "Sign out" in body


def test_a_success_message_is_shown_once_as_a_success_notification_banner():
    template = Template('{% extends "web/base.html" %}{% block content %}<h1>Page</h1>{% endblock %}')
    body = template.render(Context({
        "service_name": SERVICE,
        "messages": [Message(constants.SUCCESS, "Record saved")],
    }))
    assert body.count("Record saved") == 1
    assert "govuk-notification-banner govuk-notification-banner--success" in body
    assert 'role="alert"' in body


# --- Forms -------------------------------------------------------------------------------------


class ExampleForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", help_text="As it appears on letters",
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    email = forms.EmailField(label="Email address", error_messages={"required": "Enter your email address",
                                                                     "invalid": "Enter a real email address"})
    date_of_birth = GovukDateField(label="Date of birth", help_text="For example, 27 3 2007")
    contact = forms.ChoiceField(
        label="How should we contact you?", choices=[("email", "Email"), ("post", "Post")],
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select how we should contact you"},
    )
    large_print = forms.BooleanField(label="Send letters in large print", required=False)
    needs = forms.MultipleChoiceField(
        label="Needs", required=False, choices=[("a", "Interpreter"), ("b", "Easy read")],
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    area = forms.ChoiceField(label="Area", required=False, choices=[("", "Choose"), ("n", "North")])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("full_name") == "Nobody":
            raise forms.ValidationError("We could not find anyone with that name")
        return cleaned


def render_form_page(form) -> str:
    return Template(
        '<form method="post" novalidate>{% include "govuk/forms/error_summary.html" %}{{ form }}'
        '<button class="govuk-button" data-module="govuk-button">Save</button></form>'
    ).render(Context({"form": form}))


def test_a_form_with_errors_shows_the_error_summary_linking_to_each_fields_id():
    form = ExampleForm(data={"email": "not-an-email", "date_of_birth_day": "31", "date_of_birth_month": "2",
                             "date_of_birth_year": "2016"})
    assert not form.is_valid()
    body = render_form_page(form)
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary">' in body
    assert '<a href="#id_full_name">Enter your full name</a>' in body
    assert '<a href="#id_email">Enter a real email address</a>' in body
    assert '<a href="#id_date_of_birth_day">Date of birth must be a real date</a>' in body
    assert '<a href="#id_contact_0">Select how we should contact you</a>' in body
    for target in ["id_full_name", "id_email", "id_date_of_birth_day", "id_contact_0"]:
        assert f'id="{target}"' in body


def test_a_field_in_error_has_the_govuk_error_message_and_error_classes():
    form = ExampleForm(data={})
    form.is_valid()
    body = str(form["full_name"].as_field_group())
    assert '<div class="govuk-form-group govuk-form-group--error">' in body
    assert '<p id="id_full_name-error" class="govuk-error-message">' in body
    assert '<span class="govuk-visually-hidden">Error:</span> Enter your full name' in body
    assert 'class="govuk-input govuk-input--width-20 govuk-input--error"' in body
    assert 'aria-describedby="id_full_name-hint id_full_name-error"' in body
    assert '<div id="id_full_name-hint" class="govuk-hint">As it appears on letters</div>' in body


def test_errors_not_about_one_field_are_listed_in_the_summary():
    form = ExampleForm(data={"full_name": "Nobody", "email": "a@example.org", "contact": "email",
                             "date_of_birth_day": "1", "date_of_birth_month": "2", "date_of_birth_year": "2016"})
    assert not form.is_valid()
    assert "<li>We could not find anyone with that name</li>" in render_form_page(form)


def test_a_valid_form_shows_no_error_summary_and_no_required_attributes():
    body = render_form_page(ExampleForm())
    assert "govuk-error-summary" not in body
    assert " required" not in body


def test_each_kind_of_field_gets_its_govuk_component():
    body = render_form_page(ExampleForm())
    assert '<input type="email" name="email" maxlength="320" spellcheck="false" class="govuk-input"' in body
    assert '<div class="govuk-radios govuk-radios--inline" data-module="govuk-radios">' in body
    assert 'class="govuk-radios__input" id="id_contact_0"' in body
    assert '<label class="govuk-label govuk-radios__label" for="id_contact_0">Email</label>' in body
    assert '<div class="govuk-checkboxes" data-module="govuk-checkboxes">' in body
    assert 'class="govuk-checkboxes__input" id="id_large_print"' in body
    assert 'id="id_needs_0" class="govuk-checkboxes__input"' in body
    assert '<textarea name="notes" rows="5" class="govuk-textarea" id="id_notes">' in body
    assert '<select name="area" class="govuk-select" id="id_area">' in body
    assert '<fieldset class="govuk-fieldset" role="group"' in body
    assert '<div class="govuk-date-input" id="id_date_of_birth">' in body
    assert 'name="date_of_birth_day"' in body and 'name="date_of_birth_year"' in body


def test_the_date_input_shows_an_existing_date_in_its_three_boxes():
    body = str(ExampleForm(initial={"date_of_birth": date(2016, 5, 17)})["date_of_birth"])
    assert 'name="date_of_birth_day" value="17"' in body
    assert 'name="date_of_birth_month" value="5"' in body
    assert 'name="date_of_birth_year" value="2016"' in body


class DateForm(forms.Form):
    date_of_birth = GovukDateField(label="Date of birth")
    left_on = GovukDateField(label="Date they left (optional)", required=False)


def date_data(day="", month="", year="", name="date_of_birth") -> dict[str, str]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "boxes_in_error"),
    [
        ("", "", "", "Enter date of birth", {"day", "month", "year"}),
        ("17", "", "2016", "Date of birth must include a month", {"month"}),
        ("", "", "2016", "Date of birth must include a day and month", {"day", "month"}),
        ("31", "2", "2016", "Date of birth must be a real date", {"day", "month", "year"}),
        ("x", "5", "2016", "Date of birth must be a real date", {"day"}),
        ("17", "5", "16", "Date of birth year must include 4 numbers", {"year"}),
    ],
)
def test_date_field_validation_messages_follow_the_govuk_pattern(day, month, year, message, boxes_in_error):
    form = DateForm(data=date_data(day, month, year))
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == [message]
    assert set(form["date_of_birth"].date_error_parts) == boxes_in_error
    body = str(form["date_of_birth"])
    for part in ("day", "month", "year"):
        classes = f"govuk-input govuk-date-input__input govuk-input--width-{4 if part == 'year' else 2}"
        if part in boxes_in_error:
            classes += " govuk-input--error"
        assert f'id="id_date_of_birth_{part}" class="{classes}"' in body, part


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [("17", "5", "2016", date(2016, 5, 17)), (" 7 ", "March", "2020", date(2020, 3, 7)),
     ("1", "sept", "2019", date(2019, 9, 1)), ("29", "2", "2024", date(2024, 2, 29))],
)
def test_date_field_accepts_numbers_and_month_names(day, month, year, expected):
    form = DateForm(data=date_data(day, month, year))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == expected


def test_an_optional_date_left_empty_is_none_and_the_summary_links_to_the_first_box_in_error():
    form = DateForm(data={**date_data("17", "5", "2016"), **date_data("", "6", "", name="left_on")})
    assert not form.is_valid()
    assert form.errors["left_on"] == ["Date they left must include a day and year"]
    assert form["left_on"].error_target_id == "id_left_on_day"
    assert DateForm(data={**date_data("17", "5", "2016"), **date_data(name="left_on")}).is_valid()
