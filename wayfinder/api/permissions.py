"""DRF permission that defers to a resource's ``Policy`` (``wayfinder.accounts.policies``).

The pairing (architecture principle 3, as in data-hub-api): a view's queryset is always
``policy.visible_to(user)``, so a record the user may not see is *not found* (404) before any
permission is asked. This class then answers the second question for the records they *can* see:
``policy.can(user, action[, obj])``; ``False`` is *forbidden* (403).

Actions on one record (``detail=True``) are decided in ``has_object_permission``, so a view's detail
actions must fetch their record with ``get_object()`` (which runs it); actions on the collection
(``create``) are decided up front, before the body is read.
"""

from rest_framework.permissions import BasePermission

#: DRF viewset action -> policy action. Reads ("view") are governed by the queryset alone.
ACTION_MAP = {
    "create": "create",
    "update": "change",
    "partial_update": "change",
    "destroy": "archive",
}


def policy_action(view) -> str:
    explicit = getattr(view, "policy_action", None)
    if explicit:
        return explicit
    return ACTION_MAP.get(getattr(view, "action", None) or "", "view")


class PolicyPermission(BasePermission):
    message = "You do not have permission to do that."

    def has_permission(self, request, view) -> bool:
        if getattr(view, "detail", False):
            # An action on one record waits for the record: if the user cannot see it that is a 404,
            # whatever their role, so that nothing is learnt about records beyond their reach.
            return True
        return view.policy.can(request.user, policy_action(view))

    def has_object_permission(self, request, view, obj) -> bool:
        action = policy_action(view)
        if action == "view":
            return True  # already proven by the object coming from policy.visible_to(user)
        return view.policy.can(request.user, action, obj)
