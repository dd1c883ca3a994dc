"""Setting pages for reviews (/setting/reviews/…): the SENCO convenes the reviews of the plans that name
their setting (SEND Regs 2014 reg 20(1)): arrange, invite, gather and circulate advice, record the meeting
and send the report. The decision is the authority's."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from wayfinder.audit.services import record_access
from wayfinder.ehc import content as plan_content
from wayfinder.ehc import services as ehc
from wayfinder.ehc.forms import ConsultationResponseForm
from wayfinder.ehc.views_other import setting_required
from wayfinder.ehc.views_staff import submitted

from . import selectors, services
from .policies import ReviewConsultationPolicy
from .views_staff import detail_page, start_page, step_urls


@setting_required
@require_GET
def reviews(request: HttpRequest) -> HttpResponse:
    """The setting's pupils with plans, by next review date, overdue first."""
    result = selectors.radar(user=request.user, show="all")
    consultations = (ReviewConsultationPolicy.visible_to(request.user).select_related("review__child")
                     .order_by("responded_on", "sent_on"))
    return render(request, "reviews/setting/reviews.html", {
        "radar": result, "overdue_kinds": selectors.OVERDUE,
        "consultations": [(c, services.consultation_due(c)) for c in consultations]})


@setting_required
@require_http_methods(["GET", "POST"])
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """A school or college consulted on being named in a plan after a review (CAFA s39, s40) answers here, even
    when the child is not (yet) on its roll."""
    consultation = ReviewConsultationPolicy.get_or_404(request.user, pk=pk)
    review = consultation.review
    record_access(actor=request.user, target=consultation, child=review.child,
                  summary=f"Opened the consultation ({consultation})")
    version = services.amendment_of(review) or ehc.version_in_force(review.plan)
    form = ConsultationResponseForm(request.POST or None)
    if submitted(request, form, lambda data: services.review_consultation_respond(
            actor=request.user, consultation=consultation, **data), "Response sent to the SEN team"):
        return redirect("setting:reviews")
    return render(request, "reviews/setting/consultation.html", {
        "form": form, "consultation": consultation, "child": review.child, "review": review,
        "due": services.consultation_due(consultation), "transfer_on": review.transfer_on,
        "content": plan_content.normalised(version.content) if version else None})


@setting_required
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, plan_pk: int) -> HttpResponse:
    return start_page(request, plan_pk, "setting")


@setting_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return detail_page(request, pk, "setting")


setting_urls = [
    path("reviews/", reviews, name="reviews"),
    path("plans/<int:plan_pk>/reviews/new/", review_new, name="review-new"),
    path("reviews/<int:pk>/", review_detail, name="review-detail"),
    path("reviews/consultations/<int:pk>/", consultation, name="review-consultation"),
    *step_urls("setting", setting_required),
]
