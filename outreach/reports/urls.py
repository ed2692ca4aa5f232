"""URLs of the statistics pages, mounted at /admin/reports/ (namespace "statistics")."""

from django.urls import path

from . import views

app_name = "statistics"
urlpatterns = [
    path("referral-figures/", views.ReferralReportView.as_view(), name="referrals"),
    path("outreach-figures/", views.OutreachReportView.as_view(), name="outreach"),
    path("volunteer-figures/", views.VolunteerReportView.as_view(), name="volunteers"),
    path("coverage/", views.CoverageReportView.as_view(), name="coverage"),
    path("year-end/", views.YearEndView.as_view(), name="year-end"),
]
