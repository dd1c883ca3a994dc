"""API views for children, carers and settings. URLs are in ``wayfinder/api/urls.py``.

Views are thin: access comes from the policies, changes from the services, and every read of a
child's or carer's record writes an access event to the audit trail.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from wayfinder.api.base import PolicyViewMixin
from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record, record_access

from .models import ChildCarer, search_key
from .policies import CarerPolicy, ChildPolicy, SettingPolicy
from .selectors import parse_date_query
from .serializers import CarerSerializer, ChildCarerSerializer, ChildSerializer, SettingSerializer
from .services import child_create, child_update

_UPN_SHAPE = re.compile(r"[A-Z][0-9]{11}[0-9A-Z]")
_TEN_DIGITS = re.compile(r"[0-9]{10}")
_TOKEN_SPLIT = re.compile(r"[\s,]+")

CHILD_QUERY = OpenApiParameter(
    "q", OpenApiTypes.STR, description=(
        "Search. A date of birth (`2016-05-17`, or `17/5/2016`); a UPN (13 characters, exact); an NHS number "
        "or ULN (10 digits, exact); otherwise the start of the first and/or last name, in either order (`ruby "
        "hal` and `hallam r` both find Ruby Hallam). A date that does not exist is a 400 for `q`."
    ),
)
#: the path parameter of /children/{id}/... (the URL keyword is ``pk``; the schema calls it ``id``)
CHILD_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The child's id")
SETTING_QUERY = OpenApiParameter(
    "q", OpenApiTypes.STR, description="Part of the setting's name, or the start of its URN, UKPRN or DfE number.",
)


def _prefix(field_name: str, prefix: str) -> Q:
    return Q(**{f"{field_name}__startswith": prefix})


def child_search_filter(q: str) -> Q:
    """The condition selecting children that match a search box entry, with the same meaning as the
    staff pages' search (``selectors.child_search``): a date of birth, a UPN, or the start of the first
    and/or last name in either order; here also an NHS number or ULN.

    A date-shaped entry that is not a real date (``2015-02-30``) raises ``ValidationError`` for ``q``.
    """
    q = q.strip()
    try:
        born = parse_date_query(q)
    except ValueError:
        raise ValidationError({"q": "There is no such date. Enter a date of birth like 2016-05-17"}) from None
    if born is not None:
        return Q(date_of_birth=born)
    compact = "".join(q.split()).upper()
    if _UPN_SHAPE.fullmatch(compact):
        return Q(upn=compact)
    if _TEN_DIGITS.fullmatch(compact.replace("-", "")):
        return Q(nhs_number=compact.replace("-", "")) | Q(uln=compact.replace("-", ""))
    tokens = [key for key in (search_key(part) for part in _TOKEN_SPLIT.split(q)) if key]
    if not tokens:
        return Q(pk__in=[])
    if len(tokens) == 1:
        return _prefix("surname_key", tokens[0]) | _prefix("forename_key", tokens[0])
    first, last = tokens[0], tokens[-1]
    return (_prefix("forename_key", first) & _prefix("surname_key", last)) | (
        _prefix("surname_key", first) & _prefix("forename_key", last)
    )


def _record_search(view, *, target_type: str, noun: str, q: str = "") -> None:
    """One access event for a page of a list: who looked, for what, and how many records matched."""
    request = view.request
    summary = f'Searched {noun} through the API for "{q}"' if q else f"Listed {noun} through the API"
    audit_record(
        actor=request.user, verb=Verb.SEARCHED, target_type=target_type, summary=summary,
        payload={"q": q, "results": view.paginator.page.paginator.count, "page": view.paginator.page.number},
    )


@extend_schema_view(
    list=extend_schema(
        summary="Find children and young people",
        description="Only children you may see are listed. Each request is recorded in the audit trail.",
        parameters=[CHILD_QUERY],
    ),
    retrieve=extend_schema(
        summary="A child or young person's record",
        description="Each read is recorded in the child's audit trail.",
    ),
    create=extend_schema(
        summary="Record a new child or young person",
        description="SEN casework officers and team managers. Possible duplicates are flagged for staff, "
        "not refused.",
    ),
    partial_update=extend_schema(
        summary="Change a child or young person's record",
        description="SEN casework officers and team managers, for children they may see (403 for a child "
        "you may see but not change). Send only the fields to change. The change is recorded in the "
        "child's audit trail.",
    ),
)
class ChildViewSet(
    PolicyViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Children and young people: list and search, read, record, change."""

    policy = ChildPolicy
    serializer_class = ChildSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    validates_query = True  # ?q= with an impossible date is a 400

    def list(self, request, *args, **kwargs):
        q = request.query_params.get("q", "").strip()
        queryset = self.get_queryset()
        if q:
            queryset = queryset.filter(child_search_filter(q))
        page = self.paginate_queryset(queryset)
        data = self.get_serializer(page, many=True).data
        _record_search(self, target_type="people.child", noun="children", q=q)
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        child = self.get_object()
        record_access(actor=request.user, target=child, child=child, summary="Viewed through the API")
        return Response(self.get_serializer(child).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        child = child_create(actor=request.user, **serializer.validated_data)
        location = reverse("child-detail", kwargs={"pk": child.pk}, request=request)
        return Response(self.get_serializer(child).data, status=status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request, *args, **kwargs):
        child = self.get_object()  # 404 if not visible, then 403 if visible but not changeable
        serializer = self.get_serializer(child, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        child = child_update(actor=request.user, child=child, **serializer.validated_data)
        return Response(self.get_serializer(child).data)


@extend_schema_view(
    list=extend_schema(
        summary="Carers",
        description="Carers of the children you may see (a parent sees only their own details). Each request "
        "is recorded in the audit trail.",
    ),
    retrieve=extend_schema(summary="A carer", description="Each read is recorded in the audit trail."),
)
class CarerViewSet(PolicyViewMixin, viewsets.ReadOnlyModelViewSet):
    """Parents and carers, as far as the user may see them."""

    policy = CarerPolicy
    serializer_class = CarerSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        data = self.get_serializer(page, many=True).data
        _record_search(self, target_type="people.carer", noun="carers")
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        carer = self.get_object()
        record_access(actor=request.user, target=carer, summary="Viewed through the API")
        return Response(self.get_serializer(carer).data)


@extend_schema(
    summary="A child's carers",
    description="The carers linked to one child, with how they are related, as far as you may see them "
    "(a parent sees only their own link). Each read is recorded in the child's audit trail.",
    parameters=[CHILD_ID],
)
class ChildCarersView(PolicyViewMixin, generics.ListAPIView):
    """One child's carers and how each is related to the child."""

    policy = ChildPolicy
    serializer_class = ChildCarerSerializer

    def get_queryset(self) -> QuerySet[ChildCarer]:
        return ChildCarer.objects.none()  # see list(): the child is checked first

    def list(self, request, pk: int, *args, **kwargs):
        child = ChildPolicy.get_or_404(request.user, pk=pk)
        links = ChildCarer.objects.filter(
            child=child, archived_on__isnull=True, carer__in=CarerPolicy.visible_to(request.user)
        ).select_related("carer")
        page = self.paginate_queryset(links)
        data = self.get_serializer(page, many=True).data
        record_access(actor=request.user, target=child, child=child, summary="Viewed carers through the API")
        return self.get_paginated_response(data)


@extend_schema_view(
    list=extend_schema(
        summary="Schools, colleges and early years settings",
        description="Organisational data: every signed-in user may read it.",
        parameters=[SETTING_QUERY],
    ),
    retrieve=extend_schema(summary="A setting", description="Organisational data: every signed-in user may read it."),
)
class SettingViewSet(PolicyViewMixin, viewsets.ReadOnlyModelViewSet):
    """Schools, colleges and early years settings."""

    policy = SettingPolicy
    serializer_class = SettingSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        q = self.request.query_params.get("q", "").strip()
        if self.action == "list" and q:
            digits = "".join(q.split())
            if digits.isdigit():
                queryset = queryset.filter(
                    Q(urn__startswith=digits) | Q(ukprn__startswith=digits) | Q(dfe_number__startswith=digits)
                )
            else:
                queryset = queryset.filter(name__icontains=q)
        return queryset
