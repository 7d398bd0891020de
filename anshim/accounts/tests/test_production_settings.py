"""Production settings (ANSHIM_PRODUCTION=1) pass Django's deployment checklist with no warning,
and send the security headers and cookies a browser relies on."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def production_env(tmp_path, **extra) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ANSHIM_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="anshim.settings",
        ANSHIM_PRODUCTION="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="anshim.seoul.go.kr",
        ANSHIM_VAR_DIR=str(tmp_path),
        **extra,
    )
    return env


def run_python(code_or_args: list[str], env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *code_or_args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean(tmp_path):
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = run_python(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_settings_values(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_REFERRER_POLICY, s.X_FRAME_OPTIONS, s.DEBUG)"
    )
    result = run_python(["-c", code], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True", "True", "True", "True", "31536000", "True", "True", "same-origin", "DENY", "False"
    ]  # fmt: skip


@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ):
        assert directive in policy, directive
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_a_configured_tile_server_is_allowed_for_images_only(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; print(d['img-src']); print(d['connect-src'])"
    )
    env = production_env(tmp_path, ANSHIM_MAP_TILE_URL="https://{s}.tiles.example.kr/{z}/{x}/{y}.png")
    result = run_python(["-c", code], env)
    assert result.returncode == 0, result.stderr
    img, connect = result.stdout.splitlines()
    assert "https://*.tiles.example.kr" in img
    assert "tiles.example.kr" not in connect
