"""Deny-by-default, relationship-based access (architecture principle 3).

Each resource has one ``Policy`` that answers both questions, so a list never shows what the detail
page would refuse:

* ``visible_to(user) -> QuerySet`` — the rows this user may read;
* ``can(user, action, obj) -> bool`` — whether they may do ``action`` to one row.

``can(user, "view", obj)`` is defined as membership of ``visible_to(user)``, so the two cannot drift.
A record a user may not see is reported as *not found* (404), never *forbidden*, so its existence
cannot be inferred.
"""

from typing import ClassVar

from django.db import models
from django.http import Http404


class Policy:
    model: ClassVar[type[models.Model]]
    #: action -> roles allowed to do it (on objects they can see)
    actions: ClassVar[dict[str, set[str]]] = {}

    @classmethod
    def visible_to(cls, user) -> models.QuerySet:
        raise NotImplementedError

    @classmethod
    def can(cls, user, action: str, obj: models.Model | None = None) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if action != "view" and user.role not in cls.actions.get(action, set()):
            return False
        if obj is None:
            return True
        return cls.visible_to(user).filter(pk=obj.pk).exists()

    @classmethod
    def get_or_404(cls, user, **lookup) -> models.Model:
        """Fetch one row the user may see, or raise 404 whether it is missing or forbidden."""
        try:
            return cls.visible_to(user).get(**lookup)
        except cls.model.DoesNotExist as exc:
            raise Http404(f"No {cls.model._meta.verbose_name} found") from exc
