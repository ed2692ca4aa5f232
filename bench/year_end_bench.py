"""Server-time benchmark of the year-end summary (/admin/reports/year-end/) on PostgreSQL.

Run from the project root (PostgreSQL must be running):

    .venv/bin/python bench/year_end_bench.py
    DATABASE_URL=postgres://user:pw@host:5432/some_bench_db \
        .venv/bin/python bench/year_end_bench.py

Target: the summary of one year with 100,000 referrals, 10,000 campaign logs and
5,000 volunteers renders in under 2 s, with a number of SQL queries that does
not grow with the data.

It:

1. creates the database named in DATABASE_URL (default
   postgres://postgres:postgres@127.0.0.1:5432/legal_aid_portal_year_end_bench),
   dropping a leftover one of that name first, and migrates it under the
   development settings with DEBUG off;
2. builds the demo-size network (`partners.factories.create_network()`: about
   1,000 points, 10 county centres), 40 more partner organisations and a few
   campaign pages;
3. bulk-creates 1/100 of the data below, signs a superuser in with Django's
   test client and counts the SQL queries of the summary (`queries_small`);
4. bulk-creates the other 99/100, then requests the summary: 1 warm-up, the
   query count of one (`queries_large`), 5 timed; then the XLSX download once.

The data of year Y (BENCH_YEAR, default last year), with BENCH_PREVIOUS_SHARE
(default 0.2) as much again in Y-1 for the previous-year column:

- 100,000 referrals (BENCH_REFERRALS) over the centres, partners and statuses,
  decided ones with `decided_at`, about 40% with population groups;
- 10,000 campaign logs (BENCH_LOGS) in townships and counties, most under a
  campaign, with about 2,000 media reports;
- 5,000 volunteers (BENCH_VOLUNTEERS) of mixed sources, approved ones with
  their vetting history and one or two preferred areas;
- one opportunity per workstation, shifts of 4 attended volunteers (about
  20,000 attended sign-ups with hours, plus no-shows) and about 3,000 approved
  extra-hours reports (plus pending and rejected ones).

Output (stdout, also saved to bench/results/year_end_bench.txt):

    # year_end_bench <date> git=<commit> db=postgresql requests=5 warm_up=1 cpus=<n> ...
    url=/admin/reports/year-end/?year=<Y> referrals=<n> logs=<n> volunteers=<n>
        median_ms=<x> p90_ms=<y> queries_small=<a> queries_large=<b> xlsx_ms=<z>
        (one line in the output)
    target summary < 2000 ms: met
    target query count independent of the data: met

The three slowest SQL statements of one request are logged on stderr.

Exit status 0 when both targets are met, 1 when one is not, 2 when the page
did not answer 200 or set-up failed. The database is dropped at the end
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
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESULTS_FILE = PROJECT_ROOT / "bench" / "results" / "year_end_bench.txt"
DEFAULT_URL = "postgres://postgres:postgres@127.0.0.1:5432/legal_aid_portal_year_end_bench"
REFERRALS = int(os.environ.get("BENCH_REFERRALS", "100000"))
LOGS = int(os.environ.get("BENCH_LOGS", "10000"))
VOLUNTEERS = int(os.environ.get("BENCH_VOLUNTEERS", "5000"))
PREVIOUS_SHARE = float(os.environ.get("BENCH_PREVIOUS_SHARE", "0.2"))
#: Share of the data built (and measured) first, to compare query counts.
SMALL_SHARE = 0.01
#: Per volunteer, per campaign log ... of year Y.
MEDIA_PER_LOG = 0.2
SIGNUPS_PER_VOLUNTEER = 4
EXTRA_HOURS_PER_VOLUNTEER = 0.6
SIGNUPS_PER_SHIFT = 4
BATCH = 5000
WARM_UP = 1
REQUESTS = 5
TARGET_MS = 2000.0

#: Status mix of referrals of a finished year: most decided.
STATUS_WEIGHTS = {
    "submitted": 2,
    "under_review": 3,
    "needs_info": 2,
    "accepted": 6,
    "assigned": 12,
    "unreachable": 2,
    "closed": 50,
    "declined": 12,
    "transferred": 6,
    "withdrawn": 5,
}
DECIDED = ("accepted", "assigned", "closed", "declined", "transferred")
SOURCE_WEIGHTS = {
    "student": 50,
    "teacher": 8,
    "retired_police": 4,
    "retired_procuratorate": 3,
    "retired_court": 4,
    "retired_justice": 4,
    "lawyer": 12,
    "legal_service_worker": 8,
    "legal_professional": 3,
    "other": 4,
}
MEDIA_OUTLETS = {
    "county": "清河县电视台",
    "city": "清河日报",
    "province": "省法治报",
    "national": "法治日报",
}


def log(message: str) -> None:
    print(f"[year_end_bench] {message}", file=sys.stderr, flush=True)


def configure() -> str:
    """Point Django at the benchmark database before it is imported; return its URL."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("year_end_bench needs a PostgreSQL DATABASE_URL")
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


def bench_year() -> int:
    from django.utils import timezone

    return int(os.environ.get("BENCH_YEAR") or timezone.localdate().year - 1)


# --- Set-up ------------------------------------------------------------------------------


def build_network() -> dict:
    """Migrate; the demo-size network, more partners and a few campaigns. Returns the ids."""
    from django.core.management import call_command
    from django.db import transaction

    from outreach.factories import CampaignIndexPageFactory, CampaignPageFactory
    from outreach.models import HomePage
    from partners.choices import PointKind
    from partners.factories import PartnerOrganisationFactory, create_network
    from partners.models import Area, PartnerOrganisation, PopulationGroup, ServicePoint

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"migrate: {time.monotonic() - started:.1f} s")
    started = time.monotonic()
    with transaction.atomic():
        made = create_network()
        for _ in range(40):
            PartnerOrganisationFactory()
        campaigns = []
        if HomePage.objects.filter(locale__language_code="zh-hans").exists():
            index = CampaignIndexPageFactory()
            campaigns = [CampaignPageFactory(parent=index).pk for _ in range(6)]
    log(f"network {made}, {len(campaigns)} campaigns: {time.monotonic() - started:.1f} s")
    points = ServicePoint.objects.values_list("pk", "kind")
    return {
        "centres": [pk for pk, kind in points if kind in (PointKind.COUNTY_CENTRE,)]
        + [pk for pk, kind in points if kind == PointKind.CITY_CENTRE],
        "workstations": [
            pk
            for pk, kind in points
            if kind not in (PointKind.CITY_CENTRE, PointKind.COUNTY_CENTRE, PointKind.LIAISON_POINT)
        ],
        "points": [pk for pk, _kind in points],
        "organisations": list(PartnerOrganisation.objects.values_list("pk", flat=True)),
        "groups": list(PopulationGroup.objects.values_list("pk", flat=True)),
        "log_areas": list(
            Area.objects.filter(level__in=("county", "township")).values_list("pk", flat=True)
        ),
        "townships": list(Area.objects.filter(level="township").values_list("pk", flat=True)),
        "campaigns": campaigns,
        "volunteers": [],
        "made": {"referrals": 0, "volunteers": 0, "shifts": 0},
    }


def _moment(rng, year: int) -> datetime.datetime:
    """A random aware moment in `year`, local time (Asia/Shanghai)."""
    from django.utils import timezone

    start = datetime.datetime(year, 1, 1)
    seconds = (datetime.datetime(year + 1, 1, 1) - start).total_seconds()
    return timezone.make_aware(start + datetime.timedelta(seconds=rng.randrange(int(seconds))))


def _batches(rows, size=BATCH):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def add_referrals(ids: dict, rng, year: int, count: int) -> None:
    from django.conf import settings

    from partners.choices import AgeBand, DeclineReason, Gender, IssueCategory
    from partners.factories import make_mobile
    from partners.models import Referral
    from portal import crypto

    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    review = datetime.timedelta(days=settings.REFERRAL_REVIEW_DAYS)
    Through = Referral.groups.through
    remaining = count
    while remaining:
        batch = []
        for _ in range(min(BATCH, remaining)):
            number = ids["made"]["referrals"]
            ids["made"]["referrals"] += 1
            submitted = _moment(rng, year)
            status = rng.choices(statuses, weights)[0]
            decided = (
                submitted + datetime.timedelta(hours=rng.uniform(2, 24 * 30))
                if status in DECIDED
                else None
            )
            mobile = make_mobile(number)
            batch.append(
                Referral(
                    organisation_id=rng.choice(ids["organisations"]),
                    centre_id=rng.choice(ids["centres"]),
                    applicant_name=f"申请人{number}",
                    mobile=mobile,
                    mobile_hash=crypto.keyed_hash(mobile),
                    gender=rng.choice(Gender.values),
                    age_band=rng.choice(AgeBand.values),
                    issue_category=rng.choice(IssueCategory.values),
                    description="拖欠工资三个月。",
                    is_urgent=rng.random() < 0.05,
                    is_collective=rng.random() < 0.03,
                    people_count=rng.choice((3, 5, 12)) if rng.random() < 0.03 else 1,
                    consent_given_at=submitted,
                    status=status,
                    submitted_at=submitted,
                    status_changed_at=decided or submitted,
                    review_due_at=submitted + review,
                    review_paused_at=submitted if status == "needs_info" else None,
                    decided_at=decided,
                    decline_reason=(
                        rng.choice(DeclineReason.values) if status == "declined" else ""
                    ),
                )
            )
        remaining -= len(batch)
        Referral.objects.bulk_create(batch, batch_size=BATCH)
        links = [
            Through(referral_id=referral.pk, populationgroup_id=group)
            for referral in batch
            if rng.random() < 0.4
            for group in rng.sample(ids["groups"], rng.choice((1, 1, 2)))
        ]
        Through.objects.bulk_create(links, batch_size=BATCH)


def add_campaign_logs(ids: dict, rng, year: int, count: int) -> None:
    from outreach.choices import ActivityType
    from outreach.models import CampaignLog, MediaReport

    levels, level_weights = list(MEDIA_OUTLETS), [50, 30, 15, 5]
    remaining = count
    while remaining:
        batch = []
        for _ in range(min(BATCH, remaining)):
            people = rng.randrange(20, 800)
            batch.append(
                CampaignLog(
                    date=_moment(rng, year).date(),
                    place=f"文化广场{rng.randrange(1000)}",
                    area_id=rng.choice(ids["log_areas"]) if rng.random() < 0.97 else None,
                    activity_type=rng.choice(ActivityType.values),
                    campaign_id=(
                        rng.choice(ids["campaigns"])
                        if ids["campaigns"] and rng.random() < 0.7
                        else None
                    ),
                    organiser="法律援助中心",
                    people_reached=people,
                    leaflets=people * rng.randrange(1, 3),
                    brochures=rng.randrange(0, 100),
                    posters=rng.randrange(0, 10),
                    other_materials=rng.randrange(0, 20),
                    consultations=rng.randrange(0, people // 5 + 1),
                )
            )
        remaining -= len(batch)
        CampaignLog.objects.bulk_create(batch, batch_size=BATCH)
        reports = [
            MediaReport(
                log_id=entry.pk,
                outlet=MEDIA_OUTLETS[level],
                level=level,
                date=entry.date,
                sort_order=0,
            )
            for entry in rng.sample(batch, round(len(batch) * MEDIA_PER_LOG))
            for level in rng.choices(levels, level_weights)
        ]
        MediaReport.objects.bulk_create(reports, batch_size=BATCH)


def add_volunteers(ids: dict, rng, year: int, count: int) -> None:
    """Volunteers who applied in `year`, most approved with their history and areas."""
    from partners.factories import make_mobile
    from volunteers.models import Volunteer, VolunteerStatusChange

    sources, source_weights = list(SOURCE_WEIGHTS), list(SOURCE_WEIGHTS.values())
    Through = Volunteer.preferred_areas.through
    remaining = count
    while remaining:
        batch = []
        for _ in range(min(BATCH, remaining)):
            number = ids["made"]["volunteers"]
            ids["made"]["volunteers"] += 1
            applied = _moment(rng, year)
            roll = rng.random()
            status = (
                "approved"
                if roll < 0.85
                else "applied"
                if roll < 0.9
                else "in_review"
                if roll < 0.93
                else "rejected"
            )
            batch.append(
                Volunteer(
                    real_name=f"志愿者{number}",
                    mobile=make_mobile(60_000_000 + number),
                    source=rng.choices(sources, source_weights)[0],
                    status=status,
                    applied_at=applied,
                    status_changed_at=applied,
                    skills=["consultation"],
                    availability=["sat"],
                )
            )
        remaining -= len(batch)
        Volunteer.objects.bulk_create(batch, batch_size=BATCH)
        changes, areas = [], []
        for volunteer in batch:
            at = volunteer.applied_at
            steps = [("", "applied")]
            if volunteer.status != "applied":
                steps.append(("applied", "in_review"))
            if volunteer.status in ("approved", "rejected"):
                steps.append(("in_review", volunteer.status))
            for from_status, to_status in steps:
                changes.append(
                    VolunteerStatusChange(
                        volunteer_id=volunteer.pk,
                        at=at,
                        from_status=from_status,
                        to_status=to_status,
                    )
                )
                # Vetting takes up to a few days; an approval may fall in the next year.
                at += datetime.timedelta(hours=rng.uniform(1, 96))
            areas += [
                Through(volunteer_id=volunteer.pk, area_id=area)
                for area in rng.sample(ids["townships"], rng.choice((1, 1, 2)))
            ]
            if volunteer.status == "approved":
                ids["volunteers"].append(volunteer.pk)
        VolunteerStatusChange.objects.bulk_create(changes, batch_size=BATCH)
        Through.objects.bulk_create(areas, batch_size=BATCH)


def add_service(ids: dict, rng, year: int, volunteers: int) -> None:
    """Shifts with attended sign-ups and extra hours in `year`, for `volunteers` recruits."""
    from django.utils import timezone

    from volunteers.models import ExtraHours, Opportunity, Shift, ShiftSignup

    if "opportunities" not in ids:
        opportunities = Opportunity.objects.bulk_create(
            [
                Opportunity(
                    title=f"工作站值班咨询{n}", kind="duty", point_id=point, is_published=True
                )
                for n, point in enumerate(ids["workstations"])
            ]
        )
        ids["opportunities"] = [o.pk for o in opportunities]
    pool = ids["volunteers"]
    attended = round(volunteers * SIGNUPS_PER_VOLUNTEER)
    shift_count = max(1, attended // SIGNUPS_PER_SHIFT)
    shifts = []
    for _ in range(shift_count):
        day = _moment(rng, year).date()
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        shifts.append(
            Shift(
                opportunity_id=rng.choice(ids["opportunities"]),
                # Some shifts are held elsewhere than their opportunity's place.
                point_id=rng.choice(ids["points"]) if rng.random() < 0.2 else None,
                start=start,
                end=start + datetime.timedelta(hours=3),
                capacity=SIGNUPS_PER_SHIFT + 2,
            )
        )
    Shift.objects.bulk_create(shifts, batch_size=BATCH)
    signups = []
    for shift in shifts:
        chosen = rng.sample(pool, min(len(pool), SIGNUPS_PER_SHIFT + 1))
        for index, volunteer in enumerate(chosen):
            # The extra one of each two shifts did not come.
            if index == SIGNUPS_PER_SHIFT and rng.random() < 0.5:
                continue
            came = index < SIGNUPS_PER_SHIFT
            signups.append(
                ShiftSignup(
                    shift_id=shift.pk,
                    volunteer_id=volunteer,
                    status="confirmed",
                    created=shift.start - datetime.timedelta(days=7),
                    attendance="attended" if came else "no_show",
                    hours=Decimal(rng.choice(("3.0", "3.0", "2.5", "3.5"))) if came else 0,
                )
            )
    ShiftSignup.objects.bulk_create(signups, batch_size=BATCH)
    extra = []
    for _ in range(round(volunteers * EXTRA_HOURS_PER_VOLUNTEER)):
        day = _moment(rng, year).date()
        roll = rng.random()
        extra.append(
            ExtraHours(
                volunteer_id=rng.choice(pool),
                date=day,
                hours=Decimal(rng.choice(("1.0", "1.5", "2.0", "4.0"))),
                description="电话解答农民工欠薪咨询。",
                point_id=rng.choice(ids["workstations"]) if rng.random() < 0.7 else None,
                status="approved" if roll < 0.85 else "pending" if roll < 0.93 else "rejected",
            )
        )
    ExtraHours.objects.bulk_create(extra, batch_size=BATCH)


def add_data(ids: dict, rng, year: int, share: float) -> None:
    """`share` of the target data in `year`, PREVIOUS_SHARE of that again in `year - 1`."""
    from django.db import connection, transaction

    started = time.monotonic()
    with transaction.atomic():
        for when, factor in ((year, share), (year - 1, share * PREVIOUS_SHARE)):
            volunteers = round(VOLUNTEERS * factor)
            add_volunteers(ids, rng, when, volunteers)
            add_referrals(ids, rng, when, round(REFERRALS * factor))
            add_campaign_logs(ids, rng, when, round(LOGS * factor))
            add_service(ids, rng, when, volunteers)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(
        f"data x{share:g} (and x{share * PREVIOUS_SHARE:g} in {year - 1}): "
        f"{time.monotonic() - started:.1f} s"
    )


def counts(year: int) -> dict:
    from outreach.models import CampaignLog
    from partners.models import Referral
    from volunteers.models import Volunteer

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return {
        "referrals": Referral.objects.submitted_between(start, end).count(),
        "logs": CampaignLog.objects.in_period(start, end).count(),
        "volunteers": Volunteer.objects.filter(
            applied_at__date__gte=start, applied_at__date__lte=end
        ).count(),
    }


# --- Measuring ---------------------------------------------------------------------------


def get(client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} returned {response.status_code}")
    return response


def count_queries(client, url: str) -> int:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return len(captured.captured_queries)


def log_slowest(client, url: str, top: int = 3) -> None:
    """Time every statement of one request; log the slowest on stderr."""
    from django.db import connection

    timed = []

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(wrapper):
        get(client, url)
    total = sum(ms for ms, _sql in timed)
    log(f"{len(timed)} statements, {total:.0f} ms in the database; slowest:")
    for ms, sql in sorted(timed, key=lambda row: row[0], reverse=True)[:top]:
        log(f"  {ms:.0f} ms: {sql[:300]}{'...' if len(sql) > 300 else ''}")


def measure(client, url: str) -> dict:
    for _ in range(WARM_UP):
        get(client, url)
    queries = count_queries(client, url)
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        get(client, url)
        timings.append((time.perf_counter() - started) * 1000)
    log_slowest(client, url)
    started = time.perf_counter()
    response = get(client, f"{url}&format=xlsx")
    xlsx_ms = (time.perf_counter() - started) * 1000
    if "spreadsheetml" not in response.get("Content-Type", ""):
        raise RuntimeError(f"the XLSX download answered {response.get('Content-Type')!r}")
    return {
        "median_ms": statistics.median(timings),
        "p90_ms": statistics.quantiles(timings, n=10)[-1],
        "queries": queries,
        "xlsx_ms": xlsx_ms,
    }


def main() -> int:
    url = configure()
    try:
        create_database(url)
        import django

        django.setup()
        from django.test import Client

        from portal.factories import SuperuserFactory

        year = bench_year()
        page = f"/admin/reports/year-end/?year={year}"
        rng = random.Random(20260101)  # noqa: S311 - made-up data, not security
        ids = build_network()
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(SuperuserFactory())

        add_data(ids, rng, year, SMALL_SHARE)
        get(client, page)
        queries_small = count_queries(client, page)
        log(f"small data {counts(year)}: {queries_small} queries")

        add_data(ids, rng, year, 1 - SMALL_SHARE)
        rows = counts(year)
        result = measure(client, page)
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
    fast = result["median_ms"] < TARGET_MS
    flat = queries_small == result["queries"]
    lines = [
        f"# year_end_bench {stamp} git={git_commit()} db=postgresql "
        f"requests={REQUESTS} warm_up={WARM_UP} previous_year_share={PREVIOUS_SHARE:g} "
        f"cpus={os.cpu_count()} loadavg={os.getloadavg()[0]:.1f}",
        f"url={page} referrals={rows['referrals']} logs={rows['logs']} "
        f"volunteers={rows['volunteers']} median_ms={result['median_ms']:.1f} "
        f"p90_ms={result['p90_ms']:.1f} queries_small={queries_small} "
        f"queries_large={result['queries']} xlsx_ms={result['xlsx_ms']:.1f}",
        f"target summary < {TARGET_MS:.0f} ms: {'met' if fast else 'NOT met'}",
        f"target query count independent of the data: {'met' if flat else 'NOT met'}",
    ]
    output = "\n".join(lines) + "\n"
    print(output, end="")
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(output, encoding="utf-8")
    return 0 if fast and flat else 1


if __name__ == "__main__":
    sys.exit(main())
