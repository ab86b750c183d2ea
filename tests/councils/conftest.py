from io import StringIO

import pytest
from django.core.management import call_command

from councils.models import Authority


@pytest.fixture
def register(db):
    """The shipped authority register, loaded as in production."""
    call_command("load_authorities", stdout=StringIO())
    return Authority.objects


@pytest.fixture
def by_gss(register):
    return lambda code: Authority.objects.get(gss_code=code)
