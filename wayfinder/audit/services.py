"""Writing to the audit trail. Call ``audit_record`` inside the same ``transaction.atomic`` block as
the change it describes, so the change and its event are stored together or not at all."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import ACCESS_VERBS, SECURITY_VERBS, AuditEvent, ChainHead, Kind, Verb


def _jsonable(value: Any) -> Any:
    """Payloads are stored exactly as hashed: dates, decimals and model instances become text."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def _kind_for(verb: str) -> str:
    if verb in ACCESS_VERBS:
        return Kind.ACCESS
    if verb in SECURITY_VERBS:
        return Kind.SECURITY
    return Kind.CHANGE


def _actor_label(actor) -> str:
    if actor is None:
        return "Wayfinder"
    name = actor.get_full_name() or actor.username
    role = actor.get_role_display() if getattr(actor, "role", "") else ""
    return f"{name} ({role})" if role else name


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The field values of a model instance, for before/after payloads."""
    names = fields or [
        f.attname for f in instance._meta.concrete_fields if f.name not in {"modified_on", "modified_by"}
    ]
    return _jsonable({name: getattr(instance, name) for name in names})


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        key: {"from": before.get(key), "to": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


@dataclass(frozen=True)
class PendingEvent:
    actor: Any
    verb: str
    target_type: str
    target_id: str
    target_label: str = ""
    child_id: int | None = None
    summary: str = ""
    payload: dict | None = None
    occurred_at: Any = None


def _lock_head() -> ChainHead:
    """Lock the chain head for the rest of the transaction (callers are inside ``atomic``)."""
    ChainHead.objects.get_or_create(id=1)
    return ChainHead.objects.select_for_update().get(id=1)


def audit_record_many(events: list[PendingEvent]) -> list[AuditEvent]:
    """Append several events to the chain in one statement (used by imports and the demo generator)."""
    if not events:
        return []
    with transaction.atomic():
        head = _lock_head()
        seq, prev = head.last_seq, head.last_hash
        rows = []
        for pending in events:
            seq += 1
            event = AuditEvent(
                seq=seq,
                occurred_at=pending.occurred_at or timezone.now(),
                actor=pending.actor,
                actor_label=_actor_label(pending.actor),
                kind=_kind_for(pending.verb),
                verb=Verb(pending.verb).value,
                target_type=pending.target_type,
                target_id=str(pending.target_id or ""),
                target_label=pending.target_label[:300],
                child_id=pending.child_id,
                summary=pending.summary[:500],
                payload=_jsonable(pending.payload or {}),
                prev_hash=prev,
            )
            event.hash = event.compute_hash()
            prev = event.hash
            rows.append(event)
        AuditEvent.objects.bulk_create(rows, batch_size=1000)
        head.last_seq, head.last_hash = seq, prev
        head.save(update_fields=["last_seq", "last_hash"])
    return rows


def audit_record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    child=None,
    summary: str = "",
    payload: dict | None = None,
) -> AuditEvent:
    """Append one event. ``target`` (a model instance) fills type, id and label; ``child`` files the
    event in that child's chronology."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)
    child_id = getattr(child, "pk", child)
    return audit_record_many(
        [
            PendingEvent(
                actor=actor,
                verb=verb,
                target_type=target_type,
                target_id=target_id,
                target_label=target_label,
                child_id=child_id,
                summary=summary,
                payload=payload,
            )
        ]
    )[0]


def record_access(*, actor, verb: str = Verb.VIEWED, target: models.Model, child=None, summary: str = "") -> None:
    """Log a read of special-category data: a record view, a document download or an export."""
    audit_record(actor=actor, verb=verb, target=target, child=child, summary=summary)
