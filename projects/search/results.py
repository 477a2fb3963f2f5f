"""Reading results: the first few of each kind with how many each has, or one kind page by
page, each result with the words it was found by marked.

Order within a kind: entries whose title (with the code) holds every word first, then the
kind's own order (projects by code, targets as the plan lists them, news newest first).
"""

from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from projects.models import SearchEntry, SearchKind
from projects.views.common import is_english

from .matching import found_pieces, query_condition
from .text import Query, folded_with_origins

KINDS = [SearchKind.PROJECT, SearchKind.TARGET, SearchKind.NEWS]
# Characters of a summary shown around its first match: about two lines either way.
DETAIL_SHOWN = {"zh": 120, "en": 200}
URL_NAMES = {
    SearchKind.PROJECT: "projects:project_detail",
    SearchKind.TARGET: "projects:target_detail",
    SearchKind.NEWS: "projects:news_detail",
}


def matching(query: Query, kind: str = ""):
    """The entries *query* finds, public now; of one *kind* if given."""
    now = timezone.now()
    public = SearchEntry.objects.filter(Q(visible_from__isnull=True) | Q(visible_from__lte=now))
    if kind:
        public = public.filter(kind=kind)
    return public.filter(query_condition(query.words))


def ranked(query: Query, kind: str = ""):
    """``matching`` with title matches first, then each kind's own order."""
    title_first = Case(
        When(query_condition(query.words, "title_text"), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return matching(query, kind).annotate(title_rank=title_first)


ORDER = [F("title_rank").asc(), F("sort_key").asc(), F("pk").asc()]


def first_of_each_kind(query: Query, per_kind: int) -> dict[str, tuple[int, list]]:
    """kind -> (how many it finds, its first *per_kind* entries), in two queries: which ones
    (ranked over the ids and titles only, since a query may find thousands), then those."""
    first = (
        ranked(query)
        .annotate(
            row=Window(RowNumber(), partition_by=[F("kind")], order_by=ORDER),
            found=Window(Count("pk"), partition_by=[F("kind")]),
        )
        .filter(row__lte=per_kind)
        .order_by("kind", "row")
        .values_list("pk", "kind", "found")
    )
    first = list(first)
    read = SearchEntry.objects.in_bulk([pk for pk, _, _ in first])
    groups = {kind: (0, []) for kind in KINDS}
    for pk, kind, found in first:
        groups[kind] = (found, [*groups[kind][1], read[pk]])
    return groups


def counts_by_kind(query: Query) -> dict[str, int]:
    found = matching(query).order_by().values("kind").annotate(n=Count("pk"))
    counts = dict.fromkeys(KINDS, 0)
    counts.update({row["kind"]: row["n"] for row in found})
    return counts


def ids_in_order(query: Query, kind: str):
    """The ids of what *query* finds of *kind*, in order; a page of them is read with
    ``entries``, so the database sorts ids rather than whole entries."""
    return ranked(query, kind).order_by(*ORDER).values_list("pk", flat=True)


def entries(ids) -> list[SearchEntry]:
    found = SearchEntry.objects.in_bulk(list(ids))
    return [found[pk] for pk in ids if pk in found]


@dataclass
class Result:
    url: str
    title: SafeString
    detail: SafeString
    context: SafeString
    key: str


def shown(entry: SearchEntry, query: Query) -> Result:
    """*entry* as the page shows it, in the page's language, matched words marked."""
    pieces = [piece for word in query.words for piece in found_pieces(word, entry.text)]
    english = is_english()

    def pick(field: str) -> str:
        text = getattr(entry, field)
        return (getattr(entry, f"{field}_en") or text) if english else text

    return Result(
        url=reverse(URL_NAMES[entry.kind], args=[entry.key]),
        title=marked(pick("title"), pieces),
        detail=marked(pick("detail"), pieces, limit=DETAIL_SHOWN["en" if english else "zh"]),
        context=marked(pick("context"), pieces),
        key=entry.key,
    )


def _spans(folded: str, origins: list[int], pieces) -> list[tuple[int, int]]:
    spans = []
    for piece in set(pieces):
        start = folded.find(piece)
        while start != -1:
            spans.append((origins[start], origins[start + len(piece) - 1] + 1))
            start = folded.find(piece, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def marked(text: str, pieces, *, limit: int | None = None) -> SafeString:
    """*text* escaped, with every occurrence of *pieces* (normalised) in ``<mark>``; cut to
    *limit* characters around the first one, with an ellipsis where text is left out."""
    folded, origins = folded_with_origins(text)
    spans = _spans(folded, origins, [p for p in pieces if p])
    start, end = 0, len(text)
    if limit is not None and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - limit // 4, len(text) - limit))
        # English is cut between words where one ends close by.
        space = text.find(" ", start, min(first, start + 20)) if start else -1
        end = start + limit
        start = space + 1 if space != -1 else start
    out = ["…" if start else ""]
    at = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        out.append(escape(text[at:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        at = span_end
    out.append(escape(text[at:end]))
    out.append("…" if end < len(text) else "")
    return mark_safe("".join(out))  # every piece of text above went through escape()
