"""Setting pages for reviews (/setting/reviews/…): the SENCO convenes the reviews of the plans that name
their setting (SEND Regs 2014 reg 20(1)): arrange, invite, gather and circulate advice, record the meeting
and send the report. The decision is the authority's."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from wayfinder.ehc.views_other import setting_required

from . import selectors
from .views_staff import detail_page, start_page, step_urls


@setting_required
@require_GET
def reviews(request: HttpRequest) -> HttpResponse:
    """The setting's pupils with plans, by next review date, overdue first."""
    result = selectors.radar(user=request.user, show="all")
    return render(request, "reviews/setting/reviews.html", {"radar": result, "overdue_kinds": selectors.OVERDUE})


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
    *step_urls("setting", setting_required),
]
