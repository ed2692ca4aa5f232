"""Benchmark of the service point spreadsheet import (the admin's "Import" of the network).

Run from the project root:

    .venv/bin/python bench/import_bench.py

What it does, in a fresh temporary directory (the project's database is never touched):

1. a SQLite database (`DATABASE_URL`) migrated from scratch under the
   development settings;
2. the demo city's areas (清河市, its 10 counties, 81 townships and the villages
   the points need) and five partner organisations that host special workstations;
3. an XLSX of 1,000 correct service points: the city centre, county centres,
   duty-lawyer stations, special workstations, township workstations and
   village liaison points, each with groups served, services, opening hours
   and its parent point;
4. times `portal.imports.import_spreadsheet()` importing it (the confirm step of
   the admin), then importing it again: every row matches, so nothing changes.

Output (stdout):

    import_points rows=1000 seconds=X.XX created=1000
    reimport_points rows=1000 seconds=Y.YY created=0 updated=0 skipped=1000
    status=ok

The dry run the admin shows before the import costs about the same as the
import. Target: under 10 s per import. Exit status 0 on success, 1 when a
target is missed or the re-import changed something, 2 when set-up or the
import failed. Set BENCH_KEEP_TMP=1 to keep the temporary directory.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ROWS = 1000
TARGET_SECONDS = 10.0
TOWNSHIPS_PER_COUNTY = [9, 8, 8, 8, 8, 8, 8, 8, 8, 8]  # 81 townships
HOSTS = [
    ("disabled_federation", "残联", ["disabled"]),
    ("womens_federation", "妇联", ["women", "minors"]),
    ("trade_union", "总工会", ["migrant-workers"]),
    ("aging_committee", "老龄委", ["elderly"]),
    ("veterans", "退役军人事务局", ["military-families"]),
]
STATIONS = [("court", "法院"), ("procuratorate", "检察院"), ("detention", "看守所")]
OFFICE_HOURS = "周一至周五 08:30-12:00,13:30-17:30"
LIAISON_HOURS = "周一、周三、周五 09:00-11:30"


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def setup_django(tmp: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_DEBUG"] = "false"  # no query log growing in memory
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    sys.path.insert(0, str(PROJECT_ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    log("migrating a fresh SQLite database")
    call_command("migrate", verbosity=0, interactive=False)


def create_areas_and_hosts():
    """The demo city, counties and townships, and enough villages for the liaison points."""
    from outreach import demo_content
    from partners.models import Area, PartnerOrganisation

    city_name, city_code = demo_content.CITY
    city = Area.objects.create(code=city_code, name=city_name, level="city")
    counties = Area.objects.bulk_create(
        Area(code=code, name=name, level="county", parent=city)
        for name, code in demo_content.COUNTIES
    )
    townships = Area.objects.bulk_create(
        Area(
            code=f"{county.code[:6]}{number:03d}000",
            name=f"{county.name[:2]}{number}镇",
            level="township",
            parent=county,
        )
        for county, count in zip(counties, TOWNSHIPS_PER_COUNTY, strict=True)
        for number in range(1, count + 1)
    )
    hosts = PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(code=f"host-{kind}", name=f"清河市{short}", short_name=short, kind=kind)
        for kind, short, _groups in HOSTS
    )
    return city, counties, townships, hosts


def create_villages(townships, count):
    from partners.models import Area

    per, extra = divmod(count, len(townships))
    return Area.objects.bulk_create(
        Area(
            code=f"{township.code[:9]}{number:03d}",
            name=f"{township.name}{number}村",
            level="village",
            parent=township,
        )
        for index, township in enumerate(townships)
        for number in range(1, per + (index < extra) + 1)
    )


def point_rows(city, counties, townships, hosts) -> list[dict]:
    """1,000 rows of a correct points file, parents before children as an export writes them."""
    rows = []

    def add(code, name, kind, level, area, parent="", host="", groups="", hours=OFFICE_HOURS):
        n = len(rows)
        rows.append(
            {
                "代码": code,
                "名称": name,
                "类型": kind,
                "层级": level,
                "区划代码": area.code,
                "上级网点代码": parent,
                "承办单位代码": host,
                "服务人群": groups,
                "服务项目": "法律咨询、受理法律援助申请",
                "地址": f"{area.name}人民路{n % 200 + 1}号",
                "纬度": round(44.2 + (n % 97) * 0.01, 6),
                "经度": round(129.1 + (n % 89) * 0.01, 6),
                "电话": f"0453-6{n:06d}",
                "开放时间": hours,
                "值班安排": "工作日有律师值班",
                "说明": "",
                "是否启用": "是",
            }
        )

    add("qh-centre", "清河市法律援助中心", "市法律援助中心", "市级", city)
    for county in counties:
        centre = f"centre-{county.code[:6]}"
        add(centre, f"{county.name}法律援助中心", "县(区)法律援助中心", "县级", county, "qh-centre")
        for kind, station in (
            ("court", "法院"),
            ("procuratorate", "检察院"),
            ("detention", "看守所"),
        ):
            add(
                f"{kind}-{county.code[:6]}",
                f"{county.name}{station}值班律师工作站",
                f"{station}值班律师工作站",
                "县级",
                county,
                centre,
            )
        for (kind, short, groups), host in zip(HOSTS, hosts, strict=True):
            add(
                f"sp-{kind}-{county.code[:6]}",
                f"{county.name}{short}法律援助工作站",
                "专项法律援助工作站",
                "县级",
                county,
                centre,
                host.code,
                "、".join(groups),
            )
    for township in townships:
        add(
            f"ws-{township.code[:9]}",
            f"{township.name}法律援助工作站",
            "乡镇(街道)法律援助工作站",
            "乡镇级",
            township,
            f"centre-{township.code[:6]}",
            groups="老年人、残疾人、农民工",
        )
    villages = create_villages(townships, ROWS - len(rows))
    for village in villages:
        add(
            f"lp-{village.code}",
            f"{village.name}法律援助联系点",
            "村(社区)法律援助联系点",
            "村级",
            village,
            f"ws-{village.code[:9]}",
            groups="老年人",
            hours=LIAISON_HOURS,
        )
    return rows


def points_xlsx(rows) -> bytes:
    import tablib

    from partners.resources import ServicePointResource

    headers = ServicePointResource.column_names()
    dataset = tablib.Dataset(headers=headers, title="服务网点")
    for row in rows:
        dataset.append([row[header] for header in headers])
    return dataset.export("xlsx")


def timed_import(content: bytes):
    from django.core.files.base import ContentFile

    from partners.resources import ServicePointResource
    from portal.imports import import_spreadsheet

    started = time.perf_counter()
    outcome = import_spreadsheet(
        ServicePointResource(), ContentFile(content, name="points.xlsx"), by=None, dry_run=False
    )
    return outcome, time.perf_counter() - started


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="import-bench-"))
    keep = os.environ.get("BENCH_KEEP_TMP") == "1"
    try:
        setup_django(tmp)
        rows = point_rows(*create_areas_and_hosts())
        if len(rows) != ROWS:
            raise RuntimeError(f"made {len(rows)} rows, not {ROWS}")
        content = points_xlsx(rows)
        log(f"importing {ROWS} points ({len(content) // 1024} KiB of XLSX)")
        first, first_seconds = timed_import(content)
        if not first.ok:
            for issue in first.issues[:20]:
                log(f"  {issue}")
            raise RuntimeError("the import reported problems")
        print(
            f"import_points rows={first.total_rows} seconds={first_seconds:.2f} "
            f"created={first.created}"
        )
        second, second_seconds = timed_import(content)
        print(
            f"reimport_points rows={second.total_rows} seconds={second_seconds:.2f} "
            f"created={second.created} updated={second.updated} skipped={second.skipped}"
        )
    except Exception as error:  # a set-up or import failure: say why, keep the files
        print(f"status=failed reason={error}", flush=True)
        log(f"failed; the temporary directory is kept: {tmp}")
        return 2
    unchanged = (second.created, second.updated, second.skipped) == (0, 0, ROWS)
    fast = max(first_seconds, second_seconds) < TARGET_SECONDS
    print(f"status={'ok' if unchanged and fast else 'missed'}")
    if keep:
        log(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if unchanged and fast else 1


if __name__ == "__main__":
    sys.exit(main())
