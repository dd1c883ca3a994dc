"""What every API view shares: session sign-in, policy-based access, namespace versioning,
page-number pagination and the documented error responses."""

from typing import ClassVar

from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated

from wayfinder.accounts.policies import Policy

from .pagination import ApiPagination
from .permissions import PolicyPermission
from .schema import ApiAutoSchema
from .versioning import ApiVersioning


class PolicyViewMixin:
    """Mix into a DRF view or viewset and set ``policy``. ``get_queryset`` is always
    ``policy.visible_to(user)`` (so what may not be seen is 404), and actions other than reading are
    checked with ``policy.can`` (403 only for records the user can see)."""

    policy: ClassVar[type[Policy]]
    permission_classes: ClassVar[list] = [IsAuthenticated, PolicyPermission]
    versioning_class = ApiVersioning
    pagination_class = ApiPagination
    schema = ApiAutoSchema()
    parser_classes: ClassVar[list] = [JSONParser]

    def get_queryset(self):
        return self.policy.visible_to(self.request.user)
