"""Invite a school, college or early years setting's SENCO or practitioner, or a member of staff,
to make an account, and print the one-time link to send them.

    wayfinder manage invite --by USERNAME --role senco --setting URN_OR_ID --email name@school.example

``--by`` is the team manager or system administrator sending it: the invitation is allowed, linked
and audited exactly as the service decides (``accounts.services.invitation_create``). Parents,
carers and young people are invited from the child's record in the staff pages instead.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from wayfinder.accounts.models import Role, User
from wayfinder.accounts.services import SETTING_ROLES, invitation_create

FAMILY_ROLES = {Role.PARENT, Role.YOUNG_PERSON}


class Command(BaseCommand):
    help = "Invite a setting's staff (or local authority staff) to make an account; prints the one-time link."

    def add_arguments(self, parser):
        parser.add_argument("--by", required=True, help="username of the team manager or administrator inviting")
        parser.add_argument("--role", required=True, choices=[r for r in Role.values if r not in FAMILY_ROLES])
        parser.add_argument("--email", required=True)
        parser.add_argument("--setting", default="", help="the setting's URN, or its Wayfinder id (setting roles)")
        parser.add_argument("--days", type=int, default=14, help="days the link works (default 14)")
        parser.add_argument("--base-url", default="http://localhost:8000", help="where the service is served")

    def handle(self, *args, by, role, email, setting, days, base_url, **options):
        from wayfinder.people.models import Setting

        actor = User.objects.filter(username=by, is_active=True).first()
        if actor is None:
            raise CommandError(f"There is no active account called {by!r}")
        place = None
        if setting:
            place = (Setting.objects.filter(urn=setting).first()
                     or (Setting.objects.filter(pk=setting).first() if setting.isdigit() else None))
            if place is None:
                raise CommandError(f"No setting has the URN or id {setting!r}")
        elif role in SETTING_ROLES:
            raise CommandError("Give --setting: the URN (or id) of the school, college or early years setting")
        try:
            invitation, token = invitation_create(actor=actor, email=email, role=role, setting=place,
                                                  days_valid=days)
        except PermissionDenied as exc:
            raise CommandError(f"{by} may not send this invitation: {exc}") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        link = base_url.rstrip("/") + reverse("accounts:accept-invitation", kwargs={"token": token})
        self.stdout.write(f"Invitation for {invitation.email} as {invitation.get_role_display()}"
                          f"{f' at {place}' if place else ''}, until {invitation.expires_on:%d %B %Y}.")
        self.stdout.write("Send them this link (it is shown only now and works once):")
        self.stdout.write(link)
