"""Pages shared by every audience: start page, cookies, accessibility statement, health check and
error pages."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from wayfinder.accounts.models import Audience

#: Where each audience starts after signing in.
AUDIENCE_HOME = {
    Audience.STAFF: "staff:home",
    Audience.SETTING: "setting:home",
    Audience.FAMILY: "family:home",
    Audience.PROVIDER: "provider:home",
}


def audience_home_url(user) -> str | None:
    """The home page of the user's audience, or ``None`` if that part of the service is not there."""
    try:
        return reverse(AUDIENCE_HOME[user.audience])
    except (KeyError, NoReverseMatch):
        return None


@require_safe
def home(request):
    """The start page. Signed-in users go straight to their audience's home page."""
    if request.user.is_authenticated:
        destination = audience_home_url(request.user)
        if destination:
            return redirect(destination)
    return render(request, "web/home.html")


@require_safe
def cookies(request):
    return render(
        request,
        "web/cookies.html",
        {"session_minutes": settings.SESSION_COOKIE_AGE // 60},
    )


@require_safe
def accessibility(request):
    return render(
        request,
        "web/accessibility.html",
        {
            "contact_email": getattr(settings, "WAYFINDER_CONTACT_EMAIL", ""),
            "contact_phone": getattr(settings, "WAYFINDER_CONTACT_PHONE", ""),
            "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        },
    )


@never_cache
def health(request):
    """For load balancers: the application is up and answering."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def error_403(request, exception=None):
    return render(request, "web/errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "web/errors/404.html", status=404)


def error_500(request):
    """Rendered without context processors or the database: whatever broke may break them too."""
    template = loader.get_template("web/errors/500.html")
    context = {"service_name": settings.WAYFINDER_SERVICE_NAME, "la_name": settings.WAYFINDER_LA_NAME}
    return HttpResponseServerError(template.render(context))
