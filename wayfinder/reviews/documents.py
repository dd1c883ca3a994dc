"""The review decision letter as accessible HTML and tagged PDF, with the council's branding (the same
template on screen and on paper, as for the assessment letters in ``wayfinder.ehc.documents``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wayfinder.audit.models import Verb
from wayfinder.audit.services import record_access
from wayfinder.core.dates import today
from wayfinder.ehc import documents as ehc_documents
from wayfinder.ehc import services as ehc
from wayfinder.statutory.calendar import weeks_after
from wayfinder.statutory.review import review_due

from . import services
from .models import Review, ReviewEventKind


def letter_context(review: Review) -> dict:
    """The decision after a review (reg 20(10)): maintain, the proposed amendments with the family's 15 days
    and the 8 weeks (reg 22(2)-(3)), or notice to cease with the plan kept through the appeal period (reg 31(2),
    CAFA s45); for amend and cease the right of appeal, the time limits, mediation and the information and
    advice service (reg 32)."""
    from .disagreements import cease_appeal_deadline

    events = {e.event: e for e in review.events.all()}
    held = events.get(ReviewEventKind.MEETING_HELD)
    proposals = events.get(ReviewEventKind.PROPOSALS_SENT)
    amendment = services.amendment_of(review)
    ending = getattr(review, "ending", None)
    return {
        "review": review, "child": review.child, "brand": ehc_documents.branding(), "printed_on": today(),
        "carers": [link.carer for link in review.child.carer_links.filter(
            archived_on__isnull=True, parental_responsibility=True).select_related("carer")],
        "meeting_on": held.date if held else None,
        "next_due": review_due(review.decided_on) if review.decided_on else None,
        "representations_end": services.representations_end(review),
        "final_due": weeks_after(proposals.date, 8) if proposals else None,
        "changes": ehc.amendment_changes(amendment) if amendment is not None else [],
        "ending": ending, "appeal_deadline": cease_appeal_deadline(ending.notice_on) if ending else None,
    }


def letter_response(request: HttpRequest, review: Review, *, pdf: bool, back: str, pdf_url: str) -> HttpResponse:
    """The letter as a page or a PDF; reading it is logged as an access to the child's record."""
    context = letter_context(review)
    record_access(actor=request.user, verb=Verb.DOCUMENT_DOWNLOADED if pdf else Verb.VIEWED, target=review,
                  child=review.child, summary=f"Read the review decision letter ({review.reference})")
    if pdf:
        html = ehc_documents.render_html("reviews/documents/decision_letter.html", context, for_pdf=True)
        response = HttpResponse(ehc_documents.pdf_bytes(html), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{review.reference}-decision.pdf"'
        return response
    return render(request, "reviews/documents/decision_letter_page.html", {**context, "back": back,
                                                                           "pdf_url": pdf_url})
