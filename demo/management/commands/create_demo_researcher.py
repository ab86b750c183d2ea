"""Create (or reset) the demo researcher login that `make run` prints. Local use only."""

from urllib.parse import quote

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

USERNAME = "researcher"
EMAIL = "researcher@example.org"
PASSWORD = "demo-researcher-2026"  # noqa: S105 -- a published demo login, refused outside DEBUG
# The demo's authenticator-app secret, published like the password (base32).
TOTP_SECRET = "JBSWY3DPEHPK3PXPMLGDEMO2"  # noqa: S105


class DemoStaffCommand(BaseCommand):
    """Create or reset a published demo staff login in one role, with a fixed authenticator
    secret, and print it. Subclasses say which login (create_demo_researcher, create_lead)."""

    role = "Researcher"
    username, email, password, totp_secret = USERNAME, EMAIL, PASSWORD, TOTP_SECRET
    first_name, last_name = "Demo", "Researcher"
    description = "the demo researcher"

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Allow it with DEBUG off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                f"{self.description.capitalize()} has a published password, so it is only "
                "created with DEBUG on. Use --force if this really is a throwaway site."
            )
        # The group and its permissions come from migration accounts 0001_roles.
        group = Group.objects.get(name=self.role)
        user, created = get_user_model().objects.get_or_create(
            username=self.username, defaults={"email": self.email}
        )
        user.email = self.email
        user.first_name, user.last_name = self.first_name, self.last_name
        user.is_staff = True
        user.set_password(self.password)
        user.save()
        user.groups.add(group)
        EmailAddress.objects.update_or_create(
            user=user, email=self.email, defaults={"verified": True, "primary": True}
        )
        # Staff need a second factor for the admin: a fixed, published authenticator secret.
        Authenticator.objects.filter(user=user).delete()
        TOTP.activate(user, self.totp_secret)
        codes = RecoveryCodes.activate(user).get_unused_codes()
        otpauth = (
            f"otpauth://totp/{quote(settings.SITE_NAME)}:{quote(self.email)}"
            f"?secret={self.totp_secret}&issuer={quote(settings.SITE_NAME)}"
        )
        verb = "Created" if created else "Reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {self.description}. Sign in at {settings.SITE_URL}/admin/ "
                f"with email '{self.email}' and password '{self.password}', then a code from an "
                f"authenticator app set up with the secret {self.totp_secret}\n"
                f"  ({otpauth}).\n"
                f"  Recovery codes (each works once): {', '.join(codes)}"
            )
        )


class Command(DemoStaffCommand):
    help = "Create the demo researcher account (DEBUG only) and print its login."
