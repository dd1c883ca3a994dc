"""Signing in (password, then a TOTP code for staff), signing out and accepting an invitation."""

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from wayfinder.web.views import audience_home_url

from . import services
from .forms import InvitationAcceptForm, MFACodeForm, SignInForm
from .models import Role

WRONG_CREDENTIALS = "Enter a correct username and password"


def _safe_next(request) -> str:
    """The ``next`` address, only if it is on this site (an open redirect would help phishing)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _home_for(user) -> str:
    return audience_home_url(user) or reverse("web:home")


def _mfa_url(next_url: str) -> str:
    url = reverse("accounts:mfa")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _needs_second_factor(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return user.requires_mfa and not (callable(is_verified) and is_verified())


@sensitive_post_parameters("password")
@never_cache
def sign_in(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        if _needs_second_factor(request.user):
            return redirect(_mfa_url(next_url))
        return redirect(next_url or _home_for(request.user))

    form = SignInForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        # authenticate() with the request lets django-axes count failures and lock the account out;
        # its middleware then shows accounts/locked_out.html instead of this page.
        user = authenticate(
            request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
        )
        if user is None:
            # Never say which of the two was wrong.
            form.add_error("username", WRONG_CREDENTIALS)
        else:
            login(request, user)
            if user.requires_mfa:
                return redirect(_mfa_url(next_url))
            return redirect(next_url or _home_for(user))
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@never_cache
@login_required
def mfa(request):
    """The second factor for staff: set up an authenticator app the first time, then enter its code."""
    user = request.user
    next_url = _safe_next(request)
    if not _needs_second_factor(user):
        return redirect(next_url or _home_for(user))

    enrolling = not services.totp_confirmed_devices(user).exists()
    form = MFACodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            device = services.mfa_verify(user=user, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.cycle_key()  # a new session id for the more trusted session
            otp_login(request, device)
            if enrolling:
                messages.success(request, "Two-factor authentication is set up")
            return redirect(next_url or _home_for(user))

    context = {"form": form, "next": next_url, "enrolling": enrolling}
    if enrolling:
        device = services.totp_device_for_enrolment(user=user)
        qr = segno.make(device.config_url, error="m")
        context["secret"] = services.totp_secret_groups(device)
        context["qr_svg"] = mark_safe(  # noqa: S308 - SVG made by segno from our own data, no user input
            qr.svg_inline(scale=5, dark="#0b0c0c", light="#ffffff", svgclass="app-qr__image",
                          title="QR code to set up your authenticator app")
        )
    return render(request, "accounts/mfa_enrol.html" if enrolling else "accounts/mfa.html", context)


@require_POST
def sign_out(request):
    was_signed_in = request.user.is_authenticated
    logout(request)
    if was_signed_in:
        messages.success(request, "You have signed out")
    return redirect("web:home")


@sensitive_post_parameters("password")
@never_cache
def accept_invitation(request, token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None or not invitation.is_usable:
        return render(request, "accounts/invitation_expired.html", status=404 if invitation is None else 410)

    initial = {}
    if invitation.carer:
        initial = {"first_name": invitation.carer.given_name, "last_name": invitation.carer.family_name}
    elif invitation.role == Role.YOUNG_PERSON and invitation.child:
        child = invitation.child
        initial = {"first_name": child.preferred_name or child.legal_forename, "last_name": child.legal_surname}

    form = InvitationAcceptForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, **form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) == "unusable":
                return render(request, "accounts/invitation_expired.html", status=410)
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your account has been created and you are signed in")
            if user.requires_mfa:
                return redirect(_mfa_url(""))
            return redirect(_home_for(user))
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


@never_cache
def admin_sign_in(request):
    """The Django admin's sign-in page is never shown: everyone signs in through ours (password, then
    the second factor, with lockout). Someone signed in who is not an administrator gets 403 rather
    than a loop between the two sign-in pages."""
    if request.user.is_authenticated and not _needs_second_factor(request.user):
        raise PermissionDenied("The admin is for system administrators.")
    next_url = _safe_next(request) or reverse("admin:index")
    return redirect(f"{reverse('accounts:sign-in')}?{urlencode({'next': next_url})}")
