from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    """Volunteers: applications, vetting, shifts, hours and certificates."""

    name = "volunteers"
    verbose_name = _("Volunteers")
