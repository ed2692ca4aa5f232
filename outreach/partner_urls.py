"""Partner pages of the outreach app, mounted at /partners/ before the partner portal's.

Organisations log the outreach they ran (/partners/outreach/) and see their own
figures (/partners/figures/).
"""

from django.urls import path

from . import partner_figures
from . import partner_views as views

app_name = "partner_outreach"

urlpatterns = [
    path("outreach/", views.log_list, name="list"),
    path("outreach/new/", views.log_create, name="new"),
    path("outreach/<int:pk>/edit/", views.log_edit, name="edit"),
    path("figures/", partner_figures.figures_page, name="figures"),
]
