"""Asking for an XLSX export as a researcher does: the button's POST records it, a worker (eager in
tests) builds it, the outbox emails a link, and the link serves the file."""

import io
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import emails_to

EXPORT_URL = "admin:research_codableanswer_export"
PREPARING = "We are preparing your spreadsheet; we will email you a link"


def link_in_email(user) -> str:
    """The path of the download link in the newest export email to `user`."""
    email = [e for e in emails_to(user.email) if e.subject.startswith("Your spreadsheet")][-1]
    url = re.search(rf"{re.escape(settings.SITE_URL)}(\S+)", email.body_text).group(1)
    return url


def ask_for_xlsx(client, params: dict):
    """Follow the XLSX link (a GET, which shows what the button will do), then press the
    button: a form with no action, so it POSTs to the page's own address."""
    url = f"{reverse(EXPORT_URL)}?{urlencode({**params, 'format': 'xlsx'}, doseq=True)}"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Email me this spreadsheet"' in page.content.decode()
    return client.post(url)


def xlsx_via_email(client, user, capture, params: dict) -> io.BytesIO:
    """Ask for the export with `params` (format=xlsx), run the worker, follow the emailed link."""
    with capture(execute=True):
        response = ask_for_xlsx(client, params)
    assert response.status_code == 302
    assert any(PREPARING in str(m) for m in get_messages(response.wsgi_request))
    download = client.get(link_in_email(user))
    assert download.status_code == 200
    return io.BytesIO(b"".join(download.streaming_content))
