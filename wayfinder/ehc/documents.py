"""Letters and plans as accessible HTML and tagged PDF (WeasyPrint, PDF/UA-1) with the council's branding.

The same template renders the page and the PDF, so what the family reads on screen and on paper is the
same document.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string

from wayfinder.core.dates import today
from wayfinder.people.models import Setting

from . import content as plan_content
from .clocks import report_for
from .models import Decision, PlanVersion


def branding() -> dict[str, str]:
    return {
        "council": settings.WAYFINDER_LA_NAME,
        "service": settings.WAYFINDER_SERVICE_NAME,
        "address": settings.WAYFINDER_COUNCIL_ADDRESS,
        "email": settings.WAYFINDER_COUNCIL_EMAIL,
        "phone": settings.WAYFINDER_COUNCIL_PHONE,
        "colour": settings.WAYFINDER_COUNCIL_COLOUR,
        "sendiass": settings.WAYFINDER_SENDIASS,
        "mediation": settings.WAYFINDER_MEDIATION,
    }


def letter_context(decision: Decision) -> dict:
    """A decision letter: the decision, its reasons, and for a refusal the rights of appeal, the time limits,
    mediation and the information and advice service (reg 5(3), ``ASSESS-REFUSAL-RIGHTS``; reg 10(2))."""
    assessment = decision.assessment
    report = report_for(assessment)
    return {"decision": decision, "assessment": assessment, "child": assessment.child, "brand": branding(),
            "carers": [link.carer for link in assessment.child.carer_links.filter(
                archived_on__isnull=True, parental_responsibility=True).select_related("carer")],
            "final_due": report["final_plan"].due if report.get("final_plan") else None, "printed_on": today()}


def plan_context(version: PlanVersion) -> dict:
    c = plan_content.normalised(version.content)
    setting_id = c["placement"]["setting_id"]
    setting = Setting.objects.filter(pk=setting_id).first() if setting_id else None
    needs = {n["ref"]: n for n in c["needs"]}
    for advice in c["advice"]:  # section K keeps ISO dates; show them as dates
        for key in ("requested_on", "received_on"):
            if isinstance(advice.get(key), str):
                advice[key] = date.fromisoformat(advice[key])
    return {"version": version, "plan": version.plan, "child": version.plan.child, "content": c,
            "named_setting": setting, "needs_by_ref": needs, "brand": branding(),
            "text_sections": plan_content.TEXT_SECTIONS, "printed_on": today()}


def render_html(template: str, context: dict, *, for_pdf: bool = False) -> str:
    return render_to_string(template, {**context, "for_pdf": for_pdf})


def pdf_bytes(html: str, *, uncompressed: bool = False) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tree, language, title) from a document's HTML."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=uncompressed)
