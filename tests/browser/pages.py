"""Which pages each role visits in the browser tests, and what it should get back.

This is the one place the (role, page) matrix is written down. Each role visits every page of the
shell it can reach, plus a page it cannot reach so the 403 / 404 pages are checked as that role
sees them (a record you may not see is 404, a page for another audience is 403: see
``wayfinder/people/policies.py`` and ``wayfinder/web/views_staff.py``). Who sees what follows the
access matrix in ``tests/acceptance/test_access_matrix.py``.

The sign-in page and (for staff) the MFA page are checked during ``sign_in`` in ``helpers.py``,
because they are only reachable on the way in: every role checks the sign-in page; every staff role
the MFA page; ``MFA_ERRORS_ROLE`` also submits it empty (error summary); and the system
administrator has no authenticator app yet, so they check the MFA set-up page instead (see
``world.py``).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from wayfinder.accounts.models import ROLE_AUDIENCE, Audience, Role

from .world import World

OK = (200,)
DENIED = (403, 404)  # either error page is acceptable where the access tests allow both
FORBIDDEN = (403,)  # signed in, but the page belongs to another audience
NOT_FOUND = (404,)  # a record this user may not see: 404, as if it did not exist

CASEWORK_ROLES = {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER, Role.PANEL_MEMBER}
PROFESSIONAL_ROLES = {Role.EDUCATIONAL_PSYCHOLOGIST, Role.HEALTH_PROFESSIONAL, Role.SOCIAL_CARE}
NO_RECORD_ROLES = {Role.STRATEGIC_LEAD, Role.DIRECTORY_EDITOR, Role.DIRECTORY_PROVIDER, Role.SYSTEM_ADMIN}
CAN_CREATE = {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER}  # ChildPolicy "create" and "change"

MFA_ERRORS_ROLE = Role.CASEWORK_OFFICER  # one role is enough: the MFA page is the same for all staff

SIGNED_OUT = "signed_out"  # a visitor who has not signed in: the pseudo-role of the first test
ROLES = [SIGNED_OUT, *Role.values]


@dataclass(frozen=True)
class Visit:
    slug: str  # names the screenshot: test-results/screenshots/<role>__<slug>.png
    url: str
    status: tuple[int, ...]  # the status(es) the page may answer with
    why: str  # why this role gets this page (shown when a check fails)
    action: str = ""  # SUBMIT_EMPTY: then submit the page's main form and check the errors; LOCK_OUT: see helpers


SUBMIT_EMPTY = "submit-empty"
LOCK_OUT = "lock-out"
SIGN_OUT = "sign-out"  # press "Sign out" in the header and check the page it leads to


def url(name: str, fallback: str, **kwargs) -> str:
    """``reverse(name)``, or the documented path if that URL name does not exist (then the page's
    status check reports what the path answers, rather than the whole matrix failing to build)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback.format(**kwargs)


def audience(role: str) -> str:
    return ROLE_AUDIENCE.get(role, Audience.STAFF)


def visits_for(role: str, world: World) -> list[Visit]:
    """Every page ``role`` should be checked on, in the order a person would meet them."""
    pages = [
        # The shared shell: everyone can read these, signed in or not.
        # The start page is public; once signed in it takes you to your audience's home page.
        Visit("start", url("web:home", "/"), OK, "the start page is public"),
        Visit("cookies", url("web:cookies", "/cookies/"), OK, "the cookies page is public"),
        Visit("accessibility", url("web:accessibility", "/accessibility/"), OK,
              "the accessibility statement is public"),
        Visit("not-found", "/this-page-does-not-exist/", NOT_FOUND, "everyone can meet the 404 page"),
    ]
    if role == SIGNED_OUT:
        sign_in = url("accounts:sign-in", "/account/sign-in/")
        invitation = url("accounts:accept-invitation", "/account/invitation/{token}/", token=world.invitation_token)
        return [
            *pages,
            Visit("sign-in", sign_in, OK, "the way in"),
            Visit("sign-in-errors", sign_in, OK, "the sign-in form submitted empty shows its error summary",
                  SUBMIT_EMPTY),
            Visit("staff-redirect", url("staff:home", "/staff/"), OK,
                  "a staff page sends a signed-out visitor to sign in (lands on the sign-in page)"),
            # A parent or carer (or young person, or setting user) joins through an invitation link.
            Visit("invitation", invitation, OK, "a family member's invitation to make an account"),
            Visit("invitation-errors", invitation, OK, "the invitation form submitted without a username or "
                  "password shows its error summary", SUBMIT_EMPTY),
            Visit("invitation-unknown", url("accounts:accept-invitation", "/account/invitation/{token}/",
                                            token="not-a-real-invitation"), NOT_FOUND,
                  "a mistyped or unknown invitation link"),
            # Too many wrong passwords: django-axes shows the locked-out page (429).
            Visit("locked-out", sign_in, (429, 403), "the page shown after too many failed sign-ins", LOCK_OUT),
        ]

    record = world.record_for(role)
    pk = record.pk
    kind = audience(role)
    if kind == Audience.STAFF:
        staff_child = {"pk": world.child.pk}
        sees_record = role not in NO_RECORD_ROLES
        merge = url("staff:child-merge", "/staff/children/{pk}/merge/{other_pk}/", pk=world.child.pk,
                    other_pk=world.duplicate.pk)
        pages += [
            # Every staff role has a home page and the search box (a search finds only the
            # children they may see, so strategic leads and admins get the "no results" page).
            Visit("staff-home", url("staff:home", "/staff/"), OK, "every staff role has a home page"),
            Visit("child-search", url("staff:child-search", "/staff/children/") + f"?q={record.legal_surname}",
                  OK, "every staff role can search"),
            # Caseworkers see Ruby by scope; professionals because they are involved; strategic
            # leads, directory editors and system administrators never see individual records.
            Visit("child-detail", url("staff:child-detail", "/staff/children/{pk}/", **staff_child),
                  OK if sees_record else NOT_FOUND,
                  "caseworker, manager, panel and involved professionals see Ruby; the others get 404"),
            # The chronology is for casework roles only.
            Visit("child-chronology", url("staff:child-chronology", "/staff/children/{pk}/chronology/", **staff_child),
                  OK if role in CASEWORK_ROLES else (NOT_FOUND if not sees_record else DENIED),
                  "only casework roles read the chronology"),
        ]
        if role in CAN_CREATE:
            new = url("staff:child-new", "/staff/children/new/")
            pages += [
                Visit("child-new", new, OK, "casework officers and team managers create records"),
                Visit("child-new-errors", new, OK, "the create form submitted empty shows its error summary",
                      SUBMIT_EMPTY),
                Visit("child-edit", url("staff:child-edit", "/staff/children/{pk}/edit/", **staff_child), OK,
                      "casework officers and team managers change records they can see"),
                Visit("child-merge", merge, OK, "casework officers and team managers merge duplicate records"),
                Visit("child-invite", url("staff:child-invite", "/staff/children/{pk}/invite/", **staff_child), OK,
                      "casework officers and team managers invite Ruby's father, who has no account yet"),
            ]
        else:
            pages += [
                Visit("child-new", url("staff:child-new", "/staff/children/new/"), FORBIDDEN,
                      "only casework officers and team managers create records: 403"),
                Visit("child-edit", url("staff:child-edit", "/staff/children/{pk}/edit/", **staff_child),
                      FORBIDDEN if sees_record else NOT_FOUND,
                      "only casework officers and team managers change records (404 if not visible at all)"),
                Visit("child-merge", merge, DENIED,
                      "only casework officers and team managers merge records (404 if either is not visible)"),
                Visit("child-invite", url("staff:child-invite", "/staff/children/{pk}/invite/", **staff_child),
                      FORBIDDEN if sees_record else NOT_FOUND,
                      "only casework officers and team managers invite families (404 if not visible at all)"),
            ]
    elif kind == Audience.SETTING:
        pages += [
            # SENCOs and early years practitioners see the pupils on their own setting's roll.
            Visit("setting-home", url("setting:home", "/setting/"), OK, "a setting's list of pupils"),
            Visit("setting-search", url("setting:home", "/setting/") + f"?q={record.legal_surname}", OK,
                  "a setting can filter its pupils"),
            Visit("setting-child-detail", url("setting:child-detail", "/setting/pupils/{pk}/", pk=pk), OK,
                  "a pupil on the setting's roll"),
            Visit("staff-forbidden", url("staff:home", "/staff/"), FORBIDDEN, "staff pages are for staff: 403"),
        ]
    elif kind == Audience.PROVIDER:
        pages += [
            # An organisation listed in the Local Offer manages its own listings; it never sees children.
            Visit("provider-home", url("provider:home", "/provider/"), OK, "the provider's own listings"),
            Visit("local-offer", url("localoffer:home", "/local-offer/"), OK, "the public Local Offer"),
            Visit("staff-forbidden", url("staff:home", "/staff/"), FORBIDDEN, "staff pages are for staff: 403"),
            Visit("family-forbidden", url("family:home", "/family/"), FORBIDDEN, "family pages are for families: 403"),
        ]
    else:
        pages += [
            # A parent sees the children they hold parental responsibility for; a young person
            # their own record.
            Visit("family-home", url("family:home", "/family/"), OK, "the family's home page"),
            Visit("family-child-detail", url("family:child-detail", "/family/children/{pk}/", pk=pk), OK,
                  "the parent's child, or the young person's own record"),
            Visit("staff-forbidden", url("staff:home", "/staff/"), FORBIDDEN, "staff pages are for staff: 403"),
        ]
    if role == Role.PARENT:
        # Signing out leads to the start page with a "You have signed out" banner (once is enough).
        pages.append(Visit("signed-out", url("web:home", "/"), OK, "the start page after signing out", SIGN_OUT))
    return pages


# The API reference is the same page for every signed-in user, so one staff role checks it, in a
# test of its own.
API_DOCS_ROLE = Role.CASEWORK_OFFICER


def api_docs_visit() -> Visit:
    return Visit("api-docs", url("api:docs", "/api/docs/"), OK, "the API description (one staff role)")
