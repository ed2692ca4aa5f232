"""Server-time benchmark of the network directory on a demo-sized network.

Run from the project root:

    .venv/bin/python bench/directory_bench.py

In a fresh temporary directory it:

1. migrates a new SQLite database under the development settings with DEBUG
   off (the production code paths, minus Redis and the hashed static manifest,
   which the directory does not touch);
2. builds the seed summary's network with `partners.factories.create_network`:
   1 city centre, 10 county centres, 81 township workstations, 50 special
   workstations and 756 village liaison points with two officers each (about
   900 points);
3. requests each directory page through Django's test client: 3 warm-up
   requests, then 20 timed ones; prints the median and the SQL query count.

Output (stdout, also saved to bench/results/directory_bench.txt):

    # directory_bench <date> git=<commit> points=<n> db=sqlite requests=20
    url=/directory/ median_ms=<x> p90_ms=<y> queries=<n>
    ...
    target /directory/ median < 100 ms: met

This is a benchmark, not a test: exit status 0 when every page answered 200
(whether or not the target is met), 2 when a page did not or set-up failed.
Set BENCH_KEEP_TMP=1 to keep the temporary directory.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = PROJECT_ROOT / "bench" / "results" / "directory_bench.txt"
WARM_UP = 3
REQUESTS = 20
TARGET_MS = 100.0


def log(message: str) -> None:
    print(f"[directory_bench] {message}", file=sys.stderr, flush=True)


def configure(tmp: Path) -> None:
    """Point Django at a throwaway database before it is imported."""
    sys.path.insert(0, str(PROJECT_ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": f"sqlite:///{tmp / 'directory_bench.sqlite3'}",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "unknown"


def build_network() -> dict[str, str]:
    """Migrate, build the network and return the URL of each page to measure."""
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import Count

    from partners.factories import create_network
    from partners.models import Area, ServicePoint

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"migrate: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    with transaction.atomic():
        made = create_network()
    log(f"network {made}: {time.monotonic() - started:.1f} s")

    county = (
        Area.objects.filter(level="county")
        .annotate(n=Count("points"))
        .order_by("-n", "code")
        .first()
    )
    township = (
        Area.objects.filter(level="township", parent=county)
        .annotate(n=Count("children"))
        .order_by("-n", "code")
        .first()
    )
    workstation = ServicePoint.objects.get(kind="workstation", area=township)
    village_point = ServicePoint.objects.filter(parent=workstation).order_by("code").first()
    return {
        "index": "/directory/",
        "county": f"/directory/area/{county.code}/",
        "township": f"/directory/area/{township.code}/",
        "point": f"/directory/point/{workstation.code}/",
        "notice-board": f"/directory/point/{village_point.code}/notice-board/",
        "search": f"/directory/?q={village_point.area.name}",
        "english-index": "/en/directory/",
    }


def measure(urls: dict[str, str]) -> list[dict]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for url in urls.values():
        for _ in range(WARM_UP):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} returned {response.status_code}")
        # The request_started signal empties the query log; start from empty so the
        # captured slice is the request's own queries.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # Read now: `captured_queries` slices the live log, which the next request empties.
        queries = len(captured.captured_queries)
        timings = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "url": url,
                "median_ms": statistics.median(timings),
                "p90_ms": statistics.quantiles(timings, n=10)[-1],
                "queries": queries,
            }
        )
    return rows


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="directory-bench-"))
    configure(tmp)
    try:
        import django

        django.setup()
        from partners.models import ServicePoint

        urls = build_network()
        rows = measure(urls)
        points = ServicePoint.objects.count()
    except Exception as exc:  # any failure is reported the same way
        log(f"failed: {exc!r} (temporary directory kept: {tmp})")
        return 2
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [
        f"# directory_bench {stamp} git={git_commit()} points={points} db=sqlite "
        f"requests={REQUESTS} warm_up={WARM_UP}"
    ]
    lines += [
        f"url={r['url']} median_ms={r['median_ms']:.1f} p90_ms={r['p90_ms']:.1f} "
        f"queries={r['queries']}"
        for r in rows
    ]
    index = next(r for r in rows if r["url"] == "/directory/")
    verdict = "met" if index["median_ms"] < TARGET_MS else "missed"
    lines.append(f"target /directory/ median < {TARGET_MS:.0f} ms: {verdict}")
    output = "\n".join(lines) + "\n"
    print(output, end="")
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(output, encoding="utf-8")
    if os.environ.get("BENCH_KEEP_TMP") == "1":
        log(f"temporary directory kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
