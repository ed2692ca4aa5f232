"""A small legal aid network for the open-data API tests, made with plain ORM calls.

清河市 (city) with the 东城区 and 平安县 county centres, a street workstation, a
village liaison point with its officers and a special workstation hosted by the
Women's Federation. Population groups and service types come from the data
migrations.
"""

import datetime
import itertools

from partners.models import (
    Area,
    LiaisonOfficer,
    OpeningHours,
    PartnerOrganisation,
    PopulationGroup,
    ServicePoint,
    ServiceType,
)

_numbers = itertools.count(1)


def area(code: str, name: str, level: str, parent: Area | None = None) -> Area:
    return Area.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )[0]


def point(code: str, name: str, kind: str, level: str, in_area: Area, **fields) -> ServicePoint:
    fields.setdefault("address", f"{in_area.name}人民路{next(_numbers)}号")
    return ServicePoint.objects.create(
        code=code, name=name, kind=kind, level=level, area=in_area, **fields
    )


def offer(target: ServicePoint, *, groups=(), services=(), hours=()) -> ServicePoint:
    """Give a point its groups, services and opening hours ((weekday, "08:30", "12:00"))."""
    target.groups_served.set(PopulationGroup.objects.filter(code__in=groups))
    target.services.set(ServiceType.objects.filter(code__in=services))
    target.save()  # ParentalManyToManyField writes on save
    for weekday, opens, closes in hours:
        OpeningHours.objects.create(
            point=target,
            weekday=weekday,
            opens=datetime.time.fromisoformat(opens),
            closes=datetime.time.fromisoformat(closes),
        )
    return target


WORKDAYS = [(day, "08:30", "12:00") for day in range(5)] + [
    (day, "13:30", "17:30") for day in range(5)
]


def network() -> dict:
    """The whole small network, as a dict of named rows."""
    province = area("230000000000", "北江省", "province")
    city = area("230100000000", "清河市", "city", province)
    dongcheng = area("230102000000", "东城区", "county", city)
    pingan = area("230121000000", "平安县", "county", city)
    street = area("230102001000", "东升街道", "township", dongcheng)
    village = area("230102001001", "大殷社区", "village", street)
    pingan_village = area("230121101001", "李家村", "village", pingan)

    womens = PartnerOrganisation.objects.create(
        code="qh-womens-federation",
        name="清河市妇女联合会",
        short_name="市妇联",
        kind="womens_federation",
        area=city,
        phone="0453-6221234",
        coordinator="孙科长",
    )
    city_centre = offer(
        point(
            "qh-centre",
            "清河市法律援助中心",
            "city_centre",
            "city",
            city,
            address="清河市人民路18号",
            latitude=44.588,
            longitude=129.608,
            phone="0453-12348",
            duty_schedule="工作日全天有律师值班。",
            description="全市法律援助的受理和指派。",
        ),
        groups=["elderly", "migrant-workers"],
        services=["consultation", "application"],
        hours=WORKDAYS,
    )
    dongcheng_centre = offer(
        point(
            "centre-230102",
            "东城区法律援助中心",
            "county_centre",
            "county",
            dongcheng,
            parent=city_centre,
            phone="0453-8123456",
        ),
        groups=["elderly"],
        services=["consultation", "application"],
        hours=WORKDAYS,
    )
    pingan_centre = offer(
        point("centre-230121", "平安县法律援助中心", "county_centre", "county", pingan),
        services=["consultation"],
    )
    workstation = offer(
        point(
            "ws-230102001",
            "东升街道法律援助工作站",
            "workstation",
            "township",
            street,
            parent=dongcheng_centre,
        ),
        groups=["migrant-workers"],
        services=["consultation"],
        hours=[(1, "09:00", "11:30"), (3, "09:00", "11:30")],
    )
    liaison = offer(
        point(
            "lp-230102001001",
            "东升街道大殷社区法律援助联系点",
            "liaison_point",
            "village",
            village,
            parent=workstation,
            address="大殷社区村委会",
        ),
        groups=["elderly"],
        services=["referral"],
    )
    pingan_liaison = offer(
        point(
            "lp-230121101001",
            "李家村法律援助联系点",
            "liaison_point",
            "village",
            pingan_village,
            address="李家村村委会",
        ),
        services=["referral"],
    )
    special = offer(
        point(
            "sp-womens-230102",
            "东城区妇联专项法律援助工作站",
            "special_workstation",
            "county",
            dongcheng,
            parent=dongcheng_centre,
            host_organisation=womens,
        ),
        groups=["women"],
        services=["consultation"],
    )
    consenting = LiaisonOfficer.objects.create(
        point=liaison, name="王秀兰", phone="13900001111", phone_consent=True
    )
    private = LiaisonOfficer.objects.create(
        point=liaison, name="赵建国", phone="13955557777", phone_consent=False
    )
    closed = point(
        "lp-closed", "已撤销联系点", "liaison_point", "village", village, is_active=False
    )
    return {
        "city": city,
        "dongcheng": dongcheng,
        "pingan": pingan,
        "village": village,
        "womens": womens,
        "city_centre": city_centre,
        "dongcheng_centre": dongcheng_centre,
        "pingan_centre": pingan_centre,
        "workstation": workstation,
        "liaison": liaison,
        "pingan_liaison": pingan_liaison,
        "special": special,
        "consenting_officer": consenting,
        "private_officer": private,
        "closed": closed,
    }


def many_liaison_points(count: int, in_area: Area) -> list[ServicePoint]:
    """`count` liaison points with groups, services, hours and an officer each, in bulk."""
    codes = [f"bulk-{next(_numbers)}" for _n in range(count)]
    ServicePoint.objects.bulk_create(
        ServicePoint(
            code=code,
            name=f"批量联系点{code}",
            kind="liaison_point",
            level="village",
            area=in_area,
            address=f"{in_area.name}{code}号",
        )
        for code in codes
    )
    points = list(ServicePoint.objects.filter(code__in=codes))
    groups = list(PopulationGroup.objects.filter(code__in=["elderly", "disabled"]))
    services = list(ServiceType.objects.filter(code__in=["consultation", "referral"]))
    ServicePoint.groups_served.through.objects.bulk_create(
        ServicePoint.groups_served.through(servicepoint=p, populationgroup=g)
        for p in points
        for g in groups
    )
    ServicePoint.services.through.objects.bulk_create(
        ServicePoint.services.through(servicepoint=p, servicetype=s)
        for p in points
        for s in services
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(
            point=p, weekday=1, opens=datetime.time(9), closes=datetime.time(11), sort_order=0
        )
        for p in points
    )
    LiaisonOfficer.objects.bulk_create(
        LiaisonOfficer(point=p, name="联络员", phone="13000000000", phone_consent=n % 2 == 0)
        for n, p in enumerate(points)
    )
    return points
