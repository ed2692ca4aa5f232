"""Brochures: printed outreach material, published only after two reviews."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from outreach.choices import BrochureCategory, ContentLanguage


class BrochureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)


class Brochure(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A brochure file with what the public needs to pick it: category, audience, language.

    Brochures go through the review workflow (初审 → 律师复审) like articles: an
    editor's draft is published only when a reviewer and then a lawyer approve.
    """

    title = models.CharField(_("title"), max_length=120)
    category = models.CharField(_("category"), max_length=32, choices=BrochureCategory.choices)
    audiences = ParentalManyToManyField(
        "partners.PopulationGroup", verbose_name=_("audience groups"), blank=True
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        choices=ContentLanguage.choices,
        default=ContentLanguage.CHINESE,
    )
    version = models.CharField(_("version"), max_length=40, help_text=_("For example 2021年修订版"))
    summary = models.TextField(_("summary"), blank=True, max_length=300)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = BrochureQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("category"), FieldPanel("language"), FieldPanel("version")]),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("summary"),
        FieldPanel("document"),
        FieldPanel("cover_image"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("summary"),
        index.FilterField("category"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("brochure")
        verbose_name_plural = _("brochures")

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "outreach/brochure_preview.html"
