"""Read-only open-data API of the network directory (HSDS-shaped).

Mounted at /api/directory/ outside i18n_patterns: the language of names and
messages comes from the Accept-Language header.
"""

from django.urls import path

from . import api

app_name = "directory-api"

urlpatterns = [
    path("", api.index, name="index"),
    path("organizations/", api.organization_list, name="organizations"),
    path("organizations/<str:record_id>/", api.organization_detail, name="organization"),
    path("locations/", api.location_list, name="locations"),
    path("locations.csv", api.location_csv, name="locations-csv"),
    path("locations/<str:record_id>/", api.location_detail, name="location"),
    path("services/", api.service_list, name="services"),
    path("services/<str:record_id>/", api.service_detail, name="service"),
    path("service_at_locations/", api.service_at_location_list, name="service-at-locations"),
]
