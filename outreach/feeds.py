"""RSS and Atom feeds of an article index (Django's syndication framework)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

FEED_SIZE = 20


class ArticleRSSFeed(Feed):
    """The newest articles under one article index page."""

    def get_object(self, request, *args, index=None, **kwargs):
        self.request = request
        return index

    def title(self, index):
        return index.title

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.intro or index.title

    def items(self, index):
        return index.articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class ArticleAtomFeed(ArticleRSSFeed):
    feed_type = Atom1Feed
    subtitle = ArticleRSSFeed.description
