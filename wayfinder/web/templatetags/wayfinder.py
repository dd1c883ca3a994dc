"""Template tags for the page shell: ``{% load wayfinder %}``.

* ``{% service_navigation %}`` — the GOV.UK service navigation for the signed-in user's audience
  (staff, setting or family), with their name and a "Sign out" button; "Sign in" when signed out.
* ``{{ some_timedelta|duration_words }}`` — "1 hour", "30 minutes".
"""

from datetime import timedelta

from django import template
from django.urls import NoReverseMatch, reverse

from wayfinder.accounts.models import Audience, Role

register = template.Library()

CASEWORK = {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER, Role.PANEL_MEMBER}
PROFESSIONALS = {Role.EDUCATIONAL_PSYCHOLOGIST, Role.HEALTH_PROFESSIONAL, Role.SOCIAL_CARE}

#: (text, URL name, roles it is shown to or None for everyone) of each audience's navigation items, in order.
NAVIGATION: dict[str, list[tuple[str, str, set | None]]] = {
    Audience.STAFF: [("Home", "staff:home", None), ("Caseload", "staff:caseload", CASEWORK),
                     ("Reviews", "staff:review-radar", CASEWORK),
                     ("Advice requests", "staff:advice-list", PROFESSIONALS),
                     ("Find a child", "staff:child-search", None),
                     ("Local Offer", "staff:directory-home", {Role.DIRECTORY_EDITOR}),
                     ("Carers' questions", "staff:carers-questions", {Role.DIRECTORY_EDITOR})],
    Audience.SETTING: [("Our pupils", "setting:home", None), ("Requests from the SEN team", "setting:requests", None),
                       ("Reviews", "setting:reviews", None), ("Provision delivered", "setting:delivery-due", None)],
    Audience.FAMILY: [("Your children", "family:home", None)],
    Audience.PROVIDER: [("Your listings", "provider:home", None)],
}


def _needs_second_factor(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(user.requires_mfa) and not (callable(is_verified) and is_verified())


def navigation_items(user, path: str) -> list[dict]:
    """The navigation items for this user on this page, each with ``text``, ``href``, ``current``
    (this page) and ``active`` (a page inside this section: the longest matching address wins)."""
    if user is None or not user.is_authenticated or _needs_second_factor(user):
        return []
    items = []
    for text, url_name, roles in NAVIGATION.get(user.audience, []):
        if roles is not None and user.role not in roles:
            continue
        try:
            href = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"text": text, "href": href, "current": href == path, "active": False})
    matches = [item for item in items if path.startswith(item["href"])]
    if matches and not any(item["current"] for item in items):
        max(matches, key=lambda item: len(item["href"]))["active"] = True
    return items


@register.inclusion_tag("web/_service_navigation.html", takes_context=True)
def service_navigation(context):
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    path = getattr(request, "path", "")
    signed_in = bool(user is not None and user.is_authenticated)
    items = navigation_items(user, path) if signed_in else []
    return {
        "items": items,
        "signed_in": signed_in,
        "user_name": (user.get_full_name() or user.get_username()) if signed_in else "",
        "collapse_on_mobile": len(items) + (2 if signed_in else 1) > 2,
        "sign_in_current": path == reverse("accounts:sign-in"),
    }


@register.filter
def duration_words(value) -> str:
    """A time period in words: ``timedelta(hours=1)`` → "1 hour", 90 minutes → "1 hour 30 minutes"."""
    if isinstance(value, (int, float)):
        value = timedelta(hours=value)
    if not isinstance(value, timedelta):
        return ""
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    words = []
    if hours:
        words.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        words.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(words)
