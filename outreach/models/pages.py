"""The public outreach site: home, standard pages, articles, events, campaigns, brochures.

Parent/child rules are explicit on every page type, so editors can only build
the tree the public navigation expects:

    HomePage
    ├── StandardPage (how to apply, eligibility, about, privacy) ── StandardPage
    ├── ArticleIndexPage ── ArticlePage
    ├── EventIndexPage ── EventPage
    ├── CampaignIndexPage ── CampaignPage
    └── BrochureIndexPage (lists published Brochure snippets)
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from outreach.blocks import BaseStreamBlock
from outreach.calendar import build_calendar, calendar_response
from outreach.choices import ArticleKind, BrochureCategory, CampaignTheme
from outreach.managers import EventPageQuerySet
from outreach.search import SegmentedSearchMixin

LIST_PAGE_SIZE = 10
CARD_RENDITION = "fill-480x270"


def _paginate(request, queryset, per_page=LIST_PAGE_SIZE):
    """One page of a list; an out-of-range or malformed page number gives the last/first."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _with_card_images(queryset):
    """Fetch cover images with their card renditions in two queries for any list size."""
    images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
    return queryset.select_related("locale").prefetch_related(
        Prefetch("cover_image", queryset=images)
    )


class HomePage(Page):
    """The site root in each language: a welcome, the hotline and editable blocks."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "outreach.StandardPage",
        "outreach.ArticleIndexPage",
        "outreach.EventIndexPage",
        "outreach.CampaignIndexPage",
        "outreach.BrochureIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    @classmethod
    def can_create_at(cls, parent):
        # The data migration creates the one home page per language; staff edit
        # them and translate through the admin, never add a second root.
        return super().can_create_at(parent) and not cls.objects.exists()

    # Methods, not context values: the template calls them inside a cached
    # fragment, so a cache hit runs no query at all.
    def upcoming_events(self):
        return _with_card_images(
            EventPage.objects.live().public().filter(locale=self.locale).upcoming()
        )[:3]

    def latest_articles(self):
        return _with_card_images(
            ArticlePage.objects.live().public().filter(locale=self.locale).order_by("-date", "-pk")
        )[:3]


class StandardPage(SegmentedSearchMixin, Page):
    """A plain content page: how to apply, eligibility, about us, privacy notice."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, *SegmentedSearchMixin.segmented_search_fields]
    search_text_fields = ["intro", "body"]

    parent_page_types = ["outreach.HomePage", "outreach.StandardPage"]
    subpage_types = ["outreach.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


# ---------------------------------------------------------------------------
# Articles


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "outreach.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleIndexPage(RoutablePageMixin, Page):
    """News, policy explainers and case stories, newest first, filterable by tag.

    Also serves the RSS (`feed/rss/`) and Atom (`feed/atom/`) feeds of its articles.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["outreach.HomePage"]
    subpage_types = ["outreach.ArticlePage"]

    class Meta:
        verbose_name = _("article index page")
        verbose_name_plural = _("article index pages")

    def articles(self):
        return ArticlePage.objects.child_of(self).live().public().order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            articles = articles.filter(tags__name=tag)
        context["tag"] = tag
        context["articles"] = _paginate(
            request, _with_card_images(articles).prefetch_related("tags")
        )
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("feed/rss/")
    def rss_feed(self, request):
        from outreach.feeds import ArticleRSSFeed

        return ArticleRSSFeed()(request, index=self)

    @path("feed/atom/")
    def atom_feed(self, request):
        from outreach.feeds import ArticleAtomFeed

        return ArticleAtomFeed()(request, index=self)


class ArticleRelatedLink(Orderable):
    """A further-reading link under an article, to a page here or another site."""

    page = ParentalKey(
        "outreach.ArticlePage", on_delete=models.CASCADE, related_name="related_links"
    )
    title = models.CharField(_("title"), max_length=120)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.URLField(_("or address"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("link_page"), FieldPanel("link_url")]

    def clean(self):
        if bool(self.link_page) == bool(self.link_url):
            raise ValidationError(_("Choose a page or enter an address, not both."))

    @property
    def url(self) -> str:
        return self.link_page.url if self.link_page else self.link_url


class ArticlePage(SegmentedSearchMixin, Page):
    """A news item, policy explainer or case story."""

    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.NEWS
    )
    summary = models.TextField(_("summary"), max_length=300)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "outreach.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("campaign"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("related_links", label=_("Related links")),
    ]
    search_fields = [
        *Page.search_fields,
        *SegmentedSearchMixin.segmented_search_fields,
        index.FilterField("date"),
    ]
    search_text_fields = ["summary", "body"]

    parent_page_types = ["outreach.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")


# ---------------------------------------------------------------------------
# Events


class EventIndexPage(RoutablePageMixin, Page):
    """Outreach events: upcoming, past and by month, with an iCalendar feed."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["outreach.HomePage"]
    subpage_types = ["outreach.EventPage"]

    class Meta:
        verbose_name = _("event index page")
        verbose_name_plural = _("event index pages")

    def events(self):
        return EventPage.objects.child_of(self).live().public()

    def _list(self, request, queryset, view, **extra):
        events = _paginate(request, _with_card_images(queryset))
        return self.render(request, context_overrides={"events": events, "view": view, **extra})

    @path("")
    def upcoming(self, request):
        return self._list(request, self.events().upcoming(), "upcoming")

    @path("past/")
    def past(self, request):
        return self._list(request, self.events().past(), "past")

    @re_path(r"^month/(?P<year>\d{4})/(?P<month>\d{1,2})/$")
    def month(self, request, year, month):
        year, month = int(year), int(month)
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404
        first = datetime.date(year, month, 1)
        previous = (first - datetime.timedelta(days=1)).replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        days: dict[datetime.date, list] = {}
        for event in _with_card_images(self.events().in_month(year, month)):
            # Group by the day the event starts in the site's time zone, not UTC.
            day = max(timezone.localtime(event.start).date(), first)
            days.setdefault(day, []).append(event)
        return self.render(
            request,
            template="outreach/event_month.html",
            context_overrides={
                "days": sorted(days.items()),
                "view": "month",
                "month_start": first,
                "previous_month": previous,
                "previous_month_url": self.month_url(previous),
                "next_month": following,
                "next_month_url": self.month_url(following),
            },
        )

    @path("ical/")
    def ical_feed(self, request):
        """Upcoming published events as an iCalendar feed to subscribe to."""
        content = build_calendar(self.events().upcoming(), request, name=self.title)
        return calendar_response(content, filename="events.ics", attachment=False)

    def month_url(self, date: datetime.date) -> str:
        return self.url + self.reverse_subpage(
            "month", kwargs={"year": f"{date.year}", "month": f"{date.month}"}
        )

    def current_month_url(self) -> str:
        return self.month_url(timezone.localdate())


class EventPage(RoutablePageMixin, SegmentedSearchMixin, Page):
    """One outreach event: a stall, lecture or visit, with its time, place and audience."""

    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200)
    service_point = models.ForeignKey(
        "partners.ServicePoint",
        verbose_name=_("at service point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Optional: the workstation or liaison point where the event takes place."),
    )
    organiser = models.CharField(_("organiser"), max_length=120)
    partner_organisations = ParentalManyToManyField(
        "partners.PartnerOrganisation", verbose_name=_("partner organisations"), blank=True
    )
    campaign = models.ForeignKey(
        "outreach.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    audiences = ParentalManyToManyField(
        "partners.PopulationGroup", verbose_name=_("audience groups"), blank=True
    )
    summary = models.TextField(_("summary"), max_length=300)
    registration_note = models.TextField(
        _("registration note"),
        blank=True,
        help_text=_("How to take part: free entry, sign up by phone, bring ID ..."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    objects = PageManager.from_queryset(EventPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        FieldPanel("venue"),
        FieldPanel("service_point"),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("partner_organisations"),
                FieldPanel("campaign"),
            ],
            heading=_("Organisers"),
        ),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("summary"),
        FieldPanel("registration_note"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        *SegmentedSearchMixin.segmented_search_fields,
        index.FilterField("start"),
    ]
    search_text_fields = ["summary", "venue", "organiser", "body"]

    parent_page_types = ["outreach.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The event must end after it starts.")})

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @path("")
    def event(self, request):
        return self.render(request)

    @path("ical/")
    def ical_download(self, request):
        """This event as a calendar file to add to a phone's calendar."""
        content = build_calendar([self], request, name=self.title)
        return calendar_response(content, filename=f"event-{self.pk}.ics", attachment=True)


# ---------------------------------------------------------------------------
# Campaigns


class CampaignIndexPage(Page):
    """All campaigns, current and past."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["outreach.HomePage"]
    subpage_types = ["outreach.CampaignPage"]

    class Meta:
        verbose_name = _("campaign index page")
        verbose_name_plural = _("campaign index pages")


class CampaignPage(SegmentedSearchMixin, Page):
    """A themed campaign such as 农民工维权月, with its events, articles and results."""

    theme = models.CharField(_("theme"), max_length=32, choices=CampaignTheme.choices)
    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"))
    summary = models.TextField(_("summary"), max_length=300)
    goals = RichTextField(_("goals"), blank=True, features=["bold", "ol", "ul", "link"])
    target_groups = ParentalManyToManyField(
        "partners.PopulationGroup", verbose_name=_("target groups"), blank=True
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("theme"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading=_("Dates")),
        FieldPanel("summary"),
        FieldPanel("goals"),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        *SegmentedSearchMixin.segmented_search_fields,
        index.FilterField("start_date"),
    ]
    search_text_fields = ["summary", "goals", "body"]

    parent_page_types = ["outreach.CampaignIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The campaign must end on or after its start.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["events"] = _with_card_images(self.events.live().public().order_by("start", "pk"))
        context["articles"] = _with_card_images(
            self.articles.live().public().order_by("-date", "-pk")
        )
        context["results"] = self.log_totals()
        return context

    def log_totals(self) -> dict:
        """What the campaign achieved, summed from its campaign logs in one query."""
        from outreach.models.campaign_logs import CampaignLog

        return CampaignLog.objects.for_campaign(self).totals()


# ---------------------------------------------------------------------------
# Brochures


class BrochureIndexPage(Page):
    """The reviewed brochures, by category, ready to download and print."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["outreach.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("brochure index page")
        verbose_name_plural = _("brochure index pages")

    def get_context(self, request, *args, **kwargs):
        from outreach.models.brochures import Brochure

        context = super().get_context(request, *args, **kwargs)
        brochures = Brochure.objects.published().select_related("document")
        category = request.GET.get("category", "")
        if category in BrochureCategory.values:
            brochures = brochures.filter(category=category)
        images = get_image_model().objects.prefetch_renditions("fill-240x340")
        context["brochures"] = brochures.prefetch_related(
            Prefetch("cover_image", queryset=images), "audiences"
        )
        context["category"] = category
        context["categories"] = BrochureCategory.choices
        return context
