"""Atom feed of the newest published case studies."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .anonymity import public_place
from .models import CaseStudy
from .presenters import CITATION_AUTHORS, authors

FEED_SIZE = 20


class LatestCaseStudiesFeed(Feed):
    feed_type = Atom1Feed
    author_name = CITATION_AUTHORS

    def title(self):
        return f"New case studies – {settings.SITE_NAME}"

    def subtitle(self):
        return "Case studies of mission-led local government, newest first."

    def link(self):
        return reverse("casestudies:list")

    def feed_url(self):
        return reverse("casestudies:feed")

    def items(self):
        return (
            CaseStudy.objects.published()
            .select_related("authority")
            .prefetch_related("themes")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{public_place(item)['label']}. {item.summary}"

    def item_guid(self, item):
        # Its address follows its title (casestudies/addresses.py): an id made of the address
        # would make a retitled case study a new entry in every reader. This one never changes.
        return f"tag:{self._domain},2026:case-study:{item.pk}"

    item_guid_is_permalink = False

    def get_feed(self, obj, request):
        self._domain = request.get_host().split(":")[0]
        return super().get_feed(obj, request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return authors(item)

    def item_categories(self, item):
        return [theme.title for theme in item.themes.all()]
