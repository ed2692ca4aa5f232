"""Multi-instance test: two app servers sharing one PostgreSQL database and one Redis.

Run from the project root (``make scale-test`` installs wrk and Redis when missing
and makes sure PostgreSQL runs first; CI runs it as part of ``make test``):

    .venv/bin/python bench/scale_test.py

It proves that the portal is stateless per app server, as production runs it
(several gunicorn servers behind a proxy):

1. creates a PostgreSQL database, migrates it, loads the demo data, collects the
   static files, and adds a staff superuser with a verified address;
2. starts two gunicorn servers (production settings, 2 workers each) on two free
   loopback ports, sharing the database, Redis database 14, the media folder and
   a folder the file email backend writes to;
3. a volunteer signs up on server A, confirms the address from the email on
   server B and signs in on server B with a fresh browser; the session works on
   both servers;
4. the demo partner fulian2@example.org submits a referral on server A; a staff
   superuser sees it in the admin (/admin/referrals/<pk>/) on server B;
5. an article, cached on both servers, gets a new title published (as the
   admin's Publish button does); the next anonymous request to either server
   shows it;
6. wrk loads the public pages of both servers at once (bounded: loopback only,
   2 threads and 16 connections per server, 10 s) and the requests per second
   per server and in total are printed with the error count, which must be 0.

Requests of steps 3 to 5 carry ``X-Forwarded-Proto: https`` as a TLS-terminating
proxy would, so the production settings (secure cookies, CSRF origin checks) work
over plain loopback HTTP. Two-factor sign-in is switched off for the run
(``DJANGO_MFA_REQUIRED=0``): the superuser has no authenticator app.

Output (stdout, also saved to ``bench/results/scale_test.txt``): one line per
check and the load figures. Exit status: 0 when every check passed and the load
run had no errors, 1 when a check failed or wrk reported errors, 2 when set-up
failed. The database and the temporary folder are removed afterwards (the folder
is kept, with the servers' logs, when something failed).

Environment knobs:
    SCALE_PG_URL     a PostgreSQL URL whose server may create databases
                     (default postgres://postgres:postgres@127.0.0.1:5432/postgres)
    SCALE_DB_NAME    the database to create and drop (default: a random name)
    SCALE_DURATION   wrk duration (``10s`` by default)
"""

from __future__ import annotations

import email
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email import policy
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import psycopg
import redis
import requests
from http_bench import (
    HOST,
    REDIS_PORT,
    RESULTS_DIR,
    BenchError,
    GunicornServer,
    WrkResult,
    ensure_redis,
    free_port,
    parse_wrk_output,
    random_secret_key,
    require_wrk,
    run_step,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = RESULTS_DIR / "scale_test.txt"
SETTINGS_MODULE = "portal.settings.production"
REDIS_DB = 14
DEFAULT_PG_URL = "postgres://postgres:postgres@127.0.0.1:5432/postgres"
WRK_THREADS = 2
WRK_CONNECTIONS = 16
HTTP_TIMEOUT = 30.0

# The demo partner account (the Women's Federation reporter) and its password.
PARTNER_EMAIL = "fulian2@example.org"
ARTICLE_PATH = "/news/article-01/"
PUBLIC_HOST = "localhost"
# The public pages the load run cycles through (demo data).
LOAD_PATHS = ["/", "/en/", ARTICLE_PATH, "/events/", "/directory/"]

# Runs in a child process with the run's environment: a staff superuser whose
# address is verified (allauth refuses unverified sign-ins).
SUPERUSER_SNIPPET = """
import sys

import django

django.setup()

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

address, password = sys.argv[1], sys.argv[2]
user, _ = get_user_model().objects.get_or_create(username="scale-admin")
user.email = address
user.is_staff = user.is_superuser = user.is_active = True
user.set_password(password)
user.save()
EmailAddress.objects.update_or_create(
    user=user, email=address, defaults={"verified": True, "primary": True}
)
print("superuser", user.pk)
"""

# Publishes a new revision of a page with a changed title, as the admin's Publish does.
PUBLISH_SNIPPET = """
import sys

import django

django.setup()

from wagtail.models import Page

page = Page.objects.get(slug=sys.argv[1], locale__language_code="zh-hans").specific
page.title = sys.argv[2]
page.save_revision().publish()
print("published", page.pk)
"""

# wrk request generator: each connection cycles through the public pages.
WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


class CheckFailed(Exception):
    """A behaviour the multi-instance test checks did not hold."""


def log(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


# --- Database and cache ----------------------------------------------------------------


def database_urls() -> tuple[str, str, str]:
    """(server URL for CREATE/DROP, the run's DATABASE_URL, the database name)."""
    server_url = os.environ.get("SCALE_PG_URL", DEFAULT_PG_URL)
    name = os.environ.get("SCALE_DB_NAME") or f"legal_aid_portal_scale_{secrets.token_hex(4)}"
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise BenchError(f"SCALE_DB_NAME={name!r} is not a plain lower-case identifier")
    parts = urlsplit(server_url)
    return server_url, parts._replace(path=f"/{name}").geturl(), name


def create_database(server_url: str, name: str) -> None:
    try:
        with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise BenchError(
            f"cannot create the database {name} through {server_url} ({exc}); "
            "run `bash .ci/ensure-postgres` or set SCALE_PG_URL"
        ) from exc
    log(f"created database {name}")


def drop_database(server_url: str, name: str) -> None:
    try:
        with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        log(f"dropped database {name}")
    except psycopg.Error as exc:
        log(f"could not drop the database {name}: {exc}")


def flush_redis() -> None:
    """Empty the run's Redis database (14): no session or page from an earlier run."""
    redis.Redis(host=HOST, port=REDIS_PORT, db=REDIS_DB).flushdb()


def build_env(tmp: Path, database_url: str) -> dict[str, str]:
    """Production settings for both servers: one database, one Redis, one media folder."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DJANGO_SECRET_KEY": random_secret_key(),
            "DJANGO_PERSONAL_DATA_KEYS": random_secret_key(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/{REDIS_DB}",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": str(tmp / "static"),
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp / "private-media"),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "DJANGO_EMAIL_FILE_PATH": str(tmp / "mail"),
            # No reverse proxy in front: the client address is the socket's.
            "DJANGO_TRUSTED_PROXY_COUNT": "0",
            # The superuser of the run has no authenticator app.
            "DJANGO_MFA_REQUIRED": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def prepare_site(env: dict[str, str], admin_email: str, admin_password: str) -> None:
    manage = [sys.executable, str(PROJECT_ROOT / "manage.py")]
    run_step("migrate", [*manage, "migrate", "--noinput"], env)
    run_step("load_demo_data", [*manage, "load_demo_data"], env)
    run_step("collectstatic", [*manage, "collectstatic", "--noinput"], env)
    run_step(
        "create superuser",
        [sys.executable, "-c", SUPERUSER_SNIPPET, admin_email, admin_password],
        env,
    )


# --- A browser: requests with forms and cookies ----------------------------------------


class FormParser(HTMLParser):
    """The forms of a page: action, method, the values a browser would submit, the choices."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attributes.get("action") or "",
                    "method": (attributes.get("method") or "get").lower(),
                    "fields": [],
                    "choices": {},
                }
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            value = attributes.get("value") or ""
            if kind in ("checkbox", "radio"):
                form["choices"].setdefault(name, []).append(value or "on")
                if "checked" in attributes:
                    form["fields"].append((name, value or "on"))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                form["fields"].append((name, value))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            value = attributes.get("value") or ""
            form["choices"].setdefault(self._select, []).append(value)
            if "selected" in attributes:
                form["fields"].append((self._select, value))
        elif tag == "textarea" and name:
            self._textarea = name
            form["fields"].append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            fields = self.forms[-1]["fields"]
            name, value = fields[-1]
            fields[-1] = (name, value + data)


class Browser:
    """One visitor: a cookie jar shared by both servers (one site behind a balancer).

    The requests stand for TLS ended at a proxy: they say `X-Forwarded-Proto: https`,
    and the cookies the portal marks Secure are sent back over loopback HTTP.
    """

    def __init__(self):
        self.session = requests.Session()
        self.session.headers["X-Forwarded-Proto"] = "https"
        self.session.headers["Accept-Language"] = "zh-CN,zh;q=0.9"

    def _request(self, method: str, url: str, **kwargs) -> requests.Response:
        response = self.session.request(
            method, url, allow_redirects=False, timeout=HTTP_TIMEOUT, **kwargs
        )
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def get(self, url: str) -> requests.Response:
        return self._request("GET", url)

    def form(self, url: str, field: str) -> tuple[str, dict]:
        """GET url and return (absolute action, form) for the first form with `field`.

        `field` may also be `action:<text>`: the first form whose action contains text.
        """
        response = self.get(url)
        if response.status_code != 200:
            raise CheckFailed(f"GET {url} answered {response.status_code}, expected 200")
        parser = FormParser()
        parser.feed(response.text)
        for form in parser.forms:
            names = {name for name, _value in form["fields"]} | set(form["choices"])
            if field in names or (
                field.startswith("action:") and field.removeprefix("action:") in form["action"]
            ):
                return urljoin(url, form["action"] or url), form
        raise CheckFailed(f"GET {url}: no form with a field {field!r}")

    def submit(self, url: str, field: str, values: dict) -> requests.Response:
        """Fill the form that has `field` on the page at url, as a browser would, and post it.

        `values` replaces the page's values; a list value sends the name repeatedly.
        """
        action, form = self.form(url, field)
        data = [(name, value) for name, value in form["fields"] if name not in values]
        for name, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                data.append((name, item))
        origin = "https://" + urlsplit(action).netloc
        return self._request(
            "POST",
            action,
            data=data,
            headers={"Origin": origin, "Referer": origin + urlsplit(url).path},
        )

    def sign_in(self, base_url: str, address: str, password: str) -> None:
        response = self.submit(
            f"{base_url}/accounts/login/", "login", {"login": address, "password": password}
        )
        location = response.headers.get("Location", "")
        if response.status_code != 302 or "/accounts/login" in location:
            raise CheckFailed(
                f"signing in {address} on {base_url} answered {response.status_code} "
                f"(Location: {location or '-'})"
            )


def expect_redirect(response: requests.Response, what: str, pattern: str) -> str:
    """The Location of a 302 that matches pattern, or CheckFailed."""
    location = response.headers.get("Location", "")
    if response.status_code != 302 or not re.search(pattern, location):
        raise CheckFailed(
            f"{what}: answered {response.status_code} (Location: {location or '-'}), "
            f"expected a redirect to {pattern}"
        )
    return location


def signed_in_page(browser: Browser, base_url: str, address: str) -> None:
    """The account's email page answers 200 with the address (anonymous visitors are sent away)."""
    response = browser.get(f"{base_url}/accounts/email/")
    if response.status_code != 200 or address not in response.text:
        raise CheckFailed(
            f"GET {base_url}/accounts/email/ as {address} answered {response.status_code}"
            + (f" (Location: {response.headers.get('Location')})" if response.is_redirect else "")
        )


# --- The checks --------------------------------------------------------------------------


def demo_password() -> str:
    """DEMO_PASSWORD from outreach/demo.py, read without setting Django up in this process."""
    source = (PROJECT_ROOT / "outreach" / "demo.py").read_text(encoding="utf-8")
    match = re.search(r'^DEMO_PASSWORD = "([^"]+)"', source, re.MULTILINE)
    if match is None:
        raise BenchError("DEMO_PASSWORD not found in outreach/demo.py")
    return match.group(1)


def confirmation_path(mail_dir: Path, address: str) -> str:
    """The address-confirmation link's path from the email sent to `address`."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
            # The file backend writes each message followed by a line of dashes.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not chunk.strip():
                    continue
                message = email.message_from_bytes(chunk.lstrip(), policy=policy.default)
                if address not in str(message.get("To", "")):
                    continue
                body = message.get_body(preferencelist=("plain", "html"))
                match = re.search(r"/accounts/confirm-email/[^/\s\"<]+/", body.get_content())
                if match:
                    return match.group(0)
        time.sleep(0.25)
    raise CheckFailed(f"no confirmation email for {address} in {mail_dir}")


def check_volunteer(a: str, b: str, mail_dir: Path) -> list[str]:
    """Sign up on A, confirm on B, sign in on B with a fresh browser; the session works on A."""
    address = f"scale-volunteer-{secrets.token_hex(4)}@example.org"
    password = f"Vol-{secrets.token_urlsafe(12)}"
    first = Browser()
    response = first.submit(
        f"{a}/accounts/signup/",
        "email",
        {"email": address, "password1": password, "password2": password},
    )
    expect_redirect(response, f"signing up on {a}", r"/accounts/confirm-email/")
    link = confirmation_path(mail_dir, address)
    response = first.submit(f"{b}{link}", "action:/confirm-email/", {})
    expect_redirect(response, f"confirming the address on {b}", r".")
    second = Browser()
    second.sign_in(b, address, password)
    signed_in_page(second, b, address)
    signed_in_page(second, a, address)
    return [
        f"volunteer signed up on A ({a}), confirmed the address on B, signed in on B; "
        "the session works on A and B: ok"
    ]


def check_referral(a: str, b: str, admin_email: str, admin_password: str) -> list[str]:
    """A partner refers a person on A; staff see the referral in the admin on B."""
    partner = Browser()
    partner.sign_in(a, PARTNER_EMAIL, demo_password())
    url = f"{a}/partners/referrals/new/"
    _action, form = partner.form(url, "applicant_name")
    name = "欧阳秀珍"
    description = f"三个子女均不履行赡养义务。（多实例测试 {secrets.token_hex(4)}）"
    response = partner.submit(
        url,
        "applicant_name",
        {
            "applicant_name": name,
            "mobile": "13912345678",
            "gender": "female",
            "age_band": "60_79",
            "groups": [form["choices"]["groups"][0]],
            "issue_category": "maintenance",
            "description": description,
            "consent": "on",
        },
    )
    location = expect_redirect(
        response, f"submitting a referral on {a}", r"/partners/referrals/\d+/$"
    )
    pk = re.search(r"/referrals/(\d+)/$", location).group(1)
    staff = Browser()
    staff.sign_in(b, admin_email, admin_password)
    detail = staff.get(f"{b}/admin/referrals/{pk}/")
    if detail.status_code != 200 or description not in detail.text:
        raise CheckFailed(
            f"staff on B: GET /admin/referrals/{pk}/ answered {detail.status_code} "
            "without the referral's description"
        )
    listing = staff.get(f"{b}/admin/referrals/")
    if listing.status_code != 200:
        raise CheckFailed(f"staff on B: GET /admin/referrals/ answered {listing.status_code}")
    return [f"referral {pk} submitted by {PARTNER_EMAIL} on A, seen by staff in the admin on B: ok"]


def check_publish(env: dict[str, str], a: str, b: str) -> list[str]:
    """An article cached on both servers gets a new title; both show it on the next request."""
    visitor = requests.Session()
    # Both servers answer for one public host name, as behind a load balancer; the
    # page cache keys on the host, so B serves the copy A stored.
    visitor.headers["Host"] = PUBLIC_HOST
    seen = []
    for base in (a, b, a, b):
        response = visitor.get(base + ARTICLE_PATH, timeout=HTTP_TIMEOUT)
        seen.append(response.headers.get("X-Cache"))
    if seen[1:] != ["HIT", "HIT", "HIT"]:
        raise CheckFailed(
            f"{ARTICLE_PATH} was not served from the shared cache on both servers "
            f"(X-Cache on A, B, A, B: {seen})"
        )
    title = f"法律援助新闻（多实例 {secrets.token_hex(4)}）"
    slug = ARTICLE_PATH.strip("/").split("/")[-1]
    run_step("publish a change", [sys.executable, "-c", PUBLISH_SNIPPET, slug, title], env)
    lines = [
        f"article cached once, served from the shared cache by both: X-Cache on A, B, A, B: "
        f"{' '.join(map(str, seen))}"
    ]
    for label, base in (("A", a), ("B", b)):
        response = visitor.get(base + ARTICLE_PATH, timeout=HTTP_TIMEOUT)
        if response.status_code != 200 or title not in response.text:
            raise CheckFailed(f"after publishing, {label} ({base}) still shows the old title")
        lines.append(
            f"published change seen on the next anonymous request on {label}: ok "
            f"(X-Cache: {response.headers.get('X-Cache')})"
        )
    return lines


def run_load(wrk: str, servers: dict[str, str], duration: str, tmp: Path) -> list[WrkResult]:
    """wrk against both servers at once, each connection cycling through the public pages."""
    script = tmp / "public_pages.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in LOAD_PATHS), encoding="utf-8")
    processes = {}
    for label, base in servers.items():
        args = [
            wrk,
            f"-t{WRK_THREADS}",
            f"-c{WRK_CONNECTIONS}",
            f"-d{duration}",
            "--latency",
            "-s",
            str(script),
            base + "/",
        ]
        log(f"wrk ({label}): {' '.join(args)}")
        processes[label] = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    results = []
    for label, process in processes.items():
        stdout, stderr = process.communicate()
        (tmp / f"wrk-{label}.txt").write_text(stdout + stderr, encoding="utf-8")
        if process.returncode != 0:
            raise BenchError(f"wrk ({label}) failed (exit {process.returncode}):\n{stdout}{stderr}")
        results.append(parse_wrk_output(f"{label} {servers[label]}", stdout))
    return results


def scale_duration() -> str:
    raw = os.environ.get("SCALE_DURATION", "10s").strip()
    if not re.fullmatch(r"[1-9]\d*[sm]?", raw):
        raise BenchError(f"SCALE_DURATION={raw!r} is not a duration such as 10, 10s or 1m")
    return raw if raw[-1] in "sm" else f"{raw}s"


def write_summary(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    print(text, end="", flush=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(text, encoding="utf-8")
    log(f"summary saved to {RESULTS_FILE.relative_to(PROJECT_ROOT)}")


def run(tmp: Path, wrk: str, duration: str, server_url: str, database_url: str) -> int:
    """Set up, start both servers, run the checks and the load; returns the exit status."""
    ensure_redis()
    flush_redis()
    env = build_env(tmp, database_url)
    admin_email = "scale-admin@example.org"
    admin_password = f"Adm-{secrets.token_urlsafe(12)}"
    prepare_site(env, admin_email, admin_password)

    servers = {}
    for label in ("A", "B"):
        folder = tmp / f"server-{label}"
        folder.mkdir()
        servers[label] = GunicornServer(env, folder, free_port())
    lines = [
        f"# scale_test {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} settings={SETTINGS_MODULE} "
        f"servers=2 gunicorn_workers=2 database=postgresql redis_db={REDIS_DB} "
        f"wrk=-t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{duration} per server cpus={os.cpu_count()}",
    ]
    failed = False
    try:
        for server in servers.values():
            server.start()
        a, b = servers["A"].base_url, servers["B"].base_url
        lines.append(f"server A={a} server B={b}")
        for check in (
            lambda: check_volunteer(a, b, tmp / "mail"),
            lambda: check_referral(a, b, admin_email, admin_password),
            lambda: check_publish(env, a, b),
        ):
            try:
                for line in check():
                    log(line)
                    lines.append(line)
            except CheckFailed as exc:
                failed = True
                lines.append(f"FAILED: {exc}")
                log(f"FAILED: {exc}")
        results = run_load(wrk, {label: s.base_url for label, s in servers.items()}, duration, tmp)
    finally:
        for server in servers.values():
            server.stop()

    total_rps = sum(result.requests_per_sec for result in results)
    total_errors = sum(result.errors for result in results)
    for result in results:
        lines.append(
            f"load server {result.path} req/s={result.requests_per_sec:.2f} "
            f"p50={result.p50_ms:.2f}ms p99={result.p99_ms:.2f}ms errors={result.errors}"
        )
    lines.append(
        f"load total req/s={total_rps:.2f} errors={total_errors} paths={' '.join(LOAD_PATHS)}"
    )
    if total_errors:
        failed = True
    lines.append(f"status={'FAILED' if failed else 'ok'}")
    write_summary(lines)
    return 1 if failed else 0


def main() -> int:
    try:
        duration = scale_duration()
        wrk = require_wrk()
        server_url, database_url, name = database_urls()
    except BenchError as exc:
        print(f"scale_test: FAILED: {exc}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="scale_test-"))
    log(f"working directory: {tmp}")
    status = 2
    try:
        create_database(server_url, name)
        status = run(tmp, wrk, duration, server_url, database_url)
    except BenchError as exc:
        print(f"scale_test: FAILED: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("scale_test: interrupted", file=sys.stderr)
        status = 130
    finally:
        drop_database(server_url, name)
        try:
            flush_redis()
        except redis.RedisError as exc:
            log(f"could not empty Redis database {REDIS_DB}: {exc}")
    if status == 0:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"scale_test: files kept in {tmp}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
