"""Uploaded files: names that carry a hash of their content, and serving them from disk.

A file's name changes whenever its content does, so browsers and caches may keep it for a year.
settings.MEDIA_STORAGE picks the local filesystem (served by `serve`, below) or an S3-compatible
bucket (served by the bucket, with the same long cache header set on upload).
"""

import functools
import hashlib
import posixpath
import re

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.views.static import serve as static_serve

FINGERPRINT_LENGTH = 12
FINGERPRINTED = re.compile(rf"\.[0-9a-f]{{{FINGERPRINT_LENGTH}}}(\.[^./]+)?$")
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=3600"


def fingerprint(content) -> str:
    digest = hashlib.sha256()
    if hasattr(content, "seek"):
        content.seek(0)
    for chunk in content.chunks() if hasattr(content, "chunks") else iter([content.read()]):
        digest.update(chunk if isinstance(chunk, bytes) else chunk.encode())
    if hasattr(content, "seek"):
        content.seek(0)
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def fingerprinted_name(name: str, content) -> str:
    """`case-studies/photo.jpg` becomes `case-studies/photo.<hash>.jpg`."""
    if FINGERPRINTED.search(name):
        return name
    root, ext = posixpath.splitext(name)
    return f"{root}.{fingerprint(content)}{ext}"


class FingerprintedNameMixin:
    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        return super().save(fingerprinted_name(name, content), content, max_length=max_length)


class FingerprintedFileSystemStorage(FingerprintedNameMixin, FileSystemStorage):
    pass


@functools.cache
def _s3_storage_class():
    from storages.backends.s3 import S3Storage  # boto3 is only imported when S3 is chosen

    return type("FingerprintedS3Storage", (FingerprintedNameMixin, S3Storage), {})


def __getattr__(name):
    if name == "FingerprintedS3Storage":
        return _s3_storage_class()
    raise AttributeError(name)


def serve(request, path):
    """Serve an uploaded file from MEDIA_ROOT (local storage, DEBUG on or off).

    Fingerprinted names never change content, so they are cached for a year; anything else
    (files from before fingerprinting) for an hour.
    """
    response = static_serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = LONG_CACHE if FINGERPRINTED.search(path) else SHORT_CACHE
    return response
