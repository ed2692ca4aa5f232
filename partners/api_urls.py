"""Read-only open-data API of the network directory (HSDS-shaped)."""

app_name = "directory-api"

urlpatterns = []
