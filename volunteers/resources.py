"""The volunteer roster spreadsheet (django-import-export).

Universities and partner bodies send their volunteers as a spreadsheet with
Chinese column headers: 姓名, 手机号, 学校, 学院, 年级, 指导老师, and optionally
来源, 技能 and 邮箱. Rows match stored volunteers on the mobile number, so a
re-sent roster updates the people already imported instead of duplicating
them. The headers and the Chinese names of sources and skills are data (a
contract with those spreadsheets), not interface text, so they are fixed here.
The reading, the all-or-nothing import and the preview live in
`volunteers.roster` and `portal.imports`.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.fields import Field

from partners.validators import normalise_mobile, validate_mobile
from portal.resources import (
    CodedResource,
    CodeListWidget,
    CodeWidget,
    SheetChoiceWidget,
    TextWidget,
    cell_text,
)
from portal.spreadsheets import unescape_formula

from .choices import Skill, VolunteerSource
from .models import Volunteer

#: Spreadsheet names of the volunteer sources, written on export and read on import.
SOURCE_SHEET_NAMES = {
    VolunteerSource.STUDENT: "高校学生",
    VolunteerSource.TEACHER: "高校教师",
    VolunteerSource.RETIRED_POLICE: "公安离退休人员",
    VolunteerSource.RETIRED_PROCURATORATE: "检察离退休人员",
    VolunteerSource.RETIRED_COURT: "法院离退休人员",
    VolunteerSource.RETIRED_JUSTICE: "司法行政离退休人员",
    VolunteerSource.LAWYER: "执业律师",
    VolunteerSource.LEGAL_SERVICE_WORKER: "基层法律服务工作者",
    VolunteerSource.LEGAL_PROFESSIONAL: "其他法律工作者",
    VolunteerSource.OTHER: "其他",
}
#: Spreadsheet names of the skills, several in one cell separated by 、
SKILL_SHEET_NAMES = {
    Skill.CONSULTATION: "法律咨询",
    Skill.NON_LITIGATION: "非诉事务",
    Skill.MEDIATION: "调解",
    Skill.REPRESENTATION: "代理",
    Skill.OUTREACH: "普法宣传",
    Skill.TRANSLATION: "翻译或方言",
    Skill.SIGN_LANGUAGE: "手语",
}

NAME_COLUMN = "姓名"
MOBILE_COLUMN = "手机号"
SOURCE_COLUMN = "来源"
EMAIL_COLUMN = "邮箱"


class MobileWidget(CodeWidget):
    """The mobile number that matches a row to a stored volunteer: digits, no +86 or spaces.

    Never raises (the instance loader reads it first); the format is checked
    with the rest of the row in `validate_instance`.
    """

    def clean(self, value, row=None, **kwargs):
        return normalise_mobile(super().clean(value, row, **kwargs))


class SkillListWidget(widgets.Widget):
    """Several skills in one cell ("法律咨询、调解"), by Chinese name, code or label."""

    def __init__(self):
        super().__init__(coerce_to_string=False)
        self.choice = SheetChoiceWidget(Skill, SKILL_SHEET_NAMES)

    def clean(self, value, row=None, **kwargs):
        found, unknown = [], []
        for item in CodeListWidget.SEPARATORS.split(cell_text(value)):
            item = item.strip()
            if not item:
                continue
            try:
                code = self.choice.clean(item)
            except ValueError:
                unknown.append(item)
                continue
            if code not in found:
                found.append(code)
        if unknown:
            raise ValueError(
                _("Unknown skills: %(items)s. Use the names from the instructions.")
                % {"items": "、".join(unknown)}
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return "、".join(SKILL_SHEET_NAMES.get(code, code) for code in value or [])


class VolunteerRosterResource(CodedResource):
    """One row per volunteer, matched on the mobile number.

    New rows are volunteers in status "applied" (staff vet them); rows that
    match a stored volunteer update the columns the file has and leave the
    status alone. A blank 来源 means a university student for a new row and
    no change for a stored one. 邮箱 links the volunteer to the portal account
    with that address, when there is one and it is not linked to someone else.
    """

    code_field = "mobile"

    real_name = Field(attribute="real_name", column_name=NAME_COLUMN, widget=TextWidget())
    mobile = Field(attribute="mobile", column_name=MOBILE_COLUMN, widget=MobileWidget())
    institution = Field(attribute="institution", column_name="学校", widget=TextWidget())
    college = Field(attribute="college", column_name="学院", widget=TextWidget())
    grade = Field(attribute="grade", column_name="年级", widget=TextWidget())
    supervisor_name = Field(
        attribute="supervisor_name", column_name="指导老师", widget=TextWidget()
    )
    source = Field(
        attribute="source",
        column_name=SOURCE_COLUMN,
        widget=SheetChoiceWidget(VolunteerSource, SOURCE_SHEET_NAMES),
    )
    skills = Field(attribute="skills", column_name="技能", widget=SkillListWidget())
    # No attribute: `import_instance` links the account, `dehydrate_email` exports it.
    email = Field(column_name=EMAIL_COLUMN, widget=TextWidget())

    class Meta:
        model = Volunteer
        fields = (
            "real_name",
            "mobile",
            "institution",
            "college",
            "grade",
            "supervisor_name",
            "source",
            "skills",
            "email",
        )
        import_order = fields
        export_order = fields
        import_id_fields = ["mobile"]
        # Rows are checked one by one, then written a thousand at a time: a
        # province's roster of ten thousand would otherwise cost a savepoint
        # and an INSERT per row. No many-to-many columns, so nothing is lost.
        use_bulk = True
        batch_size = 1000

    REQUIRED_COLUMNS = (NAME_COLUMN, MOBILE_COLUMN, "学校", "学院", "年级", "指导老师")
    sheet_title = "志愿者名册"
    file_stem = "volunteer-roster"

    # Import template

    def template_rows(self):
        return [
            {
                NAME_COLUMN: "张三",
                MOBILE_COLUMN: "13812345678",
                "学校": "清河师范学院",
                "学院": "法学院",
                "年级": "2023级",
                "指导老师": "王老师",
                SOURCE_COLUMN: SOURCE_SHEET_NAMES[VolunteerSource.STUDENT],
                "技能": "、".join(
                    [SKILL_SHEET_NAMES[Skill.CONSULTATION], SKILL_SHEET_NAMES[Skill.OUTREACH]]
                ),
                EMAIL_COLUMN: "",
            }
        ]

    def column_guide(self):
        return {
            NAME_COLUMN: _("Required. The volunteer's real name."),
            MOBILE_COLUMN: _(
                "Required. A mainland mobile number (11 digits). A volunteer with this number "
                "already stored is updated, not added again."
            ),
            "学校": _("The university, institution or former employer; may be blank."),
            "学院": _("The school or department; may be blank."),
            "年级": _("The year of study, such as 2023级; may be blank."),
            "指导老师": _("The supervising teacher; may be blank."),
            SOURCE_COLUMN: _("Optional. One of: %(values)s. Blank means a university student.")
            % {"values": "、".join(SOURCE_SHEET_NAMES.values())},
            "技能": _("Optional. Any of: %(values)s, separated by 、")
            % {"values": "、".join(SKILL_SHEET_NAMES.values())},
            EMAIL_COLUMN: _(
                "Optional. The email address of the volunteer's portal account, to link it."
            ),
        }

    # Import

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # The accounts the file's addresses name, and which accounts have a volunteer
        # already: two queries for the whole file.
        self._accounts = {}
        self._linked_accounts = {}
        if EMAIL_COLUMN in dataset.headers:
            emails = {
                cell_text(unescape_formula(value)).casefold() for value in dataset[EMAIL_COLUMN]
            } - {""}
            if emails:
                users = (
                    get_user_model()
                    .objects.annotate(email_key=Lower("email"))
                    .filter(email_key__in=emails)
                    .order_by("pk")
                )
                for user in users:
                    self._accounts.setdefault(user.email_key, user)
                self._linked_accounts = dict(
                    Volunteer.objects.filter(
                        user__in=[u.pk for u in self._accounts.values()]
                    ).values_list("user_id", "pk")
                )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        is_source = field is self.fields["source"] and field.column_name in row
        if is_source and field.clean(row) == "":
            # Blank: a new volunteer is a student; a stored one keeps their source.
            if instance.pk is None:
                instance.source = VolunteerSource.STUDENT
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not instance.source:
            instance.source = VolunteerSource.STUDENT
        if EMAIL_COLUMN in row:
            try:
                self._link_account(instance, row[EMAIL_COLUMN])
            except ValidationError as error:
                errors.setdefault("email", []).extend(error.messages)
        if errors:
            raise ValidationError(errors)

    def _link_account(self, instance, value):
        email = cell_text(value)
        if not email:
            return
        validate_email(email)
        user = self._accounts.get(email.casefold())
        if user is None or instance.user_id == user.pk:
            return  # no account yet: the volunteer can still be linked later
        linked_to = self._linked_accounts.get(user.pk)
        if linked_to is not None and linked_to != instance.pk:
            raise ValidationError(
                _("The account %(email)s belongs to another volunteer.") % {"email": email}
            )
        if instance.user_id is not None:
            raise ValidationError(
                _("This volunteer is linked to another account already; change it by hand.")
            )
        instance.user = user
        # A second row of the file naming the same address is refused, not saved twice.
        self._linked_accounts[user.pk] = instance.pk or "new"

    def get_bulk_update_fields(self):
        # Model fields (the email column has none; the account link is `user`).
        return [
            "real_name",
            "institution",
            "college",
            "grade",
            "supervisor_name",
            "source",
            "skills",
            "user",
            "updated",
        ]

    def before_save_instance(self, instance, row, **kwargs):
        # bulk_update() does not run auto_now.
        instance.updated = timezone.now()

    def snapshot(self, instance, row):
        values = super().snapshot(instance, row)
        values["user"] = instance.user_id
        return values

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's field rules and a valid mobile number; no query per row.

        Uniqueness of the mobile number within the file is checked by
        `CodedResource` (a repeated number is an error on its later rows); the
        stored rows were matched on it already.
        """
        errors = dict(import_validation_errors or {})
        if self._is_repeat:
            raise ValidationError(errors)
        try:
            instance.clean_fields(exclude={*errors, "user"})
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "mobile" not in errors:
            if not instance.mobile:
                errors["mobile"] = [_("Enter the mobile number: rows are matched on it.")]
            else:
                try:
                    validate_mobile(instance.mobile)
                except ValidationError as error:
                    errors["mobile"] = error.messages
        if errors:
            raise ValidationError(errors)

    # Export

    def get_export_queryset(self, queryset):
        return queryset.select_related("user")

    def dehydrate_email(self, volunteer):
        return volunteer.user.email if volunteer.user_id else ""
