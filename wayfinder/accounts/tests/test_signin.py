"""Signing in: password (counted by django-axes), the second factor for staff, where people go next,
signing out, and the security audit trail of all of it."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wayfinder.accounts.models import Role
from wayfinder.accounts.tests.factories import UserFactory, totp_device
from wayfinder.audit.models import AuditEvent, Verb

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's password


def current_code(device: TOTPDevice) -> str:
    """The code the person's authenticator app shows now."""
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(device.digits)


def post_password(client, user, password=PASSWORD, next_url=None):
    data = {"username": user.username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("accounts:sign-in"), data)


def is_signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def officer():
    return UserFactory(role=Role.CASEWORK_OFFICER)


@pytest.fixture
def parent():
    return UserFactory(role=Role.PARENT)


def test_the_sign_in_page_is_a_govuk_form(client):
    response = client.get(reverse("accounts:sign-in"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in body
    assert 'autocomplete="username"' in body and 'autocomplete="current-password"' in body
    assert "govuk-password-input" in body


def test_staff_sign_in_with_a_password_then_set_up_an_authenticator_app_and_are_verified(client, officer):
    response = post_password(client, officer)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa")
    assert is_signed_in(client, officer)

    # First time: the page sets up an authenticator app (QR code and the key as text).
    page = client.get(reverse("accounts:mfa"))
    body = page.content.decode()
    assert "Set up two-factor authentication" in body
    assert "<svg" in body and "app-secret" in body
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url

    response = client.post(reverse("accounts:mfa"), {"code": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:home")
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("staff:home")).status_code == 200
    verbs = list(AuditEvent.objects.filter(actor=officer).values_list("verb", flat=True))
    assert verbs == [Verb.SIGNED_IN, Verb.MFA_ENROLLED, Verb.SIGNED_IN]


def test_staff_with_an_authenticator_app_enter_its_code_and_go_where_they_were_going(client, officer):
    device = totp_device(officer)
    response = post_password(client, officer, next_url="/staff/children/")
    assert response["Location"] == f"{reverse('accounts:mfa')}?next=%2Fstaff%2Fchildren%2F"
    page = client.get(response["Location"])
    assert "Enter the code from your authenticator app" in page.content.decode()
    assert not TOTPDevice.objects.filter(user=officer, confirmed=False).exists()

    response = client.post(reverse("accounts:mfa"), {"code": current_code(device), "next": "/staff/children/"})
    assert response.status_code == 302
    assert response["Location"] == "/staff/children/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_shows_the_govuk_error_and_is_recorded(client, officer):
    device = totp_device(officer)
    post_password(client, officer)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    response = client.post(reverse("accounts:mfa"), {"code": wrong})
    body = response.content.decode()
    assert response.status_code == 200
    message = "The code is wrong or has expired. Enter the 6-digit code from your authenticator app"
    assert f'<a href="#id_code">{message}</a>' in body
    assert "<title>Error: " in body
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED, actor=officer).exists()


def test_a_code_that_is_not_6_numbers_is_refused_before_it_is_checked(client, officer):
    totp_device(officer)
    post_password(client, officer)
    response = client.post(reverse("accounts:mfa"), {"code": "12ab"})
    assert "The code must be 6 numbers" in response.content.decode()


def test_a_wrong_password_shows_one_message_for_both_fields_and_records_a_failed_sign_in(client, officer):
    response = post_password(client, officer, password="wrong password")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_username">Enter a correct username and password</a>' in body
    assert not is_signed_in(client, officer)
    event = AuditEvent.objects.get(verb=Verb.SIGN_IN_FAILED)
    assert event.target_id == str(officer.pk)
    assert event.payload["username"] == officer.username
    assert "wrong password" not in str(event.payload)


def test_an_unknown_username_gets_the_same_message_as_a_wrong_password(client):
    response = client.post(reverse("accounts:sign-in"), {"username": "nobody", "password": "anything at all"})
    assert "Enter a correct username and password" in response.content.decode()
    assert AuditEvent.objects.get(verb=Verb.SIGN_IN_FAILED).payload["known_user"] is False


def test_an_empty_form_asks_for_each_field(client):
    body = client.post(reverse("accounts:sign-in"), {}).content.decode()
    assert '<a href="#id_username">Enter your username</a>' in body
    assert '<a href="#id_password">Enter your password</a>' in body
    assert not AuditEvent.objects.exists()


def test_after_5_failures_the_account_is_locked_even_with_the_right_password(client, officer):
    for _ in range(4):
        assert post_password(client, officer, password="wrong password").status_code == 200
    locked = post_password(client, officer, password="wrong password")
    assert locked.status_code == 429
    assert "You cannot sign in at the moment" in locked.content.decode()

    response = post_password(client, officer)
    body = response.content.decode()
    assert response.status_code == 429
    assert "You cannot sign in at the moment" in body
    assert "1 hour" in body
    assert not is_signed_in(client, officer)
    assert AuditEvent.objects.filter(verb=Verb.SIGN_IN_FAILED, payload__locked_out=True).exists()


def test_staff_who_have_not_entered_a_code_are_sent_to_the_mfa_page_from_staff_pages(client, officer):
    totp_device(officer)
    client.force_login(officer)  # password step done, no second factor yet
    response = client.get(reverse("staff:home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:mfa')}?next={reverse('staff:home')}"


def test_a_parent_signs_in_with_a_password_alone_and_goes_to_their_home(client, parent):
    response = post_password(client, parent)
    assert response.status_code == 302
    assert response["Location"] == reverse("family:home")
    assert is_signed_in(client, parent)
    assert client.get(reverse("family:home")).status_code == 200
    event = AuditEvent.objects.get(verb=Verb.SIGNED_IN)
    assert event.actor == parent
    assert event.payload == {"second_factor_required": False}


def test_a_parent_never_sees_the_mfa_page(client, sign_in, parent):
    sign_in(client, parent)
    response = client.get(reverse("accounts:mfa"))
    assert response["Location"] == reverse("family:home")


@pytest.mark.parametrize(
    "next_url", ["https://evil.example", "//evil.example/staff/", "https://evil.example/family/", "javascript:alert(1)"]
)
def test_a_next_address_on_another_site_is_ignored(client, parent, next_url):
    response = post_password(client, parent, next_url=next_url)
    assert response["Location"] == reverse("family:home")


def test_a_next_address_on_this_site_is_followed(client, parent):
    response = post_password(client, parent, next_url="/cookies/")
    assert response["Location"] == "/cookies/"


def test_an_open_redirect_is_ignored_after_the_second_factor_too(client, officer):
    device = totp_device(officer)
    post_password(client, officer)
    response = client.post(reverse("accounts:mfa"), {"code": current_code(device), "next": "https://evil.example"})
    assert response["Location"] == reverse("staff:home")


def test_signing_out_needs_a_post(client, sign_in, parent):
    sign_in(client, parent)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    assert is_signed_in(client, parent)

    response = client.post(reverse("accounts:sign-out"), follow=True)
    assert not is_signed_in(client, parent)
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert "You have signed out" in response.content.decode()
    assert AuditEvent.objects.filter(verb=Verb.SIGNED_OUT, actor=parent).exists()


def test_a_signed_in_visitor_to_the_sign_in_page_goes_on_to_their_home(client, sign_in, parent):
    sign_in(client, parent)
    assert client.get(reverse("accounts:sign-in"))["Location"] == reverse("family:home")
