"""The spreadsheet a partner organisation downloads of its own referrals.

Export only. Column headers and choice names are Chinese whatever the page
language (a file format, not interface text). Mobile and ID numbers are
masked; every text cell is escaped against spreadsheet formulas by
`portal.resources.SpreadsheetResource.export_field`.
"""

from import_export.fields import Field

from portal.resources import TextWidget

from .models import Referral
from .resources import BaseReferralResource


class PartnerReferralResource(BaseReferralResource):
    """A partner's referrals as listed on its dashboard, newest first."""

    gender = Field(column_name="性别")
    age_band = Field(column_name="年龄段")
    decline_reason = Field(column_name="不予援助理由")
    transferred_to_name = Field(
        attribute="transferred_to_name", column_name="转交至", widget=TextWidget()
    )
    submitted_by = Field(attribute="submitted_by__email", column_name="提交人", widget=TextWidget())

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

    def dehydrate_review_due_at(self, referral):
        # Once decided, the deadline no longer means anything to the partner.
        if referral.review_days_left() is None:
            return ""
        return self._local(referral.review_due_at)

    def dehydrate_gender(self, referral):
        return str(referral.get_gender_display())

    def dehydrate_age_band(self, referral):
        return str(referral.get_age_band_display())

    def dehydrate_decline_reason(self, referral):
        return str(referral.get_decline_reason_display()) if referral.decline_reason else ""
