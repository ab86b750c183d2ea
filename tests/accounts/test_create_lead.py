"""`manage.py create_lead`: a demo project lead beside the demo researcher, with its own secret."""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from common import roles
from demo.management.commands import create_demo_researcher, create_lead

pytestmark = pytest.mark.django_db


def test_demo_lead_has_the_leads_powers_and_its_own_second_factor(client):
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("create_demo_researcher", stdout=StringIO())
        call_command("create_lead", stdout=StringIO())
        call_command("create_lead", stdout=out)  # a second run resets, does not duplicate

    assert client.login(username="lead", password=create_lead.PASSWORD)
    lead = client.get(reverse("admin:index")).context["user"]
    assert roles.can_decide(lead) and roles.can_publish(lead)
    assert not lead.is_superuser
    assert Authenticator.objects.filter(user=lead, type=Authenticator.Type.TOTP).exists()
    printed = out.getvalue()
    assert "Reset the demo project lead" in printed
    assert "lead@example.org" in printed and create_lead.PASSWORD in printed
    assert create_lead.TOTP_SECRET in printed
    assert create_lead.TOTP_SECRET != create_demo_researcher.TOTP_SECRET


def test_demo_lead_refused_without_debug():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="only created with"):
        call_command("create_lead")
