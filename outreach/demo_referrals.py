"""Demo partner accounts and about 900 referrals with a realistic mix.

Wage arrears dominate, as in the source summary (373 of 701 civil cases); older
referrals have mostly reached an outcome, recent ones are still open and a few
are overdue. Rows are written with `bulk_create` together with a history that
follows the state machine's moves, so the demo shows the same trail a real
referral leaves. The partner accounts share the demo staff password.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from partners.choices import (
    AgeBand,
    ContactTime,
    DeclineReason,
    ExemptionReason,
    Gender,
    IssueCategory,
    MembershipRole,
    ReferralStatus,
)
from partners.factories import make_id_number, make_mobile
from partners.models import (
    PartnerMembership,
    PartnerOrganisation,
    PopulationGroup,
    ProviderRosterEntry,
    Referral,
    ReferralTransition,
    ServicePoint,
)

S = ReferralStatus
DEMO_REFERRALS = 900

#: (organisation code, login prefix, group its people usually belong to).
PARTNER_ACCOUNTS = [
    ("qh-womens-federation", "fulian", "women"),
    ("qh-disabled-federation", "canlian", "disabled"),
    ("qh-trade-union", "zonggonghui", "migrant-workers"),
    ("qh-aging-committee", "laoling", "elderly"),
    ("qh-veterans", "tuiyijunren", "military-families"),
]

# Shares out of 100, wage arrears first (373 of 701 civil cases ≈ 53%).
ISSUE_WEIGHTS = {
    IssueCategory.WAGE_ARREARS: 53,
    IssueCategory.WORK_INJURY: 9,
    IssueCategory.FAMILY: 10,
    IssueCategory.MAINTENANCE: 7,
    IssueCategory.LAND: 5,
    IssueCategory.CONSUMER: 3,
    IssueCategory.PERSONAL_INJURY: 6,
    IssueCategory.CRIMINAL_DEFENCE: 4,
    IssueCategory.OTHER: 3,
}
# The path each final status took through the state machine.
PATHS = {
    S.SUBMITTED: [S.SUBMITTED],
    S.UNDER_REVIEW: [S.SUBMITTED, S.UNDER_REVIEW],
    S.NEEDS_INFO: [S.SUBMITTED, S.UNDER_REVIEW, S.NEEDS_INFO],
    S.ACCEPTED: [S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED],
    S.ASSIGNED: [S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.ASSIGNED],
    S.CLOSED: [S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.ASSIGNED, S.CLOSED],
    S.DECLINED: [S.SUBMITTED, S.UNDER_REVIEW, S.DECLINED],
    S.TRANSFERRED: [S.SUBMITTED, S.UNDER_REVIEW, S.TRANSFERRED],
    S.WITHDRAWN: [S.SUBMITTED, S.WITHDRAWN],
    S.UNREACHABLE: [S.SUBMITTED, S.UNDER_REVIEW, S.UNREACHABLE],
}
PARTNER_NOTES = {
    S.NEEDS_INFO: "请补充劳动合同或工资条等用工证明材料。",
    S.DECLINED: "经审查不符合法律援助经济困难标准，建议通过人民调解解决。",
    S.TRANSFERRED: "当事人户籍及案件管辖地不在本县，已转交有管辖权的法律援助中心。",
    S.ACCEPTED: "已受理，将尽快指派律师。",
    S.ASSIGNED: "已指派承办律师，律师将与当事人联系。",
    S.CLOSED: "案件已办结。",
}
DESCRIPTIONS = {
    IssueCategory.WAGE_ARREARS: "在建筑工地务工，被拖欠工资{n}个月，约{m}元，多次讨要未果。",
    IssueCategory.WORK_INJURY: "在工厂作业时受伤，用人单位未缴纳工伤保险，拒绝赔偿。",
    IssueCategory.FAMILY: "离婚纠纷，涉及子女抚养和共同财产分割。",
    IssueCategory.MAINTENANCE: "子女{n}人均不履行赡养义务，老人无固定收入。",
    IssueCategory.LAND: "土地承包经营权流转合同到期后对方拒不返还土地。",
    IssueCategory.CONSUMER: "购买的农资产品存在质量问题，造成减产，商家拒绝赔偿。",
    IssueCategory.PERSONAL_INJURY: "交通事故受伤，肇事方未赔偿医疗费。",
    IssueCategory.CRIMINAL_DEFENCE: "家属被刑事拘留，经济困难无力委托辩护人。",
    IssueCategory.OTHER: "邻里纠纷，需要法律咨询和帮助。",
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "秀兰",
    "建国",
    "桂英",
    "志强",
    "玉珍",
    "海燕",
    "国庆",
    "淑芬",
    "德明",
    "红梅",
    "春生",
    "凤英",
    "明华",
    "丽娟",
    "永福",
]


def ensure_demo_partner_accounts(*, password: str) -> list[tuple[str, str, str]]:
    """Create or reset one coordinator and one reporter per demo partner organisation.

    Returns (email, organisation name, role label) rows for printing.
    """
    user_model = get_user_model()
    rows = []
    organisations = PartnerOrganisation.objects.in_bulk(
        [code for code, _prefix, _group in PARTNER_ACCOUNTS], field_name="code"
    )
    for code, prefix, _group in PARTNER_ACCOUNTS:
        organisation = organisations.get(code)
        if organisation is None:
            continue
        for role, suffix in ((MembershipRole.COORDINATOR, ""), (MembershipRole.REPORTER, "2")):
            email = f"{prefix}{suffix}@example.org"
            user, _created = user_model.objects.get_or_create(
                username=f"{prefix}{suffix}", defaults={"email": email}
            )
            user.email = email
            user.is_active = True
            user.set_password(password)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            PartnerMembership.objects.update_or_create(
                user=user,
                defaults={"organisation": organisation, "role": role, "is_active": True},
            )
            rows.append((email, organisation.name, str(role.label)))
    return rows


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _final_status(rng, age_days: int):
    """Older referrals have an outcome; the last fortnight's are mostly still open."""
    if age_days <= 14:
        return _weighted(
            rng,
            {S.SUBMITTED: 30, S.UNDER_REVIEW: 35, S.NEEDS_INFO: 15, S.ACCEPTED: 15, S.WITHDRAWN: 5},
        )
    if age_days <= 60:
        return _weighted(
            rng,
            {
                S.UNDER_REVIEW: 4,
                S.NEEDS_INFO: 4,
                S.ACCEPTED: 12,
                S.ASSIGNED: 40,
                S.CLOSED: 15,
                S.DECLINED: 10,
                S.TRANSFERRED: 5,
                S.WITHDRAWN: 5,
                S.UNREACHABLE: 5,
            },
        )
    return _weighted(
        rng,
        {
            S.ASSIGNED: 15,
            S.CLOSED: 60,
            S.DECLINED: 10,
            S.TRANSFERRED: 5,
            S.WITHDRAWN: 5,
            S.UNREACHABLE: 5,
        },
    )


def load_referrals(rng, *, password: str, count: int = DEMO_REFERRALS) -> dict[str, int]:
    """Partner accounts and `count` referrals with their histories."""
    accounts = ensure_demo_partner_accounts(password=password)
    memberships = {
        m.organisation.code: m
        for m in PartnerMembership.objects.filter(role=MembershipRole.REPORTER).select_related(
            "organisation", "user"
        )
    }
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    centres = list(ServicePoint.objects.filter(kind="county_centre").order_by("code"))
    providers = list(ProviderRosterEntry.objects.filter(is_active=True).order_by("code"))
    groups = {g.code: g for g in PopulationGroup.objects.all()}
    partner_codes = [code for code, _p, _g in PARTNER_ACCOUNTS if code in memberships]
    if not (centres and partner_codes):
        return {"partner accounts": len(accounts), "referrals": 0}
    default_group = {code: group for code, _p, group in PARTNER_ACCOUNTS}
    review = datetime.timedelta(days=settings.REFERRAL_REVIEW_DAYS)
    now = timezone.now().replace(microsecond=0)

    referrals, paths, group_links = [], [], []
    for n in range(count):
        code = partner_codes[n % len(partner_codes)]
        membership = memberships[code]
        issue = _weighted(rng, ISSUE_WEIGHTS)
        age_days = int(rng.triangular(0, 365, 20))
        submitted = now - datetime.timedelta(days=age_days, minutes=rng.randint(0, 600))
        status = _final_status(rng, age_days)
        age_band = _weighted(
            rng,
            {
                AgeBand.UNDER_14: 3,
                AgeBand.FROM_14_TO_17: 4,
                AgeBand.FROM_18_TO_59: 65,
                AgeBand.FROM_60_TO_79: 22,
                AgeBand.FROM_80: 6,
            },
        )
        if code == "qh-aging-committee":
            age_band = rng.choice([AgeBand.FROM_60_TO_79, AgeBand.FROM_80])
        codes = {default_group[code]}
        if issue in (IssueCategory.WAGE_ARREARS, IssueCategory.WORK_INJURY):
            codes.add("migrant-workers")
        if age_band in (AgeBand.UNDER_14, AgeBand.FROM_14_TO_17):
            codes.add("minors")
        if age_band in (AgeBand.FROM_60_TO_79, AgeBand.FROM_80):
            codes.add("elderly")
        if rng.random() < 0.2:
            codes.add("low-income")
        collective = issue == IssueCategory.WAGE_ARREARS and rng.random() < 0.12
        exempt = bool(codes & {"migrant-workers", "military-families"}) or rng.random() < 0.2
        # Every 40th person was referred again within weeks: the duplicate warning shows it.
        mobile = make_mobile(n - 1 if n % 40 == 39 else n)
        path = PATHS[status]
        steps = [submitted]
        for _step in path[1:]:
            steps.append(steps[-1] + datetime.timedelta(hours=rng.randint(4, 72)))
        changed = min(steps[-1], now)
        referral = Referral(
            organisation=membership.organisation,
            submitted_by=membership.user,
            centre=rng.choice(centres),
            applicant_name=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
            gender=Gender.FEMALE
            if code == "qh-womens-federation"
            else rng.choice(Gender.values[:2]),
            age_band=age_band,
            issue_category=issue,
            description=DESCRIPTIONS[issue].format(
                n=rng.randint(2, 8), m=rng.randint(3, 60) * 1000
            ),
            is_urgent=rng.random() < 0.08,
            financial_check_exempt=exempt,
            exemption_reason=(
                ExemptionReason.WAGE_OR_INJURY
                if exempt and "migrant-workers" in codes
                else (ExemptionReason.MILITARY if exempt and "military-families" in codes else "")
            )
            or (ExemptionReason.MINIMUM_LIVING if exempt else ""),
            is_collective=collective,
            people_count=rng.randint(3, 36) if collective else 1,
            preferred_contact_time=rng.choice(ContactTime.values),
            consent_given_at=submitted,
            status=status,
            submitted_at=submitted,
            status_changed_at=changed,
            review_due_at=submitted + review,
            review_paused_at=changed if status == S.NEEDS_INFO else None,
            decided_at=next(
                (
                    at
                    for s, at in zip(path, steps, strict=True)
                    if s in (S.ACCEPTED, S.DECLINED, S.TRANSFERRED)
                ),
                None,
            ),
            decline_reason=rng.choice(DeclineReason.values) if status == S.DECLINED else "",
            transferred_to_name="清河市法律援助中心" if status == S.TRANSFERRED else "",
            assigned_provider=rng.choice(providers) if S.ASSIGNED in path and providers else None,
        )
        if age_band == AgeBand.UNDER_14:
            referral.guardian_name = f"{referral.applicant_name[0]}{rng.choice(GIVEN)}"
            referral.guardian_relationship = rng.choice(["母亲", "父亲", "祖母"])
            referral.guardian_mobile = make_mobile(n + 500_000)
            referral.guardian_consent_given_at = submitted
        referral.set_mobile(mobile)
        if n % 2 == 0:
            referral.set_id_number(make_id_number(n, birth=f"{1950 + n % 60}0{1 + n % 9}15"))
        referrals.append(referral)
        paths.append(list(zip(path, steps, strict=True)))
        group_links.append([groups[c] for c in sorted(codes) if c in groups])

    Referral.objects.bulk_create(referrals, batch_size=500)
    through = Referral.groups.through
    through.objects.bulk_create(
        [
            through(referral_id=referral.pk, populationgroup_id=group.pk)
            for referral, linked in zip(referrals, group_links, strict=True)
            for group in linked
        ],
        batch_size=2000,
    )
    history = []
    for referral, steps in zip(referrals, paths, strict=True):
        previous = ""
        for to_status, at in steps:
            by_partner = to_status in (S.SUBMITTED, S.WITHDRAWN)
            history.append(
                ReferralTransition(
                    referral_id=referral.pk,
                    actor=referral.submitted_by if by_partner else staff,
                    at=at,
                    from_status=previous,
                    to_status=to_status,
                    note_for_partner=PARTNER_NOTES.get(to_status, ""),
                    internal_note="电话核实当事人情况。" if to_status == S.UNDER_REVIEW else "",
                )
            )
            previous = to_status
    ReferralTransition.objects.bulk_create(history, batch_size=2000)
    return {"partner accounts": len(accounts), "referrals": len(referrals)}
