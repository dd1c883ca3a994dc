"""Print the current six-digit sign-in code of a demo staff account (``wayfinder totp USERNAME``).

Only for the published demo accounts of the synthetic county, and never with production settings:
anywhere else a second factor must come from the person's own authenticator app.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wayfinder.demo.generator import DEMO_USERNAMES, TOTP_DEVICE_NAME


class Command(BaseCommand):
    help = "Print the current two-factor sign-in code of a demo staff account."

    def add_arguments(self, parser):
        parser.add_argument("username", help=f"one of: {', '.join(DEMO_USERNAMES)}")

    def handle(self, *args, username: str, **options):
        if str(getattr(settings, "SETTINGS_MODULE", "")).endswith("production"):
            raise CommandError("Sign-in codes are only printed for the demo county, never with production settings.")
        if username not in DEMO_USERNAMES:
            raise CommandError(f"{username!r} is not a demo account. Demo accounts: {', '.join(DEMO_USERNAMES)}.")
        device = TOTPDevice.objects.filter(user__username=username, name=TOTP_DEVICE_NAME, confirmed=True).first()
        if device is None:
            raise CommandError(
                f"{username!r} has no sign-in code: only staff accounts use one, and the demo county must be built "
                "first (`wayfinder demo`)."
            )
        now = time.time()
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        remaining = device.step - int(now - device.t0) % device.step
        self.stdout.write(f"{code:0{device.digits}d}")
        if options.get("verbosity", 1) > 0:
            self.stderr.write(f"Valid for about {remaining} more seconds.")
