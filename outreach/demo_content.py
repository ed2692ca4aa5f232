"""Texts of the demo outreach site, modelled on the seed year-end summaries.

Kept apart from the loader (`outreach.demo`) so the code stays readable.
"""

import datetime

CITY = ("清河市", "230100000000")
COUNTIES = [
    ("东城区", "230102000000"),
    ("西城区", "230103000000"),
    ("江北区", "230104000000"),
    ("平安县", "230121000000"),
    ("六合县", "230122000000"),
    ("青山县", "230123000000"),
    ("白河县", "230124000000"),
    ("松岭县", "230125000000"),
    ("宁远市", "230181000000"),
    ("安丰市", "230182000000"),
]
# Townships of 平安县, the county whose year is logged in the demo campaign logs.
TOWNSHIPS = [
    "城关镇",
    "六镇",
    "大殷乡",
    "太平镇",
    "兴隆镇",
    "红旗乡",
    "和平镇",
    "永安乡",
    "新华镇",
    "长岭乡",
    "东风镇",
]

PARTNERS = [
    ("qh-womens-federation", "清河市妇女联合会", "市妇联", "womens_federation"),
    ("qh-disabled-federation", "清河市残疾人联合会", "市残联", "disabled_federation"),
    ("qh-trade-union", "清河市总工会", "市总工会", "trade_union"),
    ("qh-aging-committee", "清河市老龄工作委员会", "市老龄委", "aging_committee"),
    ("qh-intermediate-court", "清河市中级人民法院", "市中院", "court"),
    ("qh-procuratorate", "清河市人民检察院", "市检察院", "procuratorate"),
    ("qh-normal-college", "清河师范学院", "清河师院", "university"),
    ("qh-university-law", "清河大学法学院", "清河大学", "university"),
    ("pa-labour-bureau", "平安县人力资源和社会保障局", "县人社局", "labour"),
    ("qh-daily", "清河日报社", "清河日报", "media"),
]

# (slug, theme, title, start, end, summary, groups)
CAMPAIGNS = [
    (
        "consumer-day-2020",
        "consumer_day",
        "2020年“3·15”消费者权益日法律援助宣传",
        datetime.date(2020, 3, 9),
        datetime.date(2020, 3, 20),
        "围绕消费维权开展法律咨询和宣传，帮助群众识别消费陷阱、依法维权。",
        ["elderly", "low-income"],
    ),
    (
        "disabled-month-2020",
        "disabled_persons_month",
        "2020年残疾人维权月法律援助宣传",
        datetime.date(2020, 5, 1),
        datetime.date(2020, 5, 31),
        "与县残联协作，走进社区和残疾人之家，上门受理行动不便残疾人的援助申请。",
        ["disabled"],
    ),
    (
        "migrant-month-2020",
        "migrant_workers_month",
        "2020年农民工维权月法律援助宣传",
        datetime.date(2020, 11, 15),
        datetime.date(2021, 1, 31),
        "农民工维权月期间集中受理追索劳动报酬案件，开通农民工欠薪法律援助绿色通道。",
        ["migrant-workers"],
    ),
    (
        "folk-taiping-2021",
        "folk_festival",
        "2021年“正月十六走太平”民俗日法律援助宣传",
        datetime.date(2021, 2, 27),
        datetime.date(2021, 2, 27),
        "利用民俗日群众聚集的机会，工作站和联系点人员一起摆摊宣传法律援助民生工程。",
        ["elderly", "women"],
    ),
    (
        "folk-temple-fair-2021",
        "folk_festival",
        "2021年“二月二庙会”法律援助宣传",
        datetime.date(2021, 3, 14),
        datetime.date(2021, 3, 14),
        "庙会现场设立法律援助咨询台，发放宣传册，解答婚姻家庭、土地流转等问题。",
        ["elderly"],
    ),
    (
        "consumer-day-2021",
        "consumer_day",
        "2021年“3·15”消费者权益日法律援助宣传",
        datetime.date(2021, 3, 10),
        datetime.date(2021, 3, 19),
        "联合市场监管部门和律师事务所，开展消费维权法律援助专项宣传。",
        ["elderly", "low-income"],
    ),
    (
        "disabled-month-2021",
        "disabled_persons_month",
        "2021年残疾人维权月法律援助宣传",
        datetime.date(2021, 5, 1),
        datetime.date(2021, 5, 31),
        "残疾人维权月期间开展上门服务，为残疾人提供免予经济困难审查的法律援助。",
        ["disabled"],
    ),
    (
        "migrant-month-2026",
        "migrant_workers_month",
        "2026年农民工维权月法律援助宣传",
        None,
        None,  # set relative to the day the demo is loaded
        "集中解决农民工欠薪问题：欠薪求助可拨打12348，工作站当场受理援助申请。",
        ["migrant-workers"],
    ),
]

ARTICLE_TITLES = [
    (
        "news",
        "法律援助中心开展农民工维权月法律援助宣传活动",
        "migrant-month-2020",
        ["农民工", "欠薪"],
    ),
    (
        "news",
        "县法律援助中心上门为三十余户村民办理土地流转纠纷援助",
        None,
        ["土地流转", "上门服务"],
    ),
    ("policy", "农民工追索劳动报酬可免予经济困难审查", None, ["农民工", "政策解读"]),
    ("policy", "法律援助申请需要哪些材料？一文读懂", None, ["申请指南"]),
    ("news", "“3·15”消费者权益日：法律援助进商场", "consumer-day-2020", ["消费维权"]),
    (
        "case_story",
        "讨回十二名农民工被拖欠的工资",
        "migrant-month-2020",
        ["农民工", "欠薪", "案例"],
    ),
    ("news", "残疾人维权月：法律援助律师走进残疾人之家", "disabled-month-2020", ["残疾人"]),
    ("policy", "什么是点援制？受援人可以自己挑选律师", None, ["点援制", "政策解读"]),
    ("news", "全县村（居）联系点统一悬挂法律援助便民公示牌", None, ["便民公示牌"]),
    ("news", "七类法律援助宣传册完成律师二次审查后重新印发", None, ["宣传册"]),
    ("case_story", "八旬老人赡养纠纷调解成功", None, ["老年人", "赡养", "案例"]),
    ("news", "城乡困难群体法律援助新闻发布会召开", None, ["新闻发布会"]),
    ("news", "“正月十六走太平”民俗日开展法律援助宣传", "folk-taiping-2021", ["民俗日"]),
    ("news", "“二月二庙会”上的法律援助咨询台", "folk-temple-fair-2021", ["民俗日"]),
    ("policy", "工伤认定与法律援助：农民工需要知道的五件事", None, ["工伤", "农民工"]),
    ("case_story", "单亲妈妈追索抚养费获得法律援助", None, ["妇女", "抚养", "案例"]),
    ("news", "法律援助志愿者招募：高校师生踊跃报名", None, ["志愿者"]),
    ("news", "公检法司离退休人员充实乡镇法律援助工作站", None, ["志愿者", "工作站"]),
    ("policy", "刑事案件值班律师能为您做什么", None, ["值班律师", "刑事"]),
    ("news", "2021年“3·15”：消费维权法律援助专项宣传启动", "consumer-day-2021", ["消费维权"]),
    ("case_story", "建筑工地工伤事故：援助律师帮助工人获赔", None, ["工伤", "案例"]),
    (
        "news",
        "残疾人维权月：上门受理行动不便群众的援助申请",
        "disabled-month-2021",
        ["残疾人", "上门服务"],
    ),
    ("policy", "未成年人法律援助：监护人如何代为申请", None, ["未成年人", "政策解读"]),
    ("news", "法律援助工作站规范化建设推进会召开", None, ["工作站"]),
    ("news", "军人军属法律援助工作站挂牌成立", None, ["军人军属"]),
    ("case_story", "援调对接：一起劳动争议在调解中化解", None, ["援调对接", "案例"]),
    ("news", "法律援助中心与妇联、残联、总工会签订协作协议", None, ["协作"]),
    ("policy", "案件临近诉讼时效怎么办？可申请先行提供法律援助", None, ["先行提供", "政策解读"]),
    ("news", "2026年农民工维权月法律援助宣传启动", "migrant-month-2026", ["农民工", "欠薪"]),
    ("news", "法律援助进校园：开展未成年人保护法宣传", None, ["未成年人", "普法"]),
]

ARTICLE_BODY = (
    "<p>为切实保障困难群众合法权益，法律援助中心联合乡镇（街道）法律援助工作站和"
    "村（社区）联系点，深入基层开展法律援助宣传和咨询服务。</p>"
    "<p>活动现场，工作人员和志愿者向群众发放宣传资料，解答欠薪、工伤、婚姻家庭、"
    "赡养抚养、土地承包和流转等方面的法律问题，并现场受理符合条件的法律援助申请。</p>"
)

ENGLISH_ARTICLES = {
    "法律援助中心开展农民工维权月法律援助宣传活动": (
        "Legal aid centre holds migrant workers' rights month outreach",
        "Staff and volunteers helped migrant workers claim unpaid wages during the "
        "migrant workers' rights month.",
    ),
    "农民工追索劳动报酬可免予经济困难审查": (
        "Migrant workers claiming wages are exempt from the financial check",
        "A migrant worker who claims unpaid wages or work-injury compensation does not "
        "have to prove financial hardship.",
    ),
    "法律援助申请需要哪些材料？一文读懂": (
        "What you need to apply for legal aid",
        "Your ID, proof of your financial situation (unless you are exempt) and the papers "
        "of your case.",
    ),
    "刑事案件值班律师能为您做什么": (
        "What a duty lawyer can do for you in a criminal case",
        "Duty lawyers at the court, procuratorate and detention centre give free legal "
        "advice to suspects and defendants.",
    ),
    "什么是点援制？受援人可以自己挑选律师": (
        "Choose your own legal aid lawyer",
        "Under the roster system you pick a lawyer or legal service worker you trust from "
        "the centre's public list.",
    ),
}

# (title, venue, township index, hours) templates for events
EVENT_TEMPLATES = [
    ("法律援助进社区咨询日", "{town}文化广场", "stall"),
    ("农民工欠薪法律援助现场咨询", "{town}建筑工地劳务市场", "stall"),
    ("老年人权益保障法律讲座", "{town}老年活动中心", "lecture"),
    ("残疾人法律援助上门服务", "{town}残疾人之家", "visit"),
    ("妇女儿童权益保护宣传", "{town}妇女之家", "lecture"),
    ("法律援助进校园", "{town}中心小学", "lecture"),
    ("民俗日法律援助宣传摊位", "{town}庙会会场", "stall"),
    ("法律援助便民公示牌巡查", "{town}各村联系点", "visit"),
]

STANDARD_PAGES = [
    (
        "how-to-apply",
        "如何申请法律援助",
        "How to apply for legal aid",
        "三步申请法律援助：咨询、提交申请、等待审查。符合条件的，中心在七日内作出决定。",
        "Three steps: ask, apply, and hear back within seven days.",
    ),
    (
        "eligibility",
        "申请条件",
        "Who can get legal aid",
        "经济困难、没有委托代理人的公民，以及法律规定免予经济困难审查的人员。",
        "People who cannot afford a lawyer, and people the law exempts from the financial check.",
    ),
    (
        "about",
        "关于我们",
        "About us",
        "清河市法律援助中心及其县（市）区中心、乡镇工作站和村（社区）联系点。",
        "The city legal aid centre, its county centres, township workstations and village points.",
    ),
    (
        "privacy",
        "隐私政策",
        "Privacy notice",
        "我们如何收集、使用和保护您的个人信息（依照《个人信息保护法》）。",
        "How we collect, use and protect your personal information under the PIPL.",
    ),
]

BROCHURES = [
    (
        "how_to_apply",
        "法律援助申请指南",
        "一张图看懂申请法律援助的条件、材料和流程。",
        ["low-income"],
    ),
    (
        "migrant_workers",
        "农民工讨薪维权手册",
        "欠薪了怎么办？证据怎么留？到哪里申请法律援助？",
        ["migrant-workers"],
    ),
    (
        "disabled",
        "残疾人权益保障法律援助手册",
        "残疾人申请法律援助免予经济困难审查，可预约上门服务。",
        ["disabled"],
    ),
    (
        "elderly",
        "老年人权益保障法律援助手册",
        "赡养、继承、防范养老诈骗，老年人维权看这里。",
        ["elderly"],
    ),
    (
        "women_children",
        "妇女儿童权益保障手册",
        "家庭暴力、抚养费、离婚财产分割的法律援助。",
        ["women", "minors"],
    ),
    (
        "minors",
        "未成年人保护法律援助手册",
        "未成年人由监护人代为申请，学校和社区可协助转介。",
        ["minors"],
    ),
    (
        "criminal",
        "刑事法律援助与值班律师",
        "犯罪嫌疑人、被告人可获得值班律师的免费法律帮助。",
        ["detainees"],
    ),
]
