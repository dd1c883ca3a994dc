"""Pages for disagreements: mediation, Tribunal appeals and compliance with orders (CAFA 2014 ss51–55; SEND
Regulations 2014 regs 32–45; Tribunal Procedure (HESC) Rules 2008 r12, r20).

Staff (namespace ``staff``): the open disagreements, nearest deadline first (``disagreement-list``); record a
disagreement for a child (``disagreement-new``); a disagreement's clocks, history and what can be recorded
next (``disagreement-detail``); one page per event (``disagreement-event``); closing with the outcome
(``disagreement-close``). Families (namespace ``family``): their child's disagreements with the dates, what
happens next and where to get help (``disagreements``). Settings have no disagreement pages (the policy never
shows them one).

Thin views: reads go through the selectors and the policy, changes through the services in
``wayfinder.reviews.disagreements``; every view of a disagreement writes an access event. The forms are plain
posts: one page per event, so each page asks only for what that event needs, and works without JavaScript.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from wayfinder.accounts.models import Audience
from wayfinder.audit.services import record_access
from wayfinder.ehc.views_staff import submitted
from wayfinder.people.policies import ChildPolicy
from wayfinder.statutory import disagreement as engine
from wayfinder.web.forms import GovukDateField
from wayfinder.web.views_staff import audience_required, staff_required

from . import disagreements as dis
from .models import Disagreement, DisagreementSubject
from .policies import DisagreementPolicy

family_required = audience_required(Audience.FAMILY)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

TRIBUNAL_URL = "https://www.gov.uk/courts-tribunals/first-tier-tribunal-special-educational-needs-and-disability"
APPEAL_GUIDE_URL = "https://www.gov.uk/appeal-ehc-plan-decision"


# --------------------------------------------------------------------------------------------- forms


def _date(label: str, *, what: str, hint: str = "For example, 27 3 2026", required: bool = True) -> GovukDateField:
    return GovukDateField(label=label, help_text=hint, error_label=what, required=required)


def _yes_no(label: str, *, required: bool = True, message: str = "", hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, help_text=hint, required=required, widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes", empty_value=None,
        error_messages={"required": message or f"Select yes or no: {label[0].lower()}{label[1:]}"})


def _note() -> forms.CharField:
    return forms.CharField(label="Notes (optional, for staff only)", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Families do not see these notes.")


class DisagreementForm(forms.Form):
    subject = forms.ChoiceField(label="What does the family disagree with?", choices=DisagreementSubject.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Select what the family disagrees with"})
    summary = forms.CharField(label="What the family disagrees with, in their words", widget=forms.Textarea(
        attrs={"rows": 5}), error_messages={"required": "Enter what the family disagrees with"})
    decision_letter_on = _date(
        "When was the decision letter sent?", what="the date the decision letter was sent",
        hint="The 2 months to contact the mediation adviser and the time to appeal run from the day written notice "
             "of the decision was sent (SEND Regulations 2014 reg 33; HESC Rules r20). For example, 27 3 2026")
    plan = forms.ModelChoiceField(label="Plan the decision is about (needed for the content of a plan, section I "
                                        "or ceasing)", required=False, queryset=None, empty_label="Not about a plan")
    assessment = forms.ModelChoiceField(label="Assessment the decision is about (optional)", required=False,
                                        queryset=None, empty_label="Not about an assessment")
    note = _note()

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = child.ehc_plans.filter(archived_on__isnull=True).order_by("-pk")
        self.fields["plan"].label_from_instance = lambda p: f"EHC plan {p.assessment.reference}"
        self.fields["assessment"].queryset = child.assessments.filter(archived_on__isnull=True).order_by("-pk")
        self.fields["assessment"].label_from_instance = lambda a: f"{a.reference}, received {a.received_on:%-d %B %Y}"


#: The date question each event asks, and how its errors name the date.
DATE_QUESTIONS = {
    "mediation_adviser_contacted": ("When did the family contact the mediation adviser?",
                                    "the date the mediation adviser was contacted"),
    "mediation_declined": ("When was the mediation adviser told the family does not want mediation?",
                           "the date the adviser was told"),
    "mediation_requested": ("When did the family tell us they want mediation?", "the date mediation was requested"),
    "commissioning_body_notified": ("When did we tell the health commissioning body the mediation issues?",
                                    "the date the commissioning body was told"),
    "mediation_not_possible": ("When did we tell the adviser mediation cannot be held within 30 days?",
                               "the date the adviser was told"),
    "mediation_held": ("When was mediation held?", "the date mediation was held"),
    "mediation_certificate_issued": ("When was the mediation certificate issued?",
                                     "the date the certificate was issued"),
    "mediation_agreement": ("When was the agreement made?", "the date of the agreement"),
    "agreement_carried_out": ("When was the agreement carried out?", "the date the agreement was carried out"),
    "la_informed_of_agreement": ("When did the commissioning body tell us of the agreement?",
                                 "the date we were told"),
    "appeal_registered": ("When did the Tribunal receive the appeal?", "the date the Tribunal received the appeal"),
    "hearing_set": ("When did the Tribunal tell us the hearing date?", "the date we were told"),
    "unopposed_notice": ("When did we tell the Tribunal we will not oppose the appeal?",
                         "the date we told the Tribunal"),
    "tribunal_order": ("What is the date of the order?", "the date of the order"),
    "assessment_decision_notified": ("When did we tell the family we will assess?", "the date the family was told"),
    "decision_to_issue": ("When did we tell the family our decision?", "the date of the decision"),
    "draft_plan_issued": ("When was the draft plan issued?", "the date the draft plan was issued"),
    "final_plan_issued": ("When was the final plan issued?", "the date the final plan was issued"),
    "amended_plan_issued": ("When was the amended plan issued?", "the date the amended plan was issued"),
}


def _radio(label: str, choices: dict[str, str], message: str, *, required: bool = True,
           hint: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, help_text=hint, choices=list(choices.items()), widget=forms.RadioSelect,
                             required=required, error_messages={"required": message})


def _event_fields(event: str, disagreement: Disagreement) -> dict[str, forms.Field]:
    """The questions one event asks besides its date and the note (see ``dis.EVENT_FIELDS``)."""
    if event == "mediation_requested":
        return {"issues": _radio("What are the mediation issues about?", dis.MEDIATION_ISSUES,
                                 "Select what the mediation issues are about",
                                 hint="If they include health care we must tell the commissioning body within 3 "
                                      "working days")}
    if event == "mediation_held":
        return {"mediation_outcome": _radio("What happened at mediation?", dis.MEDIATION_OUTCOMES,
                                            "Select what happened at mediation"),
                "concluded": _date("If mediation went on to a later session, when did it end? (optional)",
                                   what="the date mediation ended", required=False)}
    if event == "mediation_agreement":
        return {"appealable": _yes_no("Is the agreement about something the family could appeal to the Tribunal?",
                                      message="Select whether the agreement is about something that can be "
                                              "appealed",
                                      hint="If yes, the time limits for a Tribunal order apply (reg 42(2))"),
                "kind": _radio("If it can be appealed, what did we agree to do?", dis.ORDER_KINDS, "",
                               required=False),
                "la_party": _yes_no("Was the local authority a party to the agreement?", required=False,
                                    hint="If not, the commissioning body must tell us of it within a week "
                                         "(reg 42(4))"),
                "agreed_by": _date("A different date agreed in writing to carry it out (optional)",
                                   what="the date agreed", required=False,
                                   hint="Only for an agreement on matters that cannot be appealed (reg 42(5))")}
    if event == "appeal_registered":
        return {"issues_appealed": forms.CharField(label="Issues appealed", widget=forms.Textarea(attrs={"rows": 4}),
                                                   error_messages={"required": "Enter the issues appealed"},
                                                   help_text="For example, sections B, F and I of the plan"),
                "time": forms.CharField(label="Time the Tribunal received it (optional)", required=False,
                                        max_length=5, help_text="24-hour UK time, for example 16:30. After 5pm on "
                                                                "the last day it is out of time (HESC r12(1))"),
                "extension_granted": forms.BooleanField(label="The Tribunal admitted it out of time", required=False)}
    if event == "hearing_set":
        return {"hearing_on": _date("Date of the hearing", what="the date of the hearing")}
    if event == "unopposed_notice":
        initial = disagreement.subject if disagreement.subject in dis.UNOPPOSED_KINDS else None
        field = _radio("What is the appeal about?", dis.UNOPPOSED_KINDS, "Select what the appeal is about")
        field.initial = initial
        return {"kind": field}
    if event == "tribunal_order":
        return {"kind": _radio("What did the Tribunal order?", dis.ORDER_KINDS, "Select what the Tribunal ordered",
                               hint="If it dismissed the appeal, or the appeal was withdrawn, close the "
                                    "disagreement with the outcome instead"),
                "sent": _date("When did the Tribunal send the order out? (optional)", what="the date it was sent",
                              required=False)}
    if event == "decision_to_issue":
        return {"outcome": _radio("Will we issue a plan?", {"issue": "Yes, issue a plan: a draft follows",
                                                            "not_issue": "No, do not issue a plan"},
                                  "Select whether a plan will be issued")}
    return {}


class EventForm(forms.Form):
    """One event's page: its date, the fields that event needs, and a staff note."""

    def __init__(self, *args, event: str, disagreement: Disagreement, **kwargs):
        super().__init__(*args, **kwargs)
        label, what = DATE_QUESTIONS[event]
        self.fields["date"] = _date(label, what=what)
        self.fields.update(_event_fields(event, disagreement))
        if event != "hearing_set":
            self.fields["note"] = _note()


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label="What was the outcome?", widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the outcome"},
        help_text="In plain words: the family sees it. For example, \"Resolved at mediation: speech and language "
                  "therapy added to section F\", or \"The Tribunal dismissed the appeal\".")


# --------------------------------------------------------------------------------------------- page helpers


def _deadline_rows(report, labels: dict[str, str] | None = None) -> list[dict]:
    return [{"deadline": d, "label": (labels or {}).get(d.step) or dis.step_label(d.step),
             "status_label": ("Waiting for the certificate" if "awaiting_certificate" in d.flags
                              else dis.STATUS_LABELS[str(d.status)]),
             "colour": dis.STATUS_COLOURS[str(d.status)]} for d in report.deadlines]


def _details(event) -> str:
    """An event's fields in words, for the history."""
    data = event.data
    bits = []
    if "appeal_kind" in data:
        bits.append("appeal on section I only: no certificate needed" if data["appeal_kind"] == "section_i_only"
                    else "")
    if "issues" in data:
        bits.append(dis.MEDIATION_ISSUES.get(data["issues"], data["issues"]).lower())
    if "concluded" in data:
        bits.append(f"ended {dis._fmt(engine.iso_date(data['concluded'], 'concluded'))}")
    if "appealable" in data:
        bits.append("on matters that can be appealed" if data["appealable"] else "on matters that cannot be appealed")
    if "kind" in data:
        words = (dis.UNOPPOSED_KINDS if event.event == "unopposed_notice" else dis.ORDER_KINDS).get(data["kind"])
        bits.append((words or data["kind"]).lower())
    if data.get("la_party") is False:
        bits.append("the local authority was not a party")
    if "agreed_by" in data:
        bits.append(f"to be carried out by {dis._fmt(engine.iso_date(data['agreed_by'], 'agreed_by'))}")
    if "time" in data:
        bits.append(f"received at {data['time']}")
    if data.get("extension_granted"):
        bits.append("admitted out of time")
    if "sent" in data:
        bits.append(f"sent out {dis._fmt(engine.iso_date(data['sent'], 'sent'))}")
    if "outcome" in data:
        bits.append("a plan will be issued" if data["outcome"] == "issue" else "no plan will be issued")
    return "; ".join(b for b in bits if b)


def _directive_kind(seen: dict) -> str | None:
    if "tribunal_order" in seen:
        return seen["tribunal_order"].data.get("kind")
    if "unopposed_notice" in seen:
        return engine.UNOPPOSED_KINDS.get(seen["unopposed_notice"].data.get("kind"), (None,))[0]
    agreement = seen.get("mediation_agreement")
    if agreement is not None and agreement.data.get("appealable"):
        return agreement.data.get("kind")
    return None


#: The authority's acts each kind of order calls for (reg 44(2), reg 45, reg 42(2)).
COMPLIANCE_ACTS = {
    "assess": ("assessment_decision_notified", "decision_to_issue", "draft_plan_issued", "final_plan_issued"),
    "make_plan": ("draft_plan_issued", "final_plan_issued"),
    "amend": ("amended_plan_issued",),
    "section_i": ("amended_plan_issued",),
    "continue": (),
}


def available_events(disagreement: Disagreement) -> list[tuple[str, list[tuple[str, str]]]]:
    """What can be recorded next, by group: events not yet recorded that could follow. The engine still checks
    every history; this only keeps the list short."""
    seen = {e.event: e for e in disagreement.events.all()}
    kind = _directive_kind(seen)
    agreement = seen.get("mediation_agreement")
    requested = seen.get("mediation_requested")

    mediation_over = bool(seen.keys() & {"appeal_registered", "mediation_certificate_issued"}) or kind is not None
    ruled_out = {
        # Telling the adviser that mediation is declined is itself contact (reg 33), and ends the mediation.
        "mediation_declined": {"mediation_adviser_contacted", "mediation_requested", "commissioning_body_notified",
                               "mediation_not_possible", "mediation_held"},
        "mediation_held": {"mediation_not_possible", "mediation_declined"},
        "mediation_not_possible": {"mediation_held", "mediation_declined"},
        "mediation_requested": {"mediation_declined"},
    }
    excluded = {e for name, others in ruled_out.items() if name in seen for e in others}

    def offered(event: str) -> bool:
        if event in excluded:
            return False
        if event == "mediation_agreement" and "mediation_agreement" not in seen:
            # An agreement comes out of mediation, and may be written up after the certificate (reg 42).
            return kind is None and "mediation_held" in seen
        if mediation_over and event in MEDIATION_EVENTS and event not in ("agreement_carried_out",
                                                                          "la_informed_of_agreement"):
            return False
        if event == "hearing_set":
            return "appeal_registered" in seen and kind is None
        if event in seen:
            return False
        if event == "commissioning_body_notified":
            return requested is not None and requested.data.get("issues", "education") != "education"
        if event in ("agreement_carried_out", "la_informed_of_agreement"):
            if agreement is None or agreement.data.get("appealable"):
                return False
            return event == "agreement_carried_out" or agreement.data.get("la_party") is False
        if event in ("unopposed_notice", "tribunal_order"):
            return "appeal_registered" in seen and kind is None
        if event in COMPLIANCE_STEP_EVENTS:
            return kind is not None and event in COMPLIANCE_ACTS.get(kind, ())
        return True

    return [(group, [(e, dis.EVENT_LABELS[e]) for e in events if offered(e)]) for group, events in dis.EVENT_GROUPS
            if any(offered(e) for e in events)]


COMPLIANCE_STEP_EVENTS = {e for acts in COMPLIANCE_ACTS.values() for e in acts}
MEDIATION_EVENTS = set(dis.EVENT_GROUPS[0][1])


def _as_dates(facts: dict | None) -> dict | None:
    """The engine's workings with their ISO dates as dates, for the date filter."""
    if facts is None:
        return None
    return {k: date.fromisoformat(v) if isinstance(v, str) and _ISO_DAY.fullmatch(v) else v for k, v in facts.items()}


def _disagreement(request: HttpRequest, pk: int) -> Disagreement:
    return dis.disagreement_for(user=request.user, pk=pk)


def _need(request: HttpRequest, action: str, obj=None) -> None:
    if not DisagreementPolicy.can(request.user, action, obj):
        raise PermissionDenied("You cannot do this.")


# --------------------------------------------------------------------------------------------- staff pages


@staff_required
@require_GET
def disagreement_list(request: HttpRequest) -> HttpResponse:
    """Open disagreements the user may see, nearest deadline first; overdue ones are tagged red."""
    subject = request.GET.get("subject") or ""
    if subject not in DisagreementSubject.values:
        subject = ""
    rows = dis.open_disagreements(user=request.user, subject=subject)
    return render(request, "reviews/disagreements/list.html", {
        "rows": rows, "subject": subject, "subjects": DisagreementSubject.choices,
        "overdue": sum(1 for r in rows if r.overdue)})


@staff_required
@require_http_methods(["GET", "POST"])
def disagreement_new(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = ChildPolicy.get_or_404(request.user, pk=child_pk)
    _need(request, "create")
    form = DisagreementForm(request.POST or None, child=child)
    disagreement = submitted(
        request, form, lambda data: dis.disagreement_open(actor=request.user, child=child, **data),
        lambda d: f"Disagreement recorded: {d.reference}")
    if disagreement:
        return redirect("staff:disagreement-detail", pk=disagreement.pk)
    return render(request, "reviews/disagreements/new.html", {"form": form, "child": child})


@staff_required
@require_GET
def disagreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disagreement = _disagreement(request, pk)
    record_access(actor=request.user, target=disagreement, child=disagreement.child,
                  summary=f"Viewed disagreement {disagreement.reference}")
    report = dis.report_for(disagreement)
    rows = _deadline_rows(report)
    seen = {e.event: e for e in disagreement.events.all()}
    directive = next((s for s in ("tribunal_order", "unopposed_notice") if s in seen), None)
    if directive is None and seen.get("mediation_agreement") and seen["mediation_agreement"].data.get("appealable"):
        directive = "mediation_agreement"
    can_record = DisagreementPolicy.can(request.user, "record", disagreement) and not disagreement.outcome
    return render(request, "reviews/disagreements/detail.html", {
        "disagreement": disagreement, "child": disagreement.child, "report": report,
        "row": dis.DisagreementRow(disagreement, report),
        "deadlines": [r for r in rows if r["deadline"].step not in dis.COMPLIANCE_STEPS],
        "compliance": [r for r in rows if r["deadline"].step in dis.COMPLIANCE_STEPS],
        "directive": directive and {"source": dis.DIRECTIVE_SOURCES[directive], "date": seen[directive].date,
                                    "details": _details(seen[directive])},
        "continue_to_maintain": report.facts.get("continue_to_maintain"),
        "appeal_workings": _as_dates(report.facts.get("tribunal_appeal")),
        "risks": [{"risk": r, "label": dis.step_label(r.step)} for r in report.at_risk],
        "history": [{"event": e, "label": dis.EVENT_LABELS.get(e.event, e.event), "details": _details(e)}
                    for e in disagreement.events.select_related("recorded_by")],
        "groups": available_events(disagreement) if can_record else [], "can_record": can_record,
    })


@staff_required
@require_http_methods(["GET", "POST"])
def disagreement_event(request: HttpRequest, pk: int, event: str) -> HttpResponse:
    if event not in dis.RECORDABLE:
        raise Http404("No such event")
    disagreement = _disagreement(request, pk)
    _need(request, "record", disagreement)
    if disagreement.outcome:
        raise PermissionDenied("This disagreement is closed.")
    form = EventForm(request.POST or None, event=event, disagreement=disagreement)
    label = dis.EVENT_LABELS[event]
    if submitted(request, form, lambda data: dis.disagreement_record(
            actor=request.user, disagreement=disagreement, event=event, **data) or True, f"Recorded: {label}"):
        return redirect("staff:disagreement-detail", pk=disagreement.pk)
    return render(request, "reviews/disagreements/event_form.html", {
        "form": form, "disagreement": disagreement, "child": disagreement.child, "event": event, "label": label,
        "report": dis.report_for(disagreement)})


@staff_required
@require_http_methods(["GET", "POST"])
def disagreement_close(request: HttpRequest, pk: int) -> HttpResponse:
    disagreement = _disagreement(request, pk)
    _need(request, "record", disagreement)
    form = CloseForm(request.POST or None)
    if submitted(request, form, lambda data: dis.disagreement_close(actor=request.user, disagreement=disagreement,
                                                                    **data), "Disagreement closed"):
        return redirect("staff:disagreement-detail", pk=disagreement.pk)
    return render(request, "reviews/disagreements/close.html", {
        "form": form, "disagreement": disagreement, "child": disagreement.child})


# --------------------------------------------------------------------------------------------- family page


def family_next(row: dis.DisagreementRow) -> str:
    """What happens next, in plain words, for the family's page."""
    d, report = row.disagreement, row.report
    seen = {e.event for e in d.events.all()}
    if row.closed:
        return "This disagreement is closed."
    if report.facts.get("continue_to_maintain"):
        return "We will keep your child's education, health and care plan."
    owed = dis.compliance_owed(report)
    if owed:
        step = owed[0]
        words = dis.FAMILY_STEP_LABELS.get(step.step, dis.step_label(step.step)).removesuffix(" by")
        return f"{words} by {step.due:%-d %B %Y}."
    if seen & {"tribunal_order", "unopposed_notice"}:
        return "We have done what the Tribunal's decision said."
    if "appeal_registered" in seen:
        if d.hearing_on:
            return f"The Tribunal is dealing with your appeal. The hearing is on {d.hearing_on:%-d %B %Y}."
        return "The Tribunal is dealing with your appeal. It will tell you the date of the hearing."
    appeal = report.get("appeal_deadline")
    if "mediation_certificate_issued" in seen and appeal:
        return (f"You can appeal to the Tribunal if you still disagree. It must receive your appeal by "
                f"{appeal.due:%-d %B %Y}. Send the mediation certificate with it.")
    if "mediation_requested" in seen and "mediation_held" not in seen:
        meeting = report.get("mediation_meeting")
        when = f" by {meeting.due:%-d %B %Y}" if meeting else ""
        return f"Mediation should take place{when}. The mediation adviser will arrange it with you."
    if seen & {"mediation_held", "mediation_declined", "mediation_not_possible"}:
        return ("The mediation adviser will send you a mediation certificate within 3 working days. You need it "
                "to appeal to the Tribunal.")
    contact = report.get("mediation_contact")
    if "mediation_adviser_contacted" in seen:
        return "Tell the mediation adviser whether you want mediation. If you do, we will arrange it within 30 days."
    if contact is not None and contact.status == "not_applicable" and appeal:
        return (f"You can appeal straight to the Tribunal: you do not need to contact the mediation adviser first. "
                f"The Tribunal must receive your appeal by {appeal.due:%-d %B %Y}.")
    if contact is not None and appeal:
        return (f"If you want to appeal, first contact the mediation adviser by {contact.due:%-d %B %Y}. You do not "
                "have to have mediation, but you need their certificate to appeal.")
    return ""


@family_required
@require_GET
def family_disagreements(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = ChildPolicy.get_or_404(request.user, pk=child_pk)
    rows = dis.child_disagreements(request.user, child)
    record_access(actor=request.user, target=child, child=child,
                  summary="Viewed disagreements and appeals in the family portal")
    entries = []
    for row in rows:
        law = [(dis.FAMILY_STEP_LABELS[d.step], d) for d in row.report.deadlines
               if d.step in dis.FAMILY_STEP_LABELS and d.status != "not_applicable"]
        timeline = [(dis.FAMILY_EVENT_LABELS.get(e.event, dis.EVENT_LABELS.get(e.event, e.event)), e.date)
                    for e in row.disagreement.events.all()]
        entries.append({"row": row, "law": law, "timeline": timeline, "what_next": family_next(row)})
    return render(request, "reviews/disagreements/family.html", {
        "child": child, "entries": entries, "mediation": settings.WAYFINDER_MEDIATION,
        "sendiass": settings.WAYFINDER_SENDIASS, "tribunal_url": TRIBUNAL_URL, "guide_url": APPEAL_GUIDE_URL,
        "brand_phone": settings.WAYFINDER_COUNCIL_PHONE, "brand_email": settings.WAYFINDER_COUNCIL_EMAIL,
        "colours": dis.STATUS_COLOURS})


# --------------------------------------------------------------------------------------------- URLs

staff_urls = [
    path("disagreements/", disagreement_list, name="disagreement-list"),
    path("children/<int:child_pk>/disagreements/new/", disagreement_new, name="disagreement-new"),
    path("disagreements/<int:pk>/", disagreement_detail, name="disagreement-detail"),
    path("disagreements/<int:pk>/events/<slug:event>/", disagreement_event, name="disagreement-event"),
    path("disagreements/<int:pk>/close/", disagreement_close, name="disagreement-close"),
]
#: Settings never see a disagreement (``DisagreementPolicy``).
setting_urls: list = []
family_urls = [
    path("children/<int:child_pk>/disagreements/", family_disagreements, name="disagreements"),
]
