"""Words in names: how any name a document gives (camelCase, kebab-case, 'Products & SKUs')
splits into words, and the neutral type name made of them.

Front-ends use these to name the types they hoist; targets case the words their own way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_NAME = 80  # long enough for real names; keeps hostile 10 000-char names manageable

# Zero-width boundaries, so overlapping ones (GetXResponse) all split.
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# SKUs, IDs, URLs stay one word. Anchored at the start of a capital run: unanchored, a
# 10 000-letter name backtracked quadratically (a second per call).
_PLURAL_ACRONYM = re.compile(r"(?<![A-Z])([A-Z]{2,})s\b")
_NON_WORD = re.compile(r"[^0-9a-zA-Z]+")


def _ascii(text: str) -> str:
    """Fold accents away and drop anything that is still not ASCII."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=65536)  # a spec names the same few thousand things over and over
def words(text: str) -> tuple[str, ...]:
    """Split any name (camelCase, kebab-case, 'Products & SKUs', {braces}) into lower words."""
    spaced = _WORD_BOUNDARY.sub(" ", _PLURAL_ACRONYM.sub(lambda m: m[1] + "S", _ascii(str(text))))
    return tuple(w.lower() for w in _NON_WORD.split(spaced) if w)


@lru_cache(maxsize=65536)
def pascal(text: str, fallback: str = "Model") -> str:
    """The PascalCase type name of ``text``: its words capitalised, never starting with a digit."""
    name = "".join(w.capitalize() if not w.isdigit() else w for w in words(text))[:MAX_NAME]
    name = name or fallback
    return f"{fallback}{name}" if name[:1].isdigit() else name


def singular(word: str) -> str:
    """A naive singular for naming array items: categories -> category, items -> item."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word + "Item"


def singular_noun(word: str) -> str:
    """The singular of a plural noun (``activity_logs`` -> ``activity_log``), else ``word``."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


class Namer:
    """Hands out distinct names, adding _2, _3 … (or 2, 3 … for types) on collision.

    Comparison is case-insensitive, because two names differing only in case would collide
    as files on case-insensitive file systems and confuse readers. Each name remembers the
    last number it handed out, so n collisions cost O(n), not O(n²).
    """

    def __init__(self, taken: tuple[str, ...] | list[str] | set[str] | frozenset[str] = (),
                 separator: str = "_") -> None:
        self._taken = {name.lower() for name in taken}
        self._next: dict[str, int] = {}  # lower-case name -> the next number to try
        self._separator = separator

    def taken(self, name: str) -> bool:
        """True when ``name`` (in any letter case) was already handed out."""
        return name.lower() in self._taken

    def claim(self, name: str) -> str:
        """Return ``name`` or the first free numbered variant, and mark it taken."""
        key = name.lower()
        candidate = name
        if key in self._taken:
            n = self._next.get(key, 2)
            while f"{key}{self._separator}{n}" in self._taken:
                n += 1
            self._next[key] = n + 1
            candidate = f"{name}{self._separator}{n}"
        self._taken.add(candidate.lower())
        return candidate
