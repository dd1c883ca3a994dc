"""Who may see and act on reviews, endings, transfers, disagreements and delivery (architecture principle 3).

* A review is visible to whoever may see the child (``ChildPolicy``: casework staff in scope, professionals
  involved, the setting the child is on roll at, the family) and to the setting convening it.
* A setting convenes only its own reviews (reg 20(1): the head teacher or principal); casework officers
  convene any review they can see. Only the authority decides (reg 20(9)–(10)) and amends (reg 22).
* A disagreement is visible to casework staff who can see the child and to the family; never to a setting.
* A delivery confirmation is visible with its child; the named setting confirms its own lines.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from wayfinder.accounts.models import Role
from wayfinder.accounts.policies import Policy
from wayfinder.ehc.models import Plan, PlanStatus, PlanVersion
from wayfinder.ehc.policies import CASEWORKERS, FAMILY
from wayfinder.people.policies import CASEWORK_ROLES, SETTING_ROLES, ChildPolicy

from .models import DeliveryConfirmation, Disagreement, PlanTransfer, Review, ReviewConsultation

CONVENORS = CASEWORKERS | SETTING_ROLES


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _with_visible_child(queryset: QuerySet, user, field: str = "child_id") -> QuerySet:
    # A correlated EXISTS, as in AssessmentPolicy: the database checks only the rows the other filters leave.
    return queryset.filter(Exists(ChildPolicy.visible_to(user).filter(pk=OuterRef(field))))


class ReviewPolicy(Policy):
    model = Review
    actions = {
        "start": CONVENORS,
        "convene": CONVENORS,
        "decide": CASEWORKERS,
        "amend": CASEWORKERS,
        "cease": CASEWORKERS,
        "respond": FAMILY,
        "view_radar": CASEWORK_ROLES | {Role.STRATEGIC_LEAD},
    }

    @classmethod
    def visible_to(cls, user) -> QuerySet[Review]:
        if not _active(user):
            return Review.objects.none()
        live = Review.objects.filter(archived_on__isnull=True)
        seen = Exists(ChildPolicy.visible_to(user).filter(pk=OuterRef("child_id")))
        if user.role in SETTING_ROLES and user.setting_id:
            return live.filter(seen | Q(setting_id=user.setting_id))
        return live.filter(seen)

    @classmethod
    def can(cls, user, action: str, obj=None) -> bool:
        if not super().can(user, action, obj):
            return False
        # A setting convenes its own reviews only, not those of a child it merely teaches part-time.
        if obj is not None and action == "convene" and user.role in SETTING_ROLES:
            return obj.setting_id is not None and obj.setting_id == user.setting_id
        return True


class ReviewConsultationPolicy(Policy):
    """The setting consulted sees its consultation (even for a child not on its roll); staff see theirs."""

    model = ReviewConsultation
    actions = {"respond": SETTING_ROLES | CASEWORKERS}

    @classmethod
    def visible_to(cls, user) -> QuerySet[ReviewConsultation]:
        if not _active(user):
            return ReviewConsultation.objects.none()
        live = ReviewConsultation.objects.filter(archived_on__isnull=True)
        if user.role in SETTING_ROLES:
            return live.filter(setting_id=user.setting_id) if user.setting_id else live.none()
        if user.role in CASEWORK_ROLES:
            return live.filter(review__in=ReviewPolicy.visible_to(user))
        return live.none()


class DisagreementPolicy(Policy):
    model = Disagreement
    actions = {"create": CASEWORKERS, "record": CASEWORKERS}

    @classmethod
    def visible_to(cls, user) -> QuerySet[Disagreement]:
        if not _active(user) or user.role not in CASEWORK_ROLES | FAMILY:
            return Disagreement.objects.none()
        return _with_visible_child(Disagreement.objects.filter(archived_on__isnull=True), user)


class PlanTransferPolicy(Policy):
    model = PlanTransfer
    actions = {"record": CASEWORKERS}

    @classmethod
    def visible_to(cls, user) -> QuerySet[PlanTransfer]:
        if not _active(user) or user.role not in CASEWORK_ROLES | FAMILY:
            return PlanTransfer.objects.none()
        return _with_visible_child(PlanTransfer.objects.filter(archived_on__isnull=True), user, "plan__child_id")


class DeliveryPolicy(Policy):
    """Delivery confirmations are visible with their child (``ChildPolicy``). The setting named in section I
    of the plan in force confirms the provision of its own pupils' plans; casework staff see the gaps in the
    plans they can see; measures (aggregates, no child named) are for casework staff and strategic leads.

    ``can(user, "confirm", plan)`` with a :class:`~wayfinder.ehc.models.Plan` asks whether the user's setting
    may confirm that plan: the child is on its roll and the issued version in force names it in section I.
    With a confirmation (or no object) ``can`` keeps the usual meaning: the role may do the action, and the
    row is in ``visible_to(user)``.
    """

    model = DeliveryConfirmation
    actions = {"confirm": SETTING_ROLES, "view_gaps": CASEWORK_ROLES,
               "view_measures": CASEWORK_ROLES | {Role.STRATEGIC_LEAD}}

    @classmethod
    def visible_to(cls, user) -> QuerySet[DeliveryConfirmation]:
        if not _active(user):
            return DeliveryConfirmation.objects.none()
        return _with_visible_child(DeliveryConfirmation.objects.filter(archived_on__isnull=True), user,
                                   "plan__child_id")

    @classmethod
    def plans_visible_to(cls, user) -> QuerySet[Plan]:
        """The plans whose delivery history the user may read: those of the children they may see."""
        if not _active(user):
            return Plan.objects.none()
        return _with_visible_child(Plan.objects.filter(archived_on__isnull=True), user)

    @classmethod
    def confirmable_plans(cls, user) -> list[Plan]:
        """The plans the user's setting confirms: its pupils' plans naming it in section I (in force now)."""
        if not _active(user) or user.role not in SETTING_ROLES or not user.setting_id:
            return []
        plans = cls.plans_visible_to(user)
        latest: dict[int, tuple[int, dict]] = {}
        for plan_id, number, content in PlanVersion.objects.filter(
                plan__in=plans, status=PlanStatus.FINAL, archived_on__isnull=True).values_list(
                "plan_id", "number", "content"):
            if plan_id not in latest or number > latest[plan_id][0]:
                latest[plan_id] = (number, content or {})
        named = [plan_id for plan_id, (_, content) in latest.items()
                 if str((content.get("placement") or {}).get("setting_id")) == str(user.setting_id)]
        return list(plans.filter(pk__in=named))

    @classmethod
    def can(cls, user, action: str, obj=None) -> bool:
        if isinstance(obj, Plan):
            if not super().can(user, action):
                return False
            if action == "confirm":
                return any(p.pk == obj.pk for p in cls.confirmable_plans(user))
            return cls.plans_visible_to(user).filter(pk=obj.pk).exists()
        return super().can(user, action, obj)
