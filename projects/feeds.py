"""The news feed (Atom), through Django's syndication framework and the same published() rule."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from projects.models import News, localized
from projects.views.news import render_body

FEED_SIZE = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("库伦旗2026年工作计划 · 新闻动态")
    subtitle = _("库伦旗人民政府公开的2026年工作计划进展新闻。")

    def link(self):
        return reverse("projects:news_list")

    def items(self):
        return News.objects.published().order_by("-published_at")[:FEED_SIZE]

    def item_title(self, item):
        return item.display_title

    def item_description(self, item):
        # Readers render the description as HTML. The summary is plain text (the pages escape
        # it), so it is escaped here too; the body is the page's sanitised HTML.
        summary = localized(item, "summary")
        if summary:
            return format_html("<p>{}</p>", summary)
        return render_body(localized(item, "body"))

    def item_link(self, item):
        return reverse("projects:news_detail", args=[item.slug])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.authors or item.source or None
