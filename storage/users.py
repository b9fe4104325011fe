"""Crud for review-workspace users: argon2id password hashes (argon2-cffi), never the passwords."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from yigcha.models.errors import NotFoundError
from yigcha.models.tables import Role, User

_hasher = PasswordHasher()  # argon2id with the library's current RFC 9106 "low memory" parameters
# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("yigcha-no-such-user")

USERNAME_MAX = 128


class UserExistsError(ValueError):
    """The username is taken."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(*, session: Session, username: str, password: str, role: Role) -> User:
    """A new user; raises UserExistsError when the name is taken, ValueError on an empty name or password."""
    username = username.strip()
    if not username or len(username) > USERNAME_MAX:
        raise ValueError(f"a username has 1 to {USERNAME_MAX} characters")
    if len(password) < 8:
        raise ValueError("a password has at least 8 characters")
    if get_user_by_name(session=session, username=username) is not None:
        raise UserExistsError(f"user {username!r} exists")
    user = User(username=username, password_hash=hash_password(password), role=role.value, disabled=False)
    session.add(user)
    session.flush()
    return user


def get_user_by_name(*, session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get_user(*, session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"no user {user_id}")
    return user


def authenticate_user(*, session: Session, username: str, password: str) -> User | None:
    """The enabled user with this name and password, or None. Re-hashes outdated hashes on success."""
    user = get_user_by_name(session=session, username=username.strip())
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def set_password(*, session: Session, username: str, password: str) -> User:
    user = get_user_by_name(session=session, username=username)
    if user is None:
        raise NotFoundError(f"no user {username!r}")
    if len(password) < 8:
        raise ValueError("a password has at least 8 characters")
    user.password_hash = hash_password(password)
    return user


def set_disabled(*, session: Session, username: str, disabled: bool) -> User:
    user = get_user_by_name(session=session, username=username)
    if user is None:
        raise NotFoundError(f"no user {username!r}")
    user.disabled = disabled
    return user


def list_users(*, session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))
