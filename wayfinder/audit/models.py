"""The typed, append-only, hash-chained audit trail.

Every change made through a service writes an ``AuditEvent`` in the same transaction, and every
view of a child's record, document download and export writes one too (``kind=ACCESS``). Each
event carries ``hash = sha256(canonical(event) + prev_hash)``; ``wayfinder audit verify`` walks the
chain and reports any edited, inserted or deleted row. The child's chronology reads this table.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    CHANGE = "change", "Change"
    ACCESS = "access", "Access"
    SECURITY = "security", "Security"


class Verb(models.TextChoices):
    CREATED = "created", "created"
    UPDATED = "updated", "updated"
    ARCHIVED = "archived", "archived"
    MERGED = "merged", "merged"
    LINKED = "linked", "linked"
    UNLINKED = "unlinked", "unlinked"
    DUPLICATE_FLAGGED = "duplicate_flagged", "flagged as a possible duplicate"
    DUPLICATE_RESOLVED = "duplicate_resolved", "resolved a possible duplicate"
    INVITED = "invited", "invited"
    INVITATION_ACCEPTED = "invitation_accepted", "accepted an invitation"
    VIEWED = "viewed", "viewed"
    DOCUMENT_DOWNLOADED = "document_downloaded", "downloaded a document"
    EXPORTED = "exported", "exported"
    SEARCHED = "searched", "searched"
    SIGNED_IN = "signed_in", "signed in"
    SIGNED_OUT = "signed_out", "signed out"
    SIGN_IN_FAILED = "sign_in_failed", "failed to sign in"
    MFA_ENROLLED = "mfa_enrolled", "set up two-factor authentication"
    GENERATED = "generated", "generated"
    REMINDED = "reminded", "sent a reminder"
    ESCALATED = "escalated", "escalated"
    SUBMITTED = "submitted", "submitted"
    APPROVED = "approved", "approved"
    REJECTED = "rejected", "rejected"
    PUBLISHED = "published", "published"
    CONFIRMED = "confirmed", "confirmed"
    ANSWERED = "answered", "answered"
    IMPORTED = "imported", "imported"


ACCESS_VERBS = {Verb.VIEWED, Verb.DOCUMENT_DOWNLOADED, Verb.EXPORTED, Verb.SEARCHED}
SECURITY_VERBS = {Verb.SIGNED_IN, Verb.SIGNED_OUT, Verb.SIGN_IN_FAILED, Verb.MFA_ENROLLED}

GENESIS_HASH = "0" * 64


class AppendOnlyError(RuntimeError):
    pass


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    actor_label = models.CharField(max_length=200, editable=False, help_text="Who acted, as shown to people")
    kind = models.CharField(max_length=10, choices=Kind.choices, editable=False)
    verb = models.CharField(max_length=30, choices=Verb.choices, editable=False)
    target_type = models.CharField(max_length=100, editable=False)
    target_id = models.CharField(max_length=64, blank=True, editable=False)
    target_label = models.CharField(max_length=300, blank=True, editable=False)
    child_id = models.BigIntegerField(null=True, blank=True, editable=False, db_index=True)
    summary = models.CharField(max_length=500, blank=True, editable=False)
    payload = models.JSONField(default=dict, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["child_id", "seq"], name="audit_child_chronology")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_label} {self.verb} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only and cannot be deleted.")

    def canonical(self) -> str:
        """The exact text that is hashed: every stored field except the hash itself."""
        return json.dumps(
            {
                "seq": self.seq,
                "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
                "actor": self.actor_id,
                "actor_label": self.actor_label,
                "kind": self.kind,
                "verb": self.verb,
                "target_type": self.target_type,
                "target_id": self.target_id,
                "target_label": self.target_label,
                "child_id": self.child_id,
                "summary": self.summary,
                "payload": self.payload,
                "prev_hash": self.prev_hash,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            default=str,
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()


class ChainHead(models.Model):
    """One row holding the newest sequence number and hash; locked while an event is appended so the
    chain stays linear under concurrent writers (select_for_update on PostgreSQL; SQLite serialises
    writers itself)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"Audit chain head at event {self.last_seq}"
