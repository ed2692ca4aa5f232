"""Spreadsheet import and export of the network (django-import-export).

Areas, partner organisations, service points and the provider roster, each
with Chinese column headers and Chinese names for choices (fixed here: they
are a file format, not interface text; import also takes the codes and the
labels in every site language). Rows are matched to stored ones by code
(区划代码 for areas), so re-importing a file updates in place and a file
that changes nothing imports nothing (`portal.resources.CodedResource`).

Liaison officers are exported only, never imported: they have no code to
match on, and their phone numbers are personal data. The export leaves the
number blank for every officer who has not consented to publishing it, and
its column header says so.
"""

import datetime
import itertools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.fields import Field

from portal.resources import (
    CodedResource,
    CodeForeignKeyWidget,
    CodeListWidget,
    CodeWidget,
    DecimalWidget,
    SheetChoiceWidget,
    SheetDateWidget,
    SpreadsheetResource,
    TextWidget,
    YesNoWidget,
    cell_text,
)

from .choices import AreaLevel, OrganisationKind, PointKind, PointLevel, ProviderKind
from .models import (
    Area,
    LiaisonOfficer,
    OpeningHours,
    PartnerOrganisation,
    PopulationGroup,
    ProviderRosterEntry,
    Referral,
    ServicePoint,
    ServiceType,
)

# ---------------------------------------------------------------------------
# Spreadsheet names of the choices, written on export

AREA_LEVEL_SHEET_NAMES = {
    AreaLevel.PROVINCE: "省",
    AreaLevel.CITY: "市",
    AreaLevel.COUNTY: "县(区)",
    AreaLevel.TOWNSHIP: "乡镇(街道)",
    AreaLevel.VILLAGE: "村(社区)",
}
POINT_LEVEL_SHEET_NAMES = {
    PointLevel.CITY: "市级",
    PointLevel.COUNTY: "县级",
    PointLevel.TOWNSHIP: "乡镇级",
    PointLevel.VILLAGE: "村级",
}
POINT_KIND_SHEET_NAMES = {
    PointKind.CITY_CENTRE: "市法律援助中心",
    PointKind.COUNTY_CENTRE: "县(区)法律援助中心",
    PointKind.WORKSTATION: "乡镇(街道)法律援助工作站",
    PointKind.SPECIAL_WORKSTATION: "专项法律援助工作站",
    PointKind.COURT_STATION: "法院值班律师工作站",
    PointKind.PROCURATORATE_STATION: "检察院值班律师工作站",
    PointKind.DETENTION_STATION: "看守所值班律师工作站",
    PointKind.LIAISON_POINT: "村(社区)法律援助联系点",
}
ORGANISATION_KIND_SHEET_NAMES = {
    OrganisationKind.LEGAL_AID_CENTRE: "法律援助中心",
    OrganisationKind.JUSTICE_BUREAU: "司法局",
    OrganisationKind.WOMENS_FEDERATION: "妇联",
    OrganisationKind.DISABLED_FEDERATION: "残联",
    OrganisationKind.TRADE_UNION: "总工会",
    OrganisationKind.AGING_COMMITTEE: "老龄委",
    OrganisationKind.YOUTH_LEAGUE: "共青团",
    OrganisationKind.COURT: "人民法院",
    OrganisationKind.PROCURATORATE: "人民检察院",
    OrganisationKind.POLICE: "公安局",
    OrganisationKind.DETENTION_CENTRE: "看守所",
    OrganisationKind.CIVIL_AFFAIRS: "民政局",
    OrganisationKind.LABOUR: "人力资源和社会保障局",
    OrganisationKind.CONSTRUCTION: "住房和城乡建设局",
    OrganisationKind.VETERANS: "退役军人事务局",
    OrganisationKind.UNIVERSITY: "高等院校",
    OrganisationKind.LAW_FIRM: "律师事务所",
    OrganisationKind.LEGAL_SERVICE_OFFICE: "法律服务所",
    OrganisationKind.MEDIA: "新闻媒体",
    OrganisationKind.OTHER: "其他",
}
PROVIDER_KIND_SHEET_NAMES = {
    ProviderKind.LAWYER: "律师",
    ProviderKind.LEGAL_SERVICE_WORKER: "基层法律服务工作者",
}

AREA_LEVEL_DEPTH = {level: depth for depth, level in enumerate(AreaLevel.values)}
DIVISION_CODE_RE = re.compile(r"\d{12}")


def _choice_list(sheet_names) -> str:
    return "、".join(sheet_names.values())


# ---------------------------------------------------------------------------
# Opening hours as one cell: "周一至周五 08:30-12:00,13:30-17:30；周六 09:00-12:00"

WEEKDAY_SHEET_NAMES = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
_NUMERALS = "一二三四五六日"
_DAY_NAMES = {
    **{
        f"{prefix}{numeral}": day
        for prefix in ("周", "星期", "礼拜")
        for day, numeral in enumerate(_NUMERALS)
    },
    **dict.fromkeys(("周天", "星期天", "礼拜天", "天"), 6),
    **{numeral: day for day, numeral in enumerate(_NUMERALS)},
    **{
        name: day
        for day, names in enumerate(
            [
                ("mon", "monday"),
                ("tue", "tues", "tuesday"),
                ("wed", "wednesday"),
                ("thu", "thur", "thurs", "thursday"),
                ("fri", "friday"),
                ("sat", "saturday"),
                ("sun", "sunday"),
            ]
        )
        for name in names
    },
}
_DAY_GROUPS = {
    "每天": range(7),
    "每日": range(7),
    "daily": range(7),
    "工作日": range(5),
    "周末": (5, 6),
}
# After NFKC: full-width digits, colons, commas, semicolons and tildes are ASCII.
_GROUP_SPLIT = re.compile(r"[;\n]+")
_RANGE_SPLIT = re.compile(r"[,、\s]+")
_DAY_SPLIT = re.compile(r"[,、/\s]+")
_DAY_RANGE = re.compile(r"(.+?)\s*(?:至|到|-|–|—|~)\s*(.+)")
_TIME = r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?"
_TIME_RANGE = re.compile(rf"{_TIME}\s*(?:-|–|—|~|至|到)\s*{_TIME}")


def _weekday(name: str, previous: str = "") -> int:
    key = name.strip().casefold()
    if key in _NUMERALS and previous[:-1]:
        key = previous[:-1] + key  # "周一至五": the end takes the start's 周
    if key not in _DAY_NAMES:
        raise ValueError(_("“%(text)s” is not a day of the week.") % {"text": name.strip()})
    return _DAY_NAMES[key]


def _parse_days(text: str) -> list[int]:
    days = []
    for token in filter(None, _DAY_SPLIT.split(text.strip().rstrip(":"))):
        if token.casefold() in _DAY_GROUPS:
            days.extend(_DAY_GROUPS[token.casefold()])
            continue
        match = _DAY_RANGE.fullmatch(token)
        if match:
            start = _weekday(match[1])
            end = _weekday(match[2], match[1])
            days.extend((start + step) % 7 for step in range((end - start) % 7 + 1))
        else:
            days.append(_weekday(token))
    return days


def _time(hour, minute, second) -> datetime.time:
    try:
        return datetime.time(int(hour), int(minute), int(second or 0))
    except ValueError:
        raise ValueError(
            _("“%(text)s” is not a time of day.") % {"text": f"{hour}:{minute}"}
        ) from None


def parse_opening_hours(text: str) -> list[tuple[int, datetime.time, datetime.time]]:
    """(weekday, opens, closes) rows from a cell such as "周一至周五 08:30-12:00,13:30-17:30".

    Groups are separated by ；or a new line; each names its days (周一至周五,
    周一、周三, 周六, 每天, 工作日, Mon-Fri ...) and then one or more time ranges
    separated by commas. Raises ValueError with a message for the spreadsheet.
    """
    rows = []
    for group in filter(None, (g.strip() for g in _GROUP_SPLIT.split(_normalise(text)))):
        first_digit = re.search(r"\d", group)
        if first_digit is None or first_digit.start() == 0:
            raise ValueError(
                _("“%(text)s”: give the days, then the times, such as 周一至周五 08:30-12:00.")
                % {"text": group}
            )
        days = _parse_days(group[: first_digit.start()])
        for part in filter(None, _RANGE_SPLIT.split(group[first_digit.start() :])):
            match = _TIME_RANGE.fullmatch(part)
            if not match:
                raise ValueError(
                    _("“%(text)s” is not a time range such as 08:30-12:00.") % {"text": part}
                )
            opens, closes = _time(*match.groups()[:3]), _time(*match.groups()[3:])
            if closes <= opens:
                raise ValueError(_("“%(text)s” closes before it opens.") % {"text": part})
            rows.extend((day, opens, closes) for day in days)
    rows.sort()
    for (day, _opens, closes), (next_day, next_opens, _closes) in itertools.pairwise(rows):
        if day == next_day and next_opens < closes:
            raise ValueError(_("The times of %(day)s overlap.") % {"day": WEEKDAY_SHEET_NAMES[day]})
    return rows


def _normalise(text: str) -> str:
    # Full-width digits, colons, commas and semicolons become ASCII; no spaces
    # around range marks, so "周一 至 周五 8:30 - 12:00" reads like the rest.
    text = unicodedata.normalize("NFKC", text).replace("～", "~")
    return re.sub(r"\s*(至|到|-|–|—|~)\s*", r"\1", text)


def _clock(value: datetime.time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _day_runs(days: list[int]) -> str:
    """周一至周五 for a run of three or more days, 周六、周日 for shorter ones."""
    runs, start = [], days[0]
    for previous, day in zip(days, [*days[1:], None], strict=True):
        if day != previous + 1:
            runs.append((start, previous))
            start = day
    names = []
    for first, last in runs:
        if last - first >= 2:
            names.append(f"{WEEKDAY_SHEET_NAMES[first]}至{WEEKDAY_SHEET_NAMES[last]}")
        else:
            names.extend(WEEKDAY_SHEET_NAMES[day] for day in range(first, last + 1))
    return "、".join(names)


def format_opening_hours(rows) -> str:
    """The one-cell form of (weekday, opens, closes) rows; days with equal times share a group."""
    by_day = {}
    for day, opens, closes in sorted(rows):
        by_day.setdefault(day, []).append(f"{_clock(opens)}-{_clock(closes)}")
    groups = {}
    for day, ranges in by_day.items():
        groups.setdefault(",".join(ranges), []).append(day)
    return "；".join(
        f"{_day_runs(days)} {ranges}" for ranges, days in sorted(groups.items(), key=lambda g: g[1])
    )


class OpeningHoursWidget(widgets.Widget):
    """A point's opening hours in one cell (see `parse_opening_hours`); blank means none."""

    def __init__(self):
        super().__init__(coerce_to_string=False)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        return [
            OpeningHours(weekday=day, opens=opens, closes=closes, sort_order=order)
            for order, (day, opens, closes) in enumerate(parse_opening_hours(text))
        ]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return format_opening_hours((h.weekday, h.opens, h.closes) for h in value.all())

    @staticmethod
    def comparable(hours):
        return (hours.weekday, hours.opens, hours.closes)


# ---------------------------------------------------------------------------
# Resources


class AreaCodeWidget(CodeForeignKeyWidget):
    """An area by its division code (a 12-digit number, often typed into a number cell)."""

    def __init__(self):
        super().__init__(Area, not_found=_("No area has the division code “%(code)s”."))


def _area_guide():
    return _("Required. The 12-digit division code (统计用区划代码) of the area.")


class AreaResource(CodedResource):
    """Administrative divisions, by their division codes; a parent before its children."""

    code = Field(attribute="code", column_name="区划代码", widget=CodeWidget())
    name = Field(attribute="name", column_name="名称", widget=TextWidget())
    level = Field(
        attribute="level",
        column_name="级别",
        widget=SheetChoiceWidget(AreaLevel, AREA_LEVEL_SHEET_NAMES),
    )
    parent = Field(attribute="parent", column_name="上级区划代码", widget=AreaCodeWidget())

    REQUIRED_COLUMNS = ("区划代码", "名称", "级别")
    sheet_title = "行政区划"
    file_stem = "areas"
    parent_field = "parent"

    class Meta:
        model = Area
        fields = ("code", "name", "level", "parent")
        import_order = fields
        export_order = fields

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "code" not in errors and not DIVISION_CODE_RE.fullmatch(instance.code or ""):
            errors["code"] = [_("A division code has 12 digits.")]
        parent = instance.parent if "parent" not in errors else None
        if not errors and parent is not None and instance.level in AREA_LEVEL_DEPTH:
            # The directory finds what lies in an area by code prefix.
            if AREA_LEVEL_DEPTH[parent.level] >= AREA_LEVEL_DEPTH[instance.level]:
                errors["parent"] = [
                    _("“%(code)s” is not a larger division than this one.") % {"code": parent.code}
                ]
            elif not instance.code.startswith(parent.code_prefix):
                errors["parent"] = [
                    _("The code must start with “%(prefix)s”, the digits of its parent.")
                    % {"prefix": parent.code_prefix}
                ]
        if errors:
            raise ValidationError(errors)

    def get_export_queryset(self, queryset):
        return queryset.select_related("parent")

    def template_rows(self):
        return [
            {"区划代码": "230100000000", "名称": "清河市", "级别": "市", "上级区划代码": ""},
            {
                "区划代码": "230102000000",
                "名称": "东城区",
                "级别": "县(区)",
                "上级区划代码": "230100000000",
            },
            {
                "区划代码": "230102001000",
                "名称": "东升街道",
                "级别": "乡镇(街道)",
                "上级区划代码": "230102000000",
            },
        ]

    def column_guide(self):
        return {
            "区划代码": _area_guide(),
            "名称": _("Required. The name, such as 东升街道."),
            "级别": _("Required. One of: %(values)s.")
            % {"values": _choice_list(AREA_LEVEL_SHEET_NAMES)},
            "上级区划代码": _(
                "Optional. The division code of the larger division it belongs to; "
                "its code must start with that division's digits."
            ),
        }


class PartnerOrganisationResource(CodedResource):
    """Partner bodies and committee member units, by code; a parent body before its units."""

    code = Field(attribute="code", column_name="代码", widget=CodeWidget())
    name = Field(attribute="name", column_name="名称", widget=TextWidget())
    short_name = Field(attribute="short_name", column_name="简称", widget=TextWidget())
    kind = Field(
        attribute="kind",
        column_name="类型",
        widget=SheetChoiceWidget(OrganisationKind, ORGANISATION_KIND_SHEET_NAMES),
    )
    parent = Field(
        attribute="parent",
        column_name="上级单位代码",
        widget=CodeForeignKeyWidget(PartnerOrganisation),
    )
    area = Field(attribute="area", column_name="所在区划代码", widget=AreaCodeWidget())
    phone = Field(attribute="phone", column_name="电话", widget=TextWidget())
    is_committee_member = Field(
        attribute="is_committee_member",
        column_name="是否工作委员会成员",
        widget=YesNoWidget(default=False),
    )
    committee_duties = Field(attribute="committee_duties", column_name="职责", widget=TextWidget())
    responsible_leader = Field(
        attribute="responsible_leader", column_name="分管领导", widget=TextWidget()
    )
    responsible_department = Field(
        attribute="responsible_department", column_name="责任部门", widget=TextWidget()
    )
    coordinator = Field(attribute="coordinator", column_name="联络人", widget=TextWidget())
    eligibility_confirmation = Field(
        attribute="eligibility_confirmation", column_name="援助对象确认", widget=TextWidget()
    )
    collaboration_procedure = Field(
        attribute="collaboration_procedure", column_name="协作程序", widget=TextWidget()
    )
    information_sharing = Field(
        attribute="information_sharing", column_name="信息互通", widget=TextWidget()
    )
    assessment_method = Field(
        attribute="assessment_method", column_name="考核办法", widget=TextWidget()
    )
    agreement_signed_on = Field(
        attribute="agreement_signed_on", column_name="协议签订日期", widget=SheetDateWidget()
    )

    REQUIRED_COLUMNS = ("代码", "名称", "类型")
    sheet_title = "合作单位"
    file_stem = "partner-organisations"
    parent_field = "parent"

    class Meta:
        model = PartnerOrganisation
        fields = (
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "area",
            "phone",
            "is_committee_member",
            "committee_duties",
            "responsible_leader",
            "responsible_department",
            "coordinator",
            "eligibility_confirmation",
            "collaboration_procedure",
            "information_sharing",
            "assessment_method",
            "agreement_signed_on",
        )
        import_order = fields
        export_order = fields

    def get_export_queryset(self, queryset):
        return queryset.select_related("parent", "area")

    def template_rows(self):
        area = Area.objects.filter(level=AreaLevel.CITY).values_list("code", flat=True).first()
        return [
            {
                "代码": "qh-womens-federation",
                "名称": "清河市妇女联合会",
                "简称": "市妇联",
                "类型": ORGANISATION_KIND_SHEET_NAMES[OrganisationKind.WOMENS_FEDERATION],
                "所在区划代码": area or "",
                "电话": "0453-6221234",
                "是否工作委员会成员": "是",
                "职责": "受理妇女儿童法律援助申请的转交。",
                "分管领导": "王主席",
                "责任部门": "权益部",
                "联络人": "孙科长",
                "援助对象确认": "妇联出具困难证明，中心免予经济状况审查。",
                "协作程序": "工作站登记后三个工作日内转交中心。",
                "信息互通": "每月通报受理和办结情况。",
                "考核办法": "纳入年度目标考核。",
                "协议签订日期": datetime.date(2021, 3, 8),
            }
        ]

    def column_guide(self):
        optional = _("Optional.")
        return {
            "代码": _code_guide(),
            "名称": _("Required. The full name; no two organisations share one."),
            "简称": optional,
            "类型": _("Required. One of: %(values)s.")
            % {"values": _choice_list(ORGANISATION_KIND_SHEET_NAMES)},
            "上级单位代码": _(
                "Optional. The code of the organisation it belongs to (in this file or stored)."
            ),
            "所在区划代码": _("Optional. The 12-digit division code of its area."),
            "电话": optional,
            "是否工作委员会成员": _yes_no_guide("否"),
            "职责": optional,
            "分管领导": optional,
            "责任部门": optional,
            "联络人": optional,
            "援助对象确认": optional,
            "协作程序": optional,
            "信息互通": optional,
            "考核办法": optional,
            "协议签订日期": _("Optional. A date such as 2021-03-08."),
        }


def _code_guide():
    return _(
        "Required. A short code of lowercase letters, digits and hyphens. A row whose code "
        "is stored already updates that row; a new code adds one."
    )


def _yes_no_guide(default):
    return _("Optional. 是 or 否; blank means %(default)s.") % {"default": default}


def _list_guide(model) -> str:
    names = "、".join(f"{row.name}({row.code})" for row in model.objects.all())
    return str(
        _(
            "Optional. Names or codes separated by 、 or commas, such as 老年人、残疾人. "
            "One of: %(values)s."
        )
        % {"values": names}
    )


OPENING_HOURS_GUIDE = _(
    "Optional. Days, a space, then times, such as 周一至周五 08:30-12:00,13:30-17:30. "
    "Separate groups of days with ；, such as 周一至周五 08:30-17:00；周六 09:00-12:00. "
    "Days: 周一 … 周日 (or 星期一, Mon), a range 周一至周五, a list 周一、周三, 每天 or 工作日. "
    "Times: 24-hour, opening before closing, several ranges separated by commas. "
    "Blank means no opening hours; an imported cell replaces all the point's hours."
)


class ServicePointResource(CodedResource):
    """Service points, by code: groups, services and opening hours in one cell each."""

    code = Field(attribute="code", column_name="代码", widget=CodeWidget())
    name = Field(attribute="name", column_name="名称", widget=TextWidget())
    kind = Field(
        attribute="kind",
        column_name="类型",
        widget=SheetChoiceWidget(PointKind, POINT_KIND_SHEET_NAMES),
    )
    level = Field(
        attribute="level",
        column_name="层级",
        widget=SheetChoiceWidget(PointLevel, POINT_LEVEL_SHEET_NAMES),
    )
    area = Field(attribute="area", column_name="区划代码", widget=AreaCodeWidget())
    parent = Field(
        attribute="parent", column_name="上级网点代码", widget=CodeForeignKeyWidget(ServicePoint)
    )
    host_organisation = Field(
        attribute="host_organisation",
        column_name="承办单位代码",
        widget=CodeForeignKeyWidget(PartnerOrganisation),
    )
    groups_served = Field(
        attribute="groups_served", column_name="服务人群", widget=CodeListWidget(PopulationGroup)
    )
    services = Field(
        attribute="services", column_name="服务项目", widget=CodeListWidget(ServiceType)
    )
    address = Field(attribute="address", column_name="地址", widget=TextWidget())
    latitude = Field(
        attribute="latitude",
        column_name="纬度",
        widget=DecimalWidget(min_value=-90, max_value=90, decimal_places=6),
    )
    longitude = Field(
        attribute="longitude",
        column_name="经度",
        widget=DecimalWidget(min_value=-180, max_value=180, decimal_places=6),
    )
    phone = Field(attribute="phone", column_name="电话", widget=TextWidget())
    opening_hours = Field(
        attribute="opening_hours", column_name="开放时间", widget=OpeningHoursWidget()
    )
    duty_schedule = Field(attribute="duty_schedule", column_name="值班安排", widget=TextWidget())
    description = Field(attribute="description", column_name="说明", widget=TextWidget())
    is_active = Field(
        attribute="is_active", column_name="是否启用", widget=YesNoWidget(default=True)
    )

    REQUIRED_COLUMNS = ("代码", "名称", "类型", "层级", "区划代码", "地址")
    sheet_title = "服务网点"
    file_stem = "service-points"
    parent_field = "parent"

    class Meta:
        model = ServicePoint
        fields = (
            "code",
            "name",
            "kind",
            "level",
            "area",
            "parent",
            "host_organisation",
            "groups_served",
            "services",
            "address",
            "latitude",
            "longitude",
            "phone",
            "opening_hours",
            "duty_schedule",
            "description",
            "is_active",
        )
        import_order = fields
        export_order = fields

    def get_queryset(self):
        # What a row is compared with to tell whether it changes anything.
        return ServicePoint.objects.prefetch_related("groups_served", "services", _HOURS_PREFETCH)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Named on the missing column, rather than as a row-wide error from clean().
        if not {"latitude", "longitude"} & errors.keys():
            if instance.latitude is None and instance.longitude is not None:
                errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
            elif instance.longitude is None and instance.latitude is not None:
                errors["longitude"] = [_("Give both latitude and longitude, or neither.")]
        if errors:
            raise ValidationError(errors)

    def get_export_queryset(self, queryset):
        return queryset.select_related("area", "parent", "host_organisation").prefetch_related(
            "groups_served", "services", _HOURS_PREFETCH
        )

    def template_rows(self):
        county = Area.objects.filter(level=AreaLevel.COUNTY).values_list("code", flat=True)
        township = Area.objects.filter(level=AreaLevel.TOWNSHIP).values_list("code", flat=True)
        return [
            {
                "代码": "ws-dongsheng",
                "名称": "东升街道法律援助工作站",
                "类型": POINT_KIND_SHEET_NAMES[PointKind.WORKSTATION],
                "层级": POINT_LEVEL_SHEET_NAMES[PointLevel.TOWNSHIP],
                "区划代码": township.first() or "",
                "上级网点代码": "",
                "承办单位代码": "",
                "服务人群": "老年人、残疾人、农民工",
                "服务项目": "法律咨询、受理法律援助申请",
                "地址": "东升街道人民路12号",
                "纬度": 45.774210,
                "经度": 126.662650,
                "电话": "0453-6225148",
                "开放时间": "周一至周五 08:30-12:00,13:30-17:30",
                "值班安排": "周三上午律师值班",
                "说明": "",
                "是否启用": "是",
            },
            {
                "代码": "sp-womens-dongcheng",
                "名称": "东城区妇联法律援助工作站",
                "类型": POINT_KIND_SHEET_NAMES[PointKind.SPECIAL_WORKSTATION],
                "层级": POINT_LEVEL_SHEET_NAMES[PointLevel.COUNTY],
                "区划代码": county.first() or "",
                "上级网点代码": "",
                "承办单位代码": "",
                "服务人群": "妇女、未成年人",
                "服务项目": "法律咨询",
                "地址": "东城区文化路8号",
                "纬度": "",
                "经度": "",
                "电话": "0453-6221234",
                "开放时间": "周一、周三、周五 09:00-11:30；周六 09:00-12:00",
                "值班安排": "",
                "说明": "",
                "是否启用": "是",
            },
        ]

    def column_guide(self):
        optional = _("Optional.")
        return {
            "代码": _code_guide(),
            "名称": _("Required."),
            "类型": _("Required. One of: %(values)s.")
            % {"values": _choice_list(POINT_KIND_SHEET_NAMES)},
            "层级": _("Required. One of: %(values)s.")
            % {"values": _choice_list(POINT_LEVEL_SHEET_NAMES)},
            "区划代码": _area_guide(),
            "上级网点代码": _(
                "Optional. The code of the point above it (in this file or stored), "
                "such as the county centre of a workstation."
            ),
            "承办单位代码": _("Optional. The code of the partner organisation that hosts it."),
            "服务人群": _list_guide(PopulationGroup),
            "服务项目": _list_guide(ServiceType),
            "地址": _("Required."),
            "纬度": _("Optional. WGS84 latitude in degrees, such as 45.774210; with 经度."),
            "经度": _("Optional. WGS84 longitude in degrees, such as 126.662650; with 纬度."),
            "电话": optional,
            "开放时间": OPENING_HOURS_GUIDE,
            "值班安排": optional,
            "说明": optional,
            "是否启用": _yes_no_guide("是"),
        }


_HOURS_PREFETCH = Prefetch(
    "opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")
)


class ProviderRosterResource(CodedResource):
    """The public roster of lawyers and legal service workers (点援制), by code."""

    code = Field(attribute="code", column_name="代码", widget=CodeWidget())
    name = Field(attribute="name", column_name="姓名", widget=TextWidget())
    kind = Field(
        attribute="kind",
        column_name="类型",
        widget=SheetChoiceWidget(ProviderKind, PROVIDER_KIND_SHEET_NAMES),
    )
    office = Field(attribute="office", column_name="执业机构", widget=TextWidget())
    practice_areas = Field(attribute="practice_areas", column_name="执业领域", widget=TextWidget())
    area = Field(attribute="area", column_name="区划代码", widget=AreaCodeWidget())
    office_phone = Field(attribute="office_phone", column_name="办公电话", widget=TextWidget())
    is_active = Field(
        attribute="is_active", column_name="是否在册", widget=YesNoWidget(default=True)
    )

    REQUIRED_COLUMNS = ("代码", "姓名", "类型", "执业机构", "执业领域", "区划代码")
    sheet_title = "法律援助人员名册"
    file_stem = "provider-roster"

    class Meta:
        model = ProviderRosterEntry
        fields = (
            "code",
            "name",
            "kind",
            "office",
            "practice_areas",
            "area",
            "office_phone",
            "is_active",
        )
        import_order = fields
        export_order = fields

    def get_export_queryset(self, queryset):
        return queryset.select_related("area")

    def template_rows(self):
        county = Area.objects.filter(level=AreaLevel.COUNTY).values_list("code", flat=True)
        return [
            {
                "代码": "lawyer-zhang-wei",
                "姓名": "张伟",
                "类型": PROVIDER_KIND_SHEET_NAMES[ProviderKind.LAWYER],
                "执业机构": "清河正义律师事务所",
                "执业领域": "劳动争议、婚姻家庭",
                "区划代码": county.first() or "",
                "办公电话": "0453-6998877",
                "是否在册": "是",
            }
        ]

    def column_guide(self):
        return {
            "代码": _code_guide(),
            "姓名": _("Required."),
            "类型": _("Required. One of: %(values)s.")
            % {"values": _choice_list(PROVIDER_KIND_SHEET_NAMES)},
            "执业机构": _("Required. The law firm or legal service office."),
            "执业领域": _("Required. Such as 劳动争议、婚姻家庭."),
            "区划代码": _("Required. The 12-digit division code of the county."),
            "办公电话": _("Optional. The office's number, never a personal one."),
            "是否在册": _yes_no_guide("是"),
        }


#: The phone column of the officer export says who is left out.
CONSENTED_PHONE_COLUMN = "电话（仅限同意公开者，其余留空）"


class LiaisonOfficerResource(SpreadsheetResource):
    """Export only: each village liaison officer with their point.

    The phone number is written only for officers who consented to publishing
    it (`LiaisonOfficer.public_phone`); the column header says so.
    """

    point_code = Field(attribute="point__code", column_name="网点代码", widget=TextWidget())
    point_name = Field(attribute="point__name", column_name="网点名称", widget=TextWidget())
    area_code = Field(attribute="point__area__code", column_name="区划代码", widget=TextWidget())
    name = Field(attribute="name", column_name="姓名", widget=TextWidget())
    phone = Field(attribute="public_phone", column_name=CONSENTED_PHONE_COLUMN, widget=TextWidget())
    phone_consent = Field(
        attribute="phone_consent", column_name="同意公开电话", widget=YesNoWidget(default=False)
    )

    sheet_title = "村(社区)联络员"
    file_stem = "liaison-officers"

    class Meta:
        model = LiaisonOfficer
        fields = ("point_code", "point_name", "area_code", "name", "phone", "phone_consent")
        export_order = fields

    def get_export_queryset(self, queryset):
        return queryset.select_related("point__area")


class BaseReferralResource(SpreadsheetResource):
    """Export only: the columns staff and partner spreadsheets of referrals share.

    Mobile and ID numbers are masked (the detail pages, which audit each
    read, show them); choices are written with their Chinese names whatever
    the page language, a file format rather than interface text. Text cells
    are escaped against formulas by `SpreadsheetResource.export_field`.
    """

    reference = Field(attribute="reference", column_name="转介编号", widget=TextWidget())
    submitted_at = Field(column_name="提交时间")
    status = Field(column_name="状态")
    is_urgent = Field(attribute="is_urgent", column_name="紧急", widget=YesNoWidget(default=False))
    centre = Field(attribute="centre__name", column_name="法律援助中心", widget=TextWidget())
    applicant_name = Field(attribute="applicant_name", column_name="申请人", widget=TextWidget())
    mobile = Field(
        attribute="masked_mobile", column_name="手机号(隐去中间四位)", widget=TextWidget()
    )
    id_number = Field(
        attribute="masked_id_number", column_name="身份证号(仅后四位)", widget=TextWidget()
    )
    issue_category = Field(column_name="法律问题")
    groups = Field(column_name="群体")
    review_due_at = Field(column_name="审查期限")

    sheet_title = "转介"
    file_stem = "referrals"

    class Meta:
        model = Referral

    def get_export_queryset(self, queryset):
        return queryset.select_related(
            "organisation", "centre", "assigned_provider", "submitted_by"
        ).prefetch_related("groups")

    def export(self, *args, **kwargs):
        with translation.override("zh-hans"):
            return super().export(*args, **kwargs)

    @staticmethod
    def _local(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    def dehydrate_submitted_at(self, referral):
        return self._local(referral.submitted_at)

    def dehydrate_review_due_at(self, referral):
        return self._local(referral.review_due_at)

    def dehydrate_status(self, referral):
        return str(referral.get_status_display())

    def dehydrate_issue_category(self, referral):
        return str(referral.get_issue_category_display())

    def dehydrate_groups(self, referral):
        return "、".join(group.name for group in referral.groups.all())


class ReferralResource(BaseReferralResource):
    """The staff's triage queue as filtered on screen."""

    organisation = Field(
        attribute="organisation__name", column_name="转介单位", widget=TextWidget()
    )
    assigned_provider = Field(
        attribute="assigned_provider__name", column_name="承办人员", widget=TextWidget()
    )

    class Meta:
        model = Referral
        fields = (
            "reference",
            "submitted_at",
            "status",
            "is_urgent",
            "organisation",
            "centre",
            "applicant_name",
            "mobile",
            "id_number",
            "issue_category",
            "groups",
            "review_due_at",
            "assigned_provider",
        )
        export_order = fields
