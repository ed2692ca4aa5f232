"""Public directory of the legal aid network."""

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.directory_index, name="index"),
    path("roster/", views.roster, name="roster"),
    path("area/<str:code>/", views.area_detail, name="area"),
    path("point/<slug:code>/", views.point_detail, name="point"),
    path("point/<slug:code>/notice-board/", views.notice_board, name="notice-board"),
]
