"""News: the list, one item (Markdown rendered, then sanitised with nh3)."""

from __future__ import annotations

import re

import markdown
import nh3
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from projects.models import News, localized

from .common import PAGE_SIZE, is_english, mark_preview, published_or_preview

# Tags staff may use; images only from this site (no request to another host, ever).
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "abbr": {"title"},
}


IMG_WITHOUT_SRC = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")


def is_same_site_path(url: str) -> bool:
    """Whether *url* is a path on this site. Browsers read "\\" as "/" and drop tabs and
    newlines anywhere in an address, so "/\\host", "/\\/host" and "/<tab>/host" lead to another
    host just as "//host" does: backslashes, spaces and control characters are refused."""
    if not url.startswith("/") or url.startswith("//"):
        return False
    return not any(c == "\\" or c <= " " or c == "\x7f" for c in url)


def _only_local_images(tag: str, attribute: str, value: str):
    if tag == "img" and attribute == "src" and not is_same_site_path(value):
        return None
    return value


def render_body(text: str) -> str:
    """Staff Markdown (with a little HTML) to safe HTML. h1 is the page's own title."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_only_local_images,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # An image whose outside address was dropped above would be left without src: remove it.
    # What remains was sanitised by nh3, so it is safe to mark as such.
    return mark_safe(IMG_WITHOUT_SRC.sub("", clean))


def news_list(request):
    items = News.objects.published().order_by("-published_at")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "title": _("新闻动态"),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }
    return render(request, "projects/news_list.html", context)


def news_detail(request, slug):
    queryset = News.objects.all()
    item, preview = published_or_preview(request, queryset, slug=slug)
    context = {
        "title": item.display_title,
        "description": localized(item, "summary"),
        "og_type": "article",
        "item": item,
        "preview": preview,
        "summary": localized(item, "summary"),
        "body": render_body(localized(item, "body")),
        # An English page showing the Chinese text says so, and marks its language.
        "chinese_only": is_english() and not item.body_en.strip() and bool(item.body.strip()),
        "projects": list(item.projects.published().order_by("code")[:20]),
        "targets": list(item.targets.published().order_by("order", "code")),
    }
    return mark_preview(render(request, "projects/news_detail.html", context), preview)
