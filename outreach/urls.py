from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("display-mode/", views.set_display_mode, name="display-mode"),
    path("search/", views.search, name="search"),
]
