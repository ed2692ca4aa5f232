"""Partner organisations log the outreach they ran (campaign logs attributed to them)."""

from django.urls import path

from . import partner_views as views

app_name = "partner_outreach"

urlpatterns = [
    path("", views.log_list, name="list"),
    path("new/", views.log_create, name="new"),
    path("<int:pk>/edit/", views.log_edit, name="edit"),
]
