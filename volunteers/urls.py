"""Volunteer pages: apply, my home, shifts, hours, certificates and my data."""

from django.urls import path

from . import views

app_name = "volunteers"

urlpatterns = [
    # Application, files and my data (views/account.py)
    path("apply/", views.apply, name="apply"),
    path("me/", views.home, name="home"),
    path("me/files/", views.file_upload, name="file-upload"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("me/calendar/", views.calendar_token, name="calendar-token"),
    path("calendar/<str:token>/", views.calendar_feed, name="calendar-feed"),
    path("me/data/", views.my_data, name="my-data"),
    path("me/data/export/", views.data_export, name="data-export"),
    path("me/data/delete/", views.account_delete, name="account-delete"),
    # Opportunities, shifts, hours and certificates (views/shifts.py)
    path("opportunities/", views.opportunity_list, name="opportunities"),
    path("shifts/<int:pk>/", views.shift_detail, name="shift"),
    path("shifts/<int:pk>/sign-up/", views.shift_signup, name="shift-signup"),
    path("signups/<int:pk>/cancel/", views.signup_cancel, name="signup-cancel"),
    path("signups/<int:pk>/confirm/", views.signup_confirm, name="signup-confirm"),
    path("me/hours/", views.hours, name="hours"),
    path("me/certificate/", views.certificate, name="certificate"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate-verify"),
]
