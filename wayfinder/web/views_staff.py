"""Pages for local authority and partner staff (/staff/): find a child, create and change a record,
read the record and its chronology, resolve possible duplicates.

Views are thin: they read through ``people.selectors``, change through ``people.services`` and
write an access event for every view of a child's record. A child the user may not see is 404
(whether or not it exists); a signed-in user from another audience gets 403.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wayfinder.accounts.models import Audience, Role
from wayfinder.accounts.services import invitation_create
from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record, record_access
from wayfinder.ehc import selectors as assessment_selectors
from wayfinder.ehc.policies import AssessmentPolicy
from wayfinder.people import selectors
from wayfinder.people.forms import ChildForm, ChildSearchForm, InvitationForm, add_service_errors
from wayfinder.people.policies import ChildPolicy
from wayfinder.people.services import child_create, child_merge, child_update, duplicate_dismiss
from wayfinder.reviews import selectors as review_selectors
from wayfinder.reviews.policies import PlanTransferPolicy

SEARCH_LIMIT = 50


def audience_required(audience: str) -> Callable:
    """Signed-in users of one audience only: others are sent to sign in (signed out) or get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.audience != audience:
                raise PermissionDenied("These pages are for a different group of users.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = audience_required(Audience.STAFF)


def _permissions(user) -> dict[str, bool]:
    """What the user may do to a child they can already see (role checks only: no queries)."""
    return {
        "can_change": ChildPolicy.can(user, "change"),
        "can_merge": ChildPolicy.can(user, "merge"),
        "can_view_chronology": ChildPolicy.can(user, "view_chronology"),
        "can_view_identifiers": ChildPolicy.can(user, "view_identifiers"),
    }


def _flag_rows(flags, child) -> list[dict]:
    """Each unresolved flag on a child, with the *other* record of the pair."""
    return [{"flag": flag, "other": flag.other if flag.child_id == child.pk else flag.child} for flag in flags]


@staff_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    children, total = selectors.caseload(user=request.user)
    return render(request, "staff/home.html", {
        "search_form": ChildSearchForm(),
        "caseload": children,
        "caseload_total": total,
        "flags": selectors.duplicate_flags(user=request.user, limit=25),
        "can_create": ChildPolicy.can(request.user, "create"),
    })


@staff_required
@require_GET
def child_search(request: HttpRequest) -> HttpResponse:
    form = ChildSearchForm(request.GET or None)
    query = form.query() if form.is_bound else ""
    include_archived = bool(form.is_bound and form.is_valid() and form.cleaned_data["archived"])
    results, more = None, False
    if query:
        results = selectors.child_search(
            user=request.user, query=query, limit=SEARCH_LIMIT + 1, include_archived=include_archived
        )
        more, results = len(results) > SEARCH_LIMIT, results[:SEARCH_LIMIT]
        audit_record(
            actor=request.user, verb=Verb.SEARCHED, target_type="people.child",
            summary=f"Searched for '{query}'", payload={"results": len(results), "archived": include_archived},
        )
    return render(request, "staff/child_search.html", {
        "search_form": form if form.is_bound else ChildSearchForm(),
        "query": query,
        "results": results,
        "more": more,
        "limit": SEARCH_LIMIT,
        "can_create": ChildPolicy.can(request.user, "create"),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def child_new(request: HttpRequest) -> HttpResponse:
    if not ChildPolicy.can(request.user, "create"):
        raise PermissionDenied("You cannot create records.")
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = child_create(actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Record created for {child.display_name}")
            return redirect("staff:child-detail", pk=child.pk)
    return render(request, "staff/child_form.html", {"form": form, "child": None})


@staff_required
@require_GET
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        child = selectors.child_record(user=request.user, pk=pk)
    except Http404:
        kept = selectors.child_merged_into(user=request.user, pk=pk)
        if kept is None:
            raise
        messages.info(request, f"Record {pk} was merged into this record")
        return redirect("staff:child-detail", pk=kept.pk)
    record_access(actor=request.user, target=child, child=child, summary="Viewed the record")
    return render(request, "staff/child_detail.html", {
        "child": child,
        "current_enrolments": selectors.current_enrolments(child),
        "past_enrolments": selectors.past_enrolments(child),
        "flags": _flag_rows(selectors.duplicate_flags(user=request.user, child=child), child),
        "assessments": assessment_selectors.assessments_of(user=request.user, child=child),
        "plans": review_selectors.child_plans(user=request.user, child=child),
        "can_request_assessment": AssessmentPolicy.can(request.user, "create"),
        "can_record_transfer_in": PlanTransferPolicy.can(request.user, "record"),
        **_permissions(request.user),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_record(user=request.user, pk=pk)
    if not ChildPolicy.can(request.user, "change"):
        raise PermissionDenied("You cannot change this record.")
    form = ChildForm(request.POST or None, initial=ChildForm.initial_for(child))
    if request.method == "POST":
        if form.is_valid():
            if not form.has_changed():
                messages.info(request, "You did not change anything")
                return redirect("staff:child-detail", pk=child.pk)
            try:
                child = child_update(actor=request.user, child=child, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Record updated")
                return redirect("staff:child-detail", pk=child.pk)
    else:
        record_access(actor=request.user, target=child, child=child, summary="Opened the record to change it")
    return render(request, "staff/child_form.html", {"form": form, "child": child})


YOUNG_PERSON = "young-person"


def _invitees(child) -> dict[str, tuple[str, object]]:
    """Who may be invited to see this child's record, by form value: each carer with parental
    responsibility who has no account yet, and the young person from 16 (CAFA 2014 s80; SEND Code of
    Practice 8.13) if they have none."""
    invitees: dict[str, tuple[str, object]] = {}
    for link in child.live_carer_links:
        if link.parental_responsibility and not link.carer.user_id:
            label = f"{link.carer} ({link.get_relationship_display().lower()})"
            invitees[f"carer-{link.carer_id}"] = (label, link.carer)
    if child.age() >= 16 and not child.user_id:
        invitees[YOUNG_PERSON] = (f"{child.display_name} (the young person)", None)
    return invitees


@staff_required
@require_http_methods(["GET", "POST"])
@never_cache
def child_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a parent or carer, or the young person, to make an account and see the record. The link
    is shown once, to be sent to them: only a hash of its token is kept."""
    child = selectors.child_record(user=request.user, pk=pk)
    if not ChildPolicy.can(request.user, "change"):  # the child is already one they may see
        raise PermissionDenied("You cannot invite people to see this record.")
    invitees = _invitees(child)
    people = [(value, label) for value, (label, _) in invitees.items()]
    initial = {}
    if len(invitees) == 1:
        value, (_, carer) = next(iter(invitees.items()))
        initial = {"who": value, "email": getattr(carer, "email", "")}
    form = InvitationForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        _, carer = invitees[form.cleaned_data["who"]]
        young_person = form.cleaned_data["who"] == YOUNG_PERSON
        try:
            invitation, token = invitation_create(
                actor=request.user, email=form.cleaned_data["email"],
                role=Role.YOUNG_PERSON if young_person else Role.PARENT,
                carer=carer, child=child if young_person else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            link = request.build_absolute_uri(reverse("accounts:accept-invitation", kwargs={"token": token}))
            return render(request, "staff/child_invited.html", {
                "child": child, "invitation": invitation, "link": link,
                "name": invitees[form.cleaned_data["who"]][0],
            })
    elif request.method == "GET":
        record_access(actor=request.user, target=child, child=child, summary="Opened the invitation page")
    return render(request, "staff/child_invite.html", {"child": child, "form": form, "people": people})


@staff_required
@require_GET
def child_chronology(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_record(user=request.user, pk=pk)
    include_access = request.GET.get("show") == "all"
    events = selectors.child_chronology(user=request.user, child=child, include_access=include_access)
    record_access(actor=request.user, target=child, child=child, summary="Viewed the chronology")
    return render(request, "staff/child_chronology.html", {
        "child": child,
        "entries": selectors.chronology_entries(child=child, events=events),
        "include_access": include_access,
        "limit": 200,
    })


@staff_required
@require_http_methods(["GET", "POST"])
def child_merge_view(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    """Merge record ``other_pk`` into record ``pk`` (the one kept), after a confirmation page."""
    if pk == other_pk:
        raise Http404("Choose two different records")
    keep = selectors.child_record(user=request.user, pk=pk)
    merge = selectors.child_record(user=request.user, pk=other_pk)
    if not ChildPolicy.can(request.user, "merge"):
        raise PermissionDenied("You cannot merge records.")
    error = None
    if request.method == "POST":
        try:
            child_merge(actor=request.user, keep=keep, merge=merge)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Record {merge.pk} has been merged into this record")
            return redirect("staff:child-detail", pk=keep.pk)
    else:
        for child in (keep, merge):
            record_access(actor=request.user, target=child, child=child, summary="Viewed the record to merge it")
    return render(request, "staff/child_merge.html", {
        "keep": keep,
        "merge": merge,
        "error": error,
        "can_view_identifiers": ChildPolicy.can(request.user, "view_identifiers"),
    })


@staff_required
@require_POST
def duplicate_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    flag = selectors.duplicate_flag(user=request.user, pk=pk)
    if not ChildPolicy.can(request.user, "merge"):
        raise PermissionDenied("You cannot resolve possible duplicates.")
    duplicate_dismiss(actor=request.user, flag=flag)
    messages.success(request, f"Records {flag.child_id} and {flag.other_id} are marked as not the same child")
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect(reverse("staff:child-detail", kwargs={"pk": flag.child_id}))
