"""Public directory of the legal aid network."""

app_name = "partners"

urlpatterns = []
