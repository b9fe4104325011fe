"""The review workspace pages: sign-in, upload, review queue, review page, learned hints (admin).

Pages are server-rendered templates (api/web/templates) plus plain JS and CSS (api/web/static) that call
the same JSON API as tokens do, signed in through the session cookie (api/sessions.py). All assets,
the Tibetan web font included, are served from here: it works offline. The interface is zh-CN by
default; `?lang=en` (remembered in a cookie) switches to English.
"""
from __future__ import annotations

import json
import secrets
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from yigcha.api.deps import SessionDep, SettingsDep
from yigcha.api.sessions import (
    LOGIN_CSRF_COOKIE,
    SessionMiddleware,
    WebSession,
    clear_session_cookie,
    is_https,
    make_session_cookie,
    session_secret,
    set_session_cookie,
)
from yigcha.models.tables import Role
from yigcha.storage.audit import add_audit_event
from yigcha.storage.corrections import DOC_TYPES
from yigcha.storage.users import authenticate_user

WEB = Path(__file__).resolve().parent.parent / "web"
LANGS = ("zh-CN", "en")
LANG_COOKIE = "yigcha_lang"
REVIEWERS = (Role.reviewer, Role.admin)

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(WEB / "templates"))


def install(app: FastAPI) -> None:
    """Add the pages, their static files and the session middleware to the app."""
    app.add_middleware(SessionMiddleware)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.include_router(router)


@cache
def catalogue(lang: str) -> dict[str, str]:
    return json.loads((WEB / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))


def pick_lang(request: Request) -> str:
    wanted = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or LANGS[0]
    return wanted if wanted in LANGS else LANGS[0]


def _render(request: Request, template: str, *, title: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = pick_lang(request)
    messages = catalogue(lang)
    web: WebSession | None = getattr(request.state, "web_session", None)
    page = templates.TemplateResponse(request, template, status_code=status_code, context={
        "lang": lang, "t": lambda key: messages.get(key, key), "title": title, "user": web,
        "csrf": web.csrf_token if web else "", "is_reviewer": bool(web and web.role in REVIEWERS),
        "is_admin": bool(web and web.role == Role.admin),
        "messages_json": json.dumps(messages, ensure_ascii=False).replace("</", "<\\/"), **context,
    })
    if request.query_params.get("lang") in LANGS:
        page.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", secure=is_https(request))
    return page


def _signed_in(request: Request, *roles: Role) -> WebSession | Response:
    """The page's user, or the response to send instead (sign-in redirect, 403 page)."""
    web: WebSession | None = getattr(request.state, "web_session", None)
    if web is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    if roles and web.role not in roles and web.role != Role.admin:
        return _render(request, "forbidden.html", title="forbidden", status_code=403)
    return web


def _local_path(target: str | None) -> str:
    """Only same-site paths are followed after sign-in (no open redirect)."""
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    web = _signed_in(request)
    if isinstance(web, Response):
        return web
    return RedirectResponse("/queue" if web.role in REVIEWERS else "/upload", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None):
    if getattr(request.state, "web_session", None) is not None:
        return RedirectResponse(_local_path(next), status_code=303)
    return _login_form(request, next=next)


def _login_form(request: Request, *, next: str | None, error: str | None = None, status_code: int = 200):
    token = secrets.token_urlsafe(24)
    page = _render(request, "login.html", title="sign_in", login_csrf=token, next=_local_path(next), error=error,
                   status_code=status_code)
    page.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, httponly=True, samesite="strict",
                    secure=is_https(request), path="/login")
    return page


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, session: SessionDep, settings: SettingsDep,
          username: Annotated[str, Form()], password: Annotated[str, Form()],
          csrf_token: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/"):
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return _login_form(request, next=next, error="error_csrf", status_code=403)
    user = authenticate_user(session=session, username=username, password=password)
    if user is None:
        add_audit_event(session=session, actor=username[:128], action="sign_in_failed", target="web")
        return _login_form(request, next=next, error="error_sign_in", status_code=401)
    add_audit_event(session=session, actor=user.username, action="sign_in", target="web")
    response = RedirectResponse(_local_path(next), status_code=303)
    cookie = make_session_cookie(session_secret(settings), user_id=user.id, hours=settings.session_hours)
    set_session_cookie(response, request, cookie, hours=settings.session_hours)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form()] = ""):
    web: WebSession | None = getattr(request.state, "web_session", None)
    if web is not None and not secrets.compare_digest(web.csrf_token, csrf_token):
        return Response("CSRF token mismatch: reload the page", status_code=403)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response, request)
    return response


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request):
    web = _signed_in(request)
    if isinstance(web, Response):
        return web
    return _render(request, "upload.html", title="nav_upload",
                   may_upload=web.role in (Role.uploader, Role.reviewer, Role.admin))


@router.get("/queue", response_class=HTMLResponse)
def queue_page(request: Request):
    web = _signed_in(request, *REVIEWERS)
    return web if isinstance(web, Response) else _render(request, "queue.html", title="nav_queue")


@router.get("/review/{record_id:int}", response_class=HTMLResponse)
def review_page(request: Request, record_id: int):
    web = _signed_in(request, *REVIEWERS)
    if isinstance(web, Response):
        return web
    return _render(request, "review.html", title="review_title", record_id=record_id, doc_types=DOC_TYPES)


@router.get("/admin/hints", response_class=HTMLResponse)
def hints_page(request: Request):
    web = _signed_in(request, Role.admin)
    return web if isinstance(web, Response) else _render(request, "hints.html", title="nav_hints")
