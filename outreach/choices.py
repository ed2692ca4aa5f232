"""Controlled lists of the outreach app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    POLICY = "policy", _("Policy explainer")
    CASE_STORY = "case_story", _("Case story")


class CampaignTheme(models.TextChoices):
    CONSUMER_DAY = "consumer_day", _("3.15 consumer rights day")
    MIGRANT_WORKERS_MONTH = "migrant_workers_month", _("Migrant workers' rights month")
    DISABLED_PERSONS_MONTH = "disabled_persons_month", _("Disabled persons' rights month")
    FOLK_FESTIVAL = "folk_festival", _("Folk festival day")
    CONSTITUTION_DAY = "constitution_day", _("12.4 Constitution day")
    OTHER = "other", _("Other")


class BrochureCategory(models.TextChoices):
    HOW_TO_APPLY = "how_to_apply", _("How to apply for legal aid")
    MIGRANT_WORKERS = "migrant_workers", _("Migrant workers' rights")
    DISABLED = "disabled", _("Rights of people with disabilities")
    ELDERLY = "elderly", _("Rights of older people")
    WOMEN_CHILDREN = "women_children", _("Rights of women and children")
    MINORS = "minors", _("Protection of minors")
    CRIMINAL = "criminal", _("Criminal legal aid and duty lawyers")


class ContentLanguage(models.TextChoices):
    CHINESE = "zh-hans", _("Chinese")
    ENGLISH = "en", _("English")
    BILINGUAL = "bilingual", _("Chinese and English")


class ActivityType(models.TextChoices):
    """The kinds of outreach activity a campaign log records (year-end summary wording)."""

    STREET_STALL = "street_stall", _("Street stall")
    LECTURE = "lecture", _("Legal lecture")
    MEDIA = "media", _("Media publicity")
    NOTICE_BOARD = "notice_board", _("Notice board")
    FOLK_FESTIVAL = "folk_festival", _("Folk festival day")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    DOOR_TO_DOOR = "door_to_door", _("Door-to-door visit")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class MediaLevel(models.TextChoices):
    """The level of the outlet that reported an activity (the summary counts city level and up)."""

    COUNTY = "county", pgettext_lazy("media level", "County")
    CITY = "city", pgettext_lazy("media level", "City")
    PROVINCE = "province", pgettext_lazy("media level", "Province")
    NATIONAL = "national", pgettext_lazy("media level", "National")
