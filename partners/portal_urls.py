"""Pages of partner organisations: their referrals and their account."""

from django.urls import path

from . import portal_views as views

app_name = "partner_portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("referrals/new/", views.referral_create, name="referral-new"),
    path("referrals/export/", views.referral_export, name="referral-export"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral-withdraw"),
    path("referrals/<int:pk>/reply/", views.referral_reply, name="referral-reply"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
]
