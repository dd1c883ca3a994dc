"""Assessment pages for settings (/setting/requests/…) and families (/family/assessments/…).

Settings answer requests for educational advice and consultations on being named in a plan. Families see
where an assessment is, the dates the law sets, what happens next and who to contact; they read the
draft plan, comment on it, and read the final plan.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wayfinder.accounts.models import Audience
from wayfinder.audit.services import record_access
from wayfinder.core.dates import today
from wayfinder.statutory.calendar import days_beginning_with
from wayfinder.web.views_staff import audience_required

from . import selectors, services
from .clocks import STATUS_COLOURS, report_for
from .forms import ConsultationResponseForm, RepresentationForm
from .models import DecisionKind, PlanStatus, PlanVersion
from .policies import AssessmentPolicy, ConsultationPolicy, PlanVersionPolicy
from .views_staff import advice_response_page, plan_document_response, submitted

setting_required = audience_required(Audience.SETTING)
family_required = audience_required(Audience.FAMILY)


# --------------------------------------------------------------------------------------------- settings


@setting_required
@require_GET
def setting_requests(request: HttpRequest) -> HttpResponse:
    return render(request, "ehc/setting/requests.html", {
        "advice": selectors.advice_requests_for(user=request.user),
        "consultations": selectors.consultations_for(user=request.user), "today": today()})


@setting_required
@require_http_methods(["GET", "POST"])
def setting_advice(request: HttpRequest, advice_pk: int) -> HttpResponse:
    return advice_response_page(request, advice_pk, "setting:requests")


@setting_required
@require_http_methods(["GET", "POST"])
def setting_consultation(request: HttpRequest, consultation_pk: int) -> HttpResponse:
    consultation = ConsultationPolicy.get_or_404(request.user, pk=consultation_pk)
    assessment = consultation.assessment
    record_access(actor=request.user, target=consultation, child=assessment.child,
                  summary=f"Opened the consultation ({consultation})")
    version = (PlanVersionPolicy.visible_to(request.user).filter(plan__assessment=assessment)
               .order_by("-number").first())
    form = ConsultationResponseForm(request.POST or None)
    if submitted(request, form, lambda data: services.consultation_respond(
            actor=request.user, consultation=consultation, **data), "Response sent to the SEN team"):
        return redirect("setting:requests")
    return render(request, "ehc/setting/consultation.html", {
        "form": form, "consultation": consultation, "child": assessment.child, "version": version})


@setting_required
@require_GET
def setting_plan(request: HttpRequest, consultation_pk: int, number: int, pdf: bool = False) -> HttpResponse:
    consultation = ConsultationPolicy.get_or_404(request.user, pk=consultation_pk)
    version = PlanVersionPolicy.visible_to(request.user).filter(plan__assessment=consultation.assessment,
                                                                number=number).first()
    if version is None:
        raise Http404("No such plan")
    kwargs = {"consultation_pk": consultation_pk, "number": number}
    return plan_document_response(request, version, pdf, "web/base.html",
                                  pdf_url=reverse("setting:plan-pdf", kwargs=kwargs),
                                  back_url=reverse("setting:consultation", kwargs={"consultation_pk": consultation_pk}))


# --------------------------------------------------------------------------------------------- families


def _family_assessment(request: HttpRequest, pk: int):
    return AssessmentPolicy.get_or_404(request.user, pk=pk)


WHAT_NEXT = {
    "decision_whether_to_assess": "We are deciding whether to carry out an assessment. We will write to you with "
                                  "our decision and the reasons.",
    "advice": "We are asking the people who know your child for their advice: their school or setting, health, "
              "an educational psychologist and social care.",
    "decision_not_to_issue": "We are reading the advice and deciding whether your child needs an education, "
                             "health and care plan.",
    "draft_plan_latest": "We are writing a draft plan. We will send it to you for your comments.",
    "draft_comments_window": "You can comment on the draft plan, ask for a school or college to be named, and "
                             "ask to meet us.",
    "consultation": "We are asking the school or college you chose whether it can meet your child's needs.",
    "final_plan": "We are finishing the plan, taking account of your comments.",
}


@family_required
@require_GET
def family_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _family_assessment(request, pk)
    record_access(actor=request.user, target=assessment, child=assessment.child,
                  summary=f"Viewed the assessment {assessment.reference} in the family portal")
    if assessment.is_transferred_plan:
        # Reg 15: assessed by the old authority, so no assessment dates here; the plan and its reviews.
        from .views_staff import transferred_plan_facts

        versions = (PlanVersionPolicy.visible_to(request.user).filter(plan__assessment=assessment, status="final")
                    .order_by("-number"))
        return render(request, "ehc/family/transferred_plan.html", {
            "assessment": assessment, "child": assessment.child, **transferred_plan_facts(assessment),
            "versions": versions, "brand_phone": settings.WAYFINDER_COUNCIL_PHONE,
            "brand_email": settings.WAYFINDER_COUNCIL_EMAIL})
    report = report_for(assessment)
    step = report.next_deadline.step if report.next_deadline else ""
    group = "advice" if step.startswith("advice_") else "consultation" if step.startswith("consultation_") else step
    versions = PlanVersionPolicy.visible_to(request.user).filter(plan__assessment=assessment).order_by("-number")
    decisions = {d.kind: d for d in assessment.decisions.all()}
    law = [(label, report.get(step_id)) for step_id, label in (
        ("decision_whether_to_assess", "Tell you whether we will assess (6 weeks)"),
        ("decision_not_to_issue", "Tell you if we decide not to issue a plan (16 weeks)"),
        ("draft_comments_window", "Your 15 days to comment on the draft plan"),
        ("final_plan", "Issue the final plan (20 weeks)"),
    ) if report.get(step_id) is not None]
    return render(request, "ehc/family/assessment.html", {
        "assessment": assessment, "child": assessment.child, "report": report, "law": law,
        "colours": STATUS_COLOURS, "what_next": WHAT_NEXT.get(group, ""), "versions": versions,
        "refused": decisions.get(DecisionKind.ASSESS) and decisions[DecisionKind.ASSESS].outcome == "not_assess",
        "no_plan": decisions.get(DecisionKind.ISSUE) and decisions[DecisionKind.ISSUE].outcome == "not_issue",
        "decisions": assessment.decisions.all(), "served": versions.filter(status=PlanStatus.SERVED).first()
        if report.get("draft_comments_window") and report["draft_comments_window"].status == "open" else None,
        "brand_phone": settings.WAYFINDER_COUNCIL_PHONE, "brand_email": settings.WAYFINDER_COUNCIL_EMAIL,
        "sendiass": settings.WAYFINDER_SENDIASS,
    })


def _family_version(request: HttpRequest, pk: int, number: int) -> PlanVersion:
    assessment = _family_assessment(request, pk)
    version = PlanVersionPolicy.visible_to(request.user).filter(plan__assessment=assessment, number=number).first()
    if version is None:
        raise Http404("No such plan")
    return version


@family_required
@require_GET
def family_plan(request: HttpRequest, pk: int, number: int, pdf: bool = False) -> HttpResponse:
    version = _family_version(request, pk, number)
    return plan_document_response(request, version, pdf, "web/base.html",
                                  pdf_url=reverse("family:plan-pdf", kwargs={"pk": pk, "number": number}),
                                  back_url=reverse("family:assessment", kwargs={"pk": pk}))


@family_required
@require_GET
def family_letter(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    from .views_staff import _letter_response

    assessment = _family_assessment(request, pk)
    decision = assessment.decisions.filter(pk=decision_pk).first()
    if decision is None:
        raise Http404("No such letter")
    return _letter_response(request, decision, pdf=True)


@family_required
@require_http_methods(["GET", "POST"])
def family_comment(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _family_version(request, pk, number)
    if not AssessmentPolicy.can(request.user, "make_representation", version.plan.assessment):
        raise PermissionDenied("You cannot comment on this plan.")
    form = RepresentationForm(request.POST or None)
    back = (reverse("family:child-detail", kwargs={"pk": version.plan.child_id}) if version.is_amendment
            else reverse("family:assessment", kwargs={"pk": pk}))
    if submitted(request, form,
                 lambda data: services.representation_make(actor=request.user, version=version, **data),
                 "Thank you. Your comments have been sent to your caseworker."):
        return redirect(back)
    # Both a draft plan (reg 13(1)(a)) and proposed amendments (reg 22(2)(c)) give 15 days beginning with the
    # day they were served.
    return render(request, "ehc/family/comment.html", {
        "form": form, "version": version, "assessment": version.plan.assessment, "back": back,
        "window_end": days_beginning_with(version.served_on, 15) if version.served_on else None})
