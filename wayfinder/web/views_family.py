"""Pages for parents, carers and young people (/family/): their children (or their own record) and
what the local authority holds about each child, in plain English. A parent sees a child they hold
parental responsibility for (from 16, with the young person's agreement); a young person sees their
own record. Anything else is 404."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wayfinder.accounts.models import Audience, Role
from wayfinder.audit.services import record_access
from wayfinder.ehc import selectors as assessment_selectors
from wayfinder.people import selectors
from wayfinder.reviews import selectors as review_selectors

from .views_staff import audience_required

family_required = audience_required(Audience.FAMILY)


@family_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "family/home.html", {
        "children": selectors.family_children(user=request.user),
        "is_young_person": request.user.role == Role.YOUNG_PERSON,
    })


@family_required
@require_GET
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_record(user=request.user, pk=pk)
    record_access(actor=request.user, target=child, child=child, summary="Viewed the record in the family portal")
    my_link = next((link for link in child.live_carer_links if link.carer.user_id == request.user.pk), None)
    return render(request, "family/child_detail.html", {
        "child": child,
        "is_own_record": child.user_id == request.user.pk,
        "my_link": my_link,
        "me": my_link.carer if my_link else None,
        "current_enrolments": selectors.current_enrolments(child),
        "past_enrolments": selectors.past_enrolments(child),
        "assessments": assessment_selectors.assessments_of(user=request.user, child=child),
        "plans": review_selectors.child_plans(user=request.user, child=child),
    })
