"""Spreadsheet import and export of campaign logs (django-import-export).

The file format is a contract with the spreadsheets centres and partners keep
by hand: Chinese column headers and Chinese names for activity types and media
levels, whatever language the admin is shown in. Those names are data, not
interface text, so they are fixed here rather than translated; import also
accepts the stored codes and the labels in every configured language. The
shared reading, widgets and escaping live in `portal.resources` and
`portal.imports`.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.fields import Field
from wagtail.models import Locale

from outreach.choices import ActivityType, MediaLevel
from outreach.models import CampaignLog, CampaignPage, MediaReport
from outreach.models.campaign_logs import LOG_AREA_LEVELS
from partners.choices import AreaLevel
from partners.models import Area
from portal.resources import (
    CountWidget,
    SheetChoiceWidget,
    SheetDateWidget,
    SpreadsheetResource,
    TextWidget,
    is_blank,
)
from portal.spreadsheets import unescape_formula as unescape_formula  # re-exported

#: Spreadsheet names of the activity types (摆摊咨询 ...), written on export.
ACTIVITY_TYPE_SHEET_NAMES = {
    ActivityType.STREET_STALL: "摆摊咨询",
    ActivityType.LECTURE: "法律讲座",
    ActivityType.MEDIA: "媒体宣传",
    ActivityType.NOTICE_BOARD: "便民公示牌",
    ActivityType.FOLK_FESTIVAL: "民俗日宣传",
    ActivityType.PRESS_CONFERENCE: "新闻发布会",
    ActivityType.DOOR_TO_DOOR: "入户走访",
    ActivityType.TRAINING: "培训",
    ActivityType.OTHER: "其他",
}
#: Spreadsheet names of the media levels, written on export.
MEDIA_LEVEL_SHEET_NAMES = {
    MediaLevel.COUNTY: "县级",
    MediaLevel.CITY: "市级",
    MediaLevel.PROVINCE: "省级",
    MediaLevel.NATIONAL: "国家级",
}

#: The resource field holding each MediaReport field (one report per row at most).
MEDIA_COLUMN_FIELDS = {"outlet": "media_outlet", "level": "media_level", "url": "media_url"}


class AreaWidget(widgets.ForeignKeyWidget):
    """A township or county by its division code (区划代码)."""

    def __init__(self):
        super().__init__(Area, field="code")
        self._cache = {}

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed into a number cell
        code = str(value).strip()
        if code not in self._cache:
            self._cache[code] = Area.objects.filter(level__in=LOG_AREA_LEVELS, code=code).first()
        if self._cache[code] is None:
            raise ValueError(
                _("No township or county has the division code “%(code)s”.") % {"code": code}
            )
        return self._cache[code]


class CampaignWidget(widgets.ForeignKeyWidget):
    """A campaign by its page title, in any language version of the page."""

    def __init__(self):
        super().__init__(CampaignPage, field="title")
        self._cache = {}

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        title = str(value).strip()
        if title not in self._cache:
            self._cache[title] = self._find(title)
        campaign = self._cache[title]
        if campaign is None:
            raise ValueError(_("No campaign is titled “%(title)s”.") % {"title": title})
        if campaign is False:
            raise ValueError(
                _("Several campaigns are titled “%(title)s”; give them distinct titles.")
                % {"title": title}
            )
        return campaign

    @staticmethod
    def _find(title):
        """The page with this title, None if there is none, False if the title is ambiguous.

        A page copied to another language keeps its title until it is
        translated; those copies are one campaign, so the default-language
        page stands for them.
        """
        pages = list(CampaignPage.objects.filter(title=title).order_by("pk"))
        if not pages:
            return None
        if len({page.translation_key for page in pages}) > 1:
            return False
        default_locale_id = Locale.get_default().pk
        return next((p for p in pages if p.locale_id == default_locale_id), pages[0])


class CampaignLogResource(SpreadsheetResource):
    """One spreadsheet row per campaign log, with at most one media report per row.

    Imports always create new logs: a log has no natural key (two stalls in the
    same place on the same day are two logs), and an `id` column would let a
    spreadsheet overwrite rows it was never exported from. So there is no `id`
    column and `force_init_instance` skips the lookup of existing rows.
    """

    date = Field(attribute="date", column_name="日期", widget=SheetDateWidget())
    place = Field(attribute="place", column_name="地点", widget=TextWidget())
    area = Field(attribute="area", column_name="区划代码", widget=AreaWidget())
    activity_type = Field(
        attribute="activity_type",
        column_name="活动类型",
        widget=SheetChoiceWidget(ActivityType, ACTIVITY_TYPE_SHEET_NAMES),
    )
    campaign = Field(attribute="campaign", column_name="所属活动", widget=CampaignWidget())
    organiser = Field(attribute="organiser", column_name="组织单位", widget=TextWidget())
    people_reached = Field(
        attribute="people_reached", column_name="受众人数", widget=CountWidget(required=True)
    )
    leaflets = Field(attribute="leaflets", column_name="宣传单", widget=CountWidget())
    brochures = Field(attribute="brochures", column_name="宣传册", widget=CountWidget())
    posters = Field(attribute="posters", column_name="海报", widget=CountWidget())
    other_materials = Field(
        attribute="other_materials", column_name="其他资料", widget=CountWidget()
    )
    consultations = Field(attribute="consultations", column_name="咨询人次", widget=CountWidget())
    # The media columns have no attribute: `import_instance` turns them into a
    # MediaReport child and the dehydrate_* methods export the first report.
    media_outlet = Field(column_name="媒体名称", widget=TextWidget())
    media_level = Field(
        column_name="媒体级别", widget=SheetChoiceWidget(MediaLevel, MEDIA_LEVEL_SHEET_NAMES)
    )
    media_url = Field(column_name="报道链接", widget=TextWidget())
    notes = Field(attribute="notes", column_name="备注", widget=TextWidget())

    class Meta:
        model = CampaignLog
        fields = (
            "date",
            "place",
            "area",
            "activity_type",
            "campaign",
            "organiser",
            "people_reached",
            "leaflets",
            "brochures",
            "posters",
            "other_materials",
            "consultations",
            "media_outlet",
            "media_level",
            "media_url",
            "notes",
        )
        import_order = fields
        export_order = fields
        # No natural key: every imported row is a new log (see the class docstring).
        import_id_fields = []
        force_init_instance = True
        # full_clean() on each row: required fields, choices, limits, no future dates.
        clean_model_instances = True
        use_transactions = True
        skip_diff = True
        # The preview page shows the cleaned instances and the media outlet as typed.
        store_instance = True
        store_row_values = True

    #: Columns an import file must have; the others may be left out.
    REQUIRED_COLUMNS = ("日期", "地点", "活动类型", "组织单位", "受众人数")
    sheet_title = "宣传活动记录"
    file_stem = "campaign-logs"

    # Import template

    def template_rows(self):
        campaign = (
            CampaignPage.objects.filter(locale=Locale.get_default())
            .order_by("-start_date")
            .values_list("title", flat=True)
            .first()
        )
        area_code = (
            Area.objects.filter(level=AreaLevel.TOWNSHIP).values_list("code", flat=True).first()
        )
        return [
            {
                "日期": timezone.localdate(),
                "地点": "北关镇文化广场",
                "区划代码": area_code or "",
                "活动类型": ACTIVITY_TYPE_SHEET_NAMES[ActivityType.STREET_STALL],
                "所属活动": campaign or "",
                "组织单位": "县法律援助中心",
                "受众人数": 200,
                "宣传单": 300,
                "宣传册": 50,
                "海报": 4,
                "其他资料": 0,
                "咨询人次": 25,
                "媒体名称": "县电视台",
                "媒体级别": MEDIA_LEVEL_SHEET_NAMES[MediaLevel.COUNTY],
                "报道链接": "",
                "备注": "",
            }
        ]

    def column_guide(self):
        count = _("Optional. A whole number, 0 or more; blank means 0.")
        return {
            "日期": _("Required. The day the activity was held, such as 2021-03-15."),
            "地点": _("Required. Where it was held."),
            "区划代码": _("Optional. The division code of the township or county."),
            "活动类型": _("Required. One of: %(values)s.")
            % {"values": "、".join(ACTIVITY_TYPE_SHEET_NAMES.values())},
            "所属活动": _("Optional. The title of the campaign, as on its page."),
            "组织单位": _("Required. The organisation that held the activity."),
            "受众人数": _("Required. A whole number, 0 or more."),
            "宣传单": count,
            "宣传册": count,
            "海报": count,
            "其他资料": count,
            "咨询人次": count,
            "媒体名称": _("Optional. The outlet that reported the activity (one per row)."),
            "媒体级别": _("Needed with a media outlet. One of: %(values)s.")
            % {"values": "、".join(MEDIA_LEVEL_SHEET_NAMES.values())},
            "报道链接": _("Optional. The address of the report."),
            "备注": _("Optional."),
        }

    # Import

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        try:
            self._import_media_report(instance, row)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _import_media_report(self, instance, row):
        """Attach the media report the row's media columns describe, if they describe one."""
        values = {}
        errors = {}
        for model_field, name in MEDIA_COLUMN_FIELDS.items():
            field = self.fields[name]
            if field.column_name not in row:
                continue
            try:
                values[model_field] = field.clean(row)
            except ValueError as error:
                errors[name] = [str(error)]
        if not errors and not any(values.values()):
            return
        report = MediaReport(**{name: values.get(name, "") for name in MEDIA_COLUMN_FIELDS})
        failed = [name for name, column in MEDIA_COLUMN_FIELDS.items() if column in errors]
        try:
            report.full_clean(exclude=["log", "sort_order", *failed], validate_constraints=False)
        except ValidationError as error:
            for model_field, messages in error.message_dict.items():
                errors[MEDIA_COLUMN_FIELDS.get(model_field, "media_outlet")] = messages
        if errors:
            raise ValidationError(errors)
        instance.media_reports = [report]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean() each row, less the checks that would cost queries and prove nothing.

        The widgets resolved area and campaign already (so their existence
        queries are skipped); the check constraints repeat field rules that
        full_clean() applies anyway, and the database enforces them on insert.
        That leaves a savepoint and an insert per row.
        """
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, "area", "campaign"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # Export

    def get_export_queryset(self, queryset):
        return queryset.select_related("area", "campaign").prefetch_related(
            Prefetch("media_reports", queryset=MediaReport.objects.order_by("sort_order", "pk"))
        )

    @staticmethod
    def _first_report(log_row):
        # `media_reports` is prefetched in order by get_export_queryset().
        return next(iter(log_row.media_reports.all()), None)

    def dehydrate_media_outlet(self, log_row):
        report = self._first_report(log_row)
        return report.outlet if report else ""

    def dehydrate_media_level(self, log_row):
        report = self._first_report(log_row)
        return MEDIA_LEVEL_SHEET_NAMES.get(report.level, report.level) if report else ""

    def dehydrate_media_url(self, log_row):
        report = self._first_report(log_row)
        return report.url if report else ""
