from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wayfinder.accounts"
    label = "accounts"

    def ready(self):
        # Security audit of signing in and out (receivers in services.py: no domain logic in signals).
        from django.contrib.auth import signals

        from . import services

        uid = "wayfinder.accounts.audit"
        signals.user_logged_in.connect(services.user_signed_in, dispatch_uid=f"{uid}.signed_in")
        signals.user_login_failed.connect(services.user_sign_in_failed, dispatch_uid=f"{uid}.sign_in_failed")
        signals.user_logged_out.connect(services.user_signed_out, dispatch_uid=f"{uid}.signed_out")
