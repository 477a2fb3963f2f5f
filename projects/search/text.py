"""How text is compared: the same normal form for what is indexed and for what is asked.

NFKC (full-width letters, digits and spaces become ordinary ones) and lower case; anything that
is neither a letter nor a digit (punctuation, symbols) separates words. For marking what was
found, the same is done character by character, so that a match found in the normal form maps
back onto the text as shown.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY = 100  # characters, as the search boxes allow

# Letters and digits from U+2E80 on (Chinese, Japanese, Korean and the like) are written
# without spaces between words: each stands alone. Latin, digits and the other alphabets run
# together into words.
UNSPACED_FROM = "\u2e80"
_SEPARATORS = re.compile(r"[\W_]+")


def is_unspaced(char: str) -> bool:
    return char >= UNSPACED_FROM


def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).lower()
    return "".join(c if c.isalnum() else " " for c in folded)


def normalise(text: str) -> str:
    """*text* in the compared form, words separated by single spaces."""
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text or "").lower()).strip()


def folded_with_origins(text: str) -> tuple[str, list[int]]:
    """The compared form of *text* without collapsing spaces, and for each of its characters
    the index of the character of *text* it came from (for highlighting)."""
    out, origins = [], []
    for index, char in enumerate(text):
        for c in _fold(char):
            out.append(c)
            origins.append(index)
    return "".join(out), origins


def grams(normalised: str) -> set[str]:
    """Every pair of adjacent characters within a word where at least one is unspaced."""
    found = set()
    for word in normalised.split():
        if len(word) > 1 and max(word) >= UNSPACED_FROM:
            found.update(
                word[i : i + 2]
                for i in range(len(word) - 1)
                if word[i] >= UNSPACED_FROM or word[i + 1] >= UNSPACED_FROM
            )
    return found


def units(word: str) -> list[str]:
    """A query word's units: each Chinese character alone, each run of other letters whole."""
    out: list[str] = []
    for char in word:
        if is_unspaced(char) or not out or is_unspaced(out[-1][-1]):
            out.append(char)
        else:
            out[-1] += char
    return out


@dataclass
class Query:
    """What a visitor typed, read: the words to find, or why there are none."""

    raw: str
    words: list[list[str]]  # each word as its units
    problem: str = ""  # "too_long" or "no_words"

    @property
    def ok(self) -> bool:
        return bool(self.words) and not self.problem


def parse(raw: str) -> Query:
    """Split *raw* on spaces and punctuation into words; all of them must be found."""
    raw = (raw or "").strip()
    if len(raw) > MAX_QUERY:
        return Query(raw, [], "too_long")
    seen, words = set(), []
    for word in normalise(raw).split():
        if word not in seen:
            seen.add(word)
            words.append(units(word))
    return Query(raw, words, "" if words or not raw else "no_words")
