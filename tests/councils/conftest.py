from io import StringIO

import pytest
from django.core.management import call_command

from councils.models import Authority
from tests.factories import AuthorityFactory


@pytest.fixture
def register(db):
    """The shipped authority register, loaded as in production."""
    call_command("load_authorities", stdout=StringIO())
    return Authority.objects


@pytest.fixture
def by_gss(register):
    return lambda code: Authority.objects.get(gss_code=code)


@pytest.fixture
def camden(db):
    return AuthorityFactory(
        name="Camden",
        official_name="London Borough of Camden",
        type=Authority.Type.LONDON_BOROUGH,
        region="London",
        email_domains="camden.gov.uk\n",
    )
