"""A child's chronology: the audit trail as caseworkers read it (architecture principle 2)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from wayfinder.audit.models import AuditEvent
from wayfinder.audit.policies import ChronologyPolicy
from wayfinder.audit.services import record_access
from wayfinder.people.api import CHILD_ID
from wayfinder.people.policies import ChildPolicy
from wayfinder.people.selectors import merged_record_ids

from .base import PolicyViewMixin


class ChronologyEventSerializer(serializers.ModelSerializer):
    """One entry in a child's chronology."""

    class Meta:
        model = AuditEvent
        fields = [
            "seq", "occurred_at", "child_id", "actor", "actor_label", "kind", "verb", "summary", "target_type",
            "target_id", "target_label",
        ]
        read_only_fields = fields


@extend_schema(
    summary="A child's chronology",
    description="Everything recorded about the child, newest first: changes, links, and who viewed the record, "
    "including the history of any record merged into this one (``child_id`` says which record). "
    "Local authority casework roles, for children within their scope; anyone else gets 404. Each read is "
    "itself recorded.",
    parameters=[CHILD_ID],
)
class ChildChronologyView(PolicyViewMixin, generics.ListAPIView):
    """A child's chronology."""

    policy = ChronologyPolicy
    serializer_class = ChronologyEventSerializer

    def get_queryset(self):
        return AuditEvent.objects.none()  # see list(): the child is checked first

    def list(self, request, pk: int, *args, **kwargs):
        user = request.user
        child = ChildPolicy.get_or_404(user, pk=pk)
        if not ChildPolicy.can(user, "view_chronology", child):
            raise Http404  # not 403: whether a chronology exists is itself not theirs to know
        events = ChronologyPolicy.visible_to(user).filter(child_id=child.pk)
        merged = merged_record_ids(child)[1:]
        if merged:
            # A record merged into this one is no longer visible on its own, but its history is this
            # child's history (as on the staff pages: ``selectors.child_chronology``).
            events = events | AuditEvent.objects.filter(child_id__in=merged)
        events = events.order_by("-seq")
        page = self.paginate_queryset(events)
        data = self.get_serializer(page, many=True).data
        record_access(actor=user, target=child, child=child, summary="Viewed the chronology through the API")
        return self.get_paginated_response(data)
