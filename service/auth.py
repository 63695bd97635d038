"""Who may do what: writes always need the operator token; reads need it when the deployment says so.

One check serves both: a constant-time comparison of the Bearer token with `PROTOKOLLET_API_TOKEN`.
With `PROTOKOLLET_REQUIRE_TOKEN_FOR_READS=true` every `/api/*` call and `/metrics` need the token too;
the page (`/`, `/static/*`), the liveness probe `/healthz` and the API description stay open, since
they hold no minutes. Without a configured token, writes (and protected reads) are switched off: 403.
Writes are checked by the `require_operator` dependency, reads by the middleware `middleware.ReadAccess`.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from protokollet.settings import Settings

CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Denied:
    """Why a request may not go on: 401 (no or wrong token) or 403 (no token configured at all)."""

    status: int
    detail: str


WRITES_DISABLED = (
    "uploads and re-indexing are disabled: no operator token is configured (set PROTOKOLLET_API_TOKEN)"
)
READS_DISABLED = (
    "reads require the operator token but none is configured "
    "(set PROTOKOLLET_API_TOKEN, or PROTOKOLLET_REQUIRE_TOKEN_FOR_READS=false)"
)


def authorize(settings: Settings, presented: str | None, unconfigured: str) -> Denied | None:
    """None when `presented` is the operator token; otherwise why not (`unconfigured`: the 403 line)."""
    token = settings.api_token.get_secret_value() if settings.api_token else ""
    if not token:
        return Denied(403, unconfigured)
    if not presented:
        return Denied(401, "missing operator token (Authorization: Bearer <token>)")
    if not hmac.compare_digest(presented.encode(), token.encode()):
        return Denied(401, "wrong operator token")
    return None


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, None for anything else."""
    scheme, _, token = (authorization or "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


_bearer = HTTPBearer(auto_error=False, description="The operator token (`PROTOKOLLET_API_TOKEN`).")


def require_operator(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    """Dependency of the write endpoints (uploads, re-index)."""
    settings: Settings = request.app.state.service.settings
    denied = authorize(settings, credentials.credentials if credentials else None, WRITES_DISABLED)
    if denied is not None:
        raise HTTPException(denied.status, denied.detail, CHALLENGE if denied.status == 401 else None)


def is_protected_read(path: str) -> bool:
    return path.startswith("/api/") or path == "/metrics"
