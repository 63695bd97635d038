"""Per-file metadata from a sidecar JSON file, merged with the metadata given on the command line.

A sidecar sits next to the document as `<file>.json` (`protokoll.pdf.json`) or `<stem>.json`
(`protokoll.json`); the first is preferred when both exist. It holds any of the keys
`body`, `municipality`, `date` (YYYY-MM-DD) and `doc_type` (protokoll, kallelse, minnesanteckningar).

Precedence, field by field: **sidecar > command-line flags**. Flags apply to every file of a run
(`protokollet ingest folder/ --municipality "Region Örebro län"`), a sidecar describes exactly one
file, so the more specific source wins; a flag still fills any field the sidecar leaves out. Both are
*hints*: the parser uses them only where the document text itself does not state the value.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from protokollet.errors import BadDocument
from protokollet.models import MetadataHints

SIDECAR_SUFFIX = ".json"
_FIELDS = frozenset(MetadataHints.model_fields)


def sidecar_path(path: Path) -> Path | None:
    """The sidecar that belongs to `path`, if one exists."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_suffix(SIDECAR_SUFFIX)):
        if candidate != path and candidate.is_file():
            return candidate
    return None


def parse_sidecar(raw: str, name: str) -> MetadataHints:
    """Validate sidecar JSON text; every problem becomes one `BadDocument` line naming the sidecar."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadDocument(f"sidecar {name}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise BadDocument(f"sidecar {name}: expected a JSON object with keys {sorted(_FIELDS)}")
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise BadDocument(f"sidecar {name}: unknown key(s) {unknown}; allowed: {sorted(_FIELDS)}")
    try:
        return MetadataHints.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(x) for x in first["loc"])
        raise BadDocument(f"sidecar {name}: {field}: {first['msg']}") from None


def read_sidecar(path: Path) -> MetadataHints | None:
    """The hints from the sidecar of `path`, or None when it has none."""
    found = sidecar_path(path)
    if found is None:
        return None
    try:
        raw = found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadDocument(f"sidecar {found}: cannot read ({exc})") from None
    return parse_sidecar(raw, str(found))


def merge_hints(flags: MetadataHints | None, sidecar: MetadataHints | None) -> MetadataHints | None:
    """Combine field by field, the sidecar's value winning over the flag's (see module docstring)."""
    if flags is None or sidecar is None:
        return sidecar or flags
    return flags.model_copy(update=sidecar.model_dump(exclude_none=True))
