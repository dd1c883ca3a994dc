"""Every step of an EHC needs assessment, from request to issued plan.

Each service authorises the actor, validates everything before writing (bad input raises
``ValidationError`` and changes nothing), writes the domain row, the clock event the statutory clocks
count from, and the audit event, all in one transaction. The whole event history is re-read by the
statutory engine before anything is saved, so an impossible order (a decision before the request, a
date in the future, advice received before it was asked for) can never be stored.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wayfinder.accounts.models import Role, User
from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record
from wayfinder.core.checks import long_date as _fmt
from wayfinder.core.checks import past_date as _past
from wayfinder.core.checks import require as _require
from wayfinder.core.checks import required_text as _text
from wayfinder.core.dates import today
from wayfinder.people.calendars import closure_calendar_for
from wayfinder.people.codes import SettingType
from wayfinder.people.models import Child, Involvement, Setting
from wayfinder.people.policies import ChildPolicy
from wayfinder.people.services import involvement_add
from wayfinder.statutory.assessment import CaseError
from wayfinder.statutory.calendar import days_beginning_with

from . import content as plan_content
from .clocks import case_from, engine_events
from .models import (
    AdviceRequest,
    AdviceSource,
    Assessment,
    AssessmentException,
    AssessmentOrigin,
    ClockEvent,
    ClockEventKind,
    Consultation,
    ConsultationResponse,
    Decision,
    DecisionKind,
    Document,
    InstitutionKind,
    Plan,
    PlanStatus,
    PlanVersion,
    Representation,
    RequestSource,
)
from .policies import AdviceRequestPolicy, AssessmentPolicy, ConsultationPolicy

#: Closures kept as evidence with a request for educational advice: those starting within a year either side.
CLOSURE_EVIDENCE_DAYS = 366
ALLOWED_UPLOADS = {
    "application/pdf": b"%PDF",
    "application/msword": b"\xd0\xcf\x11\xe0",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": b"PK\x03\x04",
    "image/png": b"\x89PNG",
    "image/jpeg": b"\xff\xd8\xff",
}
EXTENSIONS = {".pdf": "application/pdf", ".doc": "application/msword",
              ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _append(assessment: Assessment, actor, *events: ClockEvent, field: str = "date") -> None:
    """Check the history with the new events through the engine, then store them (append-only)."""
    history = engine_events(assessment.clock_events.all()) + engine_events(events)
    try:
        case_from(history, today())
    except CaseError as error:
        raise ValidationError({field: f"These dates are not possible for this case: {error}"}) from error
    for event in events:
        event.assessment = assessment
        event.recorded_by = actor
        event.save()


def _events(assessment: Assessment, kind: str) -> list[ClockEvent]:
    return [e for e in assessment.clock_events.all() if e.event == kind]


def _has(assessment: Assessment, kind: str) -> bool:
    return bool(_events(assessment, kind))


def _not_transferred(assessment: Assessment, field: str) -> None:
    """Refuse an assessment step on a plan transferred in (SEND Regs 2014 reg 15): it was assessed by the old
    authority. Its plan is changed here by amendment after a review (reg 22), which stays open."""
    if assessment.is_transferred_plan:
        where = assessment.transferred_from.name if assessment.transferred_from_id else "another authority"
        raise ValidationError({field: f"This plan was transferred from {where}: it was assessed there"})


def _audit(actor, verb, target, assessment: Assessment, summary: str, payload: dict | None = None) -> None:
    audit_record(actor=actor, verb=verb, target=target, child=assessment.child_id, summary=summary, payload=payload)


# --------------------------------------------------------------------------------------------- documents


def _checked_upload(upload: UploadedFile, field: str) -> tuple[str, str]:
    """``(content type, extension)`` of a PDF, Word document or image under the size limit whose first bytes
    match its extension; anything else raises ``ValidationError`` on ``field``. Reads nothing into storage."""
    limit = settings.WAYFINDER_UPLOAD_MAX_BYTES
    name = upload.name or ""
    extension = name[name.rfind("."):].lower() if "." in name else ""
    content_type = EXTENSIONS.get(extension)
    if content_type is None:
        raise ValidationError({field: "The selected file must be a PDF, Word document (DOC or DOCX), PNG or JPG"})
    if upload.size > limit:
        raise ValidationError({field: f"The selected file must be smaller than {limit // (1024 * 1024)} MB"})
    if upload.size == 0:
        raise ValidationError({field: "The selected file is empty"})
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ALLOWED_UPLOADS[content_type]):
        raise ValidationError({field: f"The selected file is not a real {extension[1:].upper()} file"})
    return content_type, extension


def _store_upload(*, actor, assessment: Assessment, upload: UploadedFile, title: str, field: str) -> Document:
    """Keep a PDF, Word document or image under the size limit; anything else is refused, nothing kept."""
    content_type, extension = _checked_upload(upload, field)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(assessment=assessment, title=title[:200], content_type=content_type, size=upload.size,
                        sha256=digest.hexdigest(), created_by=actor, modified_by=actor)
    document.file.save(f"{digest.hexdigest()[:16]}{extension}", upload, save=False)
    document.full_clean()
    document.save()
    _audit(actor, Verb.CREATED, document, assessment, f"Document added: {document.title}")
    return document


def assessment_document_check(*, upload: UploadedFile, field: str) -> None:
    """Check an upload as :func:`assessment_document_add` will, before anything is written (architecture
    principle 8): raises ``ValidationError`` on ``field``."""
    _checked_upload(upload, field)


@transaction.atomic
def assessment_document_add(*, actor, assessment: Assessment, upload: UploadedFile, title: str,
                            field: str = "upload") -> Document:
    """Keep a document with a case (the upload checks of evidence and advice), with its audit event."""
    _require(AssessmentPolicy, actor, "edit_plan", assessment)
    return _store_upload(actor=actor, assessment=assessment, upload=upload, title=title, field=field)


# --------------------------------------------------------------------------------------------- request


@transaction.atomic
def assessment_request_create(
    *, actor, child: Child, received_on: date, request_source: str, requested_by: str, reasons: str,
    consent: bool, requester_setting: Setting | None = None, caseworker=None,
    relevant_youth_accommodation: bool = False, transferred_from=None, evidence: list[UploadedFile] = (),
) -> Assessment:
    """Record a request for an EHC needs assessment (CAFA 2014 s36(1)); the 6-week clock starts on receipt."""
    _require(AssessmentPolicy, actor, "create")
    if not ChildPolicy.can(actor, "view", child):
        raise PermissionDenied("You cannot see this child's record.")
    _past(received_on, "received_on", "the request was received")
    if request_source not in RequestSource.values:
        raise ValidationError({"request_source": "Select who made the request"})
    if not consent:
        raise ValidationError({"consent": "Confirm the parent or young person agrees to the request and to "
                                          "information being shared before recording it"})
    open_cases = Assessment.objects.filter(child=child, archived_on__isnull=True).exclude(
        origin=AssessmentOrigin.TRANSFERRED_PLAN).exclude(
        clock_events__event__in=[ClockEventKind.FINAL_PLAN_ISSUED, ClockEventKind.WITHDRAWN]
    ).exclude(clock_events__event=ClockEventKind.DECISION_TO_ASSESS, clock_events__outcome="not_assess").exclude(
        clock_events__event=ClockEventKind.DECISION_TO_ISSUE, clock_events__outcome="not_issue")
    if open_cases.exists():
        raise ValidationError({"received_on": f"{child.display_name} already has an assessment in progress "
                                              f"({open_cases.first().reference})"})
    assessment = Assessment(
        child=child, received_on=received_on, request_source=request_source,
        requested_by=_text(requested_by, "requested_by", "Enter who made the request"),
        reasons=_text(reasons, "reasons", "Enter why the assessment is asked for"), consent=consent,
        requester_setting=requester_setting, caseworker=caseworker or child.caseworker or actor,
        relevant_youth_accommodation=relevant_youth_accommodation, transferred_from=transferred_from,
        created_by=actor, modified_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    _append(assessment, actor, ClockEvent(event=ClockEventKind.REQUEST_RECEIVED, date=received_on),
            field="received_on")
    _audit(actor, Verb.CREATED, assessment, assessment,
           f"Request for an EHC needs assessment received {_fmt(received_on)} from {assessment.requested_by}",
           {"request_source": request_source, "transferred_from": getattr(transferred_from, "code", None)})
    for upload in evidence:
        _store_upload(actor=actor, assessment=assessment, upload=upload, title=f"Evidence: {upload.name}",
                      field="evidence")
    return assessment


# --------------------------------------------------------------------------------------------- transfer in


def transferred_plan_content(*, child: Child, other_la, transferred_on: date, made_on: date,
                             setting: Setting | None, setting_type: str, document_title: str = "") -> dict[str, Any]:
    """The content of a plan transferred in (reg 15): section A says where it came from and that its text is
    in the document the old authority sent; B starts with the child's recorded needs (for SEN2 ``SENneed``);
    I names the setting or the type of setting. The rest is filled in by amendment after a review (reg 22)."""
    content = plan_content.empty_content()
    where = other_la.name
    document = (f"Its full text is in the attached document ({document_title})." if document_title else
                f"Its full text is in the plan {where} sent; attach it to this case when it arrives.")
    content["a"] = (f"This plan was transferred from {where} on {_fmt(transferred_on)} under regulation 15 of the "
                    "Special Educational Needs and Disability Regulations 2014. It is treated as made by this "
                    f"authority on {_fmt(made_on)}, the date {where} made it (regulation 15(3)(a)). {document}")
    needs = [n for n in (child.primary_need, child.secondary_need) if n]
    content["needs"] = [{"text": "", "sen_type": need, "rank": rank} for rank, need in enumerate(needs, start=1)]
    content["placement"] = {"setting_id": setting.pk if setting else None,
                            "setting_name": setting.name if setting else "",
                            "setting_type": (setting_type or "").strip() or
                            (setting.get_setting_type_display() if setting else "")}
    return plan_content.normalised(content)


@transaction.atomic
def transferred_plan_create(*, actor, child: Child, other_la, transferred_on: date, made_on: date,
                            setting: Setting | None = None, setting_type: str = "",
                            plan_document: UploadedFile | None = None) -> Plan:
    """The case and the plan of a plan transferred in from ``other_la`` (SEND Regs 2014 reg 15).

    The :class:`Assessment` has origin ``transferred_plan`` (no clock events: it was assessed by the old
    authority), ``received_on`` the date of transfer; the plan's version 1 is final with ``issued_on`` =
    ``made_on``, because reg 15(3)(a) treats it as made by this authority on the date the old one made it.
    ``wayfinder.reviews.transfers.plan_transfer_in`` calls this after validating the transfer, and records
    the :class:`~wayfinder.reviews.models.PlanTransfer` in the same transaction.
    """
    _require(AssessmentPolicy, actor, "create")
    if not ChildPolicy.can(actor, "view", child):
        raise PermissionDenied("You cannot see this child's record.")
    if other_la is None:
        raise ValidationError({"other_la": "Select the authority the plan was transferred from"})
    _past(transferred_on, "transferred_on", "the plan was transferred")
    _past(made_on, "made_on", "the plan was made")
    if made_on > transferred_on:
        raise ValidationError({"made_on": "The plan must have been made before it was transferred"})
    if setting is None and not (setting_type or "").strip():
        raise ValidationError({"setting": "Select the setting named in section I, or enter the type of setting"})
    if plan_document is not None:
        _checked_upload(plan_document, "plan_document")
    assessment = Assessment(
        child=child, origin=AssessmentOrigin.TRANSFERRED_PLAN, received_on=transferred_on,
        request_source=RequestSource.OTHER, requested_by=f"{other_la.name} (plan transferred under reg 15)"[:200],
        reasons=f"EHC plan made by {other_la.name} on {_fmt(made_on)} and transferred to this authority on "
                f"{_fmt(transferred_on)} (SEND Regulations 2014 regulation 15)",
        consent=True, caseworker=child.caseworker or actor, transferred_from=other_la,
        created_by=actor, modified_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    plan = Plan(child=child, assessment=assessment, created_by=actor, modified_by=actor)
    plan.full_clean()
    plan.save()
    title = f"EHC plan from {other_la.name}: {plan_document.name}" if plan_document is not None else ""
    version = PlanVersion(plan=plan, number=1, status=PlanStatus.FINAL, issued_on=made_on,
                          content=transferred_plan_content(child=child, other_la=other_la,
                                                           transferred_on=transferred_on, made_on=made_on,
                                                           setting=setting, setting_type=setting_type,
                                                           document_title=title),
                          created_by=actor, modified_by=actor)
    version.full_clean()
    version.save()
    _audit(actor, Verb.CREATED, assessment, assessment,
           f"EHC plan transferred from {other_la.name} on {_fmt(transferred_on)} (made {_fmt(made_on)})",
           {"origin": AssessmentOrigin.TRANSFERRED_PLAN, "transferred_from": other_la.code,
            "transferred_on": transferred_on, "made_on": made_on})
    if plan_document is not None:
        _store_upload(actor=actor, assessment=assessment, upload=plan_document, title=title, field="plan_document")
    return plan


# --------------------------------------------------------------------------------------------- decisions


def _decide(*, actor, assessment: Assessment, kind: str, outcome: str, decided_on: date, reasons: str) -> Decision:
    _require(AssessmentPolicy, actor, "decide", assessment)
    _not_transferred(assessment, "outcome")
    reasons = _text(reasons, "reasons", "Enter the reasons for the decision")
    _past(decided_on, "decided_on", "the decision was sent", not_before=assessment.received_on,
          not_before_what="the date the request was received")
    if assessment.decisions.filter(kind=kind).exists():
        raise ValidationError({"outcome": "This decision has already been made"})
    decision = Decision(assessment=assessment, kind=kind, outcome=outcome, decided_on=decided_on, reasons=reasons,
                        decided_by=actor, created_by=actor, modified_by=actor)
    decision.full_clean()
    decision.save()
    event = ClockEventKind.DECISION_TO_ASSESS if kind == DecisionKind.ASSESS else ClockEventKind.DECISION_TO_ISSUE
    _append(assessment, actor, ClockEvent(event=event, date=decided_on, outcome=outcome), field="decided_on")
    _audit(actor, Verb.CREATED, decision, assessment,
           f"Decided to {decision.outcome_label} ({_fmt(decided_on)})", {"outcome": outcome})
    return decision


@transaction.atomic
def assessment_decide_whether_to_assess(*, actor, assessment: Assessment, outcome: str, decided_on: date,
                                        reasons: str) -> Decision:
    """Reg 5(1): notify within 6 weeks whether the authority will assess; a refusal letter carries the rights
    of appeal, mediation and the information and advice service (reg 5(3), ``ASSESS-REFUSAL-RIGHTS``)."""
    if outcome not in ("assess", "not_assess"):
        raise ValidationError({"outcome": "Select whether the authority will carry out an assessment"})
    return _decide(actor=actor, assessment=assessment, kind=DecisionKind.ASSESS, outcome=outcome,
                   decided_on=decided_on, reasons=reasons)


@transaction.atomic
def assessment_decide_whether_to_issue(*, actor, assessment: Assessment, outcome: str, decided_on: date,
                                       reasons: str) -> Decision:
    """After the assessment: issue a plan (a draft follows), or notify a decision not to (reg 10(1), 16 weeks)."""
    if outcome not in ("issue", "not_issue"):
        raise ValidationError({"outcome": "Select whether the authority will issue a plan"})
    _not_transferred(assessment, "outcome")
    assess = assessment.decisions.filter(kind=DecisionKind.ASSESS).first()
    if assess is None or assess.outcome != "assess":
        raise ValidationError({"outcome": "Decide to assess before deciding whether to issue a plan"})
    decision = _decide(actor=actor, assessment=assessment, kind=DecisionKind.ISSUE, outcome=outcome,
                       decided_on=decided_on, reasons=reasons)
    if outcome == "issue":
        plan = Plan(child=assessment.child, assessment=assessment, created_by=actor, modified_by=actor)
        plan.save()
        version = PlanVersion(plan=plan, number=1, content=_starting_content(assessment), created_by=actor,
                              modified_by=actor)
        version.save()
        _audit(actor, Verb.CREATED, version, assessment, "Draft plan started")
    return decision


def _starting_content(assessment: Assessment) -> dict[str, Any]:
    """A new draft starts with the child's recorded needs in B, so nothing already known is re-typed."""
    content = plan_content.empty_content()
    child = assessment.child
    needs = [n for n in (child.primary_need, child.secondary_need) if n]
    content["needs"] = [{"text": "", "sen_type": need, "rank": rank} for rank, need in enumerate(needs, start=1)]
    return plan_content.normalised(content)


# --------------------------------------------------------------------------------------------- advice


@transaction.atomic
def advice_request_send(*, actor, assessment: Assessment, source: str, requested_on: date, professional=None,
                        team=None, setting: Setting | None = None, questions: str = "") -> AdviceRequest:
    """Ask for advice (reg 6(1)); the body has 6 weeks from receiving the request (reg 8(1)).

    The person or team asked becomes involved with the child, so they can see the record they advise on.
    For educational advice from a school, college or early years provider, the setting's closure dates are
    kept with the request as the evidence for the closure exception (reg 5(4)(a), 10(4)(a)–(b)).
    """
    _require(AssessmentPolicy, actor, "request_advice", assessment)
    _not_transferred(assessment, "source")
    if source not in AdviceSource.values:
        raise ValidationError({"source": "Select the kind of advice"})
    if professional is None and team is None and setting is None:
        raise ValidationError({"professional": "Select the person, team or setting to ask for advice"})
    if setting is not None and source != AdviceSource.EDUCATION:
        raise ValidationError({"setting": "Ask a setting only for educational advice"})
    decision = assessment.decisions.filter(kind=DecisionKind.ASSESS).first()
    if decision is not None and decision.outcome == "not_assess":
        raise ValidationError({"source": "The authority decided not to assess, so there is no advice to ask for"})
    _past(requested_on, "requested_on", "the request for advice was received",
          not_before=assessment.received_on, not_before_what="the date the assessment request was received")
    advice = AdviceRequest(assessment=assessment, source=source, professional=professional, team=team,
                           setting=setting, requested_on=requested_on, questions=(questions or "").strip(),
                           created_by=actor, modified_by=actor)
    advice.full_clean()
    advice.save()
    event = ClockEvent(event=ClockEventKind.ADVICE_REQUESTED, date=requested_on, source=source)
    if setting is not None:
        event.institution = _institution_kind(setting)
        event.closures = [{"start": p.start.isoformat(), "end": p.end.isoformat()}
                          for p in closure_calendar_for(setting).continuous_closures()
                          if abs((p.start - requested_on).days) <= CLOSURE_EVIDENCE_DAYS]
    _append(assessment, actor, event, field="requested_on")
    already = Involvement.objects.filter(child=assessment.child, user=professional, team=team,
                                         end_date__isnull=True, archived_on__isnull=True).exists()
    if (professional is not None or team is not None) and not already:
        involvement_add(actor=actor, child=assessment.child, user=professional, team=team, start_date=requested_on,
                        role_description=f"Asked for {advice.get_source_display().lower()}")
    _audit(actor, Verb.CREATED, advice, assessment,
           f"Asked {advice.from_label} for {advice.get_source_display().lower()}, due {_fmt(advice.due_on)}",
           {"source": source})
    return advice


def _institution_kind(setting: Setting) -> str:
    """Which closure limb a setting's closures can support: schools and post-16 institutions (reg 5(4)(a),
    10(4)(a)) or early years providers (reg 10(4)(b)). A maintained nursery school is a school."""
    if setting.setting_type == SettingType.EARLY_YEARS:
        return InstitutionKind.EARLY_YEARS
    if setting.setting_type in (SettingType.FE_COLLEGE, SettingType.SPECIALIST_POST16):
        return InstitutionKind.POST16
    return InstitutionKind.SCHOOL


@transaction.atomic
def advice_submit(*, actor, advice: AdviceRequest, received_on: date, needs: str = "", outcomes: str = "",
                  provision: str = "", no_needs_identified: bool = False,
                  upload: UploadedFile | None = None) -> AdviceRequest:
    """Advice given through the service, as a structured form, an uploaded report, or both."""
    _require(AdviceRequestPolicy, actor, "respond", advice)
    advice = AdviceRequest.objects.select_for_update().get(pk=advice.pk)
    if advice.received_on is not None:
        raise ValidationError({"needs": "This advice has already been given"})
    _not_transferred(advice.assessment, "needs")
    _past(received_on, "received_on", "the advice was given", not_before=advice.requested_on,
          not_before_what="the date it was asked for")
    needs, outcomes, provision = (needs or "").strip(), (outcomes or "").strip(), (provision or "").strip()
    if not (needs or no_needs_identified or upload):
        raise ValidationError({"needs": "Enter the needs you identified, say that you identified none, or upload "
                                        "your report"})
    assessment = advice.assessment
    if upload is not None:
        advice.document = _store_upload(actor=actor, assessment=assessment, upload=upload,
                                        title=f"{advice.get_source_display()}: {upload.name}", field="upload")
    advice.received_on, advice.received_by = received_on, actor
    advice.needs, advice.outcomes, advice.provision = needs, outcomes, provision
    advice.no_needs_identified = no_needs_identified
    advice.modified_by = actor
    advice.full_clean()
    advice.save()
    _append(assessment, actor, ClockEvent(event=ClockEventKind.ADVICE_RECEIVED, date=received_on,
                                          source=advice.source), field="received_on")
    _audit(actor, Verb.UPDATED, advice, assessment, f"{advice.get_source_display()} received from "
           f"{advice.from_label} ({_fmt(received_on)})")
    return advice


# --------------------------------------------------------------------------------------------- exceptions


@transaction.atomic
def exception_record(*, actor, assessment: Assessment, kind: str, start: date, end: date | None, reason: str,
                     source: str = "") -> AssessmentException:
    """Record an exception with its dates, reason and approver (statutory-timescales §3.1–3.2).

    It disapplies a time limit where its dated conditions hold; it never changes a due date.
    """
    _require(AssessmentPolicy, actor, "record_exception", assessment)
    _not_transferred(assessment, "start")
    end = end or start
    _past(start, "start", "it started")
    if end < start:
        raise ValidationError({"end": "The end date must be the same as or after the start date"})
    if source and source not in AdviceSource.values:
        raise ValidationError({"source": "Select which advice the exception is about"})
    if kind == "missed_appointment" and not source:
        raise ValidationError({"source": "Select whose appointment was missed (reg 8(2)(c))"})
    record = AssessmentException(
        assessment=assessment, kind=kind, source=source, start=start, end=end, approved_by=actor,
        reason=_text(reason, "reason", "Enter why the circumstance made keeping to the time limit impractical"),
        created_by=actor, modified_by=actor,
    )
    record.full_clean()
    record.save()
    _append(assessment, actor, ClockEvent(event=ClockEventKind.EXCEPTION, kind=kind, start=start, end=end,
                                          source=source), field="start")
    _audit(actor, Verb.CREATED, record, assessment, f"Exception recorded: {record}", {"kind": kind})
    return record


# --------------------------------------------------------------------------------------------- the plan


class StaleVersion(ValidationError):
    """Someone else saved the draft since this person opened it (optimistic locking)."""


def current_version(assessment: Assessment) -> PlanVersion | None:
    plan = getattr(assessment, "plan", None)
    return plan.versions.filter(archived_on__isnull=True).order_by("-number").first() if plan else None


@transaction.atomic
def plan_version_update(*, actor, version: PlanVersion, lock_version: int, content: dict[str, Any]) -> PlanVersion:
    """Save the draft's content if nobody else has saved it since ``lock_version`` was read."""
    assessment = version.plan.assessment
    _require(AssessmentPolicy, actor, "edit_plan", assessment)
    if version.is_issued:
        raise ValidationError({"__all__": "An issued plan cannot be changed: amend it to make a new version"})
    if version.status == PlanStatus.SERVED:
        return _revise_served_draft(actor=actor, version=version, lock_version=lock_version, content=content)
    updated = PlanVersion.objects.filter(pk=version.pk, lock_version=lock_version).update(
        content=plan_content.normalised(content), lock_version=F("lock_version") + 1, modified_by=actor,
    )
    if not updated:
        raise StaleVersion("Someone else changed this draft while you were editing it. Your changes have not "
                           "been saved: check their changes, then make yours again.")
    version.refresh_from_db()
    _audit(actor, Verb.UPDATED, version, assessment, f"Draft plan changed (version {version.number})")
    return version


def _revise_served_draft(*, actor, version: PlanVersion, lock_version: int, content: dict[str, Any]) -> PlanVersion:
    """A served draft stays as the family received it: a change makes the next version, served on the same
    date (the 15 days still run from when the draft was first served), with a readable difference."""
    assessment = version.plan.assessment
    locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
    newer = version.plan.versions.filter(number__gt=version.number).exists()
    if locked.lock_version != lock_version or newer:
        raise StaleVersion("Someone else changed this draft while you were editing it. Your changes have not "
                           "been saved: check their changes, then make yours again.")
    locked.lock_version += 1
    locked.save(update_fields=["lock_version"])
    revised = PlanVersion(plan=version.plan, number=version.number + 1, status=PlanStatus.SERVED,
                          content=plan_content.normalised({**content, "advice": version.content.get("advice", [])}),
                          served_on=version.served_on, amends=version.amends, created_by=actor, modified_by=actor)
    revised.full_clean()
    revised.save()
    _audit(actor, Verb.CREATED, revised, assessment,
           f"Draft plan revised after it was served (version {revised.number})")
    return revised


def _advice_list(assessment: Assessment) -> list[dict[str, Any]]:
    """Section K: the advice and information obtained (reg 12(1)(k)), listed from the advice requests."""
    return [{"source": a.get_source_display(), "from": a.from_label, "requested_on": a.requested_on.isoformat(),
             "received_on": a.received_on.isoformat() if a.received_on else None}
            for a in assessment.advice_requests.filter(archived_on__isnull=True).select_related(
                "professional", "team", "setting")]


def plan_checks(version: PlanVersion, *, compare_with_other_plans: bool = True):
    """The quality checks on a version (wayfinder.ehc.quality), run before serving and before issuing.

    Comparing with other children's plans (the copied-text check) reads up to 2,000 plans, so the editing
    page leaves it out and the serve and issue steps run it.
    """
    from .checks import findings_for

    return findings_for(version, compare_with_other_plans=compare_with_other_plans)


@transaction.atomic
def plan_draft_serve(*, actor, version: PlanVersion, served_on: date) -> PlanVersion:
    """Serve the draft on the parent or young person: their 15 days begin (reg 13(1)(a))."""
    assessment = version.plan.assessment
    _require(AssessmentPolicy, actor, "serve_draft", assessment)
    _not_transferred(assessment, "served_on")
    if version.is_amendment:
        raise ValidationError({"served_on": "This is an amendment after a review: send it with the review decision"})
    if version.status != PlanStatus.DRAFT:
        raise ValidationError({"served_on": "This draft has already been served"})
    content = plan_content.normalised(version.content)
    if not any(p["what"] for p in content["provision"]):
        raise ValidationError({"served_on": "Section F has no provision: a draft cannot be served until it says "
                                            "what support the child will get"})
    _past(served_on, "served_on", "the draft was served")
    version.served_on = served_on
    return _advance(actor=actor, version=version, content=content, status=PlanStatus.SERVED,
                    event=ClockEventKind.DRAFT_PLAN_SERVED, on=served_on, field="served_on",
                    summary=f"Draft plan served ({_fmt(served_on)})")


def _advance(*, actor, version: PlanVersion, content: dict[str, Any], status: str, event: str, on: date,
             field: str, summary: str) -> PlanVersion:
    """Move a version on (served, or final) with section K listed afresh, its clock event and audit event."""
    assessment = version.plan.assessment
    content["advice"] = _advice_list(assessment)
    version.content, version.status = content, status
    version.lock_version += 1
    version.modified_by = actor
    version.save()
    _append(assessment, actor, ClockEvent(event=event, date=on), field=field)
    _audit(actor, Verb.UPDATED, version, assessment, summary)
    return version


@transaction.atomic
def representation_make(*, actor, version: PlanVersion, comments: str, preferred_setting: Setting | None,
                        wants_meeting: bool) -> Representation:
    """The family's views on the draft, a setting they ask to be named, a meeting (reg 13(1)(a)–(b))."""
    assessment = version.plan.assessment
    _require(AssessmentPolicy, actor, "make_representation", assessment)
    if version.status != PlanStatus.SERVED:
        raise ValidationError({"comments": "You can comment only on a draft that has been sent to you"})
    comments = (comments or "").strip()
    if not (comments or preferred_setting or wants_meeting):
        raise ValidationError({"comments": "Enter your comments, choose a setting or ask for a meeting"})
    made = Representation(version=version, comments=comments, preferred_setting=preferred_setting,
                          wants_meeting=wants_meeting, made_on=today(), created_by=actor, modified_by=actor)
    made.full_clean()
    made.save()
    _audit(actor, Verb.CREATED, made, assessment, "Comments on the draft plan received from the family",
           {"preferred_setting": getattr(preferred_setting, "pk", None), "meeting": wants_meeting})
    return made


@transaction.atomic
def consultation_send(*, actor, assessment: Assessment, setting: Setting, sent_on: date,
                      family_preference: bool = False) -> Consultation:
    """Consult a setting on being named in section I (CAFA 2014 s39(2), s40(2)); it should answer in 15 days."""
    _require(AssessmentPolicy, actor, "consult", assessment)
    _not_transferred(assessment, "setting")
    issue = assessment.decisions.filter(kind=DecisionKind.ISSUE).first()
    if issue is None or issue.outcome != "issue":
        raise ValidationError({"setting": "Settings are consulted on a draft plan, after deciding to issue one"})
    if assessment.consultations.filter(setting=setting).exists():
        raise ValidationError({"setting": f"{setting} has already been consulted"})
    _past(sent_on, "sent_on", "the consultation was sent", not_before=issue.decided_on,
          not_before_what="the decision to issue a plan")
    consultation = Consultation(assessment=assessment, setting=setting, sent_on=sent_on,
                                family_preference=family_preference, created_by=actor, modified_by=actor)
    consultation.full_clean()
    consultation.save()
    _append(assessment, actor, ClockEvent(event=ClockEventKind.CONSULTATION_SENT, date=sent_on, setting=setting),
            field="sent_on")
    _audit(actor, Verb.CREATED, consultation, assessment,
           f"Consulted {setting} on being named, response due {_fmt(consultation.due_on)}")
    return consultation


@transaction.atomic
def consultation_respond(*, actor, consultation: Consultation, responded_on: date, response: str,
                         response_text: str) -> Consultation:
    _require(ConsultationPolicy, actor, "respond", consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.responded_on is not None:
        raise ValidationError({"response": "This consultation has already been answered"})
    _not_transferred(consultation.assessment, "response")
    if response not in ConsultationResponse.values:
        raise ValidationError({"response": "Select your response"})
    response_text = (response_text or "").strip()
    if response != ConsultationResponse.AGREE and not response_text:
        raise ValidationError({"response_text": "Explain why, with reference to the child's needs"})
    _past(responded_on, "responded_on", "you responded", not_before=consultation.sent_on,
          not_before_what="the date you were consulted")
    consultation.responded_on, consultation.response, consultation.response_text = (
        responded_on, response, response_text)
    consultation.responded_by, consultation.modified_by = actor, actor
    consultation.full_clean()
    consultation.save()
    _append(consultation.assessment, actor, ClockEvent(event=ClockEventKind.CONSULTATION_RESPONSE,
                                                       date=responded_on, setting=consultation.setting),
            field="responded_on")
    _audit(actor, Verb.UPDATED, consultation, consultation.assessment,
           f"{consultation.setting} responded: {consultation.get_response_display()}")
    return consultation


@transaction.atomic
def plan_finalise(*, actor, version: PlanVersion, issued_on: date) -> PlanVersion:
    """Issue the final plan (reg 13(2), 20 weeks) to the family, the setting named and the health body.

    Not before the family's 15 days have ended (reg 13(1)(a)); section I must name a setting or type.
    """
    assessment = version.plan.assessment
    _require(AssessmentPolicy, actor, "finalise", assessment)
    _not_transferred(assessment, "issued_on")
    if version.is_amendment:
        raise ValidationError({"issued_on": "This is an amendment after a review: issue it from the review"})
    if version.status != PlanStatus.SERVED:
        raise ValidationError({"issued_on": "Serve the draft on the family before issuing the final plan"})
    _past(issued_on, "issued_on", "the plan was issued", not_before=version.served_on,
          not_before_what="the date the draft was served")
    window_end = days_beginning_with(version.served_on, 15)
    if issued_on <= window_end:
        raise ValidationError({"issued_on": f"The family has until {_fmt(window_end)} to comment on the draft "
                                            "(15 days, reg 13(1)(a)): issue the plan after that"})
    content = plan_content.normalised(version.content)
    if not (content["placement"]["setting_id"] or content["placement"]["setting_type"]):
        raise ValidationError({"issued_on": "Section I must name a setting or a type of setting"})
    version.issued_on = issued_on
    return _advance(actor=actor, version=version, content=content, status=PlanStatus.FINAL,
                    event=ClockEventKind.FINAL_PLAN_ISSUED, on=issued_on, field="issued_on",
                    summary=f"Final EHC plan issued ({_fmt(issued_on)})")


# --------------------------------------------------------------------------------------------- amendments
# An amendment after a review (SEND Regs 2014 reg 22) is a new version of the plan that ``amends`` the
# version in force. The review (``wayfinder.reviews``) owns its clock; these services own the versions.


def version_in_force(plan: Plan) -> PlanVersion | None:
    """The issued version that is the plan today: the highest-numbered final version."""
    return plan.versions.filter(status=PlanStatus.FINAL, archived_on__isnull=True).order_by("-number").first()


def open_amendment(plan: Plan) -> PlanVersion | None:
    """The latest version of an amendment not yet issued or withdrawn, if there is one."""
    latest = plan.versions.filter(archived_on__isnull=True).order_by("-number").first()
    return latest if latest is not None and latest.is_amendment and not latest.is_issued else None


@transaction.atomic
def plan_amendment_start(*, actor, plan: Plan) -> PlanVersion:
    """Start the proposed amendments: a draft copy of the version in force, edited in the plan editor."""
    _require(AssessmentPolicy, actor, "edit_plan", plan.assessment)
    current = version_in_force(plan)
    if current is None:
        raise ValidationError({"__all__": "Only an issued plan can be amended"})
    if open_amendment(plan) is not None:
        raise ValidationError({"__all__": "An amendment to this plan is already in progress"})
    latest = plan.versions.order_by("-number").first()
    draft = PlanVersion(plan=plan, number=latest.number + 1, status=PlanStatus.DRAFT,
                        content=plan_content.normalised(current.content), amends=current,
                        created_by=actor, modified_by=actor)
    draft.full_clean()
    draft.save()
    _audit(actor, Verb.CREATED, draft, plan.assessment,
           f"Amendment to the plan started (version {draft.number}, amending version {current.number})")
    return draft


def amendment_changes(version: PlanVersion) -> list[plan_content.Change]:
    """What the amendment changes in the version it amends, section by section (reg 22(2)(a))."""
    return plan_content.differences(version.amends.content, version.content) if version.is_amendment else []


@transaction.atomic
def plan_amendment_serve(*, actor, version: PlanVersion, served_on: date) -> PlanVersion:
    """Send the proposed amendments to the family with the review decision (reg 22(2)(a)-(c))."""
    _require(AssessmentPolicy, actor, "edit_plan", version.plan.assessment)
    if not version.is_amendment or version.status != PlanStatus.DRAFT:
        raise ValidationError({"decided_on": "There is no draft amendment to send"})
    if not amendment_changes(version):
        raise ValidationError({"outcome": "The proposed amendment does not change the plan: make the changes in "
                                          "the plan editor first, or decide to maintain the plan"})
    version.content = plan_content.normalised(version.content)
    version.status, version.served_on = PlanStatus.SERVED, served_on
    version.lock_version += 1
    version.modified_by = actor
    version.full_clean()
    version.save()
    _audit(actor, Verb.UPDATED, version, version.plan.assessment,
           f"Proposed amendments sent to the family ({_fmt(served_on)}, version {version.number})")
    return version


@transaction.atomic
def plan_amendment_finalise(*, actor, version: PlanVersion, issued_on: date) -> PlanVersion:
    """Issue the amended plan (reg 22(3)); section I must still name a setting or a type of setting."""
    _require(AssessmentPolicy, actor, "finalise", version.plan.assessment)
    if not version.is_amendment or version.status != PlanStatus.SERVED:
        raise ValidationError({"issued_on": "Send the proposed amendments to the family before issuing them"})
    content = plan_content.normalised(version.content)
    if not (content["placement"]["setting_id"] or content["placement"]["setting_type"]):
        raise ValidationError({"issued_on": "Section I must name a setting or a type of setting"})
    version.content, version.status, version.issued_on = content, PlanStatus.FINAL, issued_on
    version.lock_version += 1
    version.modified_by = actor
    version.full_clean()
    version.save()
    _audit(actor, Verb.UPDATED, version, version.plan.assessment,
           f"Amended plan issued ({_fmt(issued_on)}, version {version.number})")
    return version


@transaction.atomic
def plan_amendment_withdraw(*, actor, version: PlanVersion, reason: str) -> PlanVersion:
    """The authority decides not to amend after all (reg 22(4)): the proposals are kept, archived."""
    _require(AssessmentPolicy, actor, "edit_plan", version.plan.assessment)
    if not version.is_amendment or version.is_issued:
        raise ValidationError({"reasons": "There is no amendment in progress to withdraw"})
    version.archived_on, version.archived_by = timezone.now(), actor
    version.archived_reason = _text(reason, "reasons", "Enter why the plan will not be amended")[:500]
    version.save(update_fields=["archived_on", "archived_by", "archived_reason"])
    _audit(actor, Verb.UPDATED, version, version.plan.assessment,
           f"Proposed amendments withdrawn: the plan will not be amended (version {version.number})")
    return version


@transaction.atomic
def assessment_withdraw(*, actor, assessment: Assessment, withdrawn_on: date, reason: str) -> Assessment:
    """The request is withdrawn (SEN2 outcome W): clocks still running stop."""
    _require(AssessmentPolicy, actor, "withdraw", assessment)
    _not_transferred(assessment, "withdrawn_on")
    if _has(assessment, ClockEventKind.WITHDRAWN) or _has(assessment, ClockEventKind.FINAL_PLAN_ISSUED):
        raise ValidationError({"withdrawn_on": "This assessment has already ended"})
    _past(withdrawn_on, "withdrawn_on", "it was withdrawn", not_before=assessment.received_on,
          not_before_what="the date the request was received")
    assessment.withdrawn_reason = _text(reason, "reason", "Enter why the request was withdrawn")
    assessment.modified_by = actor
    assessment.save(update_fields=["withdrawn_reason", "modified_by", "modified_on"])
    _append(assessment, actor, ClockEvent(event=ClockEventKind.WITHDRAWN, date=withdrawn_on), field="withdrawn_on")
    _audit(actor, Verb.UPDATED, assessment, assessment, f"Request withdrawn ({_fmt(withdrawn_on)})")
    return assessment


# --------------------------------------------------------------------------------------------- reminders

#: Reminders go this many days before advice is due (reg 8: 6 weeks).
REMIND_DAYS_BEFORE = 7


@transaction.atomic
def advice_send_reminders(*, as_of: date | None = None) -> dict[str, int]:
    """Remind whoever was asked for advice a week before it is due, and escalate to the team manager when the
    due date passes (reg 8(1)). Each reminder and escalation is recorded once, in the audit trail and on the
    request, so running this every day never repeats one. Run daily: ``wayfinder manage ehc_advice_reminders``.
    """
    on = as_of or today()

    open_advice = (AdviceRequest.objects.filter(received_on__isnull=True, archived_on__isnull=True)
                   .exclude(assessment__clock_events__event=ClockEventKind.WITHDRAWN)
                   .select_related("assessment__child", "assessment__caseworker", "professional", "team", "setting"))
    reminded = escalated = 0
    for advice in open_advice:
        due = advice.due_on
        if advice.reminded_on is None and due - timedelta(days=REMIND_DAYS_BEFORE) <= on <= due:
            advice.reminded_on = on
            advice.save(update_fields=["reminded_on"])
            _audit(None, Verb.REMINDED, advice, advice.assessment,
                   f"Reminded {advice.from_label}: {advice.get_source_display().lower()} due {_fmt(due)}")
            reminded += 1
        elif advice.escalated_on is None and on > due:
            caseworker = advice.assessment.caseworker
            managers = User.objects.filter(role=Role.TEAM_MANAGER, is_active=True)
            if caseworker is not None and caseworker.team_id:
                managers = managers.filter(team_id=caseworker.team_id)
            names = ", ".join(m.get_full_name() or m.username for m in managers[:3]) or "the team manager"
            advice.escalated_on = on
            advice.save(update_fields=["escalated_on"])
            _audit(None, Verb.ESCALATED, advice, advice.assessment,
                   f"Advice from {advice.from_label} is overdue (due {_fmt(due)}): escalated to {names}")
            escalated += 1
    return {"reminded": reminded, "escalated": escalated}
