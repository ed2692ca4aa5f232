"""Gunicorn settings for one app server of the portal (`legal-aid-web.service`).

    gunicorn -c deploy/gunicorn.conf.py

Every value can be changed with the GUNICORN_* variables of the environment
file (deploy/legal-aid.env.example). The app servers are stateless: run this
on as many machines as the load needs, behind the proxy in deploy/nginx.conf.
"""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"

# Listen on the private network only; nginx is the only client.


def _env(name: str, default: str) -> str:
    """A GUNICORN_* variable; blank counts as unset (systemd passes blank lines on)."""
    return os.environ.get(name) or default


bind = _env("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# The usual 2 × cores + 1 sync workers, each with a few threads: pages wait on
# PostgreSQL and Redis more than they use the CPU. Each worker holds one
# persistent database connection per thread (CONN_MAX_AGE), so keep
# servers × workers × threads below PostgreSQL's max_connections (or use PgBouncer).
workers = int(_env("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(_env("GUNICORN_THREADS", "2"))

# A request slower than this is killed (year-end PDF/XLSX exports are the slowest
# pages); nginx's proxy_read_timeout is a little longer.
timeout = int(_env("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# nginx keeps connections to the upstream open (keepalive in nginx.conf).
keepalive = 5
# Recycle workers now and then so a slow leak never grows; jitter avoids all at once.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm"  # noqa: S108

# Only the proxies may set X-Forwarded-Proto / X-Forwarded-For (comma-separated IPs).
forwarded_allow_ips = _env("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs go to stdout/stderr, i.e. the systemd journal. Lines carry the client's
# address but only the path of the URL: query strings and referrers can hold
# searched names (personal data). Keep the journal's retention short.
accesslog = _env("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms "%(a)s"'
proc_name = "legal-aid-web"
