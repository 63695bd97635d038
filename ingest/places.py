"""Sweden's municipalities and regions by name: the only municipalities the parser will state.

A letterhead slogan ("Möjligheternas kommun") or a name merely mentioned in running text must never
become a meeting's municipality, so a name counts only when it is one of the 290 municipalities or 21
regions of `municipalities.tsv` (SCB's list; its source is named in the file). The name returned is
the organisation's own ("Göteborgs Stad", "Falu kommun", "Region Örebro län"), whatever form was printed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

_TSV = Path(__file__).with_name("municipalities.tsv")


def fold(text: str) -> str:
    """Lowercase without diacritics, for names in file names ("jonkoping" = "Jönköping")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(printed form, lowercased → official name; plain place name folded → official name)."""
    forms: dict[str, str] = {}
    places: dict[str, str] = {}
    for raw in _TSV.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        code, name, official, _county = raw.split("\t")[:4]
        if code == "code":
            continue
        region = len(code) == 2
        variants = {official}
        if region:
            variants |= {f"Region {name}", f"Region {name} län", f"{name}s läns landsting"}
        else:
            variants.add(f"{name} kommun")
            if not name.endswith(("s", "x", "z")):  # the legal genitive form: "Göteborgs kommun"
                variants.add(f"{name}s kommun")
            if "stad" in official.lower():
                variants |= {f"{name} stad", f"{name}s stad"}
        for variant in variants:
            forms.setdefault(variant.lower(), official)
        if not region:
            places.setdefault(fold(name), official)
    return forms, places


@cache
def _pattern() -> re.Pattern[str]:
    forms, _ = _table()
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\wåäöÅÄÖ-])(?:{alternatives})(?![\wåäöÅÄÖ])", re.IGNORECASE)


def official_name(printed: str) -> str | None:
    """The official name when `printed` is exactly a municipality's or region's name."""
    return _table()[0].get(" ".join(printed.split()).lower())


def mentions(text: str) -> list[tuple[str, int, int]]:
    """Every municipality or region name in `text`: (official name, start, end)."""
    forms, _ = _table()
    return [(forms[m.group(0).lower()], m.start(), m.end()) for m in _pattern().finditer(text)]


def place_in_words(words: list[str]) -> str | None:
    """The municipality named by a bare place-name word of a file name ("goteborg", "lomma")."""
    _, places = _table()
    for word in words:
        found = places.get(fold(word))
        if found:
            return found
    return None
