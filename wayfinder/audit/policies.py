"""Who may read the audit trail. A child's chronology is readable by those who may view that
child's chronology (local authority casework roles within their scope)."""

from django.db.models import QuerySet

from wayfinder.accounts.policies import Policy

from .models import AuditEvent


class ChronologyPolicy(Policy):
    model = AuditEvent

    @classmethod
    def visible_to(cls, user) -> QuerySet[AuditEvent]:
        from wayfinder.people.policies import ChildPolicy

        if not ChildPolicy.can(user, "view_chronology"):
            return AuditEvent.objects.none()
        return AuditEvent.objects.filter(child_id__in=ChildPolicy.visible_to(user).values("pk"))
