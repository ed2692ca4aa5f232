"""Demo data: a realistic portal built from factories with a fixed seed.

Modelled on the network and figures in the seed year-end summaries (a city
centre, county centres, workstations, outreach). At this stage it fills the site
settings and the home pages in both languages; each feature adds its part here.
Everything runs in one transaction, so a failed load leaves nothing behind.
"""

import datetime
import io
import json
import random

import factory.random
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from partners.models import Area, PartnerOrganisation, PopulationGroup, ServicePoint

from . import demo_content as content
from .cache import bump_content_version, bump_data_version
from .demo_network import load_network
from .demo_referrals import load_referrals
from .demo_volunteers import load_volunteers
from .models import (
    ArticleIndexPage,
    ArticlePage,
    Brochure,
    BrochureIndexPage,
    CampaignIndexPage,
    CampaignPage,
    EventIndexPage,
    EventPage,
    HomePage,
    PortalSettings,
    StandardPage,
)
from .services import assign_review_workflow

DEMO_SEED = 2021
# The password of every demo account (printed by `make run`; development only).
DEMO_PASSWORD = "legal-aid-12348"  # noqa: S105

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


DEMO_COLLECTION = "演示数据 Demo"
SHANGHAI_HOUR = 9


def _stream_json(blocks) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def _fill_home_pages(*, reset: bool) -> list[HomePage]:
    pages = []
    for language_code, home_content in HOME_CONTENT.items():
        page = HomePage.objects.get(locale=Locale.objects.get(language_code=language_code))
        pages.append(page)
        if page.intro and not reset:
            continue  # Already filled: re-running must not pile up revisions.
        page.title = home_content["title"]
        page.draft_title = home_content["title"]
        page.intro = home_content["intro"]
        page.body = _stream_json(home_content["body"])
        page.save_revision().publish()
    return pages


# ---------------------------------------------------------------------------
# Network pieces the outreach content refers to


def _areas() -> dict[str, Area]:
    city_name, city_code = content.CITY
    city, _ = Area.objects.get_or_create(
        code=city_code, defaults={"name": city_name, "level": "city"}
    )
    areas = {city_name: city}
    for name, code in content.COUNTIES:
        areas[name], _ = Area.objects.get_or_create(
            code=code, defaults={"name": name, "level": "county", "parent": city}
        )
    county = areas["平安县"]
    for number, name in enumerate(content.TOWNSHIPS, start=1):
        code = f"{county.code[:6]}{number:03d}000"
        areas[name], _ = Area.objects.get_or_create(
            code=code, defaults={"name": name, "level": "township", "parent": county}
        )
    return areas


def _partners(areas) -> list[PartnerOrganisation]:
    return [
        PartnerOrganisation.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "area": areas["清河市"]},
        )[0]
        for code, name, short, kind in content.PARTNERS
    ]


# ---------------------------------------------------------------------------
# Media: pictures and printable files are drawn here, so nothing is downloaded.

PALETTE = ["#0b4f8a", "#a31d1d", "#2e7d32", "#6a4c93", "#c77c02", "#00695c", "#37474f"]


def _picture(colour: str, size=(1200, 675), fmt="PNG") -> bytes:
    picture = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for step in range(0, width, 60):
        draw.line([(step, height), (step + height // 2, 0)], fill="#ffffff", width=3)
    draw.rectangle([width // 10, height // 3, width * 9 // 10, height * 2 // 3], fill="#ffffff")
    buffer = io.BytesIO()
    picture.save(buffer, fmt)
    return buffer.getvalue()


def _collection() -> Collection:
    existing = Collection.objects.filter(name=DEMO_COLLECTION).first()
    return existing or Collection.get_first_root_node().add_child(name=DEMO_COLLECTION)


def _images(collection) -> list:
    image_model = get_image_model()
    images = []
    for number, colour in enumerate(PALETTE, start=1):
        title = f"宣传活动图片 {number}"
        image = image_model.objects.filter(title=title, collection=collection).first()
        if image is None:
            image = image_model(
                title=title,
                description=f"法律援助宣传活动示意图 {number}",
                collection=collection,
                file=ImageFile(io.BytesIO(_picture(colour)), name=f"demo-outreach-{number}.png"),
            )
            image.save()
        images.append(image)
    return images


# ---------------------------------------------------------------------------
# Pages


def _child(parent, page_class, slug, **fields):
    """The child page with `slug`, created and published when missing."""
    existing = page_class.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    now = timezone.now()
    page = page_class(slug=slug, first_published_at=now, last_published_at=now, **fields)
    parent.add_child(instance=page)
    return page


def _translation(zh_page, en_parent, **fields):
    """The English version of a Chinese page, sharing its translation key."""
    return _child(
        en_parent,
        zh_page.specific_class,
        zh_page.slug,
        locale=en_parent.locale,
        translation_key=zh_page.translation_key,
        **fields,
    )


def _standard_pages(zh_home, en_home):
    how_to_body = _stream_json(
        [
            ("heading", {"text": "申请流程", "level": "h2"}),
            (
                "paragraph",
                "<ol><li>拨打 12348 或到就近的工作站咨询；</li><li>填写申请表并提交身份证明、"
                "经济状况说明和案件材料；</li><li>法律援助机构自收到申请之日起七日内审查并作出决定。</li></ol>",
            ),
            (
                "faq",
                {
                    "title": "常见问题",
                    "items": [
                        {
                            "question": "申请法律援助要收费吗？",
                            "answer": "<p>不收费。法律援助是政府提供的免费法律服务。</p>",
                        },
                        {
                            "question": "农民工讨薪需要证明经济困难吗？",
                            "answer": "<p>不需要。追索劳动报酬、工伤赔偿的农民工免予经济困难审查。</p>",
                        },
                        {
                            "question": "行动不便可以上门办理吗？",
                            "answer": "<p>可以。老年人、残疾人等行动不便的，可预约上门受理。</p>",
                        },
                    ],
                },
            ),
            (
                "table",
                {
                    "caption": "申请时需要准备的材料",
                    "table": {
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "data": [
                            ["材料", "说明"],
                            ["身份证明", "身份证或户口簿；代理申请的提供代理人身份证明"],
                            ["经济困难状况说明", "免予审查的人员无需提供"],
                            ["案件材料", "劳动合同、工资条、欠条、病历等与案件有关的材料"],
                        ],
                    },
                },
            ),
        ]
    )
    pages = []
    for slug, title, title_en, intro, intro_en in content.STANDARD_PAGES:
        body = (
            how_to_body
            if slug == "how-to-apply"
            else _stream_json([("paragraph", f"<p>{intro}</p>")])
        )
        zh = _child(
            zh_home,
            StandardPage,
            slug,
            title=title,
            intro=intro,
            body=body,
            show_in_menus=slug == "how-to-apply",
        )
        _translation(
            zh,
            en_home,
            title=title_en,
            intro=intro_en,
            body=_stream_json([("paragraph", f"<p>{intro_en}</p>")]),
            show_in_menus=slug == "how-to-apply",
        )
        pages.append(zh)
    return pages


VOLUNTEER_CODE = [
    ("heading", {"text": "第一条 总则", "level": "h2"}),
    (
        "paragraph",
        "<p>为规范法律援助志愿者参与法律援助工作的行为，依据《法律援助志愿者管理办法》和"
        "《法律援助志愿工作细则》，制定本守则。</p>",
    ),
    ("heading", {"text": "第二条 服务内容", "level": "h2"}),
    (
        "paragraph",
        "<p>志愿者在法律援助中心和乡镇（街道）法律援助工作站参与法律咨询、非诉讼事务、"
        "人民调解和普法宣传；取得法律职业资格的志愿者可在指导下参与代理工作。</p>",
    ),
    ("heading", {"text": "第三条 行为规范", "level": "h2"}),
    (
        "paragraph",
        "<ol><li>热情接待群众，不收取任何费用或财物；</li>"
        "<li>对服务中知悉的个人信息和案件情况严格保密；</li>"
        "<li>学生志愿者在指导老师或执业人员的带领下开展咨询，不单独出具法律意见；</li>"
        "<li>按时到岗值班，不能到岗的应提前在志愿者页面取消，便于候补人员顶岗；</li>"
        "<li>不得以法律援助志愿者名义从事营利性活动。</li></ol>",
    ),
    ("heading", {"text": "第四条 考核与证明", "level": "h2"}),
    (
        "paragraph",
        "<p>中心按值班签到和经审核的服务时长记录志愿服务，可出具志愿服务证明；"
        "违反本守则的，中心可暂停其志愿服务。</p>",
    ),
]


def _volunteer_code_page(zh_home, en_home, site):
    """The volunteer code (志愿者守则) applicants accept, set in the volunteer settings."""
    from volunteers.models import VolunteerSettings

    page = _child(
        zh_home,
        StandardPage,
        "volunteer-code",
        title="志愿者守则",
        intro="法律援助志愿者在申请时阅读并承诺遵守的服务规范。",
        body=_stream_json(VOLUNTEER_CODE),
    )
    if page.latest_revision_id is None:
        # Volunteers record the revision they accepted, so the code needs one.
        page.save_revision().publish()
    _translation(
        page,
        en_home,
        title="Volunteer code",
        intro="The rules legal aid volunteers accept when they apply.",
        body=_stream_json([("paragraph", "<p>The Chinese version is authoritative.</p>")]),
    )
    volunteer_settings = VolunteerSettings.for_site(site)
    if volunteer_settings.code_page_id != page.pk:
        volunteer_settings.code_page = page
        volunteer_settings.save()
    return page


def _campaigns(zh_home, en_home, images, groups):
    index = _child(
        zh_home,
        CampaignIndexPage,
        "campaigns",
        title="宣传活动专题",
        intro="“3·15”、农民工维权月、残疾人维权月和民俗日等重要时间节点的法律援助专项宣传。",
        show_in_menus=True,
    )
    _translation(
        index,
        en_home,
        title="Campaigns",
        intro="Legal aid campaigns on key dates of the year.",
        show_in_menus=True,
    )
    today = timezone.localdate()
    campaigns = {}
    for number, (slug, theme, title, start, end, summary, group_codes) in enumerate(
        content.CAMPAIGNS
    ):
        if start is None:  # the current campaign runs around the day the demo is loaded
            start, end = today - datetime.timedelta(days=14), today + datetime.timedelta(days=60)
        page = _child(
            index,
            CampaignPage,
            slug,
            title=title,
            theme=theme,
            start_date=start,
            end_date=end,
            summary=summary,
            cover_image=images[number % len(images)],
            goals="<ul><li>提高群众对法律援助的知晓率</li><li>现场受理符合条件的援助申请</li></ul>",
        )
        page.target_groups.set([groups[code] for code in group_codes])
        page.save()
        campaigns[slug] = page
    return campaigns


def _articles(zh_home, en_home, images, campaigns):
    index = _child(
        zh_home,
        ArticleIndexPage,
        "news",
        title="新闻动态",
        intro="法律援助工作动态、政策解读和援助案例。",
        show_in_menus=True,
    )
    en_index = _translation(
        index,
        en_home,
        title="News",
        intro="News, policy explainers and case stories.",
        show_in_menus=True,
    )
    assign_review_workflow(index)
    assign_review_workflow(en_index)
    first_day = datetime.date(2020, 1, 6)
    span = (timezone.localdate() - first_day).days
    articles = []
    for number, (kind, title, campaign_slug, tags) in enumerate(content.ARTICLE_TITLES):
        campaign = campaigns.get(campaign_slug)
        date = (
            campaign.start_date
            if campaign
            else first_day + datetime.timedelta(days=span * number // len(content.ARTICLE_TITLES))
        )
        page = _child(
            index,
            ArticlePage,
            f"article-{number + 1:02d}",
            title=title,
            kind=kind,
            date=date,
            summary=f"{title}。法律援助让困难群众打得起官司、打得赢官司。",
            cover_image=images[number % len(images)],
            campaign=campaign,
            body=_stream_json([("paragraph", content.ARTICLE_BODY)]),
        )
        page.tags.set(tags)
        page.save()
        if title in content.ENGLISH_ARTICLES:
            title_en, summary_en = content.ENGLISH_ARTICLES[title]
            _translation(
                page,
                en_index,
                title=title_en,
                kind=kind,
                date=date,
                summary=summary_en,
                cover_image=page.cover_image,
                body=_stream_json([("paragraph", f"<p>{summary_en}</p>")]),
            )
        articles.append(page)
    return articles


def _event_time(day: datetime.date, hour: int, hours: int):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)
    return start, start + datetime.timedelta(hours=hours)


def _events(zh_home, en_home, images, campaigns, partners, groups, rng, workstations):
    index = _child(
        zh_home,
        EventIndexPage,
        "events",
        title="宣传活动日程",
        intro="近期的法律援助咨询、讲座和上门服务，欢迎群众参加。",
        show_in_menus=True,
    )
    _translation(
        index, en_home, title="Events", intro="Legal aid outreach events.", show_in_menus=True
    )
    past_campaigns = [c for slug, c in campaigns.items() if not slug.endswith("2026")]
    current = campaigns["migrant-month-2026"]
    today = timezone.localdate()
    events = []
    for number in range(40):
        title, venue, _kind = content.EVENT_TEMPLATES[number % len(content.EVENT_TEMPLATES)]
        town = content.TOWNSHIPS[number % len(content.TOWNSHIPS)]
        if number < 30:  # past events inside the 2020-2021 campaigns
            campaign = past_campaigns[number % len(past_campaigns)]
            length = (campaign.end_date - campaign.start_date).days
            day = campaign.start_date + datetime.timedelta(days=rng.randint(0, max(length, 0)))
        else:  # upcoming events over the next three months
            campaign = current if number % 2 else None
            day = today + datetime.timedelta(days=3 + (number - 30) * 9)
        start, end = _event_time(day, rng.choice([9, 10, 14]), rng.choice([2, 3]))
        page = _child(
            index,
            EventPage,
            f"event-{number + 1:02d}",
            title=f"{town}{title}",
            start=start,
            end=end,
            venue=venue.format(town=town),
            organiser="平安县法律援助中心",
            service_point=workstations.get(town),
            campaign=campaign,
            summary=f"{town}{title}：律师和志愿者现场解答法律问题，受理法律援助申请。",
            registration_note="免费参加，无需报名。行动不便的群众可拨打 12348 预约上门服务。",
            cover_image=images[number % len(images)],
        )
        page.partner_organisations.set(rng.sample(partners, 2))
        page.audiences.set(rng.sample(list(groups.values()), 2))
        page.save()
        events.append(page)
    return events


def _brochures(zh_home, en_home, collection, images, groups):
    index = _child(
        zh_home,
        BrochureIndexPage,
        "brochures",
        title="宣传资料下载",
        intro="经中心初审和律师二次审查的七类法律援助宣传册，可下载打印。",
        show_in_menus=True,
    )
    _translation(
        index,
        en_home,
        title="Brochures",
        intro="Reviewed legal aid brochures to download and print.",
        show_in_menus=True,
    )
    document_model = get_document_model()
    brochures = []
    for number, (category, title, summary, group_codes) in enumerate(content.BROCHURES):
        brochure = Brochure.objects.filter(category=category, title=title).first()
        if brochure is None:
            document = document_model(title=title, collection=collection)
            pdf = _picture(PALETTE[number % len(PALETTE)], size=(595, 842), fmt="PDF")
            document.file.save(f"brochure-{category}.pdf", ContentFile(pdf), save=False)
            document.save()
            brochure = Brochure.objects.create(
                title=title,
                category=category,
                version="2021年修订版",
                summary=summary,
                document=document,
                cover_image=images[number % len(images)],
                live=True,
                first_published_at=timezone.now(),
            )
            brochure.audiences.set([groups[code] for code in group_codes])
            brochure.save()
        brochures.append(brochure)
    return brochures


# The seed summary's county year: 301 activities, 80,000 copies of materials
# (leaflets, brochures, posters and others together), 27 reports in city-level or
# higher media, 2,937 consultations logged. The year-end summary of LOG_YEAR
# reproduces the summary's sentence "全年共开展法律援助宣传活动301场次，散发各种宣传资料8万份".
LOG_YEAR = 2020
LOG_ROWS = 301
LOG_MATERIALS = 80_000
LOG_CONSULTATIONS = 2_937
LOG_MEDIA_COUNTY = 15
ACTIVITY_WEIGHTS = {
    "street_stall": 40,
    "lecture": 20,
    "door_to_door": 15,
    "notice_board": 10,
    "folk_festival": 5,
    "media": 5,
    "training": 4,
    "press_conference": 1,
}
MEDIA_OUTLETS = {
    "county": ["平安县融媒体中心", "平安县广播电台"],
    "city": ["清河日报", "清河电视台"],
    "province": ["江北法制报", "江北广播电视台"],
    "national": ["法治日报"],
}


def _split(total: int, parts: int, rng) -> list[int]:
    """`total` split into `parts` random non-negative integers that add up exactly."""
    weights = [rng.random() + 0.2 for _ in range(parts)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def _campaign_logs(areas, campaigns, partners, rng) -> int:
    from .models import CampaignLog, MediaReport

    if CampaignLog.objects.filter(date__year=LOG_YEAR).exists():
        return CampaignLog.objects.filter(date__year=LOG_YEAR).count()
    townships = [areas[name] for name in content.TOWNSHIPS]
    start = datetime.date(LOG_YEAR, 1, 2)
    days = [start + datetime.timedelta(days=rng.randint(0, 360)) for _ in range(LOG_ROWS)]
    days.sort()
    others = [(rng.randint(0, 60), rng.randint(0, 6), rng.randint(0, 20)) for _ in range(LOG_ROWS)]
    leaflets = _split(LOG_MATERIALS - sum(map(sum, others)), LOG_ROWS, rng)
    consultations = _split(LOG_CONSULTATIONS, LOG_ROWS, rng)
    types = rng.choices(list(ACTIVITY_WEIGHTS), weights=list(ACTIVITY_WEIGHTS.values()), k=LOG_ROWS)
    logs = []
    for number, day in enumerate(days):
        campaign = next((c for c in campaigns.values() if c.start_date <= day <= c.end_date), None)
        township = townships[number % len(townships)]
        logs.append(
            CampaignLog(
                date=day,
                place=f"{township.name}{rng.choice(['文化广场', '集市', '村委会', '中心小学', '敬老院'])}",
                area=township,
                activity_type=types[number],
                campaign=campaign,
                organiser="平安县法律援助中心",
                people_reached=rng.randint(30, 800),
                leaflets=leaflets[number],
                brochures=others[number][0],
                posters=others[number][1],
                other_materials=others[number][2],
                consultations=consultations[number],
            )
        )
    CampaignLog.objects.bulk_create(logs)
    logs = list(CampaignLog.objects.order_by("date", "pk"))
    for log in rng.sample(logs, 12):
        log.partner_organisations.set(rng.sample(partners, 2))
    reports = []
    # 27 reports at city level or higher (14 city, 10 province, 3 national), plus county ones.
    levels = ["city"] * 14 + ["province"] * 10 + ["national"] * 3 + ["county"] * LOG_MEDIA_COUNTY
    reported = rng.sample([log for log in logs if log.activity_type != "notice_board"], len(levels))
    for log, level in zip(reported, levels, strict=True):
        reports.append(
            MediaReport(
                log=log,
                outlet=rng.choice(MEDIA_OUTLETS[level]),
                level=level,
                date=log.date,
                url=f"https://news.example.org/{LOG_YEAR}/{log.pk}",
            )
        )
    MediaReport.objects.bulk_create(reports)
    return len(logs)


#: Outreach logged in the previous and the current year across every county, so the
#: dashboard, the statistics and this year's summary have figures to show.
RECENT_LOGS_PER_YEAR = 150
RECENT_MEDIA_PER_YEAR = 24


def _recent_campaign_logs(rng) -> int:
    from partners.models import Area, PartnerMembership

    from .models import CampaignLog, MediaReport

    today = timezone.localdate()
    first = datetime.date(today.year - 1, 1, 1)
    if CampaignLog.objects.filter(date__gte=first).exists():
        return CampaignLog.objects.filter(date__gte=first).count()
    townships = list(Area.objects.filter(level="township").select_related("parent"))
    reporters = list(
        PartnerMembership.objects.filter(is_active=True).select_related("organisation", "user")
    )
    span = (today - first).days
    rows = RECENT_LOGS_PER_YEAR * 2 * span // (365 + today.timetuple().tm_yday)
    types = rng.choices(list(ACTIVITY_WEIGHTS), weights=list(ACTIVITY_WEIGHTS.values()), k=rows)
    logs = []
    for number in range(rows):
        township = townships[rng.randrange(len(townships))]
        partner = reporters[number % len(reporters)] if reporters and number % 5 == 0 else None
        logs.append(
            CampaignLog(
                date=first + datetime.timedelta(days=rng.randint(0, span - 1)),
                place=f"{township.name}{rng.choice(['文化广场', '集市', '村委会', '敬老院', '工地'])}",
                area=township,
                activity_type=types[number],
                organiser=(
                    partner.organisation.name if partner else f"{township.parent.name}法律援助中心"
                ),
                reporting_organisation=partner.organisation if partner else None,
                created_by=partner.user if partner else None,
                people_reached=rng.randint(30, 600),
                leaflets=rng.randint(50, 500),
                brochures=rng.randint(0, 60),
                posters=rng.randint(0, 6),
                other_materials=rng.randint(0, 20),
                consultations=rng.randint(0, 40),
            )
        )
    CampaignLog.objects.bulk_create(logs)
    saved = list(CampaignLog.objects.filter(date__gte=first).order_by("date", "pk"))
    levels = ["county", "county", "city", "city", "province", "national"]
    MediaReport.objects.bulk_create(
        MediaReport(
            log=log,
            outlet=rng.choice(MEDIA_OUTLETS[level]),
            level=level,
            date=log.date,
            url=f"https://news.example.org/{log.date.year}/{log.pk}",
        )
        for log, level in zip(
            rng.sample(saved, min(len(saved), RECENT_MEDIA_PER_YEAR * 2)),
            (levels[i % len(levels)] for i in range(RECENT_MEDIA_PER_YEAR * 2)),
            strict=False,
        )
    )
    return len(saved)


def _delete_demo_content():
    """Remove what the loader builds, leaving the home pages and anything staff added."""
    for home in HomePage.objects.all():
        for child in home.get_children():
            child.delete()
    Brochure.objects.all().delete()
    from .models import CampaignLog

    CampaignLog.objects.all().delete()
    from partners.models import ProviderRosterEntry, Referral, ServicePoint
    from volunteers.models import Certificate, ExtraHours, Opportunity, Volunteer

    # Volunteers first: their shifts and hours protect the service points.
    Certificate.objects.all().delete()
    ExtraHours.objects.all().delete()
    Opportunity.objects.all().delete()  # with their shifts and sign-ups
    Volunteer.objects.all().delete()  # with their history, credentials and files
    Referral.objects.all().delete()
    ProviderRosterEntry.objects.all().delete()
    # Children before parents: the parent link protects against orphaning.
    ServicePoint.objects.filter(kind="liaison_point").delete()
    ServicePoint.objects.exclude(kind__in=["county_centre", "city_centre"]).delete()
    ServicePoint.objects.filter(kind="county_centre").delete()
    ServicePoint.objects.all().delete()
    collection = Collection.objects.filter(name=DEMO_COLLECTION).first()
    if collection:
        get_document_model().objects.filter(collection=collection).delete()
        get_image_model().objects.filter(collection=collection).delete()


@transaction.atomic
def load_demo_data(*, reset: bool = False, seed: int = DEMO_SEED) -> dict[str, int]:
    """Build (or with `reset`, rebuild) the demo portal; returns counts by kind."""
    rng = random.Random(seed)
    random.seed(seed)
    factory.random.reseed_random(seed)
    if reset:
        _delete_demo_content()
    site = Site.objects.get(is_default_site=True)
    settings_row = PortalSettings.for_site(site)
    if reset or settings_row.site_title != SITE_SETTINGS["site_title"]:
        for field, value in SITE_SETTINGS.items():
            setattr(settings_row, field, value)
        settings_row.save()
    homes = _fill_home_pages(reset=reset)
    zh_home, en_home = (Page.objects.get(pk=p.pk).specific for p in homes)

    areas = _areas()
    partners = _partners(areas)
    groups = {g.code: g for g in PopulationGroup.objects.all()}
    collection = _collection()
    images = _images(collection)
    _standard_pages(zh_home, en_home)
    campaigns = _campaigns(zh_home, en_home, images, groups)
    articles = _articles(zh_home, en_home, images, campaigns)
    network = load_network(rng)
    workstations = {
        p.area.name: p
        for p in ServicePoint.objects.filter(
            kind="workstation", area__parent__name="平安县"
        ).select_related("area")
    }
    events = _events(zh_home, en_home, images, campaigns, partners, groups, rng, workstations)
    brochures = _brochures(zh_home, en_home, collection, images, groups)
    logs = _campaign_logs(areas, campaigns, partners, rng)
    referrals = load_referrals(rng, password=DEMO_PASSWORD)
    recent_logs = _recent_campaign_logs(rng)
    _volunteer_code_page(zh_home, en_home, site)
    volunteers = load_volunteers(rng, password=DEMO_PASSWORD)
    # Pages and the network were written directly, without publish or save signals:
    # retire cached fragments and pages.
    transaction.on_commit(bump_content_version)
    transaction.on_commit(bump_data_version)
    return {
        **network,
        "site settings": 1,
        "home pages": len(homes),
        "partner organisations": len(partners),
        "campaigns": len(campaigns),
        "articles": len(articles),
        "events": len(events),
        "brochures": len(brochures),
        "campaign logs": logs,
        "recent campaign logs": recent_logs,
        **referrals,
        **volunteers,
    }
