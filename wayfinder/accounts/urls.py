"""Signing in and out, the second factor, and invitations, mounted at /account/."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("two-factor/", views.mfa, name="mfa"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept-invitation"),
]
