"""Fixtures shared by every app's tests."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from wayfinder.accounts.tests.factories import totp_device


@pytest.fixture
def sign_in():
    """Sign a user in on a test client as the real sign-in would, including the second factor for
    staff (a confirmed TOTP device verified for the session)."""

    def _sign_in(client, user):
        client.force_login(user)
        if user.requires_mfa:
            device = totp_device(user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _sign_in
