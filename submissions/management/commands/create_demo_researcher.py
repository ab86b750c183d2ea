"""Create (or reset) the demo researcher login that `make run` prints. Local use only."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

USERNAME = "researcher"
EMAIL = "researcher@example.org"
PASSWORD = "demo-researcher-2026"  # noqa: S105 -- a published demo login, refused outside DEBUG
RESEARCH_APPS = ["councils", "submissions", "casestudies", "contact", "outbox"]


class Command(BaseCommand):
    help = "Create the demo researcher account (DEBUG only) and print its login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Allow it with DEBUG off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "The demo researcher has a published password, so it is only created with "
                "DEBUG on. Use --force if this really is a throwaway site."
            )
        group, _ = Group.objects.get_or_create(name="Researcher")
        group.permissions.add(*Permission.objects.filter(content_type__app_label__in=RESEARCH_APPS))
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": EMAIL}
        )
        user.email = EMAIL
        user.first_name, user.last_name = "Demo", "Researcher"
        user.is_staff = True
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(group)
        EmailAddress.objects.update_or_create(
            user=user, email=EMAIL, defaults={"verified": True, "primary": True}
        )
        verb = "Created" if created else "Reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} the demo researcher. Sign in at {settings.SITE_URL}/admin/ "
                f"with username '{USERNAME}' and password '{PASSWORD}'."
            )
        )
