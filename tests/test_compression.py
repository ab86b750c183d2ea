"""Pages are gzipped for browsers that ask (common.middleware.CompressedPagesMiddleware); files
and large downloads are not."""

import gzip

import pytest
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from common import pagecache
from common.middleware import COMPRESS_MAX_BYTES, CompressedPagesMiddleware

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client):
    plain = client.get(reverse("home"))
    compressed = client.get(reverse("home"), **GZIP)

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    html = gzip.decompress(compressed.content).decode()
    assert "<title>" in html
    assert len(compressed.content) < len(plain.content) / 2


def test_a_page_from_the_cache_is_gzipped_too_and_keeps_a_fresh_nonce(client):
    first = client.get(reverse("home"), **GZIP)
    hit = client.get(reverse("home"), **GZIP)

    assert hit[pagecache.HIT_HEADER] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    nonces = [gzip.decompress(r.content).decode().split('nonce="')[1][:20] for r in (first, hit)]
    assert nonces[0] != nonces[1]


def test_two_compressions_of_one_page_differ_in_length_against_breach():
    # Django pads each gzip response with 0-99 random bytes; the same body, twenty times.
    middleware = CompressedPagesMiddleware(lambda request: None)
    request = RequestFactory().get("/", **GZIP)
    lengths = {
        len(middleware.process_response(request, HttpResponse("<p>same page</p>" * 100)).content)
        for _ in range(20)
    }
    assert len(lengths) > 1


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(HttpResponse(b"\xff" * 5000, content_type="image/png"), id="image"),
        pytest.param(
            HttpResponse(b"a,b\n" * (COMPRESS_MAX_BYTES // 4 + 1), content_type="text/csv"),
            id="download over 1 MB",
        ),
        pytest.param(FileResponse(iter([b"x" * 5000]), content_type="text/csv"), id="streamed"),
    ],
)
def test_files_and_large_downloads_are_sent_as_they_are(response):
    middleware = CompressedPagesMiddleware(lambda request: None)
    request = RequestFactory().get("/", **GZIP)

    assert "Content-Encoding" not in middleware.process_response(request, response)
