"""Pages for schools, colleges and early years settings (/setting/): the setting's pupils with SEND
and a reduced record for each pupil on its roll. The same ``ChildPolicy`` decides: a pupil who is
not on the roll today is 404."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wayfinder.accounts.models import Audience
from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record, record_access
from wayfinder.people import selectors
from wayfinder.people.forms import ChildSearchForm

from .views_staff import audience_required

setting_required = audience_required(Audience.SETTING)


@setting_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    form = ChildSearchForm(request.GET or None)
    query = form.query() if form.is_bound else ""
    pupils = selectors.setting_pupils(user=request.user, query=query)
    if query:
        audit_record(
            actor=request.user, verb=Verb.SEARCHED, target_type="people.child",
            summary=f"Searched for '{query}'", payload={"results": len(pupils)},
        )
    return render(request, "setting/home.html", {
        "setting": request.user.setting,
        "pupils": pupils,
        "query": query,
    })


@setting_required
@require_GET
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_record(user=request.user, pk=pk)
    record_access(actor=request.user, target=child, child=child, summary="Viewed the pupil's record")
    current = selectors.current_enrolments(child)
    return render(request, "setting/child_detail.html", {
        "child": child,
        "current_enrolments": current,
        "main_carers": [link for link in child.live_carer_links if link.parental_responsibility],
    })
