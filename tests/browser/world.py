"""A small county for the browser tests, built with the factories and services (not the demo
generator, so these tests depend only on the models they exercise).

One locality with a school, a nursery and a college-age young person:

* Ruby Ashworth (9) — on roll at the school, created through ``child_create`` by the casework officer
  (so her chronology has entries), her mother is the parent user with parental responsibility, and
  an educational psychologist, a health team, a social worker and a panel member are involved;
* Theo Ashworth (3) — Ruby's brother, on roll at the nursery, so the early years practitioner and
  the mother have someone to see;
* Jordan Pritchard (17) — a young person with their own sign-in, making their own decisions;
* a second record for Ruby (same name, date of birth and postcode), flagged as a possible duplicate;
* Ruby's father, invited by the casework officer to make an account (the link is not used).

Every user has the same password; staff users also have a confirmed TOTP device, except the
system administrator (``NEW_STAFF``), who sets one up on first sign-in.
"""

from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from wayfinder.accounts.models import Role, Scope, TeamKind, User
from wayfinder.accounts.services import invitation_create
from wayfinder.accounts.tests.factories import TeamFactory, UserFactory, totp_device
from wayfinder.core.dates import today
from wayfinder.directory.tests.factories import OrganisationFactory, make_provider_member
from wayfinder.people.codes import Relationship, SENStatus, SENType, SettingType
from wayfinder.people.models import Child
from wayfinder.people.services import child_create, child_update
from wayfinder.people.tests.factories import (
    CarerFactory,
    ChildCarerFactory,
    ChildFactory,
    EnrolmentFactory,
    InvolvementFactory,
    LocalityFactory,
    SettingFactory,
)

PASSWORD = "correct horse battery staple"  # UserFactory's password
NEW_STAFF = {Role.SYSTEM_ADMIN}  # staff who have not set up an authenticator app yet


@dataclass
class World:
    users: dict[str, User]
    child: Child  # Ruby: seen by most roles
    toddler: Child  # Theo: on the nursery's roll
    young_person: Child  # Jordan: has their own account
    duplicate: Child  # a second record for Ruby, flagged as a possible duplicate of hers
    invitation_token: str  # the link token of an invitation to Ruby's father
    extras: dict = field(default_factory=dict)

    def record_for(self, role: str) -> Child:
        """The child whose pages this role opens: their own record for a young person, the
        nursery's pupil for an early years practitioner, Ruby for everyone else."""
        if role == Role.YOUNG_PERSON:
            return self.young_person
        if role == Role.EARLY_YEARS:
            return self.toddler
        return self.child


def build_world() -> World:
    chesterfield = LocalityFactory(name="Chesterfield", code="chesterfield")
    casework_team = TeamFactory(name="SEN casework – Chesterfield", kind=TeamKind.SEN_CASEWORK, locality=chesterfield)
    health_team = TeamFactory(name="Speech and language therapy", kind=TeamKind.HEALTH)
    school = SettingFactory(name="Brimington Junior School", locality=chesterfield)
    nursery = SettingFactory(name="Little Acorns Nursery", setting_type=SettingType.EARLY_YEARS, urn="",
                             locality=chesterfield)

    def user(role: str, username: str, first: str, last: str, **kwargs) -> User:
        return UserFactory(role=role, username=username, first_name=first, last_name=last, **kwargs)

    users = {
        Role.CASEWORK_OFFICER: user(Role.CASEWORK_OFFICER, "casework", "Priya", "Shah",
                                    scope=Scope.TEAM, team=casework_team),
        Role.TEAM_MANAGER: user(Role.TEAM_MANAGER, "manager", "Tom", "Heald", scope=Scope.LOCALITY,
                                localities=[chesterfield]),
        Role.PANEL_MEMBER: user(Role.PANEL_MEMBER, "panel", "Anna", "Kowalski", scope=Scope.NONE),
        Role.EDUCATIONAL_PSYCHOLOGIST: user(Role.EDUCATIONAL_PSYCHOLOGIST, "psychologist", "Grace", "Okafor"),
        Role.HEALTH_PROFESSIONAL: user(Role.HEALTH_PROFESSIONAL, "therapist", "Mo", "Rahman", team=health_team),
        Role.SOCIAL_CARE: user(Role.SOCIAL_CARE, "socialworker", "Dee", "Walsh"),
        Role.SENCO: user(Role.SENCO, "senco", "Helen", "Briggs", setting=school),
        Role.EARLY_YEARS: user(Role.EARLY_YEARS, "earlyyears", "Jade", "Fox", setting=nursery),
        Role.PARENT: user(Role.PARENT, "parent", "Kerry", "Ashworth"),
        Role.YOUNG_PERSON: user(Role.YOUNG_PERSON, "youngperson", "Jordan", "Pritchard"),
        Role.STRATEGIC_LEAD: user(Role.STRATEGIC_LEAD, "strategic", "Ian", "Moss", scope=Scope.ALL),
        Role.DIRECTORY_EDITOR: user(Role.DIRECTORY_EDITOR, "directory", "Lucy", "Page"),
        Role.DIRECTORY_PROVIDER: user(Role.DIRECTORY_PROVIDER, "provider", "Beth", "Hollins"),
        Role.SYSTEM_ADMIN: user(Role.SYSTEM_ADMIN, "sysadmin", "Raj", "Patel", is_staff=True),
    }
    assert set(users) == set(Role), "every role needs a user in the browser world"
    provider_org = make_provider_member(users[Role.DIRECTORY_PROVIDER],
                                        OrganisationFactory(name="Peak Parent Carers (test)"))
    for role, account in users.items():
        # Staff have set up an authenticator app, except the system administrator, who is new:
        # they meet the MFA set-up page instead of the code page.
        if account.requires_mfa and role not in NEW_STAFF:
            totp_device(account)

    officer = users[Role.CASEWORK_OFFICER]
    now = today()
    ruby = child_create(
        actor=officer, legal_forename="Ruby", legal_surname="Ashworth",
        date_of_birth=now - relativedelta(years=9, days=40), locality=chesterfield, caseworker=officer,
        sen_status=SENStatus.SEN_SUPPORT, primary_need=SENType.SLCN, postcode="S43 3AB",
    )
    ruby = child_update(actor=officer, child=ruby, sen_status=SENStatus.EHC_PLAN)
    # The same child entered twice: flagged as a possible duplicate (shown on the staff home page and
    # on both records) and ready to merge.
    duplicate = child_create(
        actor=officer, legal_forename="Ruby", legal_surname="Ashworth", date_of_birth=ruby.date_of_birth,
        locality=chesterfield, caseworker=officer, postcode="S43 3AB",
    )
    theo = ChildFactory(legal_forename="Theo", legal_surname="Ashworth", locality=chesterfield,
                        date_of_birth=now - relativedelta(years=3, days=100), caseworker=officer)
    jordan = ChildFactory(legal_forename="Jordan", legal_surname="Pritchard", locality=chesterfield,
                          date_of_birth=now - relativedelta(years=17, days=3), caseworker=officer,
                          user=users[Role.YOUNG_PERSON])

    EnrolmentFactory(child=ruby, setting=school)
    EnrolmentFactory(child=theo, setting=nursery, start_date=now - relativedelta(months=8))
    for kwargs in [
        {"user": users[Role.PANEL_MEMBER], "role_description": "Panel member"},
        {"user": users[Role.EDUCATIONAL_PSYCHOLOGIST]},
        {"team": health_team, "role_description": "Speech and language therapy"},
        {"user": users[Role.SOCIAL_CARE], "role_description": "Social worker"},
    ]:
        InvolvementFactory(child=ruby, **kwargs)
    mother = CarerFactory(given_name="Kerry", family_name="Ashworth", user=users[Role.PARENT])
    ChildCarerFactory(child=ruby, carer=mother, is_main_contact=True)
    ChildCarerFactory(child=theo, carer=mother, is_main_contact=True)
    father = CarerFactory(given_name="Dean", family_name="Ashworth", email="dean.ashworth@example.org")
    ChildCarerFactory(child=ruby, carer=father, relationship=Relationship.FATHER)
    # Ruby's father has no account yet: the casework officer invites him.
    _, token = invitation_create(actor=officer, email=father.email, role=Role.PARENT, carer=father)
    return World(users=users, child=ruby, toddler=theo, young_person=jordan, duplicate=duplicate,
                 invitation_token=token,
                 extras={"school": school, "nursery": nursery, "locality": chesterfield,
                         "provider_org": provider_org})
