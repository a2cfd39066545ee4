"""Fail closed: outside local mode tanacs needs a secret key and allowed hosts, and a
production configuration passes Django's deployment checks with nothing silenced by default."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tanacs.cli.main import is_local

TANACS = str(Path(sys.executable).with_name("tanacs"))
HOST = "tanacs.example.org"


def run(*args: str, env: dict[str, str], home: Path) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "TANACS_HOME": str(home), "TANACS_FAST_HASHER": "1"}
    return subprocess.run(
        args, env={**base, **env}, capture_output=True, text=True, timeout=120, check=False
    )


def production(**extra: str) -> dict[str, str]:
    key = secrets.token_urlsafe(50)
    return {
        "TANACS_PRODUCTION": "1",
        "TANACS_SECRET_KEY": key,
        "TANACS_ALLOWED_HOSTS": HOST,
        **extra,
    }


def test_a_production_configuration_passes_the_deploy_check(tmp_path: Path) -> None:
    done = run(
        TANACS, "check", "--deploy", "--fail-level", "DEBUG", env=production(), home=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_a_protection_turned_off_on_purpose_is_off_and_not_reported(tmp_path: Path) -> None:
    env = production(TANACS_SSL_REDIRECT="0", TANACS_HSTS_SECONDS="0", TANACS_PROXY_SSL_HEADER="1")
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    env["DJANGO_SETTINGS_MODULE"] = "tanacs.config.settings"
    shown = run(sys.executable, "-c", show, env=env, home=tmp_path)
    assert shown.stdout.split() == [
        "False",
        "0",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
        "True",
    ]
    done = run(TANACS, "check", "--deploy", "--fail-level", "DEBUG", env=env, home=tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"TANACS_PRODUCTION": "1"},
        {"TANACS_PRODUCTION": "1", "TANACS_DEBUG": "1"},  # debug no longer skips the key check
        {"TANACS_PRODUCTION": "1", "TANACS_LOCAL": "1"},  # production overrides local mode
        {"TANACS_PRODUCTION": "1", "TANACS_SECRET_KEY": secrets.token_urlsafe(50)},
    ],
)
def test_production_without_a_key_or_hosts_refuses_every_command(
    tmp_path: Path, env: dict[str, str]
) -> None:
    for command in (["migrate"], ["check", "--deploy"], ["verify"]):
        done = run(TANACS, *command, env=env, home=tmp_path)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "TANACS_ALLOWED_HOSTS must be set to serve tanacs" in done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "tanacs.sqlite3").exists()


def test_the_wsgi_application_never_starts_on_the_published_key(tmp_path: Path) -> None:
    load = "import tanacs.config.wsgi"
    bare = run(sys.executable, "-c", load, env={}, home=tmp_path)
    assert bare.returncode != 0
    assert "TANACS_SECRET_KEY and TANACS_ALLOWED_HOSTS must be set" in bare.stderr
    published = {
        "TANACS_SECRET_KEY": "tanacs-local-only-not-for-production",
        "TANACS_ALLOWED_HOSTS": HOST,
    }
    chosen = run(sys.executable, "-c", load, env=published, home=tmp_path)
    assert chosen.returncode != 0
    assert "TANACS_SECRET_KEY is the published local key" in chosen.stderr
    local = run(sys.executable, "-c", load, env={"TANACS_LOCAL": "1"}, home=tmp_path)
    assert local.returncode == 0, local.stderr


def test_serving_beyond_this_machine_needs_a_key(tmp_path: Path) -> None:
    port = str(20000 + os.getpid() % 20000)
    done = run(TANACS, "serve", "--host", "0.0.0.0", "--port", port, env={}, home=tmp_path)
    assert done.returncode == 2
    assert "TANACS_SECRET_KEY and TANACS_ALLOWED_HOSTS must be set" in done.stderr


@pytest.mark.parametrize(
    ("command", "args", "local"),
    [
        ("demo", [], True),
        ("demo", ["--host", "0.0.0.0"], False),
        ("serve", ["--host=::1"], True),
        ("serve", ["--port", "8080", "--host", "192.0.2.7"], False),
        ("runserver", [], True),
        ("runserver", ["8001"], True),
        ("runserver", ["0.0.0.0:8001"], False),
        ("migrate", [], True),
        ("check", [], True),
        ("check", ["--deploy"], False),
    ],
)
def test_which_commands_run_in_local_mode(command: str, args: list[str], local: bool) -> None:
    assert is_local(command, args) is local
