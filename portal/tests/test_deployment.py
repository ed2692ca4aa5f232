"""The deployment example in deploy/ agrees with the code it deploys."""

import ast
import configparser
import importlib
import re
import runpy
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class
from gunicorn.config import KNOWN_SETTINGS

from .test_settings import PRODUCTION_ENV, _clean_env, _python

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
SYSTEMD = DEPLOY / "systemd"
INSTALL_DIR = "/srv/legal-aid"


def _unit(path: Path) -> configparser.ConfigParser:
    # systemd repeats keys (ReadWritePaths=…) and uses % specifiers: no strictness,
    # no interpolation, keys kept in their case.
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


SERVICES = sorted(SYSTEMD.glob("*.service"))
TIMERS = sorted(SYSTEMD.glob("*.timer"))


def _exec_start(path: Path) -> list[str]:
    return shlex.split(_unit(path)["Service"]["ExecStart"])


def _management_command(argv: list[str]) -> tuple[str, list[str]] | None:
    for index, arg in enumerate(argv):
        if arg.endswith("manage.py"):
            return argv[index + 1], argv[index + 2 :]
    return None


def test_the_example_has_web_worker_and_every_scheduled_job():
    commands = {}
    for path in SERVICES:
        found = _management_command(_exec_start(path))
        commands[path.name] = found[0] if found else Path(_exec_start(path)[0]).name
    assert commands == {
        "legal-aid-anonymise-referrals.service": "anonymise_referrals",
        "legal-aid-backup.service": "backup_portal",
        "legal-aid-publish-scheduled.service": "publish_scheduled",
        "legal-aid-volunteer-reminders.service": "send_volunteer_reminders",
        "legal-aid-web.service": "gunicorn",
        "legal-aid-worker.service": "db_worker",
    }


@pytest.mark.parametrize("path", SERVICES, ids=lambda p: p.name)
def test_each_unit_runs_an_existing_command_with_valid_arguments(path, settings):
    # As in production, where db_worker checks that its backend is the database one.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    unit = _unit(path)
    service = unit["Service"]
    assert service["WorkingDirectory"] == INSTALL_DIR
    assert service["EnvironmentFile"] == "/etc/legal-aid/legal-aid.env"
    assert service["User"] == "legal-aid"
    argv = _exec_start(path)
    assert argv[0].startswith(f"{INSTALL_DIR}/.venv/bin/")
    found = _management_command(argv)
    if found:
        name, args = found
        assert name in get_commands(), f"{path.name}: no management command {name}"
        command = load_command_class(get_commands()[name], name)
        # Exits (SystemExit) on an unknown option, as manage.py would.
        command.create_parser("manage.py", name).parse_args(args)
    else:
        assert argv[1:3] == ["-c", f"{INSTALL_DIR}/deploy/gunicorn.conf.py"]
        conf = runpy.run_path(str(ROOT / argv[2].removeprefix(f"{INSTALL_DIR}/")))
        module, attribute = conf["wsgi_app"].split(":")
        assert callable(getattr(importlib.import_module(module), attribute))


def test_each_scheduled_job_has_a_timer_and_each_timer_a_job():
    oneshots = {p.stem for p in SERVICES if _unit(p)["Service"].get("Type") == "oneshot"}
    assert {p.stem for p in TIMERS} == oneshots
    calendars = {p.stem: _unit(p)["Timer"]["OnCalendar"] for p in TIMERS}
    assert calendars["legal-aid-publish-scheduled"] == "*:0/5"
    assert calendars["legal-aid-volunteer-reminders"] == "*-*-* *:05:00"
    assert calendars["legal-aid-anonymise-referrals"].startswith("*-*-* 03:")
    if shutil.which("systemd-analyze"):
        result = subprocess.run(
            ["systemd-analyze", "calendar", *calendars.values()],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr


def _variables_read_by(path: Path) -> set[str]:
    """Names passed to env.<type>(…) or _required(…) in a settings module."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        function = node.func
        reads_env = isinstance(function, ast.Attribute) and getattr(function.value, "id", "") in (
            "env",
            "environ",
        )
        required = isinstance(function, ast.Name) and function.id == "_required"
        if reads_env or required:
            names.add(first.value)
    return names


def _listed(path: Path, *, commented: bool = False) -> set[str]:
    """Variables set in an env file; with `commented`, also those shown as `# NAME=…`."""
    pattern = r"^(?:# )?([A-Z][A-Z0-9_]*)=" if commented else r"^([A-Z][A-Z0-9_]*)="
    return set(re.findall(pattern, path.read_text(), flags=re.MULTILINE))


def test_environment_example_lists_every_variable_production_reads():
    production = _variables_read_by(ROOT / "portal/settings/production.py")
    base = _variables_read_by(ROOT / "portal/settings/base.py")
    gunicorn = set(re.findall(r'_env\("([A-Z_]+)"', (DEPLOY / "gunicorn.conf.py").read_text()))
    listed = _listed(DEPLOY / "legal-aid.env.example", commented=True)
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= production
    assert sorted((production | base | gunicorn | {"DJANGO_SETTINGS_MODULE"}) - listed) == []


def test_every_required_production_variable_is_blank_or_set_in_the_example():
    required = {
        node.args[0].value
        for node in ast.walk(ast.parse((ROOT / "portal/settings/production.py").read_text()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_required"
    }
    assert required <= _listed(DEPLOY / "legal-aid.env.example")


def test_gunicorn_config_uses_only_gunicorn_settings():
    known = {setting.name for setting in KNOWN_SETTINGS}
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    names = {k for k, v in conf.items() if not k.startswith("_") and not callable(v)}
    names -= {"multiprocessing", "os"}
    assert names - known == set()
    assert conf["workers"] >= 1
    assert conf["forwarded_allow_ips"]


def _nginx_seconds(directive: str) -> int:
    text = (DEPLOY / "nginx.conf").read_text()
    return int(re.search(rf"^\s*{directive} (\d+)s;", text, flags=re.MULTILINE).group(1))


def test_nginx_matches_upload_limit_timeouts_and_health_probe():
    text = (DEPLOY / "nginx.conf").read_text()
    upstream = re.search(r"upstream legal_aid_portal \{(.*?)\}", text, flags=re.DOTALL).group(1)
    assert len(re.findall(r"^\s*server ", upstream, flags=re.MULTILINE)) >= 2
    body_limit = re.search(r"^    client_max_body_size (\d+)m;", text, flags=re.MULTILINE)
    limit = int(body_limit.group(1)) * 1024 * 1024
    # Room for the multipart form around the file, but not a second file.
    assert settings.VOLUNTEER_UPLOAD_MAX_BYTES < limit < 2 * settings.VOLUNTEER_UPLOAD_MAX_BYTES
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert conf["timeout"] < _nginx_seconds("proxy_read_timeout")
    assert text.count("location = /healthz") == 2
    assert "X-Forwarded-Proto $scheme" in text
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in text


# --- Production settings for several app servers --------------------------------------


def test_production_keeps_sessions_in_redis_and_postgresql_and_files_on_disk():
    code = (
        "import portal.settings.production as s;"
        "print(s.SESSION_ENGINE);"
        "print(s.STORAGES['default']['BACKEND']);"
        "print(s.STORAGES['private']['BACKEND'])"
    )
    result = _python(code, _clean_env(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.contrib.sessions.backends.cached_db",
        "django.core.files.storage.FileSystemStorage",
        "django.core.files.storage.FileSystemStorage",
    ]


S3_ENV = {
    **PRODUCTION_ENV,
    "DJANGO_MEDIA_S3_BUCKET": "legal-aid-media",
    "DJANGO_MEDIA_S3_CUSTOM_DOMAIN": "media.legalaid.example.gov.cn",
    "DJANGO_PRIVATE_S3_BUCKET": "legal-aid-private",
    "DJANGO_S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com",
    "DJANGO_S3_REGION": "cn-hangzhou",
    "DJANGO_S3_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "DJANGO_S3_SECRET_ACCESS_KEY": "example-secret",
}


def test_production_puts_media_and_scans_in_separate_s3_buckets():
    code = """
import django
django.setup()
from django.core.files.storage import storages
media, private = storages["default"], storages["private"]
print(type(media).__name__, media.bucket_name, media.default_acl, media.file_overwrite)
print(media.url("images/a.png"))
print(type(private).__name__, private.bucket_name, private.default_acl, private.file_overwrite)
print(private.url("volunteers/2025/01/abc"))
"""
    env = _clean_env(DJANGO_SETTINGS_MODULE="portal.settings.production", **S3_ENV)
    result = _python(code, env)
    assert result.returncode == 0, result.stderr
    media, media_url, private, private_url = result.stdout.strip().splitlines()[-4:]
    assert media == "S3Storage legal-aid-media None False"
    # Public images: a plain URL on the media domain, no signature.
    assert media_url == "https://media.legalaid.example.gov.cn/images/a.png"
    assert private == "S3Storage legal-aid-private None False"
    # Scans are streamed by the portal; a URL, if ever made, is signed and short-lived.
    assert private_url.startswith("https://")
    assert "legal-aid-private" in private_url
    assert "X-Amz-Expires=60" in private_url or "Expires=" in private_url


def test_production_refuses_one_bucket_for_public_and_private_files():
    env = _clean_env(**{**S3_ENV, "DJANGO_PRIVATE_S3_BUCKET": "legal-aid-media"})
    result = _python("import portal.settings.production", env)
    assert result.returncode != 0
    assert "DJANGO_PRIVATE_S3_BUCKET" in result.stderr.strip().splitlines()[-1]


def test_production_refuses_an_s3_key_without_its_secret():
    env = _clean_env(**{**S3_ENV, "DJANGO_S3_SECRET_ACCESS_KEY": ""})
    result = _python("import portal.settings.production", env)
    assert result.returncode != 0
    assert "DJANGO_S3_SECRET_ACCESS_KEY" in result.stderr.strip().splitlines()[-1]


def test_production_redirects_everything_to_https_but_the_health_probe(tmp_path):
    code = """
import django
django.setup()
from django.test import Client
client = Client()
response = client.get("/healthz", HTTP_HOST="legal-aid.example.org")
print(response.status_code, response.json()["checks"]["cache"])
print(client.get("/robots.txt", HTTP_HOST="legal-aid.example.org").status_code)
"""
    env = _clean_env(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        **{
            **PRODUCTION_ENV,
            "DATABASE_URL": "sqlite:///:memory:",
            # Nothing listens there: the probe must answer, not redirect.
            "REDIS_URL": "redis://127.0.0.1:1/0",
        },
    )
    result = _python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-2:] == ["503 error", "301"]


def test_readme_links_the_deployment_guide():
    readme = (ROOT / "README.md").read_text()
    assert "deploy/README.md" in readme
