"""Changes to children, carers, enrolments and involvements. Each service authorises the actor,
validates with ``full_clean()`` (bad input raises ``ValidationError`` and changes nothing) and
writes its audit event in the same transaction."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record, diff, snapshot

from .models import Carer, Child, ChildCarer, Enrolment, Involvement, PossibleDuplicate, search_key
from .policies import ChildPolicy

CHILD_EDITABLE_FIELDS = [
    "legal_forename", "legal_surname", "preferred_name", "date_of_birth", "sex", "ethnicity", "upn",
    "upn_unknown_reason", "uln", "nhs_number", "postcode", "address", "locality", "home_local_authority",
    "first_language", "communication_needs", "disability", "known_to_social_care", "lacks_capacity",
    "sen_status", "primary_need", "secondary_need", "caseworker",
]


def _require(actor, action: str, obj=None) -> None:
    if not ChildPolicy.can(actor, action, obj):
        raise PermissionDenied(f"You do not have permission to {action} this record.")


def possible_duplicates(child: Child) -> list[tuple[Child, str]]:
    """Other live records that may be the same child: the same UPN, or the same name, date of birth
    and postcode."""
    base = Child.objects.filter(merged_into__isnull=True, archived_on__isnull=True).exclude(pk=child.pk)
    found: dict[int, tuple[Child, str]] = {}
    if child.upn:
        for other in base.filter(upn=child.upn):
            found[other.pk] = (other, PossibleDuplicate.Reason.SAME_UPN)
    if child.postcode:
        same_person = base.filter(
            surname_key=search_key(child.legal_surname),
            date_of_birth=child.date_of_birth,
            postcode=child.postcode,
        ).filter(Q(forename_key=search_key(child.legal_forename)) | Q(forename_key=child.forename_key))
        for other in same_person:
            found.setdefault(other.pk, (other, PossibleDuplicate.Reason.SAME_NAME_DOB_POSTCODE))
    return list(found.values())


def _flag_duplicates(*, actor, child: Child) -> list[PossibleDuplicate]:
    flags = []
    for other, reason in possible_duplicates(child):
        flag = PossibleDuplicate.objects.create(child=child, other=other, reason=reason, created_by=actor)
        audit_record(
            actor=actor, verb=Verb.DUPLICATE_FLAGGED, target=child, child=child,
            summary=f"May be the same child as record {other.pk}: {flag.get_reason_display().lower()}",
            payload={"other_child": other.pk, "reason": reason},
        )
        audit_record(
            actor=actor, verb=Verb.DUPLICATE_FLAGGED, target=other, child=other,
            summary=f"May be the same child as new record {child.pk}: {flag.get_reason_display().lower()}",
            payload={"other_child": child.pk, "reason": reason},
        )
        flags.append(flag)
    return flags


@transaction.atomic
def child_create(*, actor, **fields: Any) -> Child:
    """Record a new child or young person. Possible duplicates are flagged, not refused: staff decide."""
    _require(actor, "create")
    unknown = set(fields) - set(CHILD_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    child = Child(**fields, created_by=actor, modified_by=actor)
    child.full_clean()
    child.save()
    audit_record(
        actor=actor, verb=Verb.CREATED, target=child, child=child,
        summary="Record created", payload={"after": snapshot(child, _audited_fields())},
    )
    _flag_duplicates(actor=actor, child=child)
    return child


def _audited_fields() -> list[str]:
    return [Child._meta.get_field(name).attname for name in CHILD_EDITABLE_FIELDS]


@transaction.atomic
def child_update(*, actor, child: Child, **changes: Any) -> Child:
    _require(actor, "change", child)
    unknown = set(changes) - set(CHILD_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    child = Child.objects.select_for_update().get(pk=child.pk)
    before = snapshot(child, _audited_fields())
    for name, value in changes.items():
        setattr(child, name, value)
    child.full_clean()
    child.modified_by, child.modified_on = actor, timezone.now()
    changed = diff(before, snapshot(child, _audited_fields()))
    if not changed:
        return child
    child.save()
    audit_record(
        actor=actor, verb=Verb.UPDATED, target=child, child=child,
        summary="Changed " + ", ".join(Child._meta.get_field(k.removesuffix("_id")).verbose_name for k in changed),
        payload={"changes": changed},
    )
    if {"upn", "legal_surname", "legal_forename", "date_of_birth", "postcode"} & {
        k.removesuffix("_id") for k in changed
    }:
        _flag_duplicates(actor=actor, child=child)
    return child


@transaction.atomic
def child_archive(*, actor, child: Child, reason: str) -> Child:
    _require(actor, "archive", child)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this record is being archived"})
    child.archived_on, child.archived_by, child.archived_reason = timezone.now(), actor, reason.strip()
    child.save(update_fields=["archived_on", "archived_by", "archived_reason"])
    audit_record(actor=actor, verb=Verb.ARCHIVED, target=child, child=child, summary=f"Archived: {reason.strip()}")
    return child


@transaction.atomic
def child_merge(*, actor, keep: Child, merge: Child) -> Child:
    """Merge ``merge`` into ``keep``. Nothing is lost: carers, enrolments and involvements move to the
    kept record, the merged record stays (read-only, pointing at the kept one) and both chronologies
    are read together from then on."""
    if keep.pk == merge.pk:
        raise ValidationError("Choose two different records to merge")
    if merge.merged_into_id or keep.merged_into_id:
        raise ValidationError("That record has already been merged into another record")
    _require(actor, "merge", keep)
    _require(actor, "merge", merge)
    moved = {
        "carer_links": list(merge.carer_links.values_list("pk", flat=True)),
        "enrolments": list(merge.enrolments.values_list("pk", flat=True)),
        "involvements": list(merge.involvements.values_list("pk", flat=True)),
    }
    existing_carers = set(keep.carer_links.values_list("carer_id", flat=True))
    for link in merge.carer_links.all():
        if link.carer_id in existing_carers:
            link.archived_on, link.archived_reason = timezone.now(), f"Duplicate link after merge into {keep.pk}"
            link.save(update_fields=["archived_on", "archived_reason"])
        else:
            link.child = keep
            link.save(update_fields=["child"])
    merge.enrolments.update(child=keep)
    merge.involvements.update(child=keep)
    # Fill gaps in the kept record from the merged one; never overwrite what staff already hold.
    filled = {}
    for name in ("upn", "uln", "nhs_number", "postcode", "preferred_name", "communication_needs"):
        if not getattr(keep, name) and getattr(merge, name):
            filled[name] = getattr(merge, name)
            setattr(keep, name, getattr(merge, name))
    if filled:
        keep.save()
    merge.merged_into = keep
    merge.archived_on, merge.archived_by = timezone.now(), actor
    merge.archived_reason = f"Merged into record {keep.pk}"
    merge.save(update_fields=["merged_into", "archived_on", "archived_by", "archived_reason"])
    PossibleDuplicate.objects.filter(
        Q(child=keep, other=merge) | Q(child=merge, other=keep), resolved_on__isnull=True
    ).update(resolution=PossibleDuplicate.Resolution.MERGED, resolved_on=timezone.now(), resolved_by=actor)
    payload = {"kept": keep.pk, "merged": merge.pk, "moved": moved, "filled": filled}
    audit_record(actor=actor, verb=Verb.MERGED, target=keep, child=keep,
                 summary=f"Record {merge.pk} merged into this record", payload=payload)
    audit_record(actor=actor, verb=Verb.MERGED, target=merge, child=merge,
                 summary=f"Merged into record {keep.pk}", payload=payload)
    return keep


@transaction.atomic
def duplicate_dismiss(*, actor, flag: PossibleDuplicate) -> PossibleDuplicate:
    _require(actor, "merge", flag.child)
    flag.resolution, flag.resolved_on, flag.resolved_by = (
        PossibleDuplicate.Resolution.NOT_DUPLICATE, timezone.now(), actor
    )
    flag.save(update_fields=["resolution", "resolved_on", "resolved_by"])
    audit_record(actor=actor, verb=Verb.DUPLICATE_RESOLVED, target=flag.child, child=flag.child,
                 summary=f"Not the same child as record {flag.other_id}")
    return flag


@transaction.atomic
def carer_add(
    *, actor, child: Child, relationship: str, parental_responsibility: bool, is_main_contact: bool = False,
    **carer_fields: Any,
) -> ChildCarer:
    _require(actor, "change", child)
    carer = Carer(**carer_fields, created_by=actor, modified_by=actor)
    carer.full_clean()
    carer.save()
    link = ChildCarer(child=child, carer=carer, relationship=relationship,
                      parental_responsibility=parental_responsibility, is_main_contact=is_main_contact,
                      created_by=actor, modified_by=actor)
    link.full_clean()
    link.save()
    audit_record(
        actor=actor, verb=Verb.LINKED, target=carer, child=child,
        summary=f"{carer} added as {link.get_relationship_display().lower()}"
        + (" with parental responsibility" if parental_responsibility else ""),
        payload={"carer": snapshot(carer), "relationship": relationship,
                 "parental_responsibility": parental_responsibility},
    )
    return link


@transaction.atomic
def enrolment_add(*, actor, child: Child, setting, start_date: date, end_date: date | None = None) -> Enrolment:
    _require(actor, "change", child)
    enrolment = Enrolment(child=child, setting=setting, start_date=start_date, end_date=end_date,
                          created_by=actor, modified_by=actor)
    enrolment.full_clean()
    enrolment.save()
    audit_record(actor=actor, verb=Verb.LINKED, target=enrolment, child=child,
                 summary=f"On roll at {setting} from {start_date:%-d %B %Y}")
    return enrolment


@transaction.atomic
def involvement_add(*, actor, child: Child, role_description: str, start_date: date, user=None, team=None,
                    end_date: date | None = None) -> Involvement:
    _require(actor, "change", child)
    involvement = Involvement(child=child, user=user, team=team, role_description=role_description,
                              start_date=start_date, end_date=end_date, created_by=actor, modified_by=actor)
    involvement.full_clean()
    involvement.save()
    audit_record(actor=actor, verb=Verb.LINKED, target=involvement, child=child,
                 summary=f"{user or team} involved as {role_description}")
    return involvement
