"""Request dependencies: settings, services, a DB session, and who is asking (token → role)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from yigcha.ingest.queue import Dispatcher
from yigcha.models.settings import Settings, get_settings
from yigcha.models.tables import Role
from yigcha.storage.db import session_scope
from yigcha.storage.objects import ObjectStore
from yigcha.storage.tokens import authenticate_token


@dataclass(slots=True)
class Services:
    """What the app opened at start-up (see `api.app.lifespan`)."""

    settings: Settings
    factory: sessionmaker[Session]
    store: ObjectStore
    dispatcher: Dispatcher


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a token (or, from the review workspace, a signed-in user) and its role."""

    name: str
    role: Role
    kind: str = "token"

    def may(self, *roles: Role) -> bool:
        return self.role == Role.admin or self.role in roles


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_session(services: Annotated[Services, Depends(get_services)]) -> Iterator[Session]:
    with session_scope(services.factory) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
ServicesDep = Annotated[Services, Depends(get_services)]
SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="An API token from `yigcha token create --role ROLE`")


def current_principal(
    request: Request, session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller. A middleware may set `request.state.principal` first (signed-in review workspace users)."""
    preset = getattr(request.state, "principal", None)
    if isinstance(preset, Principal):
        return preset
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "send Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    row = authenticate_token(session=session, token=credentials.credentials)
    if row is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown, revoked or expired token",
                            headers={"WWW-Authenticate": "Bearer"})
    return Principal(name=row.name, role=Role(row.role))


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require(*roles: Role):
    """A dependency that lets through `roles` (and admin, who may do everything)."""

    def check(principal: PrincipalDep) -> Principal:
        if not principal.may(*roles):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"role {principal.role.value} may not do this")
        return principal

    return check


def may_read_secret(principal: Principal, settings: Settings) -> bool:
    """Records of notices with 密级 are for these roles only (YIGCHA_SECRET_ROLES)."""
    return principal.role == Role.admin or principal.role.value in settings.secret_roles
