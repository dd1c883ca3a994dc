"""The Django admin, for the system administrator's reference data (accounts, teams, localities,
settings), writes the audit trail like every service: one typed event per save, in the same
transaction, with the before and after values. Nothing is deleted through it (archive, never delete).

Children's and families' records are not in the admin at all: they change only through the people
services, behind the relationship-based access policies.
"""

from django.contrib import admin
from django.db import transaction

from .models import Verb
from .services import audit_record, diff, snapshot

# Never written into an audit payload, even as a hash.
SECRET_FIELDS = {"password"}


def _values(obj) -> dict:
    return {key: value for key, value in snapshot(obj).items() if key not in SECRET_FIELDS}


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves are audited and that cannot delete."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            before = _values(type(obj).objects.get(pk=obj.pk))
        if hasattr(obj, "modified_by_id"):
            obj.modified_by = request.user
            if not change:
                obj.created_by = request.user
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = _values(obj)
            changes = diff(before, after) if change else {}
            if change and not changes:
                return
            label = obj._meta.verbose_name
            audit_record(
                actor=request.user,
                verb=Verb.UPDATED if change else Verb.CREATED,
                target=obj,
                summary=f"{'Changed' if change else 'Added'} {label} {obj} in the admin",
                payload={"changes": changes} if change else {"values": after},
            )
