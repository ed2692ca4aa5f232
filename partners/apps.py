from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """The legal aid network: centres, workstations, partner organisations, referrals."""

    name = "partners"
    verbose_name = _("Network and partners")
