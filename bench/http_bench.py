"""HTTP benchmark of the portal under production settings.

Run from the project root (``make bench`` does this after installing wrk):

    .venv/bin/python bench/http_bench.py

What it does, in a fresh temporary directory:

1. builds a production environment (SQLite file, Redis cache on database 15,
   static and media roots in the temporary directory), starting Redis if it
   does not answer on 127.0.0.1:6379;
2. runs ``migrate``, ``load_demo_data`` and ``collectstatic``;
3. counts the SQL queries of each page (cold and warm fragment caches, the
   page cache off) with Django's test client;
4. starts gunicorn (2 sync workers) on a free loopback port and, in one run set,
   drives the home page, an article, the event index and the directory with
   ``wrk``, with a run of the hashed ``css/site.css`` before and after each;
   anonymous visitors get the pages from the page cache (outreach.page_cache),
   and one request in the middle of each page's run must say ``X-Cache: HIT``;
5. publishes a change to the article through the ORM (as the admin would) and
   checks that the next anonymous request shows it;
6. prints one line per run, each page's throughput ratio to the static file's
   (the mean of the runs before and after it), whether the home page reaches the
   target ratio (0.5), the checks and the query counts, and saves that summary
   to ``bench/results/http_bench.txt``.

This is a benchmark, not a test: the ratio target is reported, not enforced.
Exit status: 0 on success, 1 when a wrk run reported errors (non-2xx/3xx
responses or socket errors), a page was not a cache hit during its run or the
published change did not show, 2 when something else failed: a set-up step, or
the home page not answering 200 (the reason is printed on stderr).

Environment knobs:
    BENCH_DURATION  wrk duration per URL (``10s`` by default; ``30``, ``1m`` work)
    BENCH_KEEP_TMP  set to 1 to keep the temporary directory after a successful run
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
RESULTS_FILE = RESULTS_DIR / "http_bench.txt"
QUERIES_FILE = RESULTS_DIR / "home_page_queries.txt"
SETTINGS_MODULE = "portal.settings.production"
HOST = "127.0.0.1"
REDIS_PORT = 6379
# The command CI uses: no persistence, log next to the packaged Redis's.
REDIS_COMMAND = shlex.split(
    f"redis-server --daemonize yes --bind 127.0.0.1 -::1 --port {REDIS_PORT} "
    '--save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log'
)
GUNICORN_WORKERS = 2
WRK_THREADS = 2
WRK_CONNECTIONS = 16
SERVER_START_TIMEOUT = 30.0
SERVER_STOP_TIMEOUT = 10.0
STEP_TIMEOUT = 600

# Runs in a child process with the production environment and the page cache off
# (the counts are what rendering costs). It prints the SQL of the home page's warm
# request ("warm_query ..." lines) and one line with both counts per page.
QUERY_COUNT_SNIPPET = """
import sys

import django

django.setup()

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# Start from an empty cache (Redis database 15 belongs to the benchmark), so that
# "cold" means cold and no entry from an earlier run's database leaks in.
cache.clear()
client = Client(HTTP_HOST="127.0.0.1")
for path in sys.argv[1:]:
    counts = []
    for label in ("cold", "warm"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            print(f"GET {path} ({label}) returned {response.status_code}", file=sys.stderr)
            sys.exit(1)
        counts.append(len(captured.captured_queries))
        queries = captured.captured_queries
    if path == "/":
        for query in queries:
            print("warm_query " + " ".join(query["sql"].split()))
    print(f"sql_queries path={path} cold={counts[0]} warm={counts[1]}")
"""

# The pages measured: the home page, an article, the event index and the directory
# (demo data).
ARTICLE_PATH = "/news/article-01/"
PAGE_PATHS = ["/", ARTICLE_PATH, "/events/", "/directory/"]
# The home page should serve at least half as many requests per second as a static file.
TARGET_RATIO = 0.5

# Runs in a child process with the production environment: publishes a new revision
# of the article with a changed title, as the admin's "Publish" button does.
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


class BenchError(Exception):
    """A set-up step failed; the message says which and why."""


@dataclass
class WrkResult:
    """The figures taken from one wrk run."""

    path: str
    requests_per_sec: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: int

    @property
    def errors(self) -> int:
        """Non-2xx/3xx responses plus socket errors (connect, read, write, timeout)."""
        return self.non_2xx_3xx + self.socket_errors

    def summary_line(self) -> str:
        """The one-line report for this URL."""
        return (
            f"url={self.path} req/s={self.requests_per_sec:.2f} "
            f"p50={self.p50_ms:.2f}ms p99={self.p99_ms:.2f}ms errors={self.errors}"
        )


def log(message: str) -> None:
    """Print a progress message on stderr (stdout carries the figures)."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def bench_duration() -> str:
    """The wrk duration from BENCH_DURATION (a number of seconds or wrk's 10s/2m/1h form)."""
    raw = os.environ.get("BENCH_DURATION", "10s").strip()
    if not re.fullmatch(r"[1-9]\d*[smh]?", raw):
        raise BenchError(f"BENCH_DURATION={raw!r} is not a duration such as 10, 10s or 1m")
    return raw if raw[-1] in "smh" else f"{raw}s"


def require_wrk() -> str:
    """Return the path of wrk, or fail with the command that installs it."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError(
            "wrk is not installed. Run `bash .ci/ensure-system-deps bench` "
            "(`make bench` does this first)."
        )
    return wrk


def port_answers(host: str, port: int, timeout: float = 1.0) -> bool:
    """True when a TCP connection to host:port succeeds."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def ensure_redis() -> None:
    """Make sure Redis answers on 127.0.0.1:6379, starting a daemon if needed."""
    if port_answers(HOST, REDIS_PORT):
        log(f"Redis answers on {HOST}:{REDIS_PORT}.")
        return
    if shutil.which("redis-server") is None:
        raise BenchError(
            f"Redis does not answer on {HOST}:{REDIS_PORT} and redis-server is not "
            "installed; install Redis (apt-get install redis-server) or start it."
        )
    log("Redis is not running; starting redis-server (daemonised, no persistence).")
    result = subprocess.run(REDIS_COMMAND, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BenchError(
            f"redis-server failed to start (exit {result.returncode}):\n"
            f"{result.stdout}{result.stderr}"
        )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if port_answers(HOST, REDIS_PORT):
            return
        time.sleep(0.2)
    raise BenchError(
        f"redis-server started but does not answer on {HOST}:{REDIS_PORT} "
        "(see /var/log/redis/ci.log)"
    )


def random_secret_key(length: int = 50) -> str:
    """A throwaway DJANGO_SECRET_KEY from the secrets module."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def build_env(tmp: Path) -> dict[str, str]:
    """The environment of every child process: production settings on throwaway storage."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DJANGO_SECRET_KEY": random_secret_key(),
            "DJANGO_PERSONAL_DATA_KEYS": random_secret_key(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/15",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": str(tmp / "static"),
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def run_step(label: str, args: list[str], env: dict[str, str]) -> str:
    """Run one child process in the project root; fail loudly with its output if it fails."""
    shown = ["<snippet>" if "\n" in arg else arg for arg in args]
    log(f"{label}: {' '.join(shown)}")
    started = time.monotonic()
    try:
        result = subprocess.run(
            args,
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"{label} did not finish within {STEP_TIMEOUT} s") from exc
    if result.returncode != 0:
        raise BenchError(
            f"{label} failed (exit {result.returncode}).\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
        )
    log(f"{label}: done in {time.monotonic() - started:.1f} s")
    return result.stdout


def prepare_site(env: dict[str, str]) -> None:
    """Create the database, load the demo content and collect the static files."""
    manage = [sys.executable, str(PROJECT_ROOT / "manage.py")]
    run_step("migrate", [*manage, "migrate", "--noinput"], env)
    run_step("load_demo_data", [*manage, "load_demo_data"], env)
    run_step("collectstatic", [*manage, "collectstatic", "--noinput"], env)


def hashed_static_path(static_root: Path, name: str = "css/site.css") -> str:
    """The URL path of the hashed copy of a static file, from the manifest collectstatic wrote."""
    manifest_file = static_root / "staticfiles.json"
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BenchError(f"cannot read the static manifest {manifest_file}: {exc}") from exc
    hashed = manifest.get("paths", {}).get(name)
    if not hashed:
        raise BenchError(f"{name} is not in the static manifest {manifest_file}")
    return f"/static/{hashed}"


def count_page_queries(env: dict[str, str]) -> dict[str, tuple[int, int]]:
    """SQL queries of each page through Django's test client: path -> (cold, warm).

    The SQL of the home page's warm request is saved to bench/results/home_page_queries.txt.
    """
    stdout = run_step(
        "count page queries",
        [sys.executable, "-c", QUERY_COUNT_SNIPPET, *PAGE_PATHS],
        {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"},
    )
    counts = {
        path: (int(cold), int(warm))
        for path, cold, warm in re.findall(
            r"^sql_queries path=(\S+) cold=(\d+) warm=(\d+)$", stdout, re.MULTILINE
        )
    }
    if set(counts) != set(PAGE_PATHS):
        raise BenchError(f"unexpected output from the query count:\n{stdout}")
    warm_sql = re.findall(r"^warm_query (.*)$", stdout, re.MULTILINE)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    QUERIES_FILE.write_text("".join(f"{sql}\n" for sql in warm_sql), encoding="utf-8")
    return counts


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect as it is instead of following it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def http_status(url: str, timeout: float = 5.0) -> int:
    """The status code of GET url, without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


class GunicornServer:
    """gunicorn serving the portal in its own process group; call stop() in a finally."""

    def __init__(self, env: dict[str, str], tmp: Path, port: int):
        self.env = env
        self.port = port
        self.pid_file = tmp / "gunicorn.pid"
        self.log_file = tmp / "gunicorn.log"
        self.process: subprocess.Popen | None = None
        self._log_handle = None

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>"""
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        """Start gunicorn and wait until the home page answers 200."""
        gunicorn = Path(sys.executable).parent / "gunicorn"
        args = [
            str(gunicorn),
            "portal.wsgi:application",
            "--workers",
            str(GUNICORN_WORKERS),
            "--bind",
            f"{HOST}:{self.port}",
            "--pid",
            str(self.pid_file),
            "--chdir",
            str(PROJECT_ROOT),
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            "--graceful-timeout",
            "5",
            # Gunicorn's control socket defaults to ~/.gunicorn/gunicorn.ctl, which a
            # second server would fight over; the benchmark does not need it.
            "--no-control-socket",
        ]
        log(f"starting gunicorn on {self.base_url} (log: {self.log_file})")
        self._log_handle = self.log_file.open("wb")
        self.process = subprocess.Popen(
            args,
            cwd=PROJECT_ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        """Poll GET / until it answers 200, gunicorn exits or the time is up."""
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"gunicorn exited with status {self.process.returncode} during start-up.\n"
                    f"--- {self.log_file} ---\n{self.log_tail()}"
                )
            try:
                status = http_status(self.base_url + "/", timeout=2.0)
            except OSError as exc:
                last = str(exc)
            else:
                if status == 200:
                    log("gunicorn is serving the home page.")
                    return
                last = f"HTTP {status}"
            time.sleep(0.25)
        raise BenchError(
            f"GET / did not answer 200 within {SERVER_START_TIMEOUT:.0f} s (last: {last}).\n"
            f"--- {self.log_file} ---\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 60) -> str:
        """The last lines of the gunicorn log."""
        try:
            text = self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def _master_pid(self) -> int:
        """The master PID from the pid file, or the Popen PID when the file is unusable.

        The pid file is only trusted when that PID is in the process group we created.
        """
        try:
            pid = int(self.pid_file.read_text().strip())
            if os.getpgid(pid) == self.process.pid:
                return pid
        except (OSError, ValueError):
            pass
        return self.process.pid

    def stop(self) -> None:
        """SIGTERM the master, wait; SIGKILL the whole group if it lingers."""
        if self.process is None:
            return
        try:
            if self.process.poll() is None:
                pid = self._master_pid()
                log(f"stopping gunicorn (SIGTERM to PID {pid})")
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=SERVER_STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    log("gunicorn did not stop in time; killing its process group")
                    self._kill_group()
                    self.process.wait(timeout=SERVER_STOP_TIMEOUT)
            # A worker orphaned by a dying master would still be in the group.
            self._kill_group()
        finally:
            if self._log_handle is not None:
                self._log_handle.close()
            self.process = None

    def _kill_group(self) -> None:
        """SIGKILL whatever is left in the process group gunicorn was started in."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


_LATENCY_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def latency_ms(value: str) -> float:
    """wrk's latency figure (e.g. 812.00us, 3.21ms, 1.02s) in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value.strip())
    if match is None:
        raise ValueError(f"unknown latency format: {value!r}")
    return float(match.group(1)) * _LATENCY_UNITS_MS[match.group(2)]


def parse_wrk_output(path: str, output: str) -> WrkResult:
    """Take requests/s, p50, p99 and the error counts from wrk's --latency output."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    distribution = output.split("Latency Distribution", 1)
    if rps is None or len(distribution) != 2:
        raise BenchError(f"cannot parse wrk output for {path}:\n{output}")
    percentiles = dict(re.findall(r"^\s*(50|75|90|99)%\s+(\S+)", distribution[1], re.MULTILINE))
    if "50" not in percentiles or "99" not in percentiles:
        raise BenchError(f"no 50%/99% latency lines in wrk output for {path}:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return WrkResult(
        path=path,
        requests_per_sec=float(rps.group(1)),
        p50_ms=latency_ms(percentiles["50"]),
        p99_ms=latency_ms(percentiles["99"]),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in sockets.groups()) if sockets else 0,
    )


def duration_seconds(duration: str) -> float:
    """wrk's duration (10s, 2m, 1h) in seconds."""
    return float(duration[:-1]) * {"s": 1, "m": 60, "h": 3600}[duration[-1]]


def fetch(url: str, timeout: float = 10.0) -> tuple[int, dict[str, str], str]:
    """GET url as an anonymous visitor: status, headers and body text."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=timeout) as response:
            body = response.read().decode("utf-8", errors="replace")
            return response.status, dict(response.headers), body
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), ""


def run_wrk(
    wrk: str, base_url: str, path: str, duration: str, tmp: Path, label: str = ""
) -> tuple[WrkResult, str | None]:
    """Drive one URL with wrk; return its figures and the X-Cache header seen mid-run.

    The raw output is kept in the temp dir. Halfway through the run one more request
    is made, as another visitor, and its X-Cache header returned (None if absent).
    """
    url = base_url + path
    args = [
        wrk,
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{duration}",
        "--latency",
        url,
    ]
    log(f"wrk: {' '.join(args)}")
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(duration_seconds(duration) / 2)
        try:
            x_cache = fetch(url)[1].get("X-Cache")
        except OSError as exc:
            log(f"mid-run request to {url} failed: {exc}")
            x_cache = None
        stdout, stderr = process.communicate(timeout=duration_seconds(duration) + 60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    stem = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
    (tmp / f"wrk-{stem}{label}.txt").write_text(stdout + stderr, encoding="utf-8")
    if process.returncode != 0:
        raise BenchError(f"wrk failed for {url} (exit {process.returncode}):\n{stdout}{stderr}")
    parsed = parse_wrk_output(path, stdout)
    if parsed.errors:
        log(f"wrk reported errors for {path}:\n{stdout}")
    return parsed, x_cache


def check_publish(env: dict[str, str], base_url: str) -> tuple[bool, str]:
    """Publish a new title for the article, then fetch it anonymously: is it there at once?

    The article is in the page cache (wrk just hammered it), so this shows that
    publishing retires the cached copy. Returns (passed, description).
    """
    url = base_url + ARTICLE_PATH
    status, headers, _body = fetch(url)
    if status != 200 or headers.get("X-Cache") != "HIT":
        return False, (
            f"before publishing, GET {ARTICLE_PATH} was {status} X-Cache={headers.get('X-Cache')}"
        )
    title = f"法律援助新闻 (bench {secrets.token_hex(4)})"
    slug = ARTICLE_PATH.strip("/").split("/")[-1]
    run_step("publish a change", [sys.executable, "-c", PUBLISH_SNIPPET, slug, title], env)
    status, headers, body = fetch(url)
    shown = status == 200 and title in body
    detail = (
        f"next GET {ARTICLE_PATH}: status={status} X-Cache={headers.get('X-Cache')} "
        f"new_title_shown={shown}"
    )
    return shown, detail


def git_revision() -> str:
    """The short commit of the working tree (with +dirty), or 'unknown'."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{rev}+dirty" if dirty else rev


def write_summary(lines: list[str]) -> None:
    """Print the summary on stdout and save it to bench/results/http_bench.txt."""
    text = "\n".join(lines) + "\n"
    print(text, end="", flush=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(text, encoding="utf-8")
    log(f"summary saved to {RESULTS_FILE.relative_to(PROJECT_ROOT)}")


def run_benchmark(tmp: Path, wrk: str, duration: str) -> int:
    """The whole benchmark inside tmp; returns the exit status."""
    ensure_redis()
    env = build_env(tmp)
    prepare_site(env)
    static_path = hashed_static_path(tmp / "static")

    # Before gunicorn runs, so the cold count really starts from an empty cache.
    queries = count_page_queries(env)

    server = GunicornServer(env, tmp, free_port())
    try:
        server.start()
        for path in [static_path, *PAGE_PATHS]:
            status = http_status(server.base_url + path)
            if status != 200:
                raise BenchError(f"GET {path} returned {status}, expected 200")
        # One run set, the static file before and after every page: each page is
        # compared with the static runs next to it, so a machine whose load changes
        # during the run (other jobs on a shared CI host) does not skew the ratio.
        statics = [run_wrk(wrk, server.base_url, static_path, duration, tmp, "-0")[0]]
        pages = []
        for number, path in enumerate(PAGE_PATHS, start=1):
            pages.append(run_wrk(wrk, server.base_url, path, duration, tmp))
            statics.append(
                run_wrk(wrk, server.base_url, static_path, duration, tmp, f"-{number}")[0]
            )
        published, publish_detail = check_publish(env, server.base_url)
    finally:
        server.stop()

    ratios = {}
    for number, (result, _x_cache) in enumerate(pages):
        static_rps = (statics[number].requests_per_sec + statics[number + 1].requests_per_sec) / 2
        ratios[result.path] = result.requests_per_sec / static_rps if static_rps else 0.0
    home_ratio = ratios["/"]
    not_hits = [result.path for result, x_cache in pages if x_cache != "HIT"]
    wrk_errors = any(r.errors > 0 for r in [*statics, *(p for p, _ in pages)])
    failures = [
        *(["wrk errors"] if wrk_errors else []),
        *([f"not a cache hit during the run: {' '.join(not_hits)}"] if not_hits else []),
        *([] if published else ["published change not shown"]),
    ]
    write_summary(
        [
            f"# http_bench {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} git={git_revision()} "
            f"settings={SETTINGS_MODULE} gunicorn_workers={GUNICORN_WORKERS} "
            f"wrk=-t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{duration} cpus={os.cpu_count()}",
            statics[0].summary_line(),
            *(
                line
                for (result, x_cache), static in zip(pages, statics[1:], strict=True)
                for line in (
                    f"{result.summary_line()} x_cache_mid_run={x_cache}",
                    static.summary_line(),
                )
            ),
            *(
                f"ratio url={path} page/static req/s={ratio:.4f} "
                "(static: mean of the runs before and after)"
                for path, ratio in ratios.items()
            ),
            f"target home/static >= {TARGET_RATIO}: "
            f"{'met' if home_ratio >= TARGET_RATIO else 'NOT met'} ({home_ratio:.4f})",
            f"publish check: {'ok' if published else 'FAILED'} ({publish_detail})",
            *(
                f"sql_queries url={path} cold={cold} warm={warm} (page cache off)"
                for path, (cold, warm) in queries.items()
            ),
            f"status={'; '.join(failures) if failures else 'ok'}",
        ]
    )
    return 1 if failures else 0


def main() -> int:
    """Entry point: run the benchmark in a temp dir, remove it unless something went wrong."""
    # Checks that need no set-up come first, so a missing tool fails in a second.
    try:
        duration = bench_duration()
        wrk = require_wrk()
    except BenchError as exc:
        print(f"http_bench: FAILED: {exc}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="http_bench-"))
    log(f"working directory: {tmp}")
    try:
        status = run_benchmark(tmp, wrk, duration)
    except BenchError as exc:
        print(f"http_bench: FAILED: {exc}", file=sys.stderr)
        print(f"http_bench: files kept in {tmp}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"http_bench: interrupted; files kept in {tmp}", file=sys.stderr)
        return 130
    if status == 0 and os.environ.get("BENCH_KEEP_TMP") != "1":
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        log(f"files kept in {tmp}")
    return status


if __name__ == "__main__":
    sys.exit(main())
