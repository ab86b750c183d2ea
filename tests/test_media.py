"""Uploaded files: content-hashed names, served with DEBUG off, cached long only when hashed."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.test import override_settings

from common.media import FingerprintedFileSystemStorage, fingerprinted_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_default_storage_is_the_local_filesystem_with_hashed_names():
    assert isinstance(storages["default"], FingerprintedFileSystemStorage)


def test_a_saved_file_gets_a_hash_of_its_content_in_its_name(media):
    name = default_storage.save("case-studies/photo.jpg", ContentFile(b"one picture"))
    assert name.startswith("case-studies/photo.")
    assert name.endswith(".jpg")
    assert name == fingerprinted_name("case-studies/photo.jpg", ContentFile(b"one picture"))
    other = default_storage.save("case-studies/photo.jpg", ContentFile(b"another picture"))
    assert other != name
    assert (media / name).read_bytes() == b"one picture"


def test_uploads_are_served_with_debug_off_and_cached_for_a_year(client, media, settings):
    assert settings.DEBUG is False
    name = default_storage.save("case-studies/market.png", ContentFile(b"\x89PNG pixels"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG pixels"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_name_without_a_hash_is_cached_briefly(client, media):
    (media / "old.png").write_bytes(b"old")
    response = client.get("/media/old.png")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"


def test_missing_and_escaping_paths_are_404(client, media):
    assert client.get("/media/nothing.png").status_code == 404
    # Django refuses a path outside MEDIA_ROOT as a suspicious request.
    assert client.get("/media/../settings.py").status_code == 400


@override_settings(
    STORAGES={
        "default": {
            "BACKEND": "common.media.FingerprintedS3Storage",
            "OPTIONS": {"bucket_name": "missions-media", "querystring_auth": False},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
)
def test_s3_storage_builds_plain_bucket_urls_with_hashed_names():
    from storages.backends.s3 import S3Storage

    storage = storages["default"]
    assert isinstance(storage, S3Storage)
    assert "missions-media" in storage.url("case-studies/photo.0123456789ab.jpg")
    assert "Signature" not in storage.url("case-studies/photo.0123456789ab.jpg")
