"""The query parameters each public address understands, and a query reduced to them.

A page is cached under its query string, so a parameter no view reads (``?utm_source=…``,
``?x=1``) would make a new cache entry, and a new render, for every value an attacker tries.
Pages are therefore built and cached from the canonical query only: the parameters their view
reads, without empty values (which every view takes as absent), sorted. Everything else is
dropped before the view runs, so the page is the same for every such request, links included.

A view that starts reading a new parameter must be named here; a test reads the views' source
for ``GET.get("…")`` and fails until it is.
"""

from django.http import QueryDict
from django.urls import Resolver404, resolve

FILTERS = ("sector", "category", "level", "stage", "township", "q", "sort")
DISCLOSURE_FILTERS = ("sector", "unit", "completeness", "late", "q")

# By URL name (namespace:name), as resolve() reports it.
QUERY_PARAMETERS = {
    "projects:project_list": {*FILTERS, "page"},
    "projects:project_list_csv": set(FILTERS),
    "projects:project_map": {*FILTERS, "page"},
    "projects:disclosure": {*DISCLOSURE_FILTERS, "page"},
    "projects:disclosure_csv": set(DISCLOSURE_FILTERS),
    "projects:news_list": {"page"},
    "projects:search": {"q", "kind", "page"},
    "projects:project_sheet": {"size"},
    # Django's own sitemap view pages long sitemaps with ?p=.
    "django.contrib.sitemaps.views.sitemap": {"p"},
}


def understood(path_info: str) -> set[str]:
    try:
        return QUERY_PARAMETERS.get(resolve(path_info).view_name, set())
    except Resolver404:
        return set()


def canonical(query: QueryDict, names: set[str]) -> QueryDict:
    """*query* with only *names*, no empty values, in one order whatever order it came in."""
    pairs = sorted({(k, v) for k in query if k in names for v in query.getlist(k) if v})
    result = QueryDict(mutable=True)
    for name, value in pairs:
        result.appendlist(name, value)
    result._mutable = False
    return result


def reduce_to_understood(request) -> None:
    """Keep in ``request.GET`` only what the addressed view understands (see above)."""
    if request.GET:
        request.GET = canonical(request.GET, understood(request.path_info))
