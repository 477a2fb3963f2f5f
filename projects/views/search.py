"""搜索: one search over the public projects, targets and news (``projects.search``).

Without ``kind`` the page shows the first results of each kind with how many each has; with
``kind`` it lists that kind alone, page by page. Queries cost the same few SQL statements
whatever they find.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import SearchKind
from projects.search import results
from projects.search.text import MAX_QUERY, parse

from .common import PAGE_SIZE

PER_KIND = 10
# Shown on the empty page as links: words that find something in the 2026 plan.
EXAMPLES = ["新能源", "风电项目", "肉牛", "库伦镇"]
KIND_LABELS = {
    SearchKind.PROJECT: gettext_lazy("建设项目"),
    SearchKind.TARGET: gettext_lazy("目标指标"),
    SearchKind.NEWS: gettext_lazy("新闻动态"),
}


def _group(kind, count, entries, query):
    return {
        "kind": kind,
        "label": KIND_LABELS[kind],
        "count": count,
        "results": [results.shown(entry, query) for entry in entries],
    }


def _without_page(get) -> str:
    """The query string for the pagination links, which add their own page."""
    kept = get.copy()
    kept.pop("page", None)
    return kept.urlencode()


def search(request):
    raw = request.GET.get("q", "")
    asked_kind = request.GET.get("kind", "")
    kind = asked_kind if asked_kind in SearchKind.values else ""
    query = parse(raw)
    context = {
        "title": _("搜索"),
        "q": query.raw[:MAX_QUERY],
        "parsed": query,
        "max_query": MAX_QUERY,
        "kind": kind,
        "unknown_kind": asked_kind[:50] if asked_kind and not kind else "",
        "examples": EXAMPLES,
    }
    if query.ok:
        context["title"] = _("搜索：%(q)s") % {"q": query.raw}
        if kind:
            counts = results.counts_by_kind(query)
            paginator = Paginator(results.ids_in_order(query, kind), PAGE_SIZE)
            paginator.count = counts[kind]  # known already: not counted a second time
            page = paginator.get_page(request.GET.get("page"))
            page.object_list = list(page.object_list)
            context.update(
                counts=[(k, KIND_LABELS[k], counts[k]) for k in results.KINDS],
                total=sum(counts.values()),
                page=page,
                page_range=paginator.get_elided_page_range(page.number, on_each_side=2),
                query=_without_page(request.GET),
                groups=[_group(kind, paginator.count, results.entries(page.object_list), query)],
            )
        else:
            found = results.first_of_each_kind(query, PER_KIND)
            context["groups"] = [_group(k, *found[k], query) for k in results.KINDS]
            context["total"] = sum(count for count, _ in found.values())
            context["per_kind"] = PER_KIND
    response = render(request, "projects/search.html", context)
    # Result pages are for people: search engines index the records' own pages.
    response["X-Robots-Tag"] = "noindex"
    return response
