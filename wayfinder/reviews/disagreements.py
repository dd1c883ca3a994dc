"""Disagreements with a decision of the authority: mediation, appeals to the First-tier Tribunal (SEND) and
the authority's compliance with Tribunal orders, unopposed appeals and mediation agreements.

The law: Children and Families Act 2014 (CAFA) ss51–55 (appeals, mediation, the certificate needed before an
appeal, s55(3) for appeals on section I only) and s45 (a plan is kept while a cease appeal is possible or
running); SEND Regulations 2014 regs 32–45 (reg 33 contact with the mediation adviser within 2 months, reg 34
the certificate, reg 42 mediation agreements, reg 44 Tribunal orders, reg 45 unopposed appeals); Tribunal
Procedure (HESC) Rules 2008 r20(1)(c) (the time to appeal) and r12 (its roll-forward). The rules and their ids
are ``statutory-timescales.md`` §2.9–2.10, implemented by the pure engine
:mod:`wayfinder.statutory.disagreement`.

Three parts, in the house style:

* **clocks** — :func:`engine_input`, :func:`case_for` and :func:`report_for` turn a disagreement's
  append-only :class:`~wayfinder.reviews.models.DisagreementEvent` rows into exactly the ``wayfinder clocks``
  input for ``"process": "disagreement"``; every deadline is computed, never stored;
* **services** — :func:`disagreement_open`, :func:`disagreement_record`, :func:`disagreement_close`:
  keyword-only, they authorise the actor, validate everything, re-read the whole history through the engine
  (an impossible history is a ``ValidationError`` naming the field, and nothing is saved), then write the row
  and an audit event in one transaction;
* **selectors** — :func:`open_disagreements`, :func:`child_disagreements`, :func:`plan_disagreements`,
  :func:`disagreement_for`, and for the ceasing feature :func:`cease_appeal_state` and
  :func:`cease_appeal_deadline`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record
from wayfinder.core.checks import long_date as _fmt
from wayfinder.core.checks import past_date as _past
from wayfinder.core.checks import required_text as _text
from wayfinder.core.dates import today
from wayfinder.ehc.clocks import STATUS_COLOURS, STATUS_LABELS
from wayfinder.people.calendars import working_day_calendar
from wayfinder.people.models import Child
from wayfinder.people.policies import ChildPolicy
from wayfinder.statutory import disagreement as engine
from wayfinder.statutory.clock import CaseError, ClockReport, Deadline, Status

from .models import Disagreement, DisagreementEvent, DisagreementSubject
from .policies import DisagreementPolicy

#: Q9 (statutory-timescales §5): the order clocks count from the date of the order (reg 44), the earlier and
#: stricter reading; the engine can count from the day it was sent out instead (HMCTS SEND18).
ORDER_START: engine.OrderStart = "made"

#: CAFA 2014 s55(3): an appeal only about section I needs no mediation certificate.
SECTION_I_SUBJECTS = {DisagreementSubject.SECTION_I}
#: Subjects that are decisions about an existing plan: the disagreement must name the plan.
PLAN_SUBJECTS = {DisagreementSubject.CONTENTS, DisagreementSubject.SECTION_I, DisagreementSubject.CEASE}

# --------------------------------------------------------------------------------------------- names

#: Each event a caseworker records, as the staff pages name it. ``hearing_set`` is not an engine event: the
#: hearing date is a field of the disagreement (the Tribunal's directions set it; no clock runs from it).
EVENT_LABELS = {
    "decision_letter_sent": "Decision letter sent",
    "mediation_adviser_contacted": "Mediation adviser contacted",
    "mediation_declined": "Mediation declined (the adviser was told)",
    "mediation_requested": "Mediation requested",
    "commissioning_body_notified": "Health commissioning body told the mediation issues",
    "mediation_not_possible": "Adviser told mediation cannot be held within 30 days",
    "mediation_held": "Mediation held",
    "mediation_certificate_issued": "Mediation certificate issued",
    "mediation_agreement": "Mediation agreement made",
    "agreement_carried_out": "Mediation agreement carried out",
    "la_informed_of_agreement": "Commissioning body told us of the agreement",
    "appeal_registered": "Appeal registered by the Tribunal",
    "hearing_set": "Hearing date set",
    "unopposed_notice": "We told the Tribunal we will not oppose the appeal",
    "tribunal_order": "Tribunal order",
    "assessment_decision_notified": "Family told we will assess",
    "decision_to_issue": "Decision whether to issue a plan",
    "draft_plan_issued": "Draft plan issued",
    "final_plan_issued": "Final plan issued",
    "amended_plan_issued": "Amended plan issued",
}
#: The same events in plain words for families (no internal detail).
FAMILY_EVENT_LABELS = {
    "decision_letter_sent": "We sent you our decision letter",
    "mediation_adviser_contacted": "You contacted the mediation adviser",
    "mediation_declined": "You told the mediation adviser you did not want mediation",
    "mediation_requested": "You asked for mediation",
    "commissioning_body_notified": "We told the health service what the mediation is about",
    "mediation_not_possible": "We told the mediation adviser mediation could not happen within 30 days",
    "mediation_held": "Mediation took place",
    "mediation_certificate_issued": "The mediation adviser issued your certificate",
    "mediation_agreement": "A mediation agreement was made",
    "agreement_carried_out": "We did what the mediation agreement said",
    "la_informed_of_agreement": "The health service told us about the agreement",
    "appeal_registered": "The Tribunal registered your appeal",
    "unopposed_notice": "We told the Tribunal we will not oppose your appeal",
    "tribunal_order": "The Tribunal made its decision",
    "assessment_decision_notified": "We told you we will carry out an assessment",
    "decision_to_issue": "We decided whether to issue a plan",
    "draft_plan_issued": "We sent you the draft plan",
    "final_plan_issued": "We issued the final plan",
    "amended_plan_issued": "We issued the amended plan",
}
#: What each step of the engine is called on staff pages.
STEP_LABELS = {
    "mediation_contact": "Family contacts the mediation adviser (2 months, reg 33)",
    "health_notice": "Tell the health commissioning body the mediation issues (3 working days)",
    "mediation_meeting": "Hold mediation (30 days)",
    "mediation_certificate": "Mediation certificate issued (3 working days)",
    "appeal_deadline": "Last day for the Tribunal to receive an appeal (HESC r20)",
    "agreement_action": "Carry out the mediation agreement (2 weeks, reg 42(3))",
    "agreement_notice": "Commissioning body tells us of the agreement (1 week, reg 42(4))",
    "assessment_notice": "Tell the family we will assess (2 weeks)",
    "decision_not_to_issue": "Decide whether to issue a plan (10 weeks)",
    "draft_plan": "Issue the draft plan (5 weeks)",
    "final_plan": "Issue the final plan",
    "amended_plan": "Issue the amended plan",
}
FAMILY_STEP_LABELS = {
    "mediation_contact": "Last day to contact the mediation adviser",
    "mediation_meeting": "Mediation should take place by",
    "mediation_certificate": "The mediation adviser should issue your certificate by",
    "appeal_deadline": "Last day for the Tribunal to receive your appeal",
    "agreement_action": "We must do what the mediation agreement says by",
    "assessment_notice": "We must tell you we will assess by",
    "decision_not_to_issue": "We must tell you if we decide not to issue a plan by",
    "draft_plan": "We must send you the draft plan by",
    "final_plan": "We must issue the final plan by",
    "amended_plan": "We must issue the amended plan by",
}
#: The steps of the authority's compliance with an order, an unopposed appeal or an appealable agreement.
COMPLIANCE_STEPS = {step for steps in engine.DIRECTIVE_STEPS.values() for step, _weeks, _act in steps}
DIRECTIVE_SOURCES = {"tribunal_order": "the Tribunal's order", "unopposed_notice": "our notice not opposing the appeal",
                     "mediation_agreement": "the mediation agreement"}
ORDER_KINDS = {
    "assess": "Carry out an assessment (or re-assessment)",
    "make_plan": "Make and maintain a plan",
    "amend": "Amend the plan",
    "section_i": "Change the school or setting named in section I only",
    "continue": "Continue to maintain the plan",
}
UNOPPOSED_KINDS = {
    "refusal_to_assess": "Refusal to assess or re-assess",
    "refusal_to_issue": "Refusal to issue a plan",
    "contents": "The contents of the plan, or a refusal to amend it",
    "section_i": "Section I only",
    "cease": "A decision to cease the plan",
}
MEDIATION_ISSUES = {
    "education": "Education or social care only",
    "mixed": "Health care as well as education or social care",
    "health_only": "Health care only",
}
MEDIATION_OUTCOMES = {
    "agreed": "Agreement reached on every issue",
    "partly_agreed": "Agreement reached on some issues",
    "not_agreed": "No agreement",
}


def step_label(step: str) -> str:
    return STEP_LABELS.get(step, step.replace("_", " ").capitalize())




# --------------------------------------------------------------------------------------------- what each event takes

#: Per event the fields a caseworker gives besides ``date`` and ``note``: name -> kind. ``engine`` fields are
#: stored in ``DisagreementEvent.data`` exactly as the engine reads them (docs/reference/clocks.md), so the engine
#: checks them; the others are casework fields kept elsewhere (``issues_appealed`` on ``Disagreement.issues``,
#: ``mediation_outcome`` at the head of the event's note, ``hearing_on`` on ``Disagreement.hearing_on``).
EVENT_FIELDS: dict[str, dict[str, str]] = {
    "mediation_adviser_contacted": {},
    "mediation_declined": {},
    "mediation_requested": {"issues": "choice"},
    "commissioning_body_notified": {},
    "mediation_not_possible": {},
    "mediation_held": {"concluded": "date", "mediation_outcome": "casework"},
    "mediation_certificate_issued": {},
    # (``appealable`` last: the engine's messages about the other fields mention it too.)
    "mediation_agreement": {"kind": "choice", "la_party": "bool", "agreed_by": "date", "appealable": "bool"},
    "agreement_carried_out": {},
    "la_informed_of_agreement": {},
    "appeal_registered": {"issues_appealed": "casework", "time": "time", "extension_granted": "bool"},
    "hearing_set": {"hearing_on": "casework"},
    "unopposed_notice": {"kind": "choice"},
    "tribunal_order": {"kind": "choice", "sent": "date"},
    "assessment_decision_notified": {},
    "decision_to_issue": {"outcome": "choice"},
    "draft_plan_issued": {},
    "final_plan_issued": {},
    "amended_plan_issued": {},
}
RECORDABLE = tuple(EVENT_FIELDS)
#: Fields each event must have (the engine's required fields, and the casework ones the pages ask for).
REQUIRED_FIELDS = {
    "mediation_held": {"mediation_outcome": "Select what happened at mediation"},
    "mediation_agreement": {"appealable": "Select whether the agreement is about something that can be appealed"},
    "appeal_registered": {"issues_appealed": "Enter the issues appealed"},
    "hearing_set": {"hearing_on": "Enter the date of the hearing"},
    "unopposed_notice": {"kind": "Select what the appeal is about"},
    "tribunal_order": {"kind": "Select what the Tribunal ordered"},
    "decision_to_issue": {"outcome": "Select whether a plan will be issued"},
}
#: Groups of events, in the order the process runs, for the pages.
EVENT_GROUPS = (
    ("Mediation", ("mediation_adviser_contacted", "mediation_declined", "mediation_requested",
                   "commissioning_body_notified", "mediation_not_possible", "mediation_held",
                   "mediation_certificate_issued", "mediation_agreement", "agreement_carried_out",
                   "la_informed_of_agreement")),
    ("The Tribunal", ("appeal_registered", "hearing_set", "unopposed_notice", "tribunal_order")),
    ("Complying with the order, notice or agreement", ("assessment_decision_notified", "decision_to_issue",
                                                      "draft_plan_issued", "final_plan_issued",
                                                      "amended_plan_issued")),
)


# --------------------------------------------------------------------------------------------- clocks


def engine_events(events: Iterable[DisagreementEvent]) -> list[dict]:
    return [e.as_engine_event() for e in events]


def engine_input(disagreement: Disagreement, as_of: date, events: Iterable[DisagreementEvent] | None = None) -> dict:
    """Exactly the ``wayfinder clocks`` input for ``"process": "disagreement"`` (docs/reference/clocks.md)."""
    rows = list(disagreement.events.all() if events is None else events)
    return {"process": engine.PROCESS, "as_of": as_of.isoformat(), "events": engine_events(rows)}


def case_for(disagreement: Disagreement, as_of: date, events: Iterable[DisagreementEvent] | None = None,
             ) -> engine.DisagreementCase:
    """The engine's case; raises ``CaseError`` when the events cannot describe a real disagreement."""
    return engine.parse_case(engine_input(disagreement, as_of, events))[0]


def report_for(disagreement: Disagreement, as_of: date | None = None,
               events: Iterable[DisagreementEvent] | None = None) -> ClockReport:
    """Every deadline of the disagreement on ``as_of`` (default today), from its events only. Events dated
    after ``as_of`` are left out, so a past date shows the clocks as they stood that day."""
    on = as_of or today()
    rows = [e for e in (disagreement.events.all() if events is None else events) if e.date <= on]
    if not rows:
        return ClockReport(as_of=on, deadlines=(), process=engine.PROCESS)
    return engine.evaluate(case_for(disagreement, on, rows), on, calendar=working_day_calendar(),
                           order_start=ORDER_START)


def cease_appeal_deadline(notice_on: date) -> date:
    """The last day the Tribunal may receive an appeal against a decision to cease a plan notified on
    ``notice_on``, with no mediation certificate yet: HESC r20(1)(c) (2 months after the notice was sent),
    then r12(3)(a) and r12(2). The same function of the engine as a disagreement's ``appeal_deadline`` step."""
    return engine.appeal_deadline(notice_on, None, working_day_calendar())


# --------------------------------------------------------------------------------------------- services: helpers


def _require(actor, action: str, obj=None) -> None:
    if not DisagreementPolicy.can(actor, action, obj):
        raise PermissionDenied(f"You do not have permission to {action.replace('_', ' ')} here.")




_WHERE = re.compile(r"events\[(\d+)\](?:\.(\w+))?(?: \((\w+)\))?")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _engine_error(error: CaseError, events: list[dict], fields: Iterable[str], default: str) -> ValidationError:
    """The engine's message in words (event labels, dates as "3 March 2025"), against the field it is about:
    the one the engine names (``events[2].kind``), or a field of this event the message mentions, or ``default``."""
    text = str(error)
    field = default
    match = _WHERE.search(text)
    if match and match[2] in fields:
        field = match[2]
    else:
        for name in fields:
            if re.search(rf"\b{name}\b", text):
                field = name
                break

    def label(m: re.Match) -> str:
        index = int(m[1])
        name = events[index]["event"] if index < len(events) else (m[3] or "")
        words = EVENT_LABELS.get(name, name)
        return f"{words} ({m[2]})" if m[2] else words

    text = _WHERE.sub(label, text)
    text = _ISO.sub(lambda m: _fmt(date(int(m[1]), int(m[2]), int(m[3]))), text)
    return ValidationError({field: f"This is not possible for this disagreement: {text}"})


def _append(disagreement: Disagreement, actor, event: DisagreementEvent, *, fields: Iterable[str] = (),
            field: str = "date") -> DisagreementEvent:
    """Re-read the whole history with the new event through the engine, then store it (append-only)."""
    history = list(disagreement.events.all()) if disagreement.pk else []
    events = engine_events([*history, event])
    try:
        engine.parse_case({"process": engine.PROCESS, "as_of": today().isoformat(), "events": events})
    except CaseError as error:
        raise _engine_error(error, events, fields, field) from error
    event.disagreement = disagreement
    event.recorded_by = actor
    event.save()
    return event


def _audit(actor, verb, target, disagreement: Disagreement, summary: str, payload: dict | None = None) -> None:
    audit_record(actor=actor, verb=verb, target=target, child=disagreement.child_id, summary=summary, payload=payload)


def _events(disagreement: Disagreement) -> dict[str, DisagreementEvent]:
    return {e.event: e for e in disagreement.events.all()}


# --------------------------------------------------------------------------------------------- services


@transaction.atomic
def disagreement_open(*, actor, child: Child, subject: str, summary: str, decision_letter_on: date, plan=None,
                      assessment=None, review=None, appeal_kind: str | None = None, caseworker=None,
                      note: str = "") -> Disagreement:
    """Record a family's disagreement with a decision, from the day written notice of it was **sent**: the
    mediation clock (SEND Regs 2014 reg 33, 2 months) and the time to appeal (HESC r20(1)(c)) run from it.

    ``appeal_kind`` is ``"standard"`` or ``"section_i_only"`` (CAFA 2014 s55(3): no mediation certificate is
    needed for an appeal only about section I); left out, it follows the subject. Writes the disagreement and
    its ``decision_letter_sent`` event, checked by the engine, and an audit event.
    """
    _require(actor, "create")
    if not ChildPolicy.can(actor, "view", child):
        raise PermissionDenied("You cannot see this child's record.")
    if subject not in DisagreementSubject.values:
        raise ValidationError({"subject": "Select what the family disagrees with"})
    summary = _text(summary, "summary", "Enter what the family disagrees with")
    _past(decision_letter_on, "decision_letter_on", "the decision letter was sent")
    for name, obj in (("plan", plan), ("assessment", assessment), ("review", review)):
        if obj is not None and obj.child_id != child.pk:
            raise ValidationError({name: f"The {name} chosen is not {child.display_name}'s"})
    if subject in PLAN_SUBJECTS and plan is None:
        raise ValidationError({"plan": "Select the plan the decision is about"})
    if appeal_kind is None:
        appeal_kind = (engine.AppealKind.SECTION_I_ONLY if subject in SECTION_I_SUBJECTS
                       else engine.AppealKind.STANDARD)
    if appeal_kind not in [k.value for k in engine.AppealKind]:
        raise ValidationError({"appeal_kind": "Select whether the appeal is only about section I"})
    if appeal_kind == engine.AppealKind.SECTION_I_ONLY and subject not in SECTION_I_SUBJECTS:
        raise ValidationError({"appeal_kind": "Only a disagreement about the school or setting named in section I "
                                              "can go to the Tribunal without a mediation certificate (CAFA s55(3))"})
    disagreement = Disagreement(
        child=child, plan=plan, assessment=assessment, review=review, subject=subject, summary=summary,
        caseworker=caseworker or child.caseworker or actor, created_by=actor, modified_by=actor)
    disagreement.full_clean()
    letter = DisagreementEvent(event="decision_letter_sent", date=decision_letter_on,
                               data={"appeal_kind": str(appeal_kind)}, note=(note or "").strip())
    # The engine reads the first event before anything is written.
    try:
        engine.parse_case({"process": engine.PROCESS, "as_of": today().isoformat(),
                           "events": [letter.as_engine_event()]})
    except CaseError as error:
        raise _engine_error(error, [letter.as_engine_event()], ("appeal_kind",), "decision_letter_on") from error
    disagreement.save()
    _append(disagreement, actor, letter, field="decision_letter_on")
    _audit(actor, Verb.CREATED, disagreement, disagreement,
           f"Disagreement recorded ({disagreement.get_subject_display().lower()}): decision letter sent "
           f"{_fmt(decision_letter_on)}",
           {"subject": subject, "appeal_kind": str(appeal_kind), "plan": getattr(plan, "pk", None),
            "assessment": getattr(assessment, "pk", None), "review": getattr(review, "pk", None)})
    return disagreement


def _event_data(event: str, fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split what was given into the engine's fields (as the engine reads them) and the casework ones."""
    allowed = EVENT_FIELDS[event]
    data: dict[str, Any] = {}
    casework: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError({name: f"{EVENT_LABELS[event]} does not take {name.replace('_', ' ')}"})
        kind = allowed[name]
        if value is None or value == "" or (name == "extension_granted" and value is False):
            continue
        if kind == "casework":
            casework[name] = value
        elif kind == "date":
            if not isinstance(value, date):
                raise ValidationError({name: f"Enter {name.replace('_', ' ')} as a date"})
            data[name] = value.isoformat()
        elif kind == "time":
            data[name] = value.strftime("%H:%M") if isinstance(value, time) else str(value).strip()
        else:
            data[name] = value
    for name, message in REQUIRED_FIELDS.get(event, {}).items():
        if name not in data and name not in casework:
            raise ValidationError({name: message})
    return data, casework


@transaction.atomic
def disagreement_record(*, actor, disagreement: Disagreement, event: str, date: date, note: str = "",
                        **fields: Any) -> DisagreementEvent | None:
    """Record one dated event of the disagreement (the events of ``docs/reference/clocks.md``, process
    ``disagreement``), after re-reading the whole history with it through the engine.

    Mediation (SEND Regs 2014 regs 32–43): ``mediation_adviser_contacted``, ``mediation_declined``,
    ``mediation_requested`` (``issues``), ``commissioning_body_notified``, ``mediation_not_possible``,
    ``mediation_held`` (``mediation_outcome``, optional ``concluded``), ``mediation_certificate_issued``,
    ``mediation_agreement`` (``appealable``, ``kind``, ``la_party``, ``agreed_by``; reg 42),
    ``agreement_carried_out``, ``la_informed_of_agreement``.
    The Tribunal (CAFA 2014 s51, HESC Rules r20): ``appeal_registered`` (``issues_appealed``, optional ``time``,
    ``extension_granted``), ``hearing_set`` (``hearing_on``: a field of the disagreement, no clock runs from
    it; returns ``None``), ``unopposed_notice`` (``kind``; reg 45), ``tribunal_order`` (``kind``, optional
    ``sent``; reg 44).
    Compliance (regs 44(2), 45, 42(2)): ``assessment_decision_notified``, ``decision_to_issue`` (``outcome``),
    ``draft_plan_issued``, ``final_plan_issued``, ``amended_plan_issued``.

    An impossible history (an appeal before the decision letter, a certificate with no contact with the
    mediation adviser, an order of an unknown kind) raises ``ValidationError`` against the field it is about;
    nothing is saved.
    """
    _require(actor, "record", disagreement)
    if event not in EVENT_FIELDS:
        raise ValidationError({"event": "Select what happened"})
    if disagreement.outcome:
        raise ValidationError({"event": "This disagreement is closed. Record a new disagreement instead."})
    label = EVENT_LABELS[event]
    _past(date, "date", f"of the event ({label.lower()})")
    data, casework = _event_data(event, fields)
    note = (note or "").strip()
    recorded = _events(disagreement)

    if event == "hearing_set":
        return _hearing_set(actor, disagreement, date, casework["hearing_on"], recorded)
    if event in recorded:
        raise ValidationError({"event": f"{label} is already recorded ({_fmt(recorded[event].date)}). "
                                        "Events are kept as recorded; add a note to the disagreement instead."})
    if event == "mediation_held":
        outcome = casework["mediation_outcome"]
        if outcome not in MEDIATION_OUTCOMES:
            raise ValidationError({"mediation_outcome": "Select what happened at mediation"})
        note = f"Outcome: {MEDIATION_OUTCOMES[outcome]}." + (f"\n{note}" if note else "")
    row = DisagreementEvent(event=event, date=date, data=data, note=note)
    _append(disagreement, actor, row, fields=[*EVENT_FIELDS[event], "date"])
    changed = ["modified_by", "modified_on"]
    if event == "appeal_registered":
        disagreement.issues = _text(casework["issues_appealed"], "issues_appealed", "Enter the issues appealed")
        changed.append("issues")
    disagreement.modified_by, disagreement.modified_on = actor, timezone.now()
    disagreement.save(update_fields=changed)
    _audit(actor, Verb.CREATED, row, disagreement, f"{disagreement.reference}: {label} on {_fmt(date)}",
           {"event": event, "date": date.isoformat(), **data, **casework})
    return row


def _hearing_set(actor, disagreement: Disagreement, on: date, hearing_on, recorded) -> None:
    """The Tribunal set (or moved) the hearing: kept on the disagreement, not a clock (the Tribunal's
    directions set it, HESC Rules)."""
    if "appeal_registered" not in recorded:
        raise ValidationError({"hearing_on": "Record the appeal being registered before its hearing date"})
    if not isinstance(hearing_on, date):
        raise ValidationError({"hearing_on": "Enter the date of the hearing"})
    registered = recorded["appeal_registered"].date
    if hearing_on < registered:
        raise ValidationError({"hearing_on": f"The hearing must be on or after the day the appeal was registered "
                                             f"({_fmt(registered)})"})
    if on < registered:
        raise ValidationError({"date": f"The Tribunal set the hearing after registering the appeal "
                                       f"({_fmt(registered)})"})
    before = disagreement.hearing_on
    disagreement.hearing_on = hearing_on
    disagreement.modified_by, disagreement.modified_on = actor, timezone.now()
    disagreement.save(update_fields=["hearing_on", "modified_by", "modified_on"])
    _audit(actor, Verb.UPDATED, disagreement, disagreement,
           f"{disagreement.reference}: hearing {'moved to' if before else 'set for'} {_fmt(hearing_on)} "
           f"(told on {_fmt(on)})",
           {"hearing_on": {"from": before.isoformat() if before else None, "to": hearing_on.isoformat()},
            "date": on.isoformat()})
    return None


def compliance_owed(report: ClockReport) -> list[Deadline]:
    """The authority's acts still owed under an order, an unopposed appeal or an appealable agreement
    (regs 44(2), 45, 42(2)), and under a non-appealable agreement (reg 42(3))."""
    return [d for d in report.deadlines if (d.step in COMPLIANCE_STEPS or d.step == "agreement_action")
            and d.done is None and d.status in (Status.OPEN, Status.OVERDUE, Status.EXCUSED)]


@transaction.atomic
def disagreement_close(*, actor, disagreement: Disagreement, outcome: str) -> Disagreement:
    """Close the disagreement with its outcome in plain words (resolved, mediation agreement carried out, appeal
    withdrawn, dismissed or struck out, order complied with). Refused while the authority still owes an act
    under an order, an unopposed appeal or a mediation agreement (regs 42, 44, 45): those clocks must be met."""
    _require(actor, "record", disagreement)
    if disagreement.outcome:
        raise ValidationError({"outcome": "This disagreement is already closed"})
    outcome = _text(outcome, "outcome", "Enter the outcome")
    owed = compliance_owed(report_for(disagreement))
    if owed:
        first = owed[0]
        raise ValidationError({"outcome": f"We still have to meet a deadline: {step_label(first.step).lower()} by "
                                          f"{_fmt(first.due)}. Record it before closing."})
    disagreement.outcome = outcome
    disagreement.modified_by, disagreement.modified_on = actor, timezone.now()
    disagreement.save(update_fields=["outcome", "modified_by", "modified_on"])
    _audit(actor, Verb.UPDATED, disagreement, disagreement, f"{disagreement.reference} closed: {outcome[:200]}",
           {"outcome": outcome})
    return disagreement


# --------------------------------------------------------------------------------------------- selectors


@dataclass
class DisagreementRow:
    """One disagreement with its clocks, for lists and panels.

    ``report`` is the engine's :class:`ClockReport`; ``next`` its nearest deadline still to act on (or
    ``None``); ``stage`` where it has got to, in words; ``closed`` whether an outcome is recorded.
    """

    disagreement: Disagreement
    report: ClockReport

    @property
    def next(self) -> Deadline | None:
        return None if self.closed else self.report.next_deadline

    @property
    def closed(self) -> bool:
        return bool(self.disagreement.outcome)

    @property
    def next_label(self) -> str:
        return step_label(self.next.step) if self.next else "No deadline running"

    @property
    def family_next_label(self) -> str:
        return FAMILY_STEP_LABELS.get(self.next.step, step_label(self.next.step)) if self.next else ""

    @property
    def overdue(self) -> bool:
        return self.next is not None and self.next.status is Status.OVERDUE

    @property
    def status(self) -> str:
        if self.closed:
            return "closed"
        return str(self.next.status) if self.next else "met"

    @property
    def status_label(self) -> str:
        if self.closed:
            return "Closed"
        if self.next is None:
            return "Nothing due"
        if self.next.status is Status.OPEN and any(r.step == self.next.step for r in self.report.at_risk):
            return "At risk"
        if "awaiting_certificate" in self.next.flags:
            return "Waiting for the certificate"
        return STATUS_LABELS[str(self.next.status)]

    @property
    def colour(self) -> str:
        if self.closed:
            return "grey"
        if self.status_label == "At risk":
            return "orange"
        return STATUS_COLOURS[self.status] if self.next else "green"

    @property
    def stage(self) -> str:
        return stage_of(self.disagreement, self.report)


def stage_of(disagreement: Disagreement, report: ClockReport | None = None) -> str:
    """Where the disagreement has got to, in words, from its latest events."""
    if disagreement.outcome:
        return "Closed"
    seen = {e.event: e for e in disagreement.events.all()}
    if "tribunal_order" in seen or "unopposed_notice" in seen or (
            "mediation_agreement" in seen and seen["mediation_agreement"].data.get("appealable")):
        owed = compliance_owed(report) if report is not None else []
        source = ("Tribunal order" if "tribunal_order" in seen else "Appeal not opposed"
                  if "unopposed_notice" in seen else "Mediation agreement")
        if report is not None and report.facts.get("continue_to_maintain"):
            return f"{source}: continue to maintain the plan"
        return f"{source}: complying" if owed else f"{source}: complied with"
    if "appeal_registered" in seen:
        if disagreement.hearing_on:
            return f"Appeal registered: hearing {_fmt(disagreement.hearing_on)}"
        return "Appeal registered"
    if "mediation_certificate_issued" in seen:
        return "Certificate issued: the family may appeal"
    if "mediation_agreement" in seen:
        return "Mediation agreement made"
    for name, words in (("mediation_held", "Mediation held"), ("mediation_not_possible", "Mediation not possible "
                        "within 30 days"), ("mediation_requested", "Mediation requested"),
                        ("mediation_declined", "Mediation declined"),
                        ("mediation_adviser_contacted", "Mediation adviser contacted")):
        if name in seen:
            return words
    return "Decision letter sent"


def _rows(queryset: QuerySet[Disagreement], as_of: date | None = None) -> list[DisagreementRow]:
    on = as_of or today()
    return [DisagreementRow(d, report_for(d, on)) for d in queryset]


def _visible(user) -> QuerySet[Disagreement]:
    return (DisagreementPolicy.visible_to(user).select_related("child", "plan", "caseworker")
            .prefetch_related("events"))


def _by_deadline(rows: list[DisagreementRow]) -> list[DisagreementRow]:
    return sorted(rows, key=lambda r: (r.next is None, r.next.due if r.next else date.max, r.disagreement.pk))


def open_disagreements(*, user, subject: str = "", as_of: date | None = None) -> list[DisagreementRow]:
    """The open disagreements ``user`` may see (no outcome recorded), the nearest deadline first (overdue ones
    have the earliest dates, so they come first); ``subject`` filters by what they are about."""
    queryset = _visible(user).filter(outcome="")
    if subject:
        queryset = queryset.filter(subject=subject)
    return _by_deadline(_rows(queryset, as_of))


def child_disagreements(user, child, as_of: date | None = None) -> list[DisagreementRow]:
    """A child's disagreements ``user`` may see, open ones first (nearest deadline first), then closed."""
    return _by_deadline(_rows(_visible(user).filter(child=child), as_of))


def plan_disagreements(user, plan, as_of: date | None = None) -> list[DisagreementRow]:
    """A plan's disagreements ``user`` may see, as :class:`DisagreementRow` objects (the context variable
    ``disagreements`` of ``reviews/parts/_disagreements.html``)."""
    return _by_deadline(_rows(_visible(user).filter(plan=plan), as_of))


def disagreement_for(*, user, pk: int) -> Disagreement:
    """One disagreement ``user`` may see, or 404 (missing and forbidden look the same)."""
    return DisagreementPolicy.get_or_404(user, pk=pk)


def cease_appeal_state(plan, as_of: date | None = None, *, notice_on: date | None = None,
                       ) -> tuple[str, date | None]:
    """Whether a decision to cease ``plan`` can still be, or is being, appealed on ``as_of`` (CAFA 2014 s45:
    the authority keeps maintaining the plan until the time to appeal has passed with no appeal, or the appeal
    is determined; ``CEASE-HOLD``). Reads the latest disagreement about ceasing the plan:

    * ``("possible", deadline)``: no appeal registered and the last day to appeal (``TRIB-APPEAL``, HESC
      r20(1)(c) and r12) has not passed; ``possible`` on the deadline day itself. While a mediation certificate
      is awaited the deadline can only move later (1 month from the certificate): ``possible`` until it issues,
      with the provisional date (``None`` once that date has passed);
    * ``("running", hearing_on)``: an appeal is registered and there is no order yet (``hearing_on`` may be
      ``None``);
    * ``("determined", date)``: the Tribunal made an order (reg 44), or the authority told it it will not oppose
      (reg 45: treated as decided for the family), or the disagreement was closed after the appeal was
      registered (withdrawn, struck out or dismissed);
    * ``("none", deadline or None)``: no appeal possible or running.

    With no disagreement about ceasing the plan, ``notice_on`` (the date the cease notice was sent) gives the
    deadline by :func:`cease_appeal_deadline`; without it the state is ``("none", None)``.
    """
    on = as_of or today()
    candidates = [d for d in Disagreement.objects.filter(plan=plan, subject=DisagreementSubject.CEASE,
                                                          archived_on__isnull=True).prefetch_related("events")
                  if any(e.event == "decision_letter_sent" and e.date <= on for e in d.events.all())]
    if not candidates:
        if notice_on is None or notice_on > on:
            return ("none", None)
        deadline = cease_appeal_deadline(notice_on)
        return ("possible", deadline) if on <= deadline else ("none", deadline)

    def letter(d: Disagreement) -> tuple[date, int]:
        return (next(e.date for e in d.events.all() if e.event == "decision_letter_sent"), d.pk)

    disagreement = max(candidates, key=letter)
    events = {e.event: e for e in disagreement.events.all() if e.date <= on}
    for name in ("tribunal_order", "unopposed_notice"):
        if name in events:
            return ("determined", events[name].date)
    if "appeal_registered" in events:
        closed_on = timezone.localdate(disagreement.modified_on) if disagreement.outcome else None
        if closed_on is not None and closed_on <= on:
            return ("determined", closed_on)
        return ("running", disagreement.hearing_on)
    appeal = report_for(disagreement, on)["appeal_deadline"]
    if "awaiting_certificate" in appeal.flags:
        return ("possible", appeal.due if on <= appeal.due else None)
    return ("possible", appeal.due) if on <= appeal.due else ("none", appeal.due)
