"""Who may see and act on assessments, advice requests and consultations (architecture principle 3).

* An assessment is visible to whoever may see the child (``ChildPolicy``): casework staff in scope,
  professionals involved (asking someone for advice makes them involved), the setting the child is on
  roll at, the family.
* An advice request is visible to the professional or team asked, the setting asked for educational
  advice, and casework staff who can see the assessment.
* A consultation is visible to the setting consulted (even when the child is not on its roll) and casework
  staff who can see the assessment.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from wayfinder.accounts.models import Role
from wayfinder.accounts.policies import Policy
from wayfinder.people.policies import CASEWORK_ROLES, PROFESSIONAL_ROLES, SETTING_ROLES, ChildPolicy

from .models import AdviceRequest, Assessment, Consultation, PlanVersion

CASEWORKERS = {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER}
FAMILY = {Role.PARENT, Role.YOUNG_PERSON}


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


class AssessmentPolicy(Policy):
    model = Assessment
    actions = {
        "create": CASEWORKERS,
        "decide": CASEWORKERS,
        "request_advice": CASEWORKERS,
        "record_advice": CASEWORKERS,
        "edit_plan": CASEWORKERS,
        "serve_draft": CASEWORKERS,
        "consult": CASEWORKERS,
        "finalise": CASEWORKERS,
        "withdraw": CASEWORKERS,
        # The named approver of an exception (statutory-timescales §3.1 principle 3) is a team manager.
        "record_exception": {Role.TEAM_MANAGER},
        "see_copied_text": CASEWORK_ROLES,
        "make_representation": FAMILY,
        "view_team": {Role.TEAM_MANAGER},
    }

    @classmethod
    def visible_to(cls, user) -> QuerySet[Assessment]:
        if not _active(user):
            return Assessment.objects.none()
        # A correlated EXISTS, not "child IN (every visible child)": the database checks only the
        # assessments the other filters leave (a caseworker's own), so a caseload costs the same in a large
        # county as in a small one.
        visible = ChildPolicy.visible_to(user).filter(pk=OuterRef("child_id"))
        return Assessment.objects.filter(Exists(visible), archived_on__isnull=True)


class AdviceRequestPolicy(Policy):
    model = AdviceRequest
    actions = {"respond": PROFESSIONAL_ROLES | SETTING_ROLES | CASEWORKERS}

    @classmethod
    def visible_to(cls, user) -> QuerySet[AdviceRequest]:
        if not _active(user):
            return AdviceRequest.objects.none()
        live = AdviceRequest.objects.filter(archived_on__isnull=True)
        if user.role in PROFESSIONAL_ROLES:
            mine = Q(professional_id=user.pk)
            if user.team_id:
                mine |= Q(team_id=user.team_id)
            return live.filter(mine)
        if user.role in SETTING_ROLES:
            return live.filter(setting_id=user.setting_id) if user.setting_id else live.none()
        if user.role in CASEWORK_ROLES:
            return live.filter(assessment__in=AssessmentPolicy.visible_to(user))
        return live.none()


class ConsultationPolicy(Policy):
    model = Consultation
    actions = {"respond": SETTING_ROLES | CASEWORKERS}

    @classmethod
    def visible_to(cls, user) -> QuerySet[Consultation]:
        if not _active(user):
            return Consultation.objects.none()
        live = Consultation.objects.filter(archived_on__isnull=True)
        if user.role in SETTING_ROLES:
            return live.filter(setting_id=user.setting_id) if user.setting_id else live.none()
        if user.role in CASEWORK_ROLES:
            return live.filter(assessment__in=AssessmentPolicy.visible_to(user))
        return live.none()


class PlanVersionPolicy(Policy):
    """A plan version is visible with its assessment; a draft not yet served only to casework staff; a
    setting consulted sees the drafts served and the final plan of the assessment it was consulted on."""

    model = PlanVersion

    @classmethod
    def visible_to(cls, user) -> QuerySet[PlanVersion]:
        if not _active(user):
            return PlanVersion.objects.none()
        versions = PlanVersion.objects.filter(archived_on__isnull=True)
        assessments = AssessmentPolicy.visible_to(user)
        if user.role in CASEWORK_ROLES:
            return versions.filter(plan__assessment__in=assessments)
        shown = versions.exclude(status="draft")
        if user.role in SETTING_ROLES:
            consulted = ConsultationPolicy.visible_to(user).values("assessment_id")
            return shown.filter(Q(plan__assessment__in=assessments) | Q(plan__assessment_id__in=consulted))
        return shown.filter(plan__assessment__in=assessments)
