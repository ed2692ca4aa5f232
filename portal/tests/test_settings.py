"""The settings modules behave as the README promises, in fresh processes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-secret-key-for-tests-0123456789",
    "DJANGO_ALLOWED_HOSTS": "legal-aid.example.org",
    "DATABASE_URL": "sqlite:////tmp/legal-aid-portal-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
    "DJANGO_PERSONAL_DATA_KEYS": "y" * 20 + "-personal-data-key-for-tests-0123456789",
}


def _clean_env(**extra):
    """The process environment without any of the portal's own variables."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "WAGTAIL"))
    }
    return {**keep, **extra}


def _python(code, env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_fails_with_one_line_naming_it():
    env = _clean_env(**{k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"})
    result = _python("import portal.settings.production", env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DJANGO_SECRET_KEY" in lines[0]


@pytest.mark.parametrize(
    "missing",
    ["DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "DJANGO_PERSONAL_DATA_KEYS"],
)
def test_production_without_required_variable_fails(missing):
    env = _clean_env(**{k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    result = _python("import portal.settings.production", env)
    assert result.returncode != 0
    assert missing in result.stderr.strip().splitlines()[-1]


def test_production_check_deploy_is_clean():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=portal.settings.production",
        ],
        cwd=ROOT,
        env=_clean_env(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_dev_settings_need_no_environment():
    code = (
        "import portal.settings.dev as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.EMAIL_BACKEND);"
        "print(s.TASKS['default']['BACKEND']);"
        "print(s.LANGUAGE_CODE, s.WAGTAIL_ENABLE_UPDATE_CHECK, s.WAGTAIL_GRAVATAR_PROVIDER_URL)"
    )
    result = _python(code, _clean_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:4] == [
        "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
        "django_tasks.backends.immediate.ImmediateBackend",
        "zh-hans False None",
    ]


def test_database_url_switches_to_postgres_with_persistent_checked_connections():
    code = (
        "import portal.settings.dev as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    env = _clean_env(DATABASE_URL="postgres://portal@127.0.0.1:5432/portal")
    result = _python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql portal 600 True"


def test_production_uses_redis_cache_manifest_static_and_database_tasks():
    code = (
        "import portal.settings.production as s;"
        "print(s.CACHES['default']['BACKEND']);"
        "print(s.STORAGES['staticfiles']['BACKEND']);"
        "print(s.TASKS['default']['BACKEND']);"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = _python(code, _clean_env(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:4] == [
        "django_redis.cache.RedisCache",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django_tasks_db.DatabaseBackend",
        "True True True",
    ]
