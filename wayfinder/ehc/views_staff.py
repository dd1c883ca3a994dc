"""Staff pages for EHC needs assessments (/staff/assessments/…, /staff/advice/…).

Thin views: read through ``selectors`` and the policies, change through ``services``, and write an access
event for every view of a case, a letter, a plan or a document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wayfinder.audit.models import Verb
from wayfinder.audit.services import record_access
from wayfinder.core.dates import today
from wayfinder.people.forms import add_service_errors
from wayfinder.people.models import Locality
from wayfinder.people.policies import CASEWORK_ROLES, ChildPolicy
from wayfinder.web.views_staff import staff_required

from . import content as plan_content
from . import documents, selectors, services
from .clocks import STATUS_COLOURS, STATUS_LABELS, report_for, step_label
from .forms import (
    AdviceRequestForm,
    AdviceResponseForm,
    ConsultForm,
    DateForm,
    DecisionForm,
    ExceptionForm,
    ItemsForm,
    PlacementForm,
    RequestForm,
    TextSectionForm,
    WithdrawForm,
)
from .models import AdviceRequest, Decision, DecisionKind, Document, PlanStatus, PlanVersion
from .policies import AdviceRequestPolicy, AssessmentPolicy, PlanVersionPolicy


def _case(request: HttpRequest, pk: int):
    return selectors.assessment_for(user=request.user, pk=pk)


#: The steps of this authority's own assessment: none of them applies to a plan transferred in (reg 15).
ASSESSMENT_STEPS = {"decide", "request_advice", "record_exception", "consult", "withdraw", "serve_draft", "finalise"}


def _need(request: HttpRequest, action: str, assessment=None) -> None:
    if not AssessmentPolicy.can(request.user, action, assessment):
        raise PermissionDenied("You cannot do this.")
    if assessment is not None and assessment.is_transferred_plan and action in ASSESSMENT_STEPS:
        raise PermissionDenied(f"This plan was transferred from {assessment.transferred_from.name}: it was assessed "
                               "there. Change it by amendment after a review.")


def submitted(request: HttpRequest, form, action: Callable[[dict], Any], success: str | Callable[[Any], str]):
    """For a valid form posted: run ``action`` (a service call) on its cleaned data and flash ``success``.
    Returns the service's result, or ``None`` when there is nothing to do yet or the service refused the
    input, whose errors are then on the form against the fields they are about."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


def _deadline_rows(report, names: dict[str, str]) -> list[dict]:
    return [{"deadline": d, "label": step_label(d.step, names), "status_label": STATUS_LABELS[str(d.status)],
             "colour": STATUS_COLOURS[str(d.status)]} for d in report.deadlines]


# --------------------------------------------------------------------------------------------- lists


@staff_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    """"My caseload": open assessments, the nearest legal deadline first, filterable by locality and step."""
    if request.user.role not in CASEWORK_ROLES:
        raise PermissionDenied("Caseloads are for casework staff.")
    mine = request.GET.get("whose", "mine") != "all"
    locality = request.GET.get("locality") or ""
    step = request.GET.get("step") or ""
    caseworker = request.GET.get("caseworker") or ""
    rows = selectors.caseload(user=request.user, mine=mine, locality_id=int(locality) if locality.isdigit() else None,
                              step=step if step in selectors.STEP_GROUPS else "",
                              caseworker_id=int(caseworker) if caseworker.isdigit() else None)
    return render(request, "ehc/staff/caseload.html", {
        "rows": rows, "mine": mine, "locality": locality, "step": step,
        "localities": Locality.objects.filter(archived_on__isnull=True).order_by("name"),
        "steps": selectors.STEP_GROUPS.items(), "can_view_team": AssessmentPolicy.can(request.user, "view_team"),
    })


@staff_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    _need(request, "view_team")
    return render(request, "ehc/staff/team.html", {"loads": selectors.team_workload(user=request.user)})


@staff_required
@require_GET
def advice_list(request: HttpRequest) -> HttpResponse:
    """A professional's open advice requests with their due dates."""
    requests = selectors.advice_requests_for(user=request.user, include_done=request.GET.get("show") == "all")
    return render(request, "ehc/staff/advice_list.html", {"requests": requests, "today": today(),
                                                           "show_all": request.GET.get("show") == "all"})


# --------------------------------------------------------------------------------------------- the case


@staff_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, child_pk: int) -> HttpResponse:
    _need(request, "create")
    child = ChildPolicy.get_or_404(request.user, pk=child_pk)
    form = RequestForm(request.POST or None, request.FILES or None)

    def record(data):
        upload = data.pop("evidence", None)
        return services.assessment_request_create(actor=request.user, child=child, evidence=[upload] if upload else [],
                                                  **data)

    assessment = submitted(request, form, record, lambda a: f"Request recorded: {a.reference}")
    if assessment:
        return redirect("staff:assessment-detail", pk=assessment.pk)
    return render(request, "ehc/staff/request_form.html", {"form": form, "child": child})


def _next_action(assessment, report, version) -> tuple[str, str] | None:
    """What the officer should do next: (text, URL name), the legal order of the steps."""
    decisions = {d.kind: d for d in assessment.decisions.all()}
    if report.get("final_plan") and report["final_plan"].done:
        return None
    if assessment.withdrawn_reason:
        return None
    if DecisionKind.ASSESS not in decisions:
        return ("Decide whether to assess", "staff:assessment-decide-assess")
    if decisions[DecisionKind.ASSESS].outcome == "not_assess":
        return None
    if not assessment.advice_requests.exists():
        return ("Ask for advice", "staff:assessment-advice-new")
    if DecisionKind.ISSUE not in decisions:
        return ("Decide whether to issue a plan", "staff:assessment-decide-issue")
    if decisions[DecisionKind.ISSUE].outcome == "not_issue":
        return None
    if version is not None and version.status == PlanStatus.DRAFT:
        return ("Write and serve the draft plan", "staff:plan-edit")
    if version is not None and version.status == PlanStatus.SERVED:
        return ("Consult settings and issue the final plan", "staff:plan-edit")
    return None


@staff_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _case(request, pk)
    record_access(actor=request.user, target=assessment, child=assessment.child,
                  summary=f"Viewed assessment {assessment.reference}")
    if assessment.is_transferred_plan:
        return _transferred_plan_page(request, assessment)
    report = report_for(assessment)
    version = services.current_version(assessment)
    names = selectors.settings_names(assessment)
    return render(request, "ehc/staff/detail.html", {
        "assessment": assessment, "child": assessment.child, "report": report,
        "deadlines": _deadline_rows(report, names),
        "risks": [{"risk": r, "label": step_label(r.step, names)} for r in report.at_risk],
        "next_action": _next_action(assessment, report, version), "version": version,
        "decisions": assessment.decisions.all(),
        "advice": assessment.advice_requests.select_related("professional", "team", "setting", "document"),
        "consultations": assessment.consultations.select_related("setting"),
        "exceptions": assessment.exceptions.select_related("approved_by"),
        "documents": assessment.documents.all(),
        "timeline": selectors.timeline(assessment),
        "can": {action: AssessmentPolicy.can(request.user, action)
                for action in ("decide", "request_advice", "record_exception", "edit_plan", "consult", "withdraw",
                               "record_advice")},
    })


def transferred_plan_facts(assessment) -> dict:
    """What a page says about a plan transferred in (SEND Regs 2014 reg 15): where from, when, and the date it
    is treated as made by this authority (reg 15(3)(a): the date the old authority made it)."""
    plan = getattr(assessment, "plan", None)
    first = (plan.versions.filter(status=PlanStatus.FINAL, issued_on__isnull=False).order_by("number").first()
             if plan else None)
    return {"plan": plan, "from_la": assessment.transferred_from, "transferred_on": assessment.received_on,
            "made_on": first.issued_on if first else None}


def _transferred_plan_page(request: HttpRequest, assessment) -> HttpResponse:
    """A plan transferred in: a plain panel, the link to the plan page, its documents; no assessment clocks
    or steps (it was assessed by the old authority)."""
    return render(request, "ehc/staff/transferred_plan.html", {
        "assessment": assessment, "child": assessment.child, **transferred_plan_facts(assessment),
        "version": services.current_version(assessment), "documents": assessment.documents.all(),
        "timeline": selectors.timeline(assessment),
    })


def _decide(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    assessment = _case(request, pk)
    _need(request, "decide", assessment)
    form = DecisionForm(request.POST or None, kind=kind)
    service = (services.assessment_decide_whether_to_assess if kind == "assess"
               else services.assessment_decide_whether_to_issue)
    decision = submitted(request, form, lambda data: service(actor=request.user, assessment=assessment, **data),
                         "Decision recorded. The letter is ready to send.")
    if decision:
        return redirect("staff:letter", pk=assessment.pk, decision_pk=decision.pk)
    return render(request, "ehc/staff/decision_form.html", {"form": form, "assessment": assessment, "kind": kind,
                                                            "report": report_for(assessment)})


@staff_required
@require_http_methods(["GET", "POST"])
def decide_assess(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, "assess")


@staff_required
@require_http_methods(["GET", "POST"])
def decide_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, "issue")


def _letter_response(request, decision: Decision, pdf: bool) -> HttpResponse:
    context = documents.letter_context(decision)
    record_access(actor=request.user, verb=Verb.DOCUMENT_DOWNLOADED if pdf else Verb.VIEWED, target=decision,
                  child=decision.assessment.child, summary=f"Read the decision letter ({decision})")
    if pdf:
        html = documents.render_html("ehc/documents/letter.html", context, for_pdf=True)
        response = HttpResponse(documents.pdf_bytes(html), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{decision.assessment.reference}-decision.pdf"'
        return response
    return render(request, "ehc/documents/letter_page.html", context)


@staff_required
@require_GET
def letter(request: HttpRequest, pk: int, decision_pk: int, pdf: bool = False) -> HttpResponse:
    assessment = _case(request, pk)
    decision = assessment.decisions.filter(pk=decision_pk).first()
    if decision is None:
        raise Http404("No such letter")
    return _letter_response(request, decision, pdf)


@staff_required
@require_http_methods(["GET", "POST"])
def advice_new(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _case(request, pk)
    _need(request, "request_advice", assessment)
    form = AdviceRequestForm(request.POST or None)
    if submitted(request, form,
                 lambda data: services.advice_request_send(actor=request.user, assessment=assessment, **data),
                 lambda a: f"Advice requested from {a.from_label}: due {a.due_on:%-d %B %Y}"):
        return redirect("staff:assessment-detail", pk=assessment.pk)
    return render(request, "ehc/staff/advice_request_form.html", {"form": form, "assessment": assessment})


def advice_response_page(request: HttpRequest, advice_pk: int, back: str) -> HttpResponse:
    """Give advice through the service: the professional or setting asked, or an officer recording it for
    them. Shared by the staff and the setting pages; ``back`` is the URL name of the list to return to."""
    advice = AdviceRequestPolicy.get_or_404(request.user, pk=advice_pk)
    if not AdviceRequestPolicy.can(request.user, "respond", advice):
        raise PermissionDenied("You cannot give this advice.")
    record_access(actor=request.user, target=advice, child=advice.assessment.child,
                  summary=f"Opened the advice request ({advice})")
    form = AdviceResponseForm(request.POST or None, request.FILES or None)
    if submitted(request, form, lambda data: services.advice_submit(actor=request.user, advice=advice, **data),
                 "Advice sent to the SEN team. Thank you."):
        return redirect(back)
    return render(request, "ehc/staff/advice_response_form.html", {
        "form": form, "advice": advice, "child": advice.assessment.child, "back_url_name": back})


@staff_required
@require_http_methods(["GET", "POST"])
def advice_respond(request: HttpRequest, advice_pk: int) -> HttpResponse:
    return advice_response_page(request, advice_pk, "staff:advice-list")


@staff_required
@require_http_methods(["GET", "POST"])
def exception_new(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _case(request, pk)
    _need(request, "record_exception", assessment)
    form = ExceptionForm(request.POST or None)
    if submitted(request, form,
                 lambda data: services.exception_record(actor=request.user, assessment=assessment, **data),
                 "Exception recorded. The due dates have not moved."):
        return redirect("staff:assessment-detail", pk=assessment.pk)
    return render(request, "ehc/staff/exception_form.html", {"form": form, "assessment": assessment})


@staff_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _case(request, pk)
    _need(request, "withdraw", assessment)
    form = WithdrawForm(request.POST or None)
    if submitted(request, form,
                 lambda data: services.assessment_withdraw(actor=request.user, assessment=assessment, **data),
                 "Request withdrawn. Its clocks have stopped."):
        return redirect("staff:assessment-detail", pk=assessment.pk)
    return render(request, "ehc/staff/simple_form.html", {
        "form": form, "assessment": assessment, "title": "Withdraw the request", "button": "Withdraw request"})


@staff_required
@require_http_methods(["GET", "POST"])
def consult(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _case(request, pk)
    _need(request, "consult", assessment)
    form = ConsultForm(request.POST or None)
    if submitted(request, form,
                 lambda data: services.consultation_send(actor=request.user, assessment=assessment, **data),
                 lambda c: f"{c.setting} consulted: response due {c.due_on:%-d %B %Y}"):
        return redirect("staff:assessment-detail", pk=assessment.pk)
    return render(request, "ehc/staff/simple_form.html", {
        "form": form, "assessment": assessment, "title": "Consult a setting on being named",
        "button": "Send consultation",
        "intro": "The setting sees the draft plan and says whether it can meet the child's needs (Children and "
                 "Families Act 2014 sections 39 and 40). It should answer within 15 days."})


@staff_required
@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    assessment = _case(request, pk)
    document = Document.objects.filter(pk=document_pk, assessment=assessment, archived_on__isnull=True).first()
    if document is None:
        raise Http404("No such document")
    record_access(actor=request.user, verb=Verb.DOCUMENT_DOWNLOADED, target=document, child=assessment.child,
                  summary=f"Downloaded {document.title}")
    return FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                        filename=document.file.name.rsplit("/", 1)[-1])


# --------------------------------------------------------------------------------------------- the plan


def _version(request: HttpRequest, pk: int) -> tuple:
    assessment = _case(request, pk)
    version = services.current_version(assessment)
    if version is None:
        raise Http404("There is no plan yet")
    return assessment, version


@staff_required
@require_GET
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft, section by section, with its quality checks and the next step (serve, consult, issue)."""
    assessment, version = _version(request, pk)
    record_access(actor=request.user, target=version, child=assessment.child,
                  summary=f"Opened the plan ({version})")
    content = plan_content.normalised(version.content)
    findings = services.plan_checks(version, compare_with_other_plans=False) if not version.is_issued else []
    return render(request, "ehc/staff/plan_edit.html", {
        "assessment": assessment, "version": version, "content": content, "findings": findings,
        "text_sections": plan_content.TEXT_SECTIONS, "report": report_for(assessment),
        "consultations": assessment.consultations.select_related("setting"),
        "representations": [r for v in assessment.plan.versions.all() for r in v.representations.all()],
        "can_edit": AssessmentPolicy.can(request.user, "edit_plan") and not version.is_issued,
        "versions": assessment.plan.versions.all(),
    })


def _save_content(request, version, form, change) -> HttpResponse | None:
    content = plan_content.normalised(version.content)
    change(content)
    try:
        services.plan_version_update(actor=request.user, version=version,
                                     lock_version=form.cleaned_data["lock_version"], content=content)
    except services.StaleVersion as error:
        form.add_error(None, error.messages[0])
        return None
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, "Draft saved")
    return redirect("staff:plan-edit", pk=version.plan.assessment_id)


@staff_required
@require_http_methods(["GET", "POST"])
def plan_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    assessment, version = _version(request, pk)
    _need(request, "edit_plan", assessment)
    if version.is_issued:
        raise PermissionDenied("An issued plan cannot be changed.")
    content = plan_content.normalised(version.content)
    initial = {"lock_version": version.lock_version}
    if section in plan_content.TEXT_SECTIONS:
        form = TextSectionForm(request.POST or None, section=section, initial={**initial, "text": content[section]})

        def change(c):
            c[section] = form.cleaned_data["text"]
        template = "ehc/staff/plan_text_form.html"
    elif section in ("needs", "outcomes", "provision"):
        need_refs = [(n["ref"], f"{n['ref']}: {n['text'][:60]}") for n in content["needs"]]
        form = ItemsForm(request.POST or None, section=section, items=content[section], need_refs=need_refs,
                         initial=initial)

        def change(c):
            c[section] = form.items()
        template = "ehc/staff/plan_items_form.html"
    elif section == "placement":
        form = PlacementForm(request.POST or None, initial={
            **initial, "setting": content["placement"]["setting_id"],
            "setting_type": content["placement"]["setting_type"], "personal_budget": content["personal_budget"]})

        def change(c):
            setting = form.cleaned_data["setting"]
            c["placement"] = {"setting_id": setting.pk if setting else None,
                              "setting_name": setting.name if setting else "",
                              "setting_type": form.cleaned_data["setting_type"]}
            c["personal_budget"] = form.cleaned_data["personal_budget"]
        template = "ehc/staff/plan_text_form.html"
    else:
        raise Http404("No such section")
    if request.method == "POST" and form.is_valid():
        response = _save_content(request, version, form, change)
        if response is not None:
            return response
    return render(request, template, {"form": form, "assessment": assessment, "version": version,
                                      "section": section})


@staff_required
@require_http_methods(["GET", "POST"])
def plan_serve(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_step(request, pk, "serve")


@staff_required
@require_http_methods(["GET", "POST"])
def plan_finalise(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_step(request, pk, "finalise")


def _plan_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    assessment, version = _version(request, pk)
    _need(request, "serve_draft" if step == "serve" else "finalise", assessment)
    label, what = (("When was the draft served on the family?", "the date the draft was served") if step == "serve"
                   else ("When is the final plan issued?", "the date the final plan is issued"))
    form = DateForm(request.POST or None, label=label, what=what)
    findings = services.plan_checks(version)
    if not AssessmentPolicy.can(request.user, "see_copied_text"):
        findings = [f for f in findings if f.check != "copied_text"]
    if request.method == "POST" and form.is_valid():
        try:
            if step == "serve":
                services.plan_draft_serve(actor=request.user, version=version, served_on=form.cleaned_data["on"])
            else:
                services.plan_finalise(actor=request.user, version=version, issued_on=form.cleaned_data["on"])
        except ValidationError as error:
            for messages_ in error.message_dict.values():
                for message in messages_:
                    form.add_error("on", message)
        else:
            messages.success(request, "Draft plan served: the family has 15 days to comment" if step == "serve"
                             else "Final EHC plan issued")
            return redirect("staff:plan-edit", pk=assessment.pk)
    return render(request, "ehc/staff/plan_step.html", {
        "form": form, "assessment": assessment, "version": version, "findings": findings, "step": step,
        "report": report_for(assessment)})


def _plan_version(request: HttpRequest, pk: int, number: int) -> PlanVersion:
    assessment = _case(request, pk)
    version = PlanVersionPolicy.visible_to(request.user).filter(plan__assessment=assessment, number=number).first()
    if version is None:
        raise Http404("No such version")
    return version


def plan_document_response(request: HttpRequest, version: PlanVersion, pdf: bool, base: str, pdf_url: str = "",
                           back_url: str = "") -> HttpResponse:
    """A plan version as an accessible page or a tagged PDF (shared by every audience's view)."""
    context = documents.plan_context(version)
    record_access(actor=request.user, verb=Verb.DOCUMENT_DOWNLOADED if pdf else Verb.VIEWED, target=version,
                  child=version.plan.child, summary=f"Read the EHC plan ({version})")
    if pdf:
        html = documents.render_html("ehc/documents/plan.html", context, for_pdf=True)
        response = HttpResponse(documents.pdf_bytes(html), content_type="application/pdf")
        response["Content-Disposition"] = (f'inline; filename="{version.plan.assessment.reference}-plan-'
                                           f'v{version.number}.pdf"')
        return response
    previous = version.plan.versions.filter(number__lt=version.number).order_by("-number").first()
    changes = plan_content.differences(previous.content, version.content) if previous else []
    return render(request, "ehc/documents/plan_page.html", {
        **context, "base_template": base, "previous": previous, "pdf_url": pdf_url, "back_url": back_url,
        "changes": [{"change": ch, "words": plan_content.word_diff(ch.before, ch.after)} for ch in changes]})


@staff_required
@require_GET
def plan_version(request: HttpRequest, pk: int, number: int, pdf: bool = False) -> HttpResponse:
    version = _plan_version(request, pk, number)
    return plan_document_response(
        request, version, pdf, "web/base.html",
        pdf_url=reverse("staff:plan-version-pdf", kwargs={"pk": pk, "number": number}),
        back_url=reverse("staff:plan-edit", kwargs={"pk": pk}))


@staff_required
@require_GET
def advice_detail(request: HttpRequest, pk: int, advice_pk: int) -> HttpResponse:
    assessment = _case(request, pk)
    advice = AdviceRequest.objects.filter(pk=advice_pk, assessment=assessment).select_related(
        "professional", "team", "setting", "document").first()
    if advice is None:
        raise Http404("No such advice")
    record_access(actor=request.user, target=advice, child=assessment.child, summary=f"Read advice ({advice})")
    return render(request, "ehc/staff/advice_detail.html", {"assessment": assessment, "advice": advice})
