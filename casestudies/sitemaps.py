"""/sitemap.xml: the fixed pages, themes, authorities and published case studies."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from councils.models import Authority
from instrument.models import Theme

from .models import CaseStudy


class StaticSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "about",
            "privacy",
            "accessibility",
            "contact:contact",
            "instrument:theme_list",
            "councils:authority_list",
            "casestudies:list",
            "casestudies:map",
        ]

    def location(self, item):
        return reverse(item)


class ThemeSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Theme.objects.only("slug")


class AuthoritySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Authority.objects.only("slug").order_by("name")


class CaseStudySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return CaseStudy.objects.published().only("slug", "updated_at").order_by("-published_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "themes": ThemeSitemap,
    "authorities": AuthoritySitemap,
    "case-studies": CaseStudySitemap,
}
