"""Create (or reset) the demo project lead that `make run` prints, beside the demo researcher.

The lead can accept and decline submissions and publish case studies, so those powers can be
used and tested without a superuser. Local use only, like the demo researcher.
"""

from .create_demo_researcher import DemoStaffCommand

# Published like the demo researcher's, and its own: signing in as one never signs in as both.
PASSWORD = "demo-lead-2026"  # noqa: S105
TOTP_SECRET = "JBSWY3DPEHPK3PXPLEADDEMO"  # noqa: S105


class Command(DemoStaffCommand):
    help = "Create the demo project lead account (DEBUG only) and print its login."

    role = "Project lead"
    username, email, password, totp_secret = "lead", "lead@example.org", PASSWORD, TOTP_SECRET
    first_name, last_name = "Demo", "Lead"
    description = "the demo project lead"
