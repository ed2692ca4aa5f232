"""Factories for the outreach app's models, shared by tests and demo data."""

import datetime

import factory
from django.utils import timezone
from wagtail.documents import get_document_model

from outreach.choices import ActivityType, MediaLevel
from outreach.models import (
    ArticleIndexPage,
    ArticlePage,
    Brochure,
    BrochureIndexPage,
    CampaignIndexPage,
    CampaignLog,
    CampaignPage,
    EventIndexPage,
    EventPage,
    HomePage,
    MediaReport,
    StandardPage,
)

# ---------------------------------------------------------------------------
# Campaign logs


class CampaignLogFactory(factory.django.DjangoModelFactory):
    """A street-stall consultation held in spring 2021, with typical reach and materials."""

    class Meta:
        model = CampaignLog
        skip_postgeneration_save = True

    date = datetime.date(2021, 3, 15)
    place = factory.Sequence(lambda n: f"北关镇文化广场 {n}")
    activity_type = ActivityType.STREET_STALL
    organiser = "清河县法律援助中心"
    people_reached = 200
    leaflets = 300
    brochures = 50
    posters = 4
    other_materials = 0
    consultations = 25


class MediaReportFactory(factory.django.DjangoModelFactory):
    """A county television report about a logged activity."""

    class Meta:
        model = MediaReport

    log = factory.SubFactory(CampaignLogFactory)
    outlet = "清河县电视台"
    level = MediaLevel.COUNTY
    url = factory.Sequence(lambda n: f"https://tv.example.org/news/{n}")


# ---------------------------------------------------------------------------
# Pages and brochures


class PageFactory(factory.django.DjangoModelFactory):
    """Builds a published page under `parent` (the Chinese home page by default)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"页面 {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            parent = HomePage.objects.get(locale__language_code="zh-hans")
        now = timezone.now()
        kwargs.setdefault("first_published_at", now)
        kwargs.setdefault("last_published_at", now)
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class StandardPageFactory(PageFactory):
    class Meta:
        model = StandardPage

    intro = "如何申请法律援助"


class ArticleIndexPageFactory(PageFactory):
    class Meta:
        model = ArticleIndexPage

    title = "新闻动态"
    slug = factory.Sequence(lambda n: f"news-{n}")


class ArticlePageFactory(PageFactory):
    class Meta:
        model = ArticlePage

    title = factory.Sequence(lambda n: f"法律援助新闻 {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "法律援助让困难群众打得起官司。"
    date = factory.LazyFunction(timezone.localdate)


class EventIndexPageFactory(PageFactory):
    class Meta:
        model = EventIndexPage

    title = "宣传活动日程"
    slug = factory.Sequence(lambda n: f"events-{n}")


class EventPageFactory(PageFactory):
    """An event a week from now lasting two hours; `past=True` makes it last month."""

    class Meta:
        model = EventPage

    class Params:
        past = factory.Trait(
            start=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
        )

    title = factory.Sequence(lambda n: f"法律援助咨询日 {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    venue = "城关镇文化广场"
    organiser = "平安县法律援助中心"
    summary = "律师和志愿者现场解答法律问题。"


class CampaignIndexPageFactory(PageFactory):
    class Meta:
        model = CampaignIndexPage

    title = "宣传活动专题"
    slug = factory.Sequence(lambda n: f"campaigns-{n}")


class CampaignPageFactory(PageFactory):
    class Meta:
        model = CampaignPage

    title = factory.Sequence(lambda n: f"农民工维权月法律援助宣传 {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    theme = "migrant_workers_month"
    start_date = datetime.date(2020, 11, 15)
    end_date = datetime.date(2021, 1, 31)
    summary = "集中受理追索劳动报酬案件。"


class BrochureIndexPageFactory(PageFactory):
    class Meta:
        model = BrochureIndexPage

    title = "宣传资料下载"
    slug = factory.Sequence(lambda n: f"brochures-{n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_document_model()

    title = factory.Sequence(lambda n: f"宣传册 {n}")
    file = factory.django.FileField(filename="brochure.pdf", data=b"%PDF-1.4\n%%EOF\n")


class BrochureFactory(factory.django.DjangoModelFactory):
    """A published brochure; `live=False` gives a draft waiting for review."""

    class Meta:
        model = Brochure

    title = factory.Sequence(lambda n: f"法律援助宣传册 {n}")
    category = "how_to_apply"
    version = "2021年修订版"
    document = factory.SubFactory(DocumentFactory)
    live = True
