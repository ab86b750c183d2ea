"""Where evidence files are kept: outside MEDIA_ROOT, so no web server or static route can
serve them; only submissions' evidence view reads them, after checking who is asking."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_MEDIA_ROOT, read each time (tests point it at a
    temporary folder), with no public URL."""

    def __init__(self):
        super().__init__()

    @property
    def base_location(self):
        return str(getattr(settings, "PRIVATE_MEDIA_ROOT", settings.BASE_DIR / "private_media"))

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the evidence view instead")


def evidence_path(instance, filename: str) -> str:
    # A random name: the officer's file name is kept only as the evidence's title.
    return f"evidence/{instance.submission_id}/{uuid.uuid4().hex}.pdf"
