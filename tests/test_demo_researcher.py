import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_demo_researcher_can_open_admin_and_rerun_is_safe(client):
    with override_settings(DEBUG=True):
        call_command("create_demo_researcher")
        call_command("create_demo_researcher")  # second run resets, does not duplicate
    assert client.login(username="researcher", password="demo-researcher-2026")
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_demo_researcher_refused_without_debug():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="only created with"):
        call_command("create_demo_researcher")
