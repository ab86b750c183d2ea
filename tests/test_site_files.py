"""The files every site is asked for: /robots.txt and a favicon."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    for private in ["/admin/", "/accounts/", "/my/"]:
        assert f"Disallow: {private}" in text
    assert f"Sitemap: http://testserver{reverse('sitemap')}" in text


def test_favicon_is_linked_from_every_page_and_served_at_favicon_ico(client):
    page = client.get(reverse("home")).content.decode()
    icon = static("images/favicon.svg")
    assert f'<link rel="icon" href="{icon}" type="image/svg+xml">' in page

    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response.url == icon
