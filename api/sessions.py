"""Review-workspace sign-in: signed session cookies, CSRF tokens, and the middleware that turns a valid
cookie into the request's `Principal` (so every API route works for a signed-in user as for a token).

The cookie is `HttpOnly`, `SameSite=Lax` and `Secure` when the page is served over https; it carries the
user id, an expiry and a random session id, signed with HMAC-SHA256. The user row is read on every
request, so a disabled user or a changed role takes effect at once. State-changing requests made with
the cookie must carry the session's CSRF token in `X-CSRF-Token` (JS) or a `csrf_token` form field (the
few form routes in `FORM_PATHS`, which check it themselves); a foreign `Origin` is refused outright.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from yigcha.api.deps import Principal
from yigcha.models.settings import Settings
from yigcha.models.tables import Role
from yigcha.storage.db import session_scope
from yigcha.storage.users import get_user

SESSION_COOKIE = "yigcha_session"
LOGIN_CSRF_COOKIE = "yigcha_login_csrf"  # double-submit token of the sign-in form (no session yet)
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_PATHS = frozenset({"/logout"})  # form posts that check the `csrf_token` field in the route


@dataclass(frozen=True, slots=True)
class WebSession:
    """A signed-in user's session, as the pages see it."""

    user_id: int
    username: str
    role: Role
    sid: str
    csrf_token: str


def session_secret(settings: Settings) -> bytes:
    """YIGCHA_SESSION_SECRET, or a random key created once in the data dir (embedded, single host).

    Several API hosts must share YIGCHA_SESSION_SECRET, or a cookie signed by one is refused by another.
    """
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value().encode()
    path = Path(settings.data_dir) / "session.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
        except FileExistsError:
            pass  # another process made it first
    return path.read_text().strip().encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, message: str) -> str:
    return _b64(hmac.new(secret, message.encode(), hashlib.sha256).digest())


def csrf_for(secret: bytes, sid: str) -> str:
    return _sign(secret, f"csrf|{sid}")


def make_session_cookie(secret: bytes, *, user_id: int, hours: float) -> str:
    payload = _b64(json.dumps({"u": user_id, "sid": secrets.token_urlsafe(16),
                               "exp": int(time.time() + hours * 3600)}).encode())
    return f"{payload}.{_sign(secret, payload)}"


def read_session_cookie(secret: bytes, cookie: str) -> dict | None:
    """The cookie's payload when the signature is ours and it has not expired, else None."""
    payload, _, signature = cookie.partition(".")
    if not signature or not hmac.compare_digest(signature, _sign(secret, payload)):
        return None
    try:
        data = json.loads(_unb64(payload))
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("exp", 0) > time.time() else None


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, value: str, *, hours: float) -> None:
    response.set_cookie(SESSION_COOKIE, value, max_age=int(hours * 3600), httponly=True, samesite="lax",
                        secure=is_https(request), path="/")


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=is_https(request))


def _load_session(services, cookie: str) -> WebSession | None:
    secret = session_secret(services.settings)
    data = read_session_cookie(secret, cookie)
    if data is None:
        return None
    with session_scope(services.factory) as session:
        try:
            user = get_user(session=session, user_id=int(data["u"]))
        except Exception:  # noqa: BLE001 - unknown id (deleted user) or a malformed payload: not signed in
            return None
        if user.disabled:
            return None
        return WebSession(user_id=user.id, username=user.username, role=Role(user.role), sid=str(data["sid"]),
                          csrf_token=csrf_for(secret, str(data["sid"])))


def _foreign_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return urlsplit(origin).netloc != request.headers.get("host", "")


class SessionMiddleware:
    """Sets `request.state.principal` and `request.state.web_session` from a valid session cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie and "authorization" not in request.headers:  # a bearer token wins over the cookie
            web = await run_in_threadpool(_load_session, request.app.state.services, cookie)
            if web is not None:
                refusal = self._csrf_refusal(request, web)
                if refusal is not None:
                    await refusal(scope, receive, send)
                    return
                state = scope.setdefault("state", {})
                state["web_session"] = web
                state["principal"] = Principal(name=web.username, role=web.role, kind="user")
        await self.app(scope, receive, send)

    @staticmethod
    def _csrf_refusal(request: Request, web: WebSession) -> Response | None:
        if request.method in SAFE_METHODS:
            return None
        if _foreign_origin(request):
            return JSONResponse({"code": "csrf_failed", "message": "cross-site request refused"}, status_code=403)
        token = request.headers.get(CSRF_HEADER)
        if token is None and request.url.path in FORM_PATHS:
            return None  # the route checks the form's csrf_token
        if token is None or not hmac.compare_digest(token, web.csrf_token):
            return JSONResponse({"code": "csrf_failed",
                                 "message": "missing or wrong X-CSRF-Token: reload the page and try again"},
                                status_code=403)
        return None
