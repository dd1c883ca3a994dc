"""Accounts: invitations, the second factor (TOTP), and the security audit trail of signing in and out.

Services take keyword-only arguments, validate before saving (bad input raises ``ValidationError``
and changes nothing) and write their audit events in the same transaction. The signal receivers at
the end record sign-ins, failed sign-ins and sign-outs; ``AccountsConfig.ready`` connects them.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wayfinder.audit.models import Verb
from wayfinder.audit.services import audit_record

from .models import DEFAULT_SCOPE, Invitation, Role, Scope, User

#: The name given to the TOTP device a staff member sets up on the MFA page.
TOTP_DEVICE_NAME = "Authenticator app"

SETTING_ROLES = {Role.SENCO, Role.EARLY_YEARS}
FAMILY_ROLES = {Role.PARENT, Role.YOUNG_PERSON}

WRONG_CODE = "The code is wrong or has expired. Enter the 6-digit code from your authenticator app"
TOO_MANY_CODES = (
    "You have entered a wrong code too many times. Wait a few minutes, then enter the latest code from your "
    "authenticator app"
)


# --- Invitations -------------------------------------------------------------------------------


def _may_invite(actor, *, role: str, setting, carer, child) -> bool:
    from wayfinder.people.policies import CarerPolicy, ChildPolicy

    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if role == Role.PARENT:
        return CarerPolicy.can(actor, "change", carer)
    if role == Role.YOUNG_PERSON:
        return ChildPolicy.can(actor, "change", child)
    if role in SETTING_ROLES:
        if actor.role in {Role.TEAM_MANAGER, Role.SYSTEM_ADMIN} or actor.is_superuser:
            return True
        own_setting = actor.setting_id is not None and actor.setting_id == getattr(setting, "pk", None)
        return actor.role == Role.SENCO and own_setting
    if role == Role.DIRECTORY_PROVIDER:  # an organisation listed in the Local Offer (wayfinder.directory)
        return actor.role in {Role.DIRECTORY_EDITOR, Role.SYSTEM_ADMIN} or actor.is_superuser
    # Local authority and partner staff accounts.
    return actor.role == Role.SYSTEM_ADMIN or actor.is_superuser


def _invitation_link_errors(*, role: str, setting, carer, child) -> dict[str, str]:
    """What each kind of invitation must (and must not) be linked to."""
    errors: dict[str, str] = {}
    if role == Role.PARENT:
        if carer is None:
            errors["carer"] = "Choose the parent or carer to invite"
        elif carer.user_id:
            errors["carer"] = f"{carer} already has an account"
    elif carer is not None:
        errors["carer"] = "Only a parent or carer invitation is linked to a carer"
    if role == Role.YOUNG_PERSON:
        if child is None:
            errors["child"] = "Choose the young person to invite"
        elif child.user_id:
            errors["child"] = f"{child} already has an account"
    elif child is not None:
        errors["child"] = "Only a young person invitation is linked to a child's record"
    if role in SETTING_ROLES:
        if setting is None:
            errors["setting"] = "Choose the school, college or early years setting they work in"
    elif setting is not None:
        errors["setting"] = "Only school, college and early years staff are linked to a setting"
    return errors


@transaction.atomic
def invitation_create(
    *, actor, email: str, role: str, setting=None, carer=None, child=None, days_valid: int = 14
) -> tuple[Invitation, str]:
    """Invite someone to make an account. Returns the invitation and the one-time token for the link
    (``accounts:accept-invitation``); only a hash of the token is stored, so send it now or never."""
    if not _may_invite(actor, role=role, setting=setting, carer=carer, child=child):
        raise PermissionDenied("You do not have permission to send this invitation.")
    errors = _invitation_link_errors(role=role, setting=setting, carer=carer, child=child)
    if errors:
        raise ValidationError(errors)
    if days_valid < 1:
        raise ValidationError({"expires_on": "An invitation must last at least 1 day"})
    token = Invitation.new_token()
    invitation = Invitation(
        email=User.objects.normalize_email((email or "").strip()),
        role=role,
        setting=setting,
        carer=carer,
        child=child,
        token_hash=Invitation.hash_token(token),
        expires_on=timezone.now() + timedelta(days=days_valid),
        created_by=actor,
        modified_by=actor,
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        verb=Verb.INVITED,
        target=invitation,
        target_label=f"Invitation for {invitation.email}",
        child=child,
        summary=f"Invited {invitation.email} to make an account as {invitation.get_role_display().lower()}",
        payload={
            "email": invitation.email,
            "role": role,
            "setting": getattr(setting, "pk", None),
            "carer": getattr(carer, "pk", None),
            "child": getattr(child, "pk", None),
            "expires_on": invitation.expires_on,
        },
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, usable or not (``None`` if there is none)."""
    if not token:
        return None
    return (
        Invitation.objects.select_related("setting", "carer", "child")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, username: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create the invited person's account with the invitation's role and setting, link it to their
    carer or young person's record, and use up the invitation. Raises ``ValidationError`` (keyed by
    ``username``/``password`` where it can) and changes nothing if anything is wrong."""
    from wayfinder.people.models import Carer, Child, ChildCarer

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError("This invitation has expired or has already been used", code="unusable")
    user = User(
        username=(username or "").strip(),
        email=invitation.email,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        role=invitation.role,
        scope=DEFAULT_SCOPE.get(invitation.role, Scope.NONE),
        setting=invitation.setting,
    )
    if user.username and User.objects.filter(username__iexact=user.username).exists():
        raise ValidationError({"username": "That username is already taken. Choose a different username"})
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    now = timezone.now()

    linked_children = []
    if invitation.carer_id:
        carer = Carer.objects.select_for_update().get(pk=invitation.carer_id)
        if carer.user_id:
            raise ValidationError(f"{carer} already has an account", code="linked")
        carer.user, carer.modified_by, carer.modified_on = user, user, now
        carer.save(update_fields=["user", "modified_by", "modified_on"])
        links = ChildCarer.objects.filter(carer=carer, archived_on__isnull=True).select_related("child")
        for link in links:
            linked_children.append(link.child)
            audit_record(
                actor=user, verb=Verb.LINKED, target=carer, child=link.child,
                summary=f"{carer} made an account to see this record online",
                payload={"user": user.pk},
            )
    if invitation.role == Role.YOUNG_PERSON and invitation.child_id:
        child = Child.objects.select_for_update().get(pk=invitation.child_id)
        if child.user_id:
            raise ValidationError(f"{child} already has an account", code="linked")
        child.user, child.modified_by, child.modified_on = user, user, now
        child.save(update_fields=["user", "modified_by", "modified_on"])
        linked_children.append(child)
        audit_record(
            actor=user, verb=Verb.LINKED, target=child, child=child,
            summary="The young person made their own account to see this record online",
            payload={"user": user.pk},
        )

    invitation.accepted_on, invitation.accepted_by = now, user
    invitation.modified_on, invitation.modified_by = now, user
    invitation.save(update_fields=["accepted_on", "accepted_by", "modified_on", "modified_by"])
    audit_record(
        actor=user,
        verb=Verb.INVITATION_ACCEPTED,
        target=invitation,
        target_label=f"Invitation for {invitation.email}",
        child=invitation.child if invitation.role == Role.YOUNG_PERSON else None,
        summary=f"Made an account as {invitation.get_role_display().lower()}",
        payload={"user": user.pk, "username": user.username, "role": user.role,
                 "children": [child.pk for child in linked_children]},
    )
    return user


# --- Second factor (TOTP) ------------------------------------------------------------------------


def totp_confirmed_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed device a staff member is setting up (made once, so reloading the page keeps the
    same key until they confirm it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_secret_groups(device: TOTPDevice) -> str:
    """The device's key as base32 in groups of four, as people type it into an authenticator app."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def mfa_verify(*, user: User, token: str) -> TOTPDevice:
    """Check a 6-digit code against the user's authenticator app. While they are setting one up, a
    right code confirms the new device. Returns the device that accepted the code; raises
    ``ValidationError`` (wrong or expired code, or too many wrong codes) otherwise. Both outcomes are
    audited, and django-otp's count of wrong codes (which slows down guessing) is kept."""
    devices = list(totp_confirmed_devices(user))
    enrolling = not devices
    if enrolling:
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id")[:1])
    token = "".join((token or "").split())
    throttled = False
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(token):
            with transaction.atomic():
                if enrolling:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                    audit_record(actor=user, verb=Verb.MFA_ENROLLED, target=user,
                                 summary="Set up an authenticator app for two-factor authentication")
                audit_record(actor=user, verb=Verb.SIGNED_IN, target=user,
                             summary="Entered a two-factor code", payload={"second_factor": "totp"})
            return device
    audit_record(
        actor=user, verb=Verb.SIGN_IN_FAILED, target=user,
        summary="Entered a wrong two-factor code" + (" too many times" if throttled else ""),
        payload={"second_factor": "totp", "throttled": throttled},
    )
    raise ValidationError(TOO_MANY_CODES if throttled else WRONG_CODE, code="throttled" if throttled else "wrong")


# --- Audit of signing in and out (signal receivers) ---------------------------------------------


def _through_a_page(request) -> bool:
    """Only sign-ins and sign-outs made by a request to a page are someone signing in or out; a login
    made in code (the test client's ``force_login``, a shell) has no resolved URL and is not recorded."""
    return request is not None and getattr(request, "resolver_match", None) is not None


def user_signed_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: the password (or single sign-on) step succeeded."""
    if not _through_a_page(request):
        return
    audit_record(
        actor=user, verb=Verb.SIGNED_IN, target=user,
        summary="Signed in" + (", two-factor code still to enter" if user.requires_mfa else ""),
        payload={"second_factor_required": bool(user.requires_mfa)},
    )


def user_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    """``user_login_failed``: a wrong username or password, or an attempt while locked out. The
    password is never recorded."""
    username = str((credentials or {}).get("username") or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_record(
        actor=None,
        verb=Verb.SIGN_IN_FAILED,
        target_type=User._meta.label_lower,
        target_id=str(user.pk) if user else "",
        target_label=username or "(no username)",
        summary="Sign-in failed: " + ("account locked after too many attempts" if locked
                                      else "wrong username or password"),
        payload={"username": username, "known_user": user is not None, "locked_out": locked},
    )


def user_signed_out(sender, request, user, **kwargs) -> None:
    """``user_logged_out``."""
    if user is None or not _through_a_page(request):
        return
    audit_record(actor=user, verb=Verb.SIGNED_OUT, target=user, summary="Signed out")
