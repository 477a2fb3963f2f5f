"""sitemap.xml: every public page in both languages, from the same published() rule."""

from urllib.parse import quote

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.translation import get_language

from projects.models import News, Project, Target


class _Bilingual(Sitemap):
    # Each address is listed for zh-hans (at /) and English (at /en/), with hreflang links.
    i18n = True
    alternates = True
    x_default = True
    # Each page lists (address, language) pairs with their alternates; 1,000 keeps one page
    # of the sitemap quick to build and well under the 50,000-address limit.
    limit = 1000


class StaticSitemap(_Bilingual):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "projects:target_list",
            "projects:project_list",
            "projects:disclosure",
            "projects:news_list",
            "projects:data",
            "about",
            "projects:reporting",
        ]

    def location(self, item):
        return reverse(item)


class TargetSitemap(_Bilingual):
    def items(self):
        return Target.objects.published().order_by("order", "code").only("code", "updated_at")

    def location(self, item):
        return reverse("projects:target_detail", args=[item.code])

    def lastmod(self, item):
        return item.updated_at


class ProjectSitemap(_Bilingual):
    def items(self):
        return Project.objects.published().order_by("code").only("code", "updated_at")

    def location(self, item):
        # One reverse() per language rather than per project: 10,000 projects stay fast. The
        # sitemap view makes a new instance per request, so the bases never outlive one.
        bases = self.__dict__.setdefault("_bases", {})
        lang = get_language()
        if lang not in bases:
            bases[lang] = reverse("projects:project_list")
        return f"{bases[lang]}{quote(item.code, safe='')}/"

    def lastmod(self, item):
        return item.updated_at


class NewsSitemap(_Bilingual):
    def items(self):
        return News.objects.published().order_by("-published_at").only("slug", "updated_at")

    def location(self, item):
        return reverse("projects:news_detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "targets": TargetSitemap,
    "projects": ProjectSitemap,
    "news": NewsSitemap,
}
