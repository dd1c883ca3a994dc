"""Who may see and change children, carers and settings (architecture principle 3).

Scopes, by role:

* SEN casework officer, team manager, panel member — their scope (all / locality / team caseload /
  own caseload) plus any child they or their team are involved with;
* educational psychologist, health professional, social care practitioner — children whose case
  involves them or their team (an open ``Involvement``);
* SENCO / headteacher, early years practitioner — pupils currently on their setting's roll;
* parent or carer — children for whom they hold parental responsibility; once the child is 16 and
  makes their own decisions (CAFA 2014 s80), only with the young person's consent or where the
  young person lacks capacity;
* young person — their own record;
* strategic lead, directory editor, system administrator — no individual child records.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from wayfinder.accounts.models import Audience, Role, Scope
from wayfinder.accounts.policies import Policy
from wayfinder.core.dates import born_on_or_before_for_age, today

from .models import Carer, Child, ChildCarer, Enrolment, Involvement, Setting

CASEWORK_ROLES = {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER, Role.PANEL_MEMBER}
PROFESSIONAL_ROLES = {Role.EDUCATIONAL_PSYCHOLOGIST, Role.HEALTH_PROFESSIONAL, Role.SOCIAL_CARE}
SETTING_ROLES = {Role.SENCO, Role.EARLY_YEARS}
NO_CHILD_ACCESS_ROLES = {Role.STRATEGIC_LEAD, Role.DIRECTORY_EDITOR, Role.SYSTEM_ADMIN}


def _active(prefix: str = "") -> Q:
    now = today()
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": now})


def _involved(user) -> Q:
    who = Q(user_id=user.pk)
    if user.team_id:
        who |= Q(team_id=user.team_id)
    involvements = Involvement.objects.filter(who, _active(), child_id=OuterRef("pk"), archived_on__isnull=True)
    return Q(Exists(involvements))


def _casework_scope(user) -> Q:
    scope = user.scope
    if scope == Scope.ALL:
        return Q(pk__isnull=False)  # not Q(): an empty Q vanishes when OR-ed with another
    if scope == Scope.LOCALITY:
        return Q(locality_id__in=list(user.localities.values_list("pk", flat=True)))
    if scope == Scope.TEAM and user.team_id:
        return Q(caseworker__team_id=user.team_id) | Q(caseworker_id=user.pk)
    if scope in (Scope.TEAM, Scope.OWN):
        return Q(caseworker_id=user.pk)
    return Q(pk__in=[])


def _parental_responsibility(user) -> Q:
    under_16_if_born_after = born_on_or_before_for_age(16, today())
    links = ChildCarer.objects.filter(
        Q(child__date_of_birth__gt=under_16_if_born_after)
        | Q(child__lacks_capacity=True)
        | Q(young_person_consents=True),
        child_id=OuterRef("pk"),
        carer__user_id=user.pk,
        parental_responsibility=True,
        archived_on__isnull=True,
    )
    return Q(Exists(links))


def _on_roll(user) -> Q:
    if not user.setting_id:
        return Q(pk__in=[])
    enrolments = Enrolment.objects.filter(
        _active(), child_id=OuterRef("pk"), setting_id=user.setting_id, archived_on__isnull=True
    )
    return Q(Exists(enrolments))


def child_access_filter(user) -> Q | None:
    """The Q that selects the children a user may see, or None for nobody."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    role = user.role
    if role in CASEWORK_ROLES:
        return _casework_scope(user) | _involved(user)
    if role in PROFESSIONAL_ROLES:
        return _involved(user)
    if role in SETTING_ROLES:
        return _on_roll(user)
    if role == Role.PARENT:
        return _parental_responsibility(user)
    if role == Role.YOUNG_PERSON:
        return Q(user_id=user.pk)
    return None


class ChildPolicy(Policy):
    model = Child
    actions = {
        "create": {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER},
        "change": {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER},
        "archive": {Role.TEAM_MANAGER},
        "merge": {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER},
        "view_chronology": CASEWORK_ROLES,
        "view_identifiers": CASEWORK_ROLES | PROFESSIONAL_ROLES | SETTING_ROLES | {Role.PARENT, Role.YOUNG_PERSON},
    }

    @classmethod
    def visible_to(cls, user) -> QuerySet[Child]:
        condition = child_access_filter(user)
        if condition is None:
            return Child.objects.none()
        return Child.objects.filter(condition, merged_into__isnull=True)


class CarerPolicy(Policy):
    """Carers of children the user may see. A parent sees only their own details (never another
    carer's address: that could put a family at risk)."""

    model = Carer
    actions = {
        "create": {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER},
        "change": {Role.CASEWORK_OFFICER, Role.TEAM_MANAGER},
    }

    @classmethod
    def visible_to(cls, user) -> QuerySet[Carer]:
        if user is None or not user.is_authenticated or not user.is_active:
            return Carer.objects.none()
        if user.role == Role.PARENT:
            return Carer.objects.filter(user_id=user.pk)
        children = ChildPolicy.visible_to(user)
        links = ChildCarer.objects.filter(carer_id=OuterRef("pk"), child__in=children, archived_on__isnull=True)
        return Carer.objects.filter(Exists(links))


class SettingPolicy(Policy):
    """Settings are organisational, not personal, data: every signed-in user may read them."""

    model = Setting
    actions = {"create": {Role.SYSTEM_ADMIN, Role.TEAM_MANAGER}, "change": {Role.SYSTEM_ADMIN, Role.TEAM_MANAGER}}

    @classmethod
    def visible_to(cls, user) -> QuerySet[Setting]:
        if user is None or not user.is_authenticated or not user.is_active:
            return Setting.objects.none()
        return Setting.objects.filter(archived_on__isnull=True)


def audience_of(user) -> str:
    return user.audience if user.is_authenticated else Audience.FAMILY
