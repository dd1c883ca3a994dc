"""Staff must complete a second factor (TOTP) before they reach any page other than sign-in."""

from django.shortcuts import redirect
from django.urls import reverse

# Public pages (the Local Offer and its Open Referral API) need no second factor: they hold no personal data.
EXEMPT_PREFIXES = ("/account/", "/static/", "/cookies", "/accessibility", "/api/schema", "/health", "/local-offer/",
                   "/api/openreferral/")


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.requires_mfa
            and not user.is_verified()
            and not request.path.startswith(EXEMPT_PREFIXES)
            and request.path != "/"
        ):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "Two-factor authentication is required."}, status=403)
            return redirect(f"{reverse('accounts:mfa')}?next={request.get_full_path()}")
        return self.get_response(request)
