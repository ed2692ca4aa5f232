"""Demo data: a realistic portal built from factories with a fixed seed.

Modelled on the network and figures in the seed year-end summaries (a city
centre, county centres, workstations, outreach). At this stage it fills the site
settings and the home pages in both languages; each feature adds its part here.
Everything runs in one transaction, so a failed load leaves nothing behind.
"""

import json
import random

import factory.random
from django.db import transaction
from wagtail.models import Locale, Site

from .models import HomePage, PortalSettings

DEMO_SEED = 2021

SITE_SETTINGS = {
    "site_title": "清河市法律援助服务网",
    "site_title_en": "Qinghe City Legal Aid Network",
    "hotline": "12348",
    "service_hours": "周一至周五 8:30–12:00，13:30–17:30（节假日热线照常）",
    "service_hours_en": "Mon–Fri 8:30–12:00 and 13:30–17:30 (the hotline also answers on holidays)",
    "address": "清河市人民路 18 号 清河市法律援助中心",
    "address_en": "Qinghe City Legal Aid Centre, 18 Renmin Road, Qinghe",
}

HOME_CONTENT = {
    "zh-hans": {
        "title": "法律援助，为您的权益护航",
        "intro": "<p>经济困难的群众、残疾人、老年人、农民工、妇女儿童和军人军属，"
        "遇到欠薪、工伤、婚姻家庭、赡养抚养等法律问题，都可以申请免费的法律援助。</p>",
        "body": [
            ("heading", {"text": "谁可以申请法律援助", "level": "h2"}),
            (
                "paragraph",
                "<p>因经济困难没有委托代理人的公民，可以向法律援助机构申请法律援助。"
                "追索劳动报酬、工伤赔偿的农民工，以及残疾人、老年人等特殊群体，"
                "可以免予经济困难状况审查。</p>",
            ),
            ("heading", {"text": "到哪里申请", "level": "h2"}),
            (
                "paragraph",
                "<p>全市共有 11 个法律援助中心、81 个乡镇（街道）法律援助工作站，"
                "每个村（社区）都有法律援助联络员。就近前往，或拨打 12348 热线咨询。</p>",
            ),
            (
                "quote",
                {
                    "text": "工作站的同志帮我们三十多户一起申请了援助，不用跑县城。",
                    "attribution": "六镇大殷村村民",
                },
            ),
            (
                "call_to_action",
                {
                    "title": "成为法律援助志愿者",
                    "text": "高校师生、公检法司离退休人员和法律工作者，欢迎加入志愿者队伍。",
                    "page": None,
                    "url": "/accounts/signup/",
                    "button_label": "注册账号",
                },
            ),
        ],
    },
    "en": {
        "title": "Legal aid protects your rights",
        "intro": "<p>People on low incomes, people with disabilities, older people, migrant "
        "workers, women and children, and military families can apply for free legal aid "
        "with unpaid wages, work injuries, family matters, maintenance and more.</p>",
        "body": [
            ("heading", {"text": "Who can apply", "level": "h2"}),
            (
                "paragraph",
                "<p>Anyone who cannot afford a lawyer can apply to a legal aid centre. Migrant "
                "workers claiming wages or work-injury compensation, people with disabilities "
                "and older people are exempt from the financial check.</p>",
            ),
            ("heading", {"text": "Where to apply", "level": "h2"}),
            (
                "paragraph",
                "<p>The city has 11 legal aid centres and 81 township workstations, and every "
                "village has a legal aid liaison officer. Visit the nearest one, or call the "
                "12348 hotline.</p>",
            ),
            (
                "call_to_action",
                {
                    "title": "Volunteer with legal aid",
                    "text": "University staff and students, retired police, court and "
                    "procuratorate staff and legal professionals are welcome.",
                    "page": None,
                    "url": "/en/accounts/signup/",
                    "button_label": "Create an account",
                },
            ),
        ],
    },
}


def _stream_json(blocks) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def _fill_home_pages(*, reset: bool) -> list[HomePage]:
    pages = []
    for language_code, content in HOME_CONTENT.items():
        page = HomePage.objects.get(locale=Locale.objects.get(language_code=language_code))
        pages.append(page)
        if page.intro and not reset:
            continue  # Already filled: re-running must not pile up revisions.
        page.title = content["title"]
        page.draft_title = content["title"]
        page.intro = content["intro"]
        page.body = _stream_json(content["body"])
        page.save_revision().publish()
    return pages


@transaction.atomic
def load_demo_data(*, reset: bool = False, seed: int = DEMO_SEED) -> dict[str, int]:
    """Build (or with `reset`, rebuild) the demo portal; returns counts by kind."""
    random.seed(seed)
    factory.random.reseed_random(seed)
    site = Site.objects.get(is_default_site=True)
    settings_row = PortalSettings.for_site(site)
    if reset or settings_row.site_title != SITE_SETTINGS["site_title"]:
        for field, value in SITE_SETTINGS.items():
            setattr(settings_row, field, value)
        settings_row.save()
    pages = _fill_home_pages(reset=reset)
    return {"site settings": 1, "home pages": len(pages)}
