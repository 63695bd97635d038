"""Where a meeting's body, date, municipality and document type come from, in order of trust.

Pure. Each source yields candidates with a description of where they were read, so `inspect` can show
an operator why a value was chosen. Precise before complete: a value is taken only where the document
(or the operator) states it for this meeting; a name merely mentioned in running text never is.
Order: sidecar / flags, YAML front matter, labelled header lines ("Beslutande organ: ..."), header
and heading lines, the file name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from protokollet.models import DocType

from .dates import find_dates, parse_date
from .places import fold, mentions, official_name, place_in_words
from .structure import body_name, doc_type_word

# Front matter keys converted minutes use, by the field they state.
_YAML_KEYS: dict[str, tuple[str, ...]] = {
    "body": (
        "organ",
        "body",
        "nämnd",
        "namnd",
        "beslutande organ",
        "styrelse",
        "forum",
        "committee",
        "title",
        "titel",
    ),
    "municipality": ("kommun", "municipality", "region", "organisation", "organization", "kommunnamn"),
    "date": ("datum", "date", "sammanträdesdatum", "mötesdatum", "motesdatum", "meeting_date"),
    "doc_type": ("typ", "type", "doc_type", "dokumenttyp", "document_type", "handlingstyp"),
}
_LABELLED_BODY_RE = re.compile(
    r"^\s*(?:beslutande\s+organ|organ|nämnd|mötesforum|mötesform|forum|instans)\s*(?::|\s)\s*(?P<v>\S.*)$",
    re.IGNORECASE,
)
_LABELLED_MUNICIPALITY_RE = re.compile(
    r"^\s*(?:kommun|region|organisation)\s*(?::|\t|\s{2,})\s*(?P<v>\S.*)$", re.I
)
_FILE_BODIES = {
    "kommunstyrelsen": "Kommunstyrelsen",
    "ks": "Kommunstyrelsen",
    "kommunfullmaktige": "Kommunfullmäktige",
    "kf": "Kommunfullmäktige",
    "regionstyrelsen": "Regionstyrelsen",
    "regionfullmaktige": "Regionfullmäktige",
}
#: The nämnder's abbreviations that municipalities share, as a labelled field may give them ("Beslutande
#: organ: BUN"); a field holding another abbreviation keeps it as written (`_ABBREVIATION_RE`).
_BODY_ABBREVIATIONS = {
    **_FILE_BODIES,
    "bun": "Barn- och utbildningsnämnden",
    "sn": "Socialnämnden",
    "sbn": "Samhällsbyggnadsnämnden",
    "kfn": "Kultur- och fritidsnämnden",
    "mbn": "Miljö- och byggnadsnämnden",
    "ksau": "Kommunstyrelsens arbetsutskott",
}
_ABBREVIATION_RE = re.compile(r"[A-ZÅÄÖ]{2,6}(?:-[A-ZÅÄÖ]{2,4})?")


@dataclass
class Found:
    """Metadata values with the place each was read from ("line 3: 'Organ  Kommunstyrelsen'")."""

    values: dict[str, object] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def offer(self, name: str, value: object, source: str) -> None:
        """Keep `value` unless a more trusted source already gave this field."""
        if value is not None and value != "" and name not in self.values:
            self.values[name] = value
            self.sources[name] = source


def _doc_type(value: str) -> DocType | None:
    try:
        return DocType(value.strip().lower())
    except ValueError:
        return doc_type_word(value)


def front_matter_metadata(fields: dict[str, str], found: Found) -> None:
    """Offer what YAML front matter states (`kommun: Lomma`, `datum: 2025-02-07`, `organ: ...`)."""
    for name, keys in _YAML_KEYS.items():
        key = next((k for k in keys if fields.get(k)), None)
        if key is None:
            continue
        raw = fields[key]
        value: object
        if name == "date":
            value = parse_date(raw)
        elif name == "doc_type":
            value = _doc_type(raw)
        elif name == "municipality":
            value = official_name(raw) or official_name(f"{raw} kommun") or _place(raw)
        else:
            value = body_label(raw)
        found.offer(name, value, f"YAML front matter '{key}: {raw}'")


def body_label(value: str) -> str | None:
    """A body as a field states it: a name ("Barn- och utbildningsnämnden") or a common abbreviation."""
    if abbreviation := _FILE_BODIES.get(fold(value.strip())):
        return abbreviation
    found = body_name(value)
    return found[0] if found else None


def _place(text: str) -> str | None:
    hits = mentions(text)
    return hits[0][0] if hits else None


def labelled_body(line: str) -> str | None:
    """The body after a header label: "Beslutande organ: Kommunfullmäktige", "Organ  BUN" (an
    abbreviation: the field says it is the body, which beats any heading that merely looks like one)."""
    m = _LABELLED_BODY_RE.match(line)
    if not m:
        return None
    value = m.group("v").strip()
    if expanded := _BODY_ABBREVIATIONS.get(value.casefold().replace("-", "")):
        return expanded
    found = body_name(value)
    if found:
        return found[0]
    return value if _ABBREVIATION_RE.fullmatch(value) else None


def labelled_municipality(line: str) -> str | None:
    """The municipality after a header label: "Kommun: Lomma kommun"."""
    m = _LABELLED_MUNICIPALITY_RE.match(line)
    if not m:
        return None
    value = m.group("v").strip()
    return official_name(value) or official_name(f"{value} kommun") or _place(value)


_ISO_DATE_RE = re.compile(r"(?<!\d)(?:19|20)\d\d-\d\d-\d\d(?!\d)")


def file_name_metadata(source_path: str, found: Found, *, with_date: bool) -> None:
    """Offer what the file name states: a date, a municipality's place name, a body, a type."""
    stem = PurePath(source_path).stem
    source = f"file name '{PurePath(source_path).name}'"
    if with_date:
        # "stamma-2025-09-20-protokoll": an ISO date between hyphens is still the file's date.
        dates = find_dates(stem.replace("_", " ")) or find_dates(" ".join(_ISO_DATE_RE.findall(stem)))
        if dates:
            found.offer("date", dates[0].date, source)
    words = [w for w in re.split(r"[\s_.-]+", stem.lower()) if w and not w.isdigit()]
    found.offer("municipality", place_in_words(words), source)
    found.offer("body", next((_FILE_BODIES[w] for w in words if w in _FILE_BODIES), None), source)
    found.offer("doc_type", next((t for w in words if (t := doc_type_word(w))), None), source)


def meeting_date(found: Found) -> dt.date | None:
    value = found.values.get("date")
    return value if isinstance(value, dt.date) else None
