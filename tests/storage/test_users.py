"""Users: argon2id hashes, sign-in checks, `yigcha user create` on a fresh data dir."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from yigcha.models.tables import Role
from yigcha.storage.db import session_factory, session_scope
from yigcha.storage.users import (
    UserExistsError,
    authenticate_user,
    create_user,
    list_users,
    set_disabled,
    set_password,
)


def test_password_is_an_argon2id_hash_and_authenticates(settings) -> None:
    with session_scope(session_factory(settings)) as session:
        user = create_user(session=session, username="tashi", password="correct horse", role=Role.reviewer)
        assert user.password_hash.startswith("$argon2id$")
        assert "correct horse" not in user.password_hash
    with session_scope(session_factory(settings)) as session:
        assert authenticate_user(session=session, username="tashi", password="correct horse").role == "reviewer"
        assert authenticate_user(session=session, username="tashi", password="wrong horse") is None
        assert authenticate_user(session=session, username="nobody", password="correct horse") is None


def test_disabled_users_and_new_passwords(settings) -> None:
    with session_scope(session_factory(settings)) as session:
        create_user(session=session, username="dolma", password="first password", role=Role.uploader)
        set_disabled(session=session, username="dolma", disabled=True)
        assert authenticate_user(session=session, username="dolma", password="first password") is None
        set_disabled(session=session, username="dolma", disabled=False)
        set_password(session=session, username="dolma", password="second password")
        assert authenticate_user(session=session, username="dolma", password="first password") is None
        assert authenticate_user(session=session, username="dolma", password="second password").username == "dolma"


@pytest.mark.parametrize(("username", "password", "error"), [
    pytest.param("tashi", "correct horse", UserExistsError, id="taken"),
    pytest.param("  ", "correct horse", ValueError, id="empty-name"),
    pytest.param("pema", "short", ValueError, id="short-password"),
])
def test_refused_users(settings, username, password, error) -> None:
    with session_scope(session_factory(settings)) as session:
        create_user(session=session, username="tashi", password="correct horse", role=Role.reviewer)
        with pytest.raises(error):
            create_user(session=session, username=username, password=password, role=Role.reader)


def test_cli_user_create_on_a_fresh_data_dir(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YIGCHA_")} | {"YIGCHA_DATA_DIR": str(tmp_path / "d")}
    run = lambda *args, stdin=None: subprocess.run([sys.executable, "-m", "yigcha.cli", "user", *args], env=env,
                                                   input=stdin, capture_output=True, text=True, timeout=60)
    created = run("create", "tashi", "--role", "admin", "--password-stdin", stdin="correct horse\n")
    assert (created.returncode, created.stdout.strip()) == (0, "user 1 tashi (role admin) created"), created.stderr
    again = run("create", "tashi", "--role", "admin", "--password-stdin", stdin="correct horse\n")
    assert (again.returncode, again.stderr.strip()) == (2, "yigcha: user 'tashi' exists")
    assert run("list").stdout == "1\ttashi\tadmin\tenabled\n"
