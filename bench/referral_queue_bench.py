"""Server-time benchmark of the staff's referral queue (/admin/referrals/) on PostgreSQL.

Run from the project root (PostgreSQL must be running):

    .venv/bin/python bench/referral_queue_bench.py
    DATABASE_URL=postgres://user:pw@host:5432/some_bench_db \
        .venv/bin/python bench/referral_queue_bench.py

It:

1. creates the database named in DATABASE_URL (default
   postgres://postgres:postgres@127.0.0.1:5432/legal_aid_portal_bench), dropping
   a leftover one of that name first, and migrates it under the development
   settings with DEBUG off;
2. bulk-creates 100,000 referrals (BENCH_REFERRALS to change) over three
   years, in batches, with their population groups: about a quarter not
   finished, some urgent, some overdue, one in five with an ID number, mobile
   numbers drawn from a smaller pool so that duplicates exist; then ANALYZE;
3. signs a superuser in with Django's test client and requests the queue's
   first page: 3 warm-up requests, the SQL query count of one, then 20 timed.

Output (stdout, also saved to bench/results/referral_queue_bench.txt):

    # referral_queue_bench <date> git=<commit> db=postgresql requests=20 warm_up=3
    #   cpus=<n> loadavg=<l>   (one line in the output)
    url=/admin/referrals/ rows=100000 median_ms=<x> p90_ms=<y> queries=<n>
    target first page < 200 ms: met

Exit status 0 when the page answered 200 (whether or not the target is met),
2 when it did not or set-up failed. The database is dropped at the end
(BENCH_KEEP_DB=1 keeps it).
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path
from urllib.parse import urlparse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = PROJECT_ROOT / "bench" / "results" / "referral_queue_bench.txt"
DEFAULT_URL = "postgres://postgres:postgres@127.0.0.1:5432/legal_aid_portal_bench"
URL = "/admin/referrals/"
ROWS = int(os.environ.get("BENCH_REFERRALS", "100000"))
BATCH = 5000
WARM_UP = 3
REQUESTS = 20
TARGET_MS = 200.0

#: Status mix of a portal some years in: most referrals finished.
STATUS_WEIGHTS = {
    "submitted": 5,
    "under_review": 6,
    "needs_info": 2,
    "accepted": 3,
    "assigned": 9,
    "unreachable": 1,
    "closed": 55,
    "declined": 10,
    "transferred": 5,
    "withdrawn": 4,
}


def log(message: str) -> None:
    print(f"[referral_queue_bench] {message}", file=sys.stderr, flush=True)


def configure() -> str:
    """Point Django at the benchmark database before it is imported; return its URL."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("referral_queue_bench needs a PostgreSQL DATABASE_URL")
    sys.path.insert(0, str(PROJECT_ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": url,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return url


def _admin_connection(url: str):
    """A connection to the server's `postgres` database, to create and drop ours."""
    import psycopg

    parts = urlparse(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )


def _database_name(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"unexpected database name: {name!r}")
    return name


def create_database(url: str) -> None:
    name = _database_name(url)
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    from django.db import connections

    connections.close_all()
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_database_name(url)}" WITH (FORCE)')


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or "unknown"


def build_referrals(rows: int) -> None:
    """The network's organisations and centres, then `rows` referrals in bulk."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from partners.choices import AgeBand, Gender, IssueCategory
    from partners.factories import (
        PartnerOrganisationFactory,
        ServicePointFactory,
        make_id_number,
        make_mobile,
    )
    from partners.models import PopulationGroup, Referral
    from portal import crypto

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"migrate: {time.monotonic() - started:.1f} s")

    started = time.monotonic()
    rng = random.Random(20260101)  # noqa: S311 - made-up data, not security
    organisations = [PartnerOrganisationFactory() for _ in range(40)]
    centres = [ServicePointFactory(county_centre=True) for _ in range(10)]
    groups = list(PopulationGroup.objects.values_list("pk", flat=True))
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    issues = IssueCategory.values
    now = timezone.now()
    span = 3 * 365 * 86400
    review = datetime.timedelta(days=settings.REFERRAL_REVIEW_DAYS)
    # Encrypting is the slow part: reuse a few ciphertexts, the hashes stay per number.
    id_pool = [make_id_number(n) for n in range(997)]
    encrypted = {number: crypto.encrypt(number) for number in id_pool}
    Through = Referral.groups.through
    made = 0
    with transaction.atomic():
        while made < rows:
            batch = []
            for _ in range(min(BATCH, rows - made)):
                submitted = now - datetime.timedelta(seconds=rng.randrange(span))
                status = rng.choices(statuses, weights)[0]
                mobile = make_mobile(rng.randrange(int(rows * 0.8)))
                referral = Referral(
                    organisation=rng.choice(organisations),
                    centre=rng.choice(centres),
                    applicant_name=f"申请人{made}",
                    mobile=mobile,
                    mobile_hash=crypto.keyed_hash(mobile),
                    gender=rng.choice(Gender.values),
                    age_band=rng.choice(AgeBand.values),
                    issue_category=rng.choice(issues),
                    description="拖欠工资三个月。",
                    is_urgent=rng.random() < 0.05,
                    consent_given_at=submitted,
                    status=status,
                    submitted_at=submitted,
                    status_changed_at=submitted,
                    review_due_at=submitted + review,
                    review_paused_at=submitted if status == "needs_info" else None,
                )
                if rng.random() < 0.2:
                    number = rng.choice(id_pool)
                    referral.id_number_encrypted = encrypted[number]
                    referral.id_number_hash = crypto.keyed_hash(number)
                    referral.id_number_last4 = number[-4:]
                batch.append(referral)
                made += 1
            Referral.objects.bulk_create(batch, batch_size=BATCH)
            links = [
                Through(referral_id=referral.pk, populationgroup_id=group)
                for referral in batch
                for group in rng.sample(groups, rng.choice((0, 1, 1, 2)))
            ]
            Through.objects.bulk_create(links, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"{made} referrals: {time.monotonic() - started:.1f} s")


def measure() -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.factories import SuperuserFactory

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(SuperuserFactory())
    for _ in range(WARM_UP):
        response = client.get(URL)
        if response.status_code != 200:
            raise RuntimeError(f"GET {URL} returned {response.status_code}")
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        client.get(URL)
    queries = len(captured.captured_queries)
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(URL)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": statistics.median(timings),
        "p90_ms": statistics.quantiles(timings, n=10)[-1],
        "queries": queries,
    }


def main() -> int:
    url = configure()
    try:
        create_database(url)
        import django

        django.setup()
        build_referrals(ROWS)
        from partners.models import Referral

        rows = Referral.objects.count()
        result = measure()
    except Exception as exc:  # any failure is reported the same way
        log(f"failed: {exc!r}")
        return 2
    finally:
        if os.environ.get("BENCH_KEEP_DB") != "1":
            try:
                drop_database(url)
            except Exception as exc:
                log(f"could not drop the benchmark database: {exc!r}")
    stamp = datetime.datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    verdict = "met" if result["median_ms"] < TARGET_MS else "NOT met"
    lines = [
        f"# referral_queue_bench {stamp} git={git_commit()} db=postgresql "
        f"requests={REQUESTS} warm_up={WARM_UP} cpus={os.cpu_count()} "
        f"loadavg={os.getloadavg()[0]:.1f}",
        f"url={URL} rows={rows} median_ms={result['median_ms']:.1f} "
        f"p90_ms={result['p90_ms']:.1f} queries={result['queries']}",
        f"target first page < {TARGET_MS:.0f} ms: {verdict}",
    ]
    output = "\n".join(lines) + "\n"
    print(output, end="")
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(output, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
