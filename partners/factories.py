"""Factories for the legal aid network, shared by tests, browser tests, benchmarks and demo data.

Division codes nest by prefix (a village's code starts with its township's nine
digits), and the directory relies on it, so `AreaFactory` derives each new code
from its parent: the next free number among the parent's children.
"""

import datetime

import factory
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from portal.crypto import keyed_hash
from portal.factories import UserFactory

from .choices import (
    AgeBand,
    AreaLevel,
    Gender,
    IssueCategory,
    MembershipRole,
    OrganisationKind,
    PointKind,
    PointLevel,
    ReferralStatus,
    Weekday,
)
from .models import (
    Area,
    LiaisonOfficer,
    OpeningHours,
    PartnerMembership,
    PartnerOrganisation,
    PopulationGroup,
    ProviderRosterEntry,
    Referral,
    ServicePoint,
    ServiceType,
)
from .validators import id_check_character

CITY_NAME = "清河市"
CITY_CODE = "230100000000"

# Where the digits of each level sit in the 12-digit code: county 5-6, township
# 7-9, village 10-12 (统计用区划代码).
CODE_SEGMENTS = {
    AreaLevel.COUNTY: (4, 6),
    AreaLevel.TOWNSHIP: (6, 9),
    AreaLevel.VILLAGE: (9, 12),
}
PARENT_LEVEL = {
    AreaLevel.COUNTY: AreaLevel.CITY,
    AreaLevel.TOWNSHIP: AreaLevel.COUNTY,
    AreaLevel.VILLAGE: AreaLevel.TOWNSHIP,
}
AREA_NAME_SUFFIX = {
    AreaLevel.CITY: "市",
    AreaLevel.COUNTY: "县",
    AreaLevel.TOWNSHIP: "镇",
    AreaLevel.VILLAGE: "村",
}
# First characters of made-up place names: common in the names of north-eastern places.
PLACE_WORDS = "安平兴隆永和长岭新华东风红旗太平青山白河松岭宁远丰泉柳树榆林杨家王家李家"

# Mon–Fri 8:30–12:00 and 13:30–17:30, the hours of most centres and workstations.
OFFICE_HOURS = [
    (weekday, opens, closes)
    for weekday in range(Weekday.MONDAY, Weekday.SATURDAY)
    for opens, closes in (
        (datetime.time(8, 30), datetime.time(12)),
        (datetime.time(13, 30), datetime.time(17, 30)),
    )
]


def city_area() -> Area:
    """The one city the portal serves (the demo data makes the same row)."""
    city, _ = Area.objects.get_or_create(
        code=CITY_CODE, defaults={"name": CITY_NAME, "level": AreaLevel.CITY}
    )
    return city


def _default_parent(level):
    if level in (AreaLevel.PROVINCE, AreaLevel.CITY):
        return None
    parent_level = PARENT_LEVEL[level]
    if parent_level == AreaLevel.CITY:
        return city_area()
    return AreaFactory(level=parent_level)


def _next_child_code(area) -> str:
    """The next free division code under the parent: its prefix, a number, zeros."""
    if area.level not in CODE_SEGMENTS:
        raise ValueError("Use city_area() for the city; provinces are not part of the network.")
    start, end = CODE_SEGMENTS[area.level]
    prefix = area.parent.code[:start]
    highest = Area.objects.filter(code__startswith=prefix, level=area.level).aggregate(
        highest=Max("code")
    )["highest"]
    number = int(highest[start:end]) + 1 if highest else 1
    return f"{prefix}{number:0{end - start}d}".ljust(12, "0")


def _place_name(n: int) -> str:
    first = PLACE_WORDS[n % len(PLACE_WORDS)]
    second = PLACE_WORDS[(n * 7 + 3) % len(PLACE_WORDS)]
    return f"{first}{second}{n}"


class AreaFactory(factory.django.DjangoModelFactory):
    """A village by default; its township, county and the city are made as needed.

    `AreaFactory(level=AreaLevel.COUNTY)` makes a county under the city;
    `AreaFactory(parent=township)` a village of an existing township.
    """

    class Meta:
        model = Area

    level = AreaLevel.VILLAGE
    parent = factory.LazyAttribute(lambda o: _default_parent(o.level))
    name = factory.LazyAttributeSequence(
        lambda o, n: f"{_place_name(n)}{AREA_NAME_SUFFIX.get(o.level, '')}"
    )
    code = factory.LazyAttribute(_next_child_code)

    class Params:
        county = factory.Trait(level=AreaLevel.COUNTY)
        township = factory.Trait(level=AreaLevel.TOWNSHIP)
        village = factory.Trait(level=AreaLevel.VILLAGE)


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    """A partner body of the city; traits by kind: `PartnerOrganisationFactory(court=True)`."""

    class Meta:
        model = PartnerOrganisation

    code = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"清河市合作单位{n}")
    short_name = factory.Sequence(lambda n: f"合作单位{n}")
    kind = OrganisationKind.OTHER
    area = factory.LazyFunction(city_area)
    phone = factory.Sequence(lambda n: f"0451-8{n % 10_000_000:07d}")

    class Params:
        womens_federation = factory.Trait(
            kind=OrganisationKind.WOMENS_FEDERATION,
            name=factory.Sequence(lambda n: f"清河市妇女联合会{n}"),
            short_name="市妇联",
        )
        disabled_federation = factory.Trait(
            kind=OrganisationKind.DISABLED_FEDERATION,
            name=factory.Sequence(lambda n: f"清河市残疾人联合会{n}"),
            short_name="市残联",
        )
        trade_union = factory.Trait(
            kind=OrganisationKind.TRADE_UNION,
            name=factory.Sequence(lambda n: f"清河市总工会{n}"),
            short_name="市总工会",
        )
        court = factory.Trait(
            kind=OrganisationKind.COURT,
            name=factory.Sequence(lambda n: f"清河市人民法院{n}"),
            short_name="法院",
        )
        committee_member = factory.Trait(
            is_committee_member=True,
            responsible_leader="王主任",
            responsible_department="办公室",
            coordinator="李干事",
        )


def _point_name(point) -> str:
    area = point.area.name
    host = point.host_organisation
    return {
        PointKind.CITY_CENTRE: f"{area}法律援助中心",
        PointKind.COUNTY_CENTRE: f"{area}法律援助中心",
        PointKind.WORKSTATION: f"{area}法律援助工作站",
        PointKind.SPECIAL_WORKSTATION: f"{host or area}法律援助工作站",
        PointKind.COURT_STATION: f"{area}人民法院值班律师工作站",
        PointKind.PROCURATORATE_STATION: f"{area}人民检察院值班律师工作站",
        PointKind.DETENTION_STATION: f"{area}看守所值班律师工作站",
        PointKind.LIAISON_POINT: f"{area}法律援助联络点",
    }[point.kind]


def _objects_by_code(model, values):
    """Model rows from a list of rows or codes (`["elderly", "disabled"]`)."""
    codes = [v for v in values if isinstance(v, str)]
    rows = {row.code: row for row in model.objects.filter(code__in=codes)} if codes else {}
    return [rows[v] if isinstance(v, str) else v for v in values]


def _link(point, field_name, rows):
    """Add `rows` to a many-to-many field of a saved point."""
    field = ServicePoint._meta.get_field(field_name)
    through = field.remote_field.through
    source = field.m2m_field_name()
    target = field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{source: point, target: row}) for row in rows], ignore_conflicts=True
    )


class ServicePointFactory(factory.django.DjangoModelFactory):
    """A village liaison point by default; one trait per kind of point.

    `ServicePointFactory(workstation=True)` is a township workstation,
    `ServicePointFactory(special_workstation=True)` a county special workstation
    hosted by a partner. `groups_served` and `services` take rows or codes, and
    `hours=True` adds office hours (or pass `[(weekday, opens, closes), ...]`).
    """

    class Meta:
        model = ServicePoint
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"point-{n}")
    kind = PointKind.LIAISON_POINT
    level = PointLevel.VILLAGE
    area = factory.SubFactory(AreaFactory, level=AreaLevel.VILLAGE)
    name = factory.LazyAttribute(_point_name)
    address = factory.LazyAttributeSequence(lambda o, n: f"{o.area.name}人民路{n % 200 + 1}号")
    phone = factory.Sequence(lambda n: f"0451-5{n % 10_000_000:07d}")
    is_active = True

    class Params:
        city_centre = factory.Trait(
            kind=PointKind.CITY_CENTRE, level=PointLevel.CITY, area=factory.LazyFunction(city_area)
        )
        county_centre = factory.Trait(
            kind=PointKind.COUNTY_CENTRE,
            level=PointLevel.COUNTY,
            area=factory.SubFactory(AreaFactory, level=AreaLevel.COUNTY),
        )
        workstation = factory.Trait(
            kind=PointKind.WORKSTATION,
            level=PointLevel.TOWNSHIP,
            area=factory.SubFactory(AreaFactory, level=AreaLevel.TOWNSHIP),
        )
        special_workstation = factory.Trait(
            kind=PointKind.SPECIAL_WORKSTATION,
            level=PointLevel.COUNTY,
            area=factory.SubFactory(AreaFactory, level=AreaLevel.COUNTY),
            host_organisation=factory.SubFactory(PartnerOrganisationFactory),
        )
        court_station = factory.Trait(
            kind=PointKind.COURT_STATION,
            level=PointLevel.COUNTY,
            area=factory.SubFactory(AreaFactory, level=AreaLevel.COUNTY),
        )
        procuratorate_station = factory.Trait(
            kind=PointKind.PROCURATORATE_STATION,
            level=PointLevel.COUNTY,
            area=factory.SubFactory(AreaFactory, level=AreaLevel.COUNTY),
        )
        detention_station = factory.Trait(
            kind=PointKind.DETENTION_STATION,
            level=PointLevel.COUNTY,
            area=factory.SubFactory(AreaFactory, level=AreaLevel.COUNTY),
        )
        liaison_point = factory.Trait(
            kind=PointKind.LIAISON_POINT,
            level=PointLevel.VILLAGE,
            area=factory.SubFactory(AreaFactory, level=AreaLevel.VILLAGE),
        )
        inactive = factory.Trait(is_active=False)

    # ParentalManyToManyField keeps changes in memory until the next save(), so
    # the rows are written through the join tables directly (no second save).
    @factory.post_generation
    def groups_served(self, create, extracted, **kwargs):
        if create and extracted:
            _link(self, "groups_served", _objects_by_code(PopulationGroup, extracted))

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if create and extracted:
            _link(self, "services", _objects_by_code(ServiceType, extracted))

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        if not (create and extracted):
            return
        rows = OFFICE_HOURS if extracted is True else extracted
        OpeningHours.objects.bulk_create(
            OpeningHours(point=self, weekday=weekday, opens=opens, closes=closes, sort_order=i)
            for i, (weekday, opens, closes) in enumerate(rows)
        )


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    """Monday morning, 8:30 to 12:00."""

    class Meta:
        model = OpeningHours

    point = factory.SubFactory(ServicePointFactory)
    weekday = Weekday.MONDAY
    opens = datetime.time(8, 30)
    closes = datetime.time(12)


class LiaisonOfficerFactory(factory.django.DjangoModelFactory):
    """A village liaison officer who agreed to publish their mobile number.

    `LiaisonOfficerFactory(without_consent=True)` keeps the number private.
    """

    class Meta:
        model = LiaisonOfficer

    point = factory.SubFactory(ServicePointFactory)
    name = factory.Faker("name", locale="zh_CN")
    phone = factory.Sequence(lambda n: f"139{n % 100_000_000:08d}")
    phone_consent = True

    class Params:
        without_consent = factory.Trait(phone_consent=False)


# ---------------------------------------------------------------------------
# A whole network, for benchmarks and browser tests

SPECIAL_HOSTS = [
    ("disabled_federation", "残联", ["disabled"]),
    ("womens_federation", "妇联", ["women", "minors"]),
    ("trade_union", "总工会", ["migrant-workers"]),
    ("aging_committee", "老龄委", ["elderly"]),
    ("veterans", "退役军人事务局", ["military-families"]),
]


def _split(total: int, parts: int) -> list[int]:
    """`total` as `parts` near-equal whole numbers, larger ones first."""
    share, rest = divmod(total, parts)
    return [share + (1 if i < rest else 0) for i in range(parts)]


def create_network(
    *, counties: int = 10, townships: int = 81, villages: int = 756, special_per_county: int = 5
) -> dict[str, int]:
    """The four-level network of the seed summary: city centre, county centres,
    township workstations, special workstations and village liaison points with officers.

    The defaults give the demo size (about 1,000 points). Every point has office
    hours; liaison points have one officer with consent and one without. Returns
    counts by kind.
    """
    services = list(ServiceType.objects.all())
    groups = {g.code: g for g in PopulationGroup.objects.all()}
    centre = ServicePointFactory(city_centre=True, hours=True, services=services)
    made = {"city centres": 1, "county centres": 0, "workstations": 0, "special": 0, "liaison": 0}
    villages_per_township = iter(_split(villages, townships))
    for county_number, township_count in enumerate(_split(townships, counties)):
        county = AreaFactory(level=AreaLevel.COUNTY)
        county_centre = ServicePointFactory(
            county_centre=True, area=county, parent=centre, hours=True, services=services
        )
        made["county centres"] += 1
        for kind, short, codes in SPECIAL_HOSTS[:special_per_county]:
            host = PartnerOrganisationFactory(
                kind=kind, name=f"{county.name}{short}{county_number}", short_name=f"县{short}"
            )
            ServicePointFactory(
                special_workstation=True,
                area=county,
                parent=county_centre,
                host_organisation=host,
                name=f"{county.name}{short}法律援助工作站",
                hours=True,
                groups_served=[groups[c] for c in codes if c in groups],
                services=services[:2],
            )
            made["special"] += 1
        for _ in range(township_count):
            township = AreaFactory(level=AreaLevel.TOWNSHIP, parent=county)
            workstation = ServicePointFactory(
                workstation=True,
                area=township,
                parent=county_centre,
                hours=True,
                services=services[:3],
            )
            made["workstations"] += 1
            for _ in range(next(villages_per_township)):
                village = AreaFactory(level=AreaLevel.VILLAGE, parent=township)
                point = ServicePointFactory(
                    area=village,
                    parent=workstation,
                    hours=[(d, datetime.time(9), datetime.time(11, 30)) for d in (0, 2, 4)],
                    services=services[-2:],
                )
                LiaisonOfficerFactory(point=point)
                LiaisonOfficerFactory(point=point, without_consent=True)
                made["liaison"] += 1
    return made


def make_id_number(n: int, *, birth: str = "19800101", area: str = "230102") -> str:
    """A resident ID number with a valid check character (made up, for tests and demo data)."""
    first17 = f"{area}{birth}{n % 1000:03d}"
    return first17 + id_check_character(first17)


def make_mobile(n: int) -> str:
    return f"139{n % 100_000_000:08d}"


class PartnerMembershipFactory(factory.django.DjangoModelFactory):
    """A reporter of a new organisation; `coordinator=True` for a coordinator."""

    class Meta:
        model = PartnerMembership

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"partner{n}"))
    organisation = factory.SubFactory(PartnerOrganisationFactory)
    role = MembershipRole.REPORTER
    is_active = True

    class Params:
        coordinator = factory.Trait(role=MembershipRole.COORDINATOR)


class ProviderRosterEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderRosterEntry

    code = factory.Sequence(lambda n: f"provider-{n}")
    name = factory.Sequence(lambda n: f"律师{n}")
    kind = "lawyer"
    office = "清河律师事务所"
    practice_areas = "劳动争议"
    area = factory.SubFactory(AreaFactory, level=AreaLevel.COUNTY)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A submitted referral of a new organisation to a new county centre.

    `ReferralFactory(status=ReferralStatus.ACCEPTED)` sets the status directly
    (no history rows): use `partners.services` to test the lifecycle itself.
    `groups` takes rows or codes.
    """

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    organisation = factory.SubFactory(PartnerOrganisationFactory)
    centre = factory.SubFactory(ServicePointFactory, county_centre=True)
    applicant_name = factory.Sequence(lambda n: f"张{n}")
    mobile = factory.Sequence(make_mobile)
    mobile_hash = factory.LazyAttribute(lambda o: keyed_hash(o.mobile))
    gender = Gender.FEMALE
    age_band = AgeBand.FROM_18_TO_59
    issue_category = IssueCategory.WAGE_ARREARS
    description = "拖欠工资三个月，约一万二千元。"
    status = ReferralStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    status_changed_at = factory.LazyAttribute(lambda o: o.submitted_at)
    review_due_at = factory.LazyAttribute(
        lambda o: o.submitted_at + datetime.timedelta(days=settings.REFERRAL_REVIEW_DAYS)
    )
    consent_given_at = factory.LazyAttribute(lambda o: o.submitted_at)

    @factory.post_generation
    def id_number(self, create, extracted, **kwargs):
        if extracted:
            self.set_id_number(extracted)
            if create:
                self.save(
                    update_fields=["id_number_encrypted", "id_number_hash", "id_number_last4"]
                )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(_objects_by_code(PopulationGroup, extracted))
