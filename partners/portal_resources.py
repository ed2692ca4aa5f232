"""The spreadsheet a partner organisation downloads of its own referrals.

Export only. Column headers and choice names are Chinese whatever the page
language (a file format, not interface text). Mobile and ID numbers are
masked; every text cell is escaped against spreadsheet formulas by
`portal.resources.SpreadsheetResource.export_field`.
"""

from django.utils import timezone, translation
from import_export.fields import Field

from portal.resources import SpreadsheetResource, TextWidget, YesNoWidget

from .models import Referral


class PartnerReferralResource(SpreadsheetResource):
    """A partner's referrals as listed on its dashboard, newest first."""

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
    gender = Field(column_name="性别")
    age_band = Field(column_name="年龄段")
    groups = Field(column_name="群体")
    issue_category = Field(column_name="法律问题")
    review_due_at = Field(column_name="审查期限")
    decline_reason = Field(column_name="不予援助理由")
    transferred_to_name = Field(
        attribute="transferred_to_name", column_name="转交至", widget=TextWidget()
    )
    submitted_by = Field(attribute="submitted_by__email", column_name="提交人", widget=TextWidget())

    sheet_title = "转介"
    file_stem = "referrals"

    class Meta:
        model = Referral
        fields = (
            "reference",
            "submitted_at",
            "status",
            "is_urgent",
            "centre",
            "applicant_name",
            "mobile",
            "id_number",
            "gender",
            "age_band",
            "groups",
            "issue_category",
            "review_due_at",
            "decline_reason",
            "transferred_to_name",
            "submitted_by",
        )
        export_order = fields

    def get_export_queryset(self, queryset):
        return queryset.select_related("centre", "submitted_by").prefetch_related("groups")

    def export(self, *args, **kwargs):
        # Choice names in Chinese: a file format, not interface text.
        with translation.override("zh-hans"):
            return super().export(*args, **kwargs)

    @staticmethod
    def _local(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    def dehydrate_submitted_at(self, referral):
        return self._local(referral.submitted_at)

    def dehydrate_review_due_at(self, referral):
        if referral.review_days_left() is None:
            return ""
        return self._local(referral.review_due_at)

    def dehydrate_status(self, referral):
        return str(referral.get_status_display())

    def dehydrate_gender(self, referral):
        return str(referral.get_gender_display())

    def dehydrate_age_band(self, referral):
        return str(referral.get_age_band_display())

    def dehydrate_issue_category(self, referral):
        return str(referral.get_issue_category_display())

    def dehydrate_decline_reason(self, referral):
        return str(referral.get_decline_reason_display()) if referral.decline_reason else ""

    def dehydrate_groups(self, referral):
        return "、".join(group.name for group in referral.groups.all())
