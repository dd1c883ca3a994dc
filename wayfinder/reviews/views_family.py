"""Family pages for reviews (/family/reviews/…): where the review is, the dates the law sets and whether
they were met, the report and the decision, the proposed amendments and how to comment on them, and the
right to disagree (mediation, the tribunal, the independent information, advice and support service)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from wayfinder.audit.services import record_access
from wayfinder.core.dates import today
from wayfinder.ehc.views_other import family_required

from . import selectors, services
from .clocks import report_for
from .models import ReviewEventKind
from .views_staff import deadline_rows


@family_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_for(user=request.user, pk=pk)
    record_access(actor=request.user, target=review, child=review.child,
                  summary="Viewed the review in the family portal")
    events = {e.event: e for e in review.events.all()}
    amendment = services.amendment_of(review)
    report = report_for(review)
    return render(request, "reviews/family/review.html", {
        "review": review, "child": review.child, "events": events, "deadlines": deadline_rows(report),
        "review_report": getattr(review, "report", None) if ReviewEventKind.REPORT_SENT in events else None,
        "amendment": amendment if amendment is not None and amendment.status != "draft" else None,
        "representations_end": services.representations_end(review), "ending": getattr(review, "ending", None),
        "finished": services.is_finished(review), "due": report["annual_review"].due,
        "today": today(),
    })


@family_required
@require_GET
def letter(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    review = selectors.review_for(user=request.user, pk=pk)
    if not review.decided_on:
        raise Http404("No decision has been sent yet")
    from django.urls import reverse

    from .documents import letter_response

    return letter_response(request, review, pdf=pdf, back=reverse("family:review", kwargs={"pk": pk}),
                           pdf_url=reverse("family:review-letter-pdf", kwargs={"pk": pk}))


family_urls = [
    path("reviews/<int:pk>/", review_detail, name="review"),
    path("reviews/<int:pk>/letter/", letter, name="review-letter"),
    path("reviews/<int:pk>/letter/pdf/", letter, {"pdf": True}, name="review-letter-pdf"),
]
