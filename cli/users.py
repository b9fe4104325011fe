"""`yigcha user create|list|passwd|disable|enable`: people who sign in to the review workspace."""
from __future__ import annotations

import argparse
import getpass
import sys

from yigcha.cli.service import _factory, _guard
from yigcha.models.tables import Role


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    user = subparsers.add_parser("user", help="review-workspace users").add_subparsers(dest="user_command",
                                                                                        required=True)
    create = user.add_parser("create", help="create a user (password asked for, or read from stdin)")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--password-stdin", action="store_true", help="read the password from stdin's first line")
    create.set_defaults(run=run_user_create)
    listing = user.add_parser("list", help="list users")
    listing.set_defaults(run=run_user_list)
    passwd = user.add_parser("passwd", help="set a user's password")
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true")
    passwd.set_defaults(run=run_user_passwd)
    for name, disabled in (("disable", True), ("enable", False)):
        toggle = user.add_parser(name, help=f"{name} a user (a disabled user cannot sign in)")
        toggle.add_argument("username")
        toggle.set_defaults(run=run_user_toggle, disabled=disabled)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if first != getpass.getpass("again: "):
        raise SystemExit("yigcha: the passwords differ")
    return first


@_guard
def run_user_create(args: argparse.Namespace) -> int:
    from yigcha.storage.audit import add_audit_event
    from yigcha.storage.db import session_scope
    from yigcha.storage.users import create_user

    password = _read_password(args.password_stdin)
    try:
        with session_scope(_factory()) as session:
            user = create_user(session=session, username=args.username, password=password, role=Role(args.role))
            add_audit_event(session=session, actor="cli", action="create_user", target=user.username,
                            detail={"role": user.role})
            print(f"user {user.id} {user.username} (role {user.role}) created", flush=True)
    except ValueError as e:
        print(f"yigcha: {e}", file=sys.stderr)
        return 2
    return 0


@_guard
def run_user_list(args: argparse.Namespace) -> int:
    from yigcha.storage.db import session_scope
    from yigcha.storage.users import list_users

    with session_scope(_factory()) as session:
        for user in list_users(session=session):
            print(f"{user.id}\t{user.username}\t{user.role}\t{'disabled' if user.disabled else 'enabled'}")
    return 0


@_guard
def run_user_passwd(args: argparse.Namespace) -> int:
    from yigcha.storage.db import session_scope
    from yigcha.storage.users import set_password

    password = _read_password(args.password_stdin)
    try:
        with session_scope(_factory()) as session:
            set_password(session=session, username=args.username, password=password)
    except ValueError as e:
        print(f"yigcha: {e}", file=sys.stderr)
        return 2
    print(f"password of {args.username} changed")
    return 0


@_guard
def run_user_toggle(args: argparse.Namespace) -> int:
    from yigcha.storage.audit import add_audit_event
    from yigcha.storage.db import session_scope
    from yigcha.storage.users import set_disabled

    with session_scope(_factory()) as session:
        set_disabled(session=session, username=args.username, disabled=args.disabled)
        add_audit_event(session=session, actor="cli", action="disable_user" if args.disabled else "enable_user",
                        target=args.username)
    print(f"{args.username} {'disabled' if args.disabled else 'enabled'}")
    return 0
