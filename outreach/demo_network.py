"""The demo legal aid network, sized like the seed summary's city.

1 city centre, 10 county centres, 81 township workstations, 756 village liaison
points with their officers, 26 special workstations with the federations, union
and aging committee, 29 more for military families, minors, detainees and
migrant workers, duty-lawyer stations at the courts, procuratorates and
detention centres, the 23 member units of the legal aid work committee and
12 roster lawyers. Rows are written in bulk: the whole network loads in seconds.
"""

import datetime

from partners.models import (
    Area,
    LiaisonOfficer,
    OpeningHours,
    PartnerOrganisation,
    PopulationGroup,
    ProviderRosterEntry,
    ServicePoint,
    ServiceType,
)

from . import demo_content as content

TOWNSHIP_NAMES = [
    "东升镇",
    "西林镇",
    "南岗乡",
    "北安镇",
    "前进乡",
    "红光镇",
    "五林镇",
    "三道河乡",
    "新安镇",
    "宁安乡",
    "石岩镇",
    "海浪乡",
    "兴源镇",
    "温春镇",
    "铁岭乡",
    "桦林镇",
    "柴河镇",
    "磨刀石乡",
    "代马沟乡",
    "八面通镇",
    "兴农镇",
    "柳毛乡",
    "鸡东镇",
    "向阳镇",
    "东海乡",
    "永和镇",
    "凤林镇",
    "建新乡",
    "中和镇",
    "双桥镇",
    "高峰乡",
    "杨木乡",
    "二道沟镇",
    "沙河子镇",
    "马桥河镇",
    "绥阳镇",
    "细鳞河乡",
    "穆棱镇",
    "下城子镇",
    "兴源乡",
    "共和乡",
    "福禄乡",
    "河西镇",
    "长安镇",
    "镜泊乡",
    "渤海镇",
    "卧龙乡",
    "江南乡",
    "三陵乡",
    "沙兰镇",
    "海林镇",
    "横道镇",
    "山市镇",
    "二道河镇",
    "新华乡",
    "光明镇",
    "永乐乡",
    "平原镇",
    "松江镇",
    "清源乡",
    "龙泉镇",
    "金山乡",
    "玉河镇",
    "青峰乡",
    "白石镇",
    "安乐乡",
    "富强镇",
    "友谊乡",
    "团结镇",
    "丰收乡",
]
VILLAGE_STEMS = [
    "大殷",
    "小王",
    "李家",
    "张庄",
    "新立",
    "永丰",
    "胜利",
    "团结",
    "前进",
    "红星",
    "东兴",
    "西岗",
    "南沟",
    "北山",
    "长青",
    "太平",
    "和平",
    "富民",
    "兴旺",
    "双河",
]
WORKDAY_HOURS = [
    (datetime.time(8, 30), datetime.time(12)),
    (datetime.time(13, 30), datetime.time(17, 30)),
]
LIAISON_HOURS = [(datetime.time(9), datetime.time(11, 30))]
SPECIAL_PARTNERS = [
    ("womens_federation", "妇联", ["women", "minors"]),
    ("disabled_federation", "残联", ["disabled"]),
    ("trade_union", "总工会", ["migrant-workers", "low-income"]),
    ("aging_committee", "老龄委", ["elderly"]),
]
SPECIAL_GROUPS = [
    ("军人军属法律援助工作站", ["military-families"], "veterans"),
    ("未成年人法律援助工作站", ["minors"], "youth_league"),
    ("在押人员法律援助工作站", ["detainees"], "detention_centre"),
    ("农民工法律援助工作站", ["migrant-workers"], "labour"),
]
COMMITTEE_UNITS = [
    ("qh-police", "清河市公安局", "police"),
    ("qh-procuratorate", "清河市人民检察院", "procuratorate"),
    ("qh-intermediate-court", "清河市中级人民法院", "court"),
    ("qh-civil-affairs", "清河市民政局", "civil_affairs"),
    ("qh-labour", "清河市人力资源和社会保障局", "labour"),
    ("qh-construction", "清河市住房和城乡建设局", "construction"),
    ("qh-trade-union", "清河市总工会", "trade_union"),
    ("qh-youth-league", "共青团清河市委", "youth_league"),
    ("qh-womens-federation", "清河市妇女联合会", "womens_federation"),
    ("qh-aging-committee", "清河市老龄工作委员会", "aging_committee"),
    ("qh-disabled-federation", "清河市残疾人联合会", "disabled_federation"),
    ("qh-justice", "清河市司法局", "justice_bureau"),
    ("qh-finance", "清河市财政局", "other"),
    ("qh-education", "清河市教育局", "other"),
    ("qh-health", "清河市卫生健康委员会", "other"),
    ("qh-veterans", "清河市退役军人事务局", "veterans"),
    ("qh-detention", "清河市看守所", "detention_centre"),
    ("qh-petitions", "清河市信访局", "other"),
    ("qh-market", "清河市市场监督管理局", "other"),
    ("qh-agriculture", "清河市农业农村局", "other"),
    ("qh-media-centre", "清河市融媒体中心", "media"),
    ("qh-lawyers-association", "清河市律师协会", "law_firm"),
    ("qh-normal-college", "清河师范学院", "university"),
]
ROSTER = [
    ("王建国", "lawyer", "清河正义律师事务所", "劳动争议、工伤赔偿"),
    ("李秀兰", "lawyer", "清河明德律师事务所", "婚姻家庭、继承"),
    ("张伟", "lawyer", "平安县法治律师事务所", "刑事辩护"),
    ("刘芳", "lawyer", "清河博大律师事务所", "农村土地承包与流转"),
    ("陈志强", "legal_service_worker", "六镇法律服务所", "赡养、抚养、相邻关系"),
    ("杨丽", "lawyer", "清河正义律师事务所", "消费者权益、人身损害"),
    ("赵刚", "legal_service_worker", "城关镇法律服务所", "劳动报酬追索"),
    ("黄敏", "lawyer", "宁远市惠民律师事务所", "未成年人保护、家庭暴力"),
    ("周军", "lawyer", "安丰市公正律师事务所", "刑事辩护、值班律师"),
    ("吴静", "legal_service_worker", "青山县法律服务所", "婚姻家庭"),
    ("徐涛", "lawyer", "白河县民生律师事务所", "工伤赔偿、交通事故"),
    ("孙红梅", "lawyer", "松岭县和谐律师事务所", "劳动争议"),
]


def _township_areas(counties) -> list[Area]:
    """81 townships: 平安县's 11 named ones and 70 spread over the other counties."""
    existing = {a.code: a for a in Area.objects.filter(level="township")}
    names = iter(TOWNSHIP_NAMES)
    rows = []
    for county in counties:
        named = content.TOWNSHIPS if county.name == "平安县" else None
        count = len(named) if named else (8 if county.code < "230181000000" else 7)
        for number in range(1, count + 1):
            code = f"{county.code[:6]}{number:03d}000"
            if code not in existing:
                name = named[number - 1] if named else next(names)
                rows.append(Area(code=code, name=name, level="township", parent=county))
    Area.objects.bulk_create(rows)
    return list(Area.objects.filter(level="township").order_by("code"))


def _village_areas(townships, total=756) -> list[Area]:
    if Area.objects.filter(level="village").exists():
        return list(Area.objects.filter(level="village").order_by("code"))
    rows = []
    per, extra = divmod(total, len(townships))
    for index, township in enumerate(townships):
        for number in range(1, per + (1 if index < extra else 0) + 1):
            stem = VILLAGE_STEMS[(index * 7 + number) % len(VILLAGE_STEMS)]
            if township.name == "六镇" and number == 1:
                stem = "大殷"  # the village of the seed's collective land case
            rows.append(
                Area(
                    code=f"{township.code[:9]}{number:03d}",
                    name=f"{stem}村",
                    level="village",
                    parent=township,
                )
            )
    Area.objects.bulk_create(rows)
    return list(Area.objects.filter(level="village").order_by("code"))


def _committee(city) -> dict[str, PartnerOrganisation]:
    units = {}
    for number, (code, name, kind) in enumerate(COMMITTEE_UNITS, start=1):
        unit, _ = PartnerOrganisation.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "area": city,
                "is_committee_member": True,
                "responsible_leader": f"副局长 {'张王李赵刘陈杨黄周吴'[number % 10]}同志",
                "responsible_department": "法制科" if number % 2 else "办公室",
                "coordinator": f"{'孙马朱胡郭何高林罗郑'[number % 10]}科长",
                "committee_duties": "在职责范围内配合法律援助机构做好援助对象确认、案件转交和信息互通工作。",
            },
        )
        units[code] = unit
    for code in (
        "qh-womens-federation",
        "qh-disabled-federation",
        "qh-trade-union",
        "qh-aging-committee",
    ):
        units[
            code
        ].eligibility_confirmation = "由本单位出具援助对象身份证明，中心免予经济困难审查。"
        units[
            code
        ].collaboration_procedure = "本单位工作站接待后三日内转介至法律援助中心，中心七日内反馈。"
        units[code].information_sharing = "每月通报转介和受理情况，重大案件即时沟通。"
        units[code].assessment_method = "纳入年度法律援助工作考核，按转介数量和反馈及时率评分。"
        units[code].agreement_signed_on = datetime.date(2019, 3, 1)
        units[code].save()
    return units


def _point(code, name, kind, level, area, **fields) -> ServicePoint:
    return ServicePoint(
        code=code,
        name=name,
        kind=kind,
        level=level,
        area=area,
        address=fields.pop("address", f"{area.name}人民路{len(code) % 40 + 1}号"),
        phone=fields.pop("phone", "0453-12348"),
        **fields,
    )


def load_network(rng) -> dict[str, int]:
    """Create the demo network unless it is already there; returns counts."""
    if ServicePoint.objects.exists():
        return {"service points": ServicePoint.objects.count()}
    city = Area.objects.get(level="city")
    counties = list(Area.objects.filter(level="county").order_by("code"))
    townships = _township_areas(counties)
    villages = _village_areas(townships)
    units = _committee(city)
    groups = {g.code: g for g in PopulationGroup.objects.all()}
    services = {s.code: s for s in ServiceType.objects.all()}

    # Vertical: city centre -> county centres -> township workstations.
    centre = _point(
        "qh-centre",
        "清河市法律援助中心",
        "city_centre",
        "city",
        city,
        address="清河市人民路18号",
        latitude=44.588,
        longitude=129.608,
        duty_schedule="工作日全天有律师值班；12348热线全天候接听。",
    )
    centre.save()
    county_centres = {}
    for county in counties:
        county_centres[county.pk] = _point(
            f"centre-{county.code[:6]}",
            f"{county.name}法律援助中心",
            "county_centre",
            "county",
            county,
            parent=centre,
            duty_schedule="工作日有律师值班，可预约上门服务。",
        )
    ServicePoint.objects.bulk_create(county_centres.values())
    county_centres = {p.area_id: p for p in ServicePoint.objects.filter(kind="county_centre")}
    workstations = [
        _point(
            f"ws-{t.code[:9]}",
            f"{t.name}法律援助工作站",
            "workstation",
            "township",
            t,
            parent=county_centres[t.parent_id],
            duty_schedule="每周二、周四上午志愿者值班。",
        )
        for t in townships
    ]
    ServicePoint.objects.bulk_create(workstations)
    workstations = {p.area_id: p for p in ServicePoint.objects.filter(kind="workstation")}
    liaison = [
        _point(
            f"lp-{v.code}",
            f"{v.parent.name}{v.name}法律援助联系点",
            "liaison_point",
            "village",
            v,
            parent=workstations[v.parent_id],
            address=f"{v.parent.name}{v.name}村委会",
            phone="",
        )
        for v in villages
    ]
    ServicePoint.objects.bulk_create(liaison)

    # Horizontal: special workstations with partner bodies, duty-lawyer stations.
    special = []
    for county in counties:
        for kind, short, _codes in SPECIAL_PARTNERS:
            host = next(u for u in units.values() if u.kind == kind)
            special.append(
                _point(
                    f"sp-{kind}-{county.code[:6]}",
                    f"{county.name}{short}专项法律援助工作站",
                    "special_workstation",
                    "county",
                    county,
                    host_organisation=host,
                    parent=county_centres[county.pk],
                )
            )
    special = special[:26]
    for county in counties:
        for name, _codes, host_kind in SPECIAL_GROUPS:
            host = next(u for u in units.values() if u.kind == host_kind)
            special.append(
                _point(
                    f"sp-{host_kind}-{county.code[:6]}",
                    f"{county.name}{name}",
                    "special_workstation",
                    "county",
                    county,
                    host_organisation=host,
                    parent=county_centres[county.pk],
                )
            )
    special = special[:55]
    stations = [
        _point(
            "st-court-city",
            "清河市中级人民法院值班律师工作站",
            "court_station",
            "city",
            city,
            host_organisation=units["qh-intermediate-court"],
            parent=centre,
        ),
        _point(
            "st-procuratorate-city",
            "清河市人民检察院值班律师工作站",
            "procuratorate_station",
            "city",
            city,
            host_organisation=units["qh-procuratorate"],
            parent=centre,
        ),
        _point(
            "st-detention-city",
            "清河市看守所值班律师工作站",
            "detention_station",
            "city",
            city,
            host_organisation=units["qh-detention"],
            parent=centre,
        ),
    ]
    ServicePoint.objects.bulk_create(special + stations)

    points = list(ServicePoint.objects.all())
    _relations(points, groups, services, rng)
    return {
        "townships": len(townships),
        "villages": len(villages),
        "committee units": len(units),
        "service points": len(points),
        "liaison officers": LiaisonOfficer.objects.count(),
        "roster entries": _roster(counties),
    }


def _relations(points, groups, services, rng):
    """Groups served, services, opening hours and officers, in bulk."""
    group_links, service_links, hours, officers = [], [], [], []
    group_through = ServicePoint.groups_served.through
    service_through = ServicePoint.services.through
    special_groups = {kind: codes for kind, _s, codes in SPECIAL_PARTNERS}
    special_groups.update({host: codes for _n, codes, host in SPECIAL_GROUPS})
    for point in points:
        if point.kind == "special_workstation":
            codes = special_groups[point.code.split("-")[1]]
        elif point.kind in ("court_station", "procuratorate_station", "detention_station"):
            codes = ["detainees"]
        else:
            codes = [
                "elderly",
                "disabled",
                "women",
                "minors",
                "migrant-workers",
                "military-families",
            ]
        group_links += [
            group_through(servicepoint_id=point.pk, populationgroup_id=groups[c].pk) for c in codes
        ]
        if point.kind == "liaison_point":
            offered = ["consultation", "referral", "outreach"]
            periods = [(d, *LIAISON_HOURS[0]) for d in (1, 3)]
            officers.append(
                LiaisonOfficer(
                    point_id=point.pk,
                    name=f"{'王李张刘陈杨赵黄周吴'[rng.randrange(10)]}{'建国秀英志强丽华明军桂兰海燕'[rng.randrange(7) * 2 :][:2]}",
                    phone=f"13{rng.randrange(10**9):09d}",
                    phone_consent=rng.random() < 0.6,
                )
            )
        elif point.kind.endswith("_station"):
            offered = ["duty-lawyer", "consultation"]
            periods = [(d, *p) for d in range(5) for p in WORKDAY_HOURS]
        else:
            offered = ["consultation", "application", "mediation", "documents", "referral"]
            periods = [(d, *p) for d in range(5) for p in WORKDAY_HOURS]
        service_links += [
            service_through(servicepoint_id=point.pk, servicetype_id=services[c].pk)
            for c in offered
        ]
        hours += [
            OpeningHours(point_id=point.pk, weekday=d, opens=o, closes=c, sort_order=i)
            for i, (d, o, c) in enumerate(periods)
        ]
    group_through.objects.bulk_create(group_links)
    service_through.objects.bulk_create(service_links)
    OpeningHours.objects.bulk_create(hours)
    LiaisonOfficer.objects.bulk_create(officers)


def _roster(counties) -> int:
    entries = [
        ProviderRosterEntry(
            code=f"roster-{number:02d}",
            name=name,
            kind=kind,
            office=office,
            practice_areas=areas,
            area=counties[number % len(counties)],
            office_phone=f"0453-86{number:02d}1234",
        )
        for number, (name, kind, office, areas) in enumerate(ROSTER, start=1)
    ]
    ProviderRosterEntry.objects.bulk_create(entries)
    return len(entries)
