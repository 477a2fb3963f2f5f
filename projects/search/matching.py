"""Which entries a query finds, as one SQL condition that SQLite and PostgreSQL read alike.

Every word of the query must be found (AND). A word of one unit (牛, wind, 2026) is found where
the text contains it. A longer word is found where it can be cut into pieces of two or three
units that the entry's text all contains: 风电项目 is found in 120万千瓦风电基地 (风电, and 项目
among the words every project is found by), 中安信肉牛 in 中安信肉牛屠宰加工产业园二期 whole.
Pieces of two and three cover every longer cut, since a text holding a longer piece holds its
parts too; a single character is never a piece, or 风电场 would find every text with 场 in it.

Two Chinese characters are looked up in the bigram table (an index lookup, exact); longer
pieces are checked with LIKE on the entries the word's first and last bigrams already narrow
down to. Whether an entry matches depends on that entry alone, not on what else is indexed.
"""

from django.db.models import Q

from projects.models import SearchGram

from .text import is_unspaced

MAX_UNITS = 8  # a longer word is cut into parts of at most this many units, each found alone


def parts(word: list[str]) -> list[list[str]]:
    """*word* cut into near-equal parts of at most MAX_UNITS units (each at least two)."""
    count = -(-len(word) // MAX_UNITS)
    size, extra = divmod(len(word), count)
    out, start = [], 0
    for n in range(count):
        end = start + size + (1 if n < extra else 0)
        out.append(word[start:end])
        start = end
    return out


def _has_gram(gram: str) -> Q:
    return Q(pk__in=SearchGram.objects.filter(gram=gram).values("entry_id"))


def _piece(piece: str, field: str) -> Q:
    if field == "text" and len(piece) == 2 and all(map(is_unspaced, piece)):
        return _has_gram(piece)
    return Q(**{f"{field}__contains": piece})


def _cuts(word: list[str], start: int, field: str) -> Q | None:
    """The condition that word[start:] can be cut into pieces the text holds; None if no cut
    of it exists (one unit left over)."""
    left = len(word) - start
    if left == 0:
        return Q()
    options = []
    for size in (2, 3):
        if size > left or left - size == 1:
            continue
        rest = _cuts(word, start + size, field)
        if rest is not None:
            options.append(_piece("".join(word[start : start + size]), field) & rest)
    if not options:
        return None
    condition = options[0]
    for option in options[1:]:
        condition |= option
    return condition


def _boundary(word: list[str], at: int) -> str:
    return word[at][-1] + word[at + 1][0]


def _bigrams_only(part: list[str]) -> bool:
    """Whether the only cut of *part* is into Chinese bigrams (风电, 风电项目): then it is
    looked up in the index as it is, with nothing to narrow first."""
    return len(part) in (2, 4) and all(len(u) == 1 and is_unspaced(u) for u in part)


def word_condition(word: list[str], field: str = "text") -> Q:
    """The condition that *field* of an entry holds *word* (its units)."""
    condition = Q()
    for part in parts(word):
        if len(part) == 1:
            condition &= Q(**{f"{field}__contains": part[0]})
            continue
        if field == "text" and not _bigrams_only(part):
            # Every cut starts with the first two units and ends with the last two: their
            # bigrams narrow the candidates through the index before any LIKE is tried.
            condition &= _has_gram(_boundary(part, 0)) & _has_gram(_boundary(part, len(part) - 2))
        condition &= _cuts(part, 0, field)
    return condition


def query_condition(words, field: str = "text") -> Q:
    condition = Q()
    for word in words:
        condition &= word_condition(word, field)
    return condition


def found_pieces(word: list[str], text: str) -> list[str]:
    """The pieces by which *text* (normalised) holds *word*: the whole word if it is there,
    else the longest cut (fewest pieces); [] if the text does not hold it."""
    pieces = []
    for part in parts(word):
        whole = "".join(part)
        if len(part) == 1 or whole in text:
            pieces.append(whole)
            continue
        best = _best_cut(part, text)
        pieces.extend(best or [])
    return pieces


def _best_cut(part: list[str], text: str) -> list[str] | None:
    best: dict[int, list[str] | None] = {len(part): []}
    for start in range(len(part) - 1, -1, -1):
        options = []
        for end in range(start + 2, len(part) + 1):
            rest = best.get(end)
            piece = "".join(part[start:end])
            if rest is not None and piece in text:
                options.append([piece, *rest])
        best[start] = min(options, key=len) if options else None
    return best[0]
