"""Demo volunteer programme: about 300 volunteers, their vetting, shifts and hours.

Sources follow the seed summary: teachers and students of 牡丹江师范学院,
牡丹江大学 and 博大律师学院, retired staff of the police, procuratorate, court
and justice bureau (公、检、法、司离退休人员), and legal professionals who do not
work in the justice organs. Most are approved; the others sit in every vetting
state with the history that got them there. Opportunities at township
workstations and county centres carry shifts over the past and the next two
months: past shifts are marked (mostly attended, a few no-shows), upcoming ones
are filling up, some full with a waitlist or a place on offer.

The first twenty volunteers have accounts (zhiyuanzhe1@example.org …) with the
demo password; the rest are roster-only. Rows are written with `bulk_create`
and every choice comes from the loader's seeded `rng`, so a load is fast and
repeatable.
"""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from wagtail.models import Site

from partners.models import Area, ServicePoint
from volunteers.choices import (
    Attendance,
    Availability,
    CredentialKind,
    OpportunityKind,
    ReviewStatus,
    SignupStatus,
    VolunteerSource,
    VolunteerStatus,
)
from volunteers.models import (
    Certificate,
    Credential,
    ExtraHours,
    Opportunity,
    Shift,
    ShiftSignup,
    Volunteer,
    VolunteerSettings,
    VolunteerStatusChange,
)

V = VolunteerStatus
Src = VolunteerSource
DEMO_VOLUNTEERS = 300
DEMO_ACCOUNTS = 20
ACCOUNT_PREFIX = "zhiyuanzhe"

#: The three institutions the seed summary recruited from, with colleges and supervisors.
UNIVERSITIES = {
    "牡丹江师范学院": {
        "colleges": ["政法学院", "历史与文化学院", "经济与管理学院"],
        "teachers": ["王立新", "孙淑华", "马文博"],
    },
    "牡丹江大学": {
        "colleges": ["人文学院", "法律系", "经济管理学院"],
        "teachers": ["李振国", "赵雅琴", "周明"],
    },
    "博大律师学院": {
        "colleges": ["法律实务系", "律师学系"],
        "teachers": ["陈国华", "刘佳"],
    },
}
FORMER_EMPLOYERS = {
    Src.RETIRED_POLICE: ["清河市公安局", "平安县公安局", "六合县公安局", "东城区公安分局"],
    Src.RETIRED_PROCURATORATE: ["清河市人民检察院", "平安县人民检察院", "青山县人民检察院"],
    Src.RETIRED_COURT: ["清河市中级人民法院", "平安县人民法院", "白河县人民法院"],
    Src.RETIRED_JUSTICE: ["清河市司法局", "平安县司法局", "松岭县司法局", "宁远市司法局"],
    Src.LAWYER: [
        "清河正义律师事务所",
        "清河明德律师事务所",
        "平安县法治律师事务所",
        "宁远市惠民律师事务所",
    ],
    Src.LEGAL_SERVICE_WORKER: ["六镇法律服务所", "城关镇法律服务所", "青山县法律服务所"],
    Src.LEGAL_PROFESSIONAL: ["清河市仲裁委员会办公室", "清河热电有限公司法务部", "清河日报社"],
}
#: How many of the 300 come from each source.
SOURCE_COUNTS = {
    Src.STUDENT: 165,
    Src.TEACHER: 24,
    Src.RETIRED_POLICE: 18,
    Src.RETIRED_PROCURATORATE: 15,
    Src.RETIRED_COURT: 18,
    Src.RETIRED_JUSTICE: 18,
    Src.LAWYER: 24,
    Src.LEGAL_SERVICE_WORKER: 9,
    Src.LEGAL_PROFESSIONAL: 9,
}
#: The account holders: a student first (the printed demo journey), then a mix.
ACCOUNT_PLAN = [
    (Src.STUDENT, V.APPROVED),
    (Src.LAWYER, V.APPROVED),
    (Src.RETIRED_COURT, V.APPROVED),
    (Src.TEACHER, V.APPROVED),
    (Src.STUDENT, V.APPROVED),
    (Src.RETIRED_POLICE, V.APPROVED),
    (Src.STUDENT, V.APPROVED),
    (Src.RETIRED_JUSTICE, V.APPROVED),
    (Src.LEGAL_SERVICE_WORKER, V.APPROVED),
    (Src.STUDENT, V.APPROVED),
    (Src.RETIRED_PROCURATORATE, V.APPROVED),
    (Src.STUDENT, V.APPROVED),
    (Src.LAWYER, V.APPROVED),
    (Src.STUDENT, V.APPROVED),
    (Src.STUDENT, V.APPLIED),
    (Src.RETIRED_POLICE, V.IN_REVIEW),
    (Src.STUDENT, V.REJECTED),
    (Src.LAWYER, V.SUSPENDED),
    (Src.STUDENT, V.WITHDRAWN),
    (Src.TEACHER, V.IN_REVIEW),
]
STATUS_WEIGHTS = {
    V.APPROVED: 75,
    V.APPLIED: 6,
    V.IN_REVIEW: 6,
    V.REJECTED: 5,
    V.SUSPENDED: 4,
    V.WITHDRAWN: 4,
}
#: The vetting moves each final status took.
PATHS = {
    V.APPLIED: [V.APPLIED],
    V.IN_REVIEW: [V.APPLIED, V.IN_REVIEW],
    V.APPROVED: [V.APPLIED, V.IN_REVIEW, V.APPROVED],
    V.REJECTED: [V.APPLIED, V.IN_REVIEW, V.REJECTED],
    V.SUSPENDED: [V.APPLIED, V.IN_REVIEW, V.APPROVED, V.SUSPENDED],
    V.WITHDRAWN: [V.APPLIED, V.IN_REVIEW, V.APPROVED, V.WITHDRAWN],
}
REASONS = {
    V.REJECTED: [
        "未能提供学生证或在读证明，请补齐材料后重新申请。",
        "紧急联系人信息不完整，且电话核实未能联系上本人。",
        "申请时间段与工作站值班安排无法匹配，建议明年招募时再申请。",
    ],
    V.SUSPENDED: [
        "连续两次报名值班后未到岗，暂停志愿服务，面谈后可恢复。",
        "执业证书年度考核未通过，待证书恢复后再安排值班。",
    ],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN_STUDENT = [
    "子涵",
    "欣怡",
    "浩然",
    "梓萱",
    "宇轩",
    "诗琪",
    "俊杰",
    "雨桐",
    "博文",
    "思远",
    "佳怡",
    "一鸣",
    "嘉怡",
    "天宇",
    "晓雯",
    "明轩",
]
GIVEN_SENIOR = [
    "建国",
    "秀兰",
    "志刚",
    "桂芳",
    "德明",
    "淑珍",
    "振华",
    "玉兰",
    "国庆",
    "丽华",
    "长青",
    "凤霞",
    "永胜",
    "秀梅",
    "保国",
]
SKILLS = {
    Src.STUDENT: ["consultation", "outreach"],
    Src.TEACHER: ["consultation", "non_litigation", "outreach"],
    Src.LAWYER: ["consultation", "representation", "non_litigation"],
    Src.LEGAL_SERVICE_WORKER: ["consultation", "non_litigation", "mediation"],
    Src.LEGAL_PROFESSIONAL: ["consultation", "non_litigation"],
}
RETIRED_SKILLS = ["consultation", "mediation", "outreach"]

#: (kind, title, description, places, hours long, students per supervisor, skills).
OPPORTUNITIES = {
    OpportunityKind.DUTY: (
        "{place}志愿值班咨询",
        "每周在工作站值班半天，接待群众法律咨询，协助填写法律援助申请表、整理材料。",
    ),
    OpportunityKind.OUTREACH: (
        "{place}“{theme}”普法宣传",
        "在集市、广场和村委会摆摊宣传，发放宣传册，现场解答法律问题。",
    ),
    OpportunityKind.MEDIATION: (
        "{place}矛盾纠纷调解协助",
        "协助调解员调解赡养、邻里、劳动报酬等纠纷，做好调解记录。",
    ),
    OpportunityKind.TRAINING: (
        "{place}志愿者岗前培训",
        "法律援助条例、咨询接待规范和志愿者守则培训，新志愿者须参加。",
    ),
}
OUTREACH_THEMES = ["农民工维权月", "法律援助进集市", "老年人权益保护", "残疾人维权月", "反家暴"]
EXTRA_WORK = [
    "电话解答农民工欠薪咨询并协助整理证据材料。",
    "为行动不便的老人代写法律援助申请书。",
    "整理工作站咨询登记台账。",
    "协助律师核对工伤赔偿计算。",
    "在村委会更新便民公示牌信息。",
]


def _hours(start, end) -> Decimal:
    return (Decimal((end - start).total_seconds()) / Decimal(3600)).quantize(Decimal("0.1"))


def ensure_demo_volunteer_accounts(password: str) -> list[tuple[str, str]]:
    """Create or reset the demo volunteers' accounts (zhiyuanzhe1@example.org …).

    Returns (email, label) rows for printing; the label names the volunteer
    record linked to the account once the demo data is loaded.
    """
    user_model = get_user_model()
    hashed = make_password(password)  # hashed once: twenty slow hashes would take seconds
    rows = []
    for number in range(1, DEMO_ACCOUNTS + 1):
        username = f"{ACCOUNT_PREFIX}{number}"
        email = f"{username}@example.org"
        user, _created = user_model.objects.get_or_create(
            username=username, defaults={"email": email}
        )
        user.email = email
        user.is_active = True
        user.password = hashed
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        volunteer = Volunteer.objects.filter(user=user).first()
        if volunteer is None:
            label = str(Volunteer._meta.verbose_name)
        else:
            label = (
                f"{volunteer.real_name} · {volunteer.get_source_display()} · "
                f"{volunteer.get_status_display()}"
            )
        rows.append((email, label))
    return rows


def _volunteer_rows(rng, users, code_page, now):
    """Unsaved volunteers (account holders first) and the vetting path of each."""
    plan = list(ACCOUNT_PLAN)
    remaining = dict(SOURCE_COUNTS)
    for source, _status in plan:
        remaining[source] -= 1
    rest = [source for source, count in remaining.items() for _ in range(count)]
    rng.shuffle(rest)
    statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=len(rest))
    plan += list(zip(rest, statuses, strict=True))

    revision_id = code_page.latest_revision_id if code_page else None
    # Students in their first to fourth year; the academic year starts in September.
    freshers = now.year if now.month >= 9 else now.year - 1
    volunteers, paths = [], []
    for n, (source, status) in enumerate(plan):
        student = source == Src.STUDENT
        surname = rng.choice(SURNAMES)
        given = rng.choice(GIVEN_STUDENT if student or source == Src.TEACHER else GIVEN_SENIOR)
        university = rng.choice(list(UNIVERSITIES))
        info = UNIVERSITIES[university]
        college = rng.choice(info["colleges"])
        if status in (V.APPLIED, V.IN_REVIEW):
            applied = now - datetime.timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 9))
        else:
            applied = now - datetime.timedelta(days=rng.randint(70, 500), hours=rng.randint(0, 9))
        if source in (Src.STUDENT, Src.TEACHER):
            institution = university
        else:
            institution = rng.choice(FORMER_EMPLOYERS[source])
        qualified = source in (Src.LAWYER, Src.LEGAL_SERVICE_WORKER) or (
            source in (Src.TEACHER, Src.RETIRED_COURT, Src.RETIRED_PROCURATORATE)
            and rng.random() < 0.6
        )
        skills = list(SKILLS.get(source, RETIRED_SKILLS))
        if rng.random() < 0.1:
            skills.append("translation")
        if n == 40:
            skills.append("sign_language")
        volunteers.append(
            Volunteer(
                user=users[n] if n < len(users) else None,
                real_name=f"{surname}{given}",
                mobile="" if n % 11 == 10 else f"1580453{n:04d}",
                source=source,
                institution=institution,
                college=college if source in (Src.STUDENT, Src.TEACHER) else "",
                grade=f"{freshers - rng.randint(0, 3)}级" if student else "",
                supervisor_name=f"{rng.choice(info['teachers'])}老师" if student else "",
                has_legal_qualification=qualified,
                qualification_number=f"A{rng.randint(2005, 2022)}{n:07d}" if qualified else "",
                skills=skills,
                languages="普通话、东北方言" if rng.random() < 0.3 else "普通话",
                availability=sorted(rng.sample(Availability.values, rng.randint(2, 5))),
                emergency_contact_name=f"{surname}{rng.choice(GIVEN_SENIOR)}",
                emergency_contact_phone=f"1390453{n:04d}",
                code_page_id=code_page.pk if code_page else None,
                code_revision_id=revision_id,
                code_accepted_at=applied,
                scan_consent_at=applied if rng.random() < 0.7 else None,
                status=status,
                status_reason=rng.choice(REASONS[status]) if status in REASONS else "",
                applied_at=applied,
                status_changed_at=applied,
            )
        )
        paths.append(PATHS[status])
    return volunteers, paths


def _history(volunteers, paths, staff, rng):
    rows = []
    for volunteer, path in zip(volunteers, paths, strict=True):
        at, previous = volunteer.applied_at, ""
        for step in path:
            if step != V.APPLIED:
                at += datetime.timedelta(days=rng.randint(1, 10), hours=rng.randint(1, 6))
            rows.append(
                VolunteerStatusChange(
                    volunteer_id=volunteer.pk,
                    actor=volunteer.user if step == V.APPLIED else staff,
                    at=at,
                    from_status=previous,
                    to_status=step,
                    note=volunteer.status_reason if step in REASONS else "",
                )
            )
            previous = step
        volunteer.status_changed_at = at
    VolunteerStatusChange.objects.bulk_create(rows, batch_size=1000)
    Volunteer.objects.bulk_update(volunteers, ["status_changed_at"], batch_size=500)
    return len(rows)


def _credentials(volunteers, staff, rng, today):
    """Student cards until graduation, licences renewed yearly; some about to expire."""
    rows = []
    for n, volunteer in enumerate(volunteers):
        vetted = volunteer.status in (V.APPROVED, V.SUSPENDED, V.WITHDRAWN)
        source = volunteer.source

        def add(kind, expires_on, number="", volunteer=volunteer, vetted=vetted):
            rows.append(
                Credential(
                    volunteer_id=volunteer.pk,
                    kind=kind,
                    number=number,
                    issued_on=volunteer.applied_at.date() - datetime.timedelta(days=400),
                    expires_on=expires_on,
                    verified=vetted,
                    verified_by=staff if vetted else None,
                )
            )

        # Every 12th licence or card expires within the month, every 17th lapsed last month.
        if n % 12 == 1:
            soon = today + datetime.timedelta(days=rng.randint(3, 28))
        elif n % 17 == 5:
            soon = today - datetime.timedelta(days=rng.randint(5, 40))
        else:
            soon = None
        if source == Src.STUDENT:
            year = int(volunteer.grade[:4]) + 4
            add(
                CredentialKind.STUDENT_CARD,
                soon or datetime.date(year, 7, 1),
                f"{volunteer.grade[:4]}{n:06d}",
            )
        if volunteer.has_legal_qualification:
            add(CredentialKind.LEGAL_QUALIFICATION, None, volunteer.qualification_number)
        if source == Src.LAWYER:
            add(
                CredentialKind.LAWYER_LICENCE,
                soon or today + datetime.timedelta(days=rng.randint(60, 330)),
                f"1231{n:013d}",
            )
        if source == Src.LEGAL_SERVICE_WORKER:
            add(
                CredentialKind.LEGAL_SERVICE_LICENCE,
                soon or today + datetime.timedelta(days=rng.randint(60, 330)),
                f"FW{n:08d}",
            )
        if "mediation" in volunteer.skills and source != Src.LEGAL_SERVICE_WORKER:
            add(
                CredentialKind.MEDIATOR,
                soon or today + datetime.timedelta(days=rng.randint(90, 700)),
                f"TJ{n:06d}",
            )
        if "sign_language" in volunteer.skills:
            add(CredentialKind.SIGN_LANGUAGE, None, f"SL{n:06d}")
    Credential.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _opportunities(rng, today):
    """24 opportunities and their shifts over the past and the next two months."""
    workstations = list(
        ServicePoint.objects.filter(kind="workstation").select_related("area").order_by("code")
    )
    centres = list(ServicePoint.objects.filter(kind="county_centre").order_by("code"))
    if not workstations or not centres:
        return [], []
    chosen = rng.sample(workstations, 17)
    plan = [(OpportunityKind.DUTY, p) for p in chosen[:12]]
    plan += [(OpportunityKind.OUTREACH, p) for p in chosen[12:]]
    plan += [(OpportunityKind.MEDIATION, p) for p in centres[:4]]
    plan += [(OpportunityKind.TRAINING, p) for p in centres[4:7]]
    opportunities = []
    for number, (kind, point) in enumerate(plan):
        title, description = OPPORTUNITIES[kind]
        place = point.area.name if kind in (OpportunityKind.DUTY, OpportunityKind.OUTREACH) else ""
        opportunities.append(
            Opportunity(
                title=title.format(
                    place=place or point.name.removesuffix("法律援助中心"),
                    theme=OUTREACH_THEMES[number % len(OUTREACH_THEMES)],
                ),
                kind=kind,
                description=description,
                point=point,
                is_published=number not in (11, 23),  # two drafts staff are still preparing
            )
        )
    Opportunity.objects.bulk_create(opportunities)

    first = today - datetime.timedelta(days=60)
    shifts = []
    for number, opportunity in enumerate(opportunities):
        kind = opportunity.kind
        if kind == OpportunityKind.DUTY:
            # The workstations' volunteer duty: Tuesday or Thursday morning, every week.
            weekday, step, hour, length, places = 1 + 2 * (number % 2), 7, 9, 3, 3
            ratio, skills = 2, []
        elif kind == OpportunityKind.OUTREACH:
            weekday, step, hour, length, places = 5, 14, 9, 3, rng.randint(6, 10)
            ratio, skills = None, []
        elif kind == OpportunityKind.MEDIATION:
            weekday, step, hour, length, places = 2, 14, 14, 3, 2
            ratio, skills = None, ["mediation"]
        else:
            weekday, step, hour, length, places = 5, 28, 9, 4, 30
            ratio, skills = None, []
        day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + number % 2 * 7)
        while day <= today + datetime.timedelta(days=60):
            start = _local(day, hour)
            shifts.append(
                Shift(
                    opportunity_id=opportunity.pk,
                    start=start,
                    end=start + datetime.timedelta(hours=length),
                    capacity=places,
                    required_skills=skills,
                    students_per_supervisor=ratio,
                )
            )
            day += datetime.timedelta(days=step)
    Shift.objects.bulk_create(shifts, batch_size=1000)
    return opportunities, shifts


class _Roster:
    """Who is free when: no volunteer holds two overlapping places."""

    def __init__(self, volunteers):
        self.volunteers = volunteers
        self.busy = {v.pk: [] for v in volunteers}

    def free(self, volunteer, shift):
        return all(
            not (start < shift.end and shift.start < end) for start, end in self.busy[volunteer.pk]
        )

    def book(self, volunteer, shift):
        self.busy[volunteer.pk].append((shift.start, shift.end))


def _signups(shifts, opportunities, volunteers, staff, rng, now):
    """Sign-ups that respect capacity, skills, the student ratio and overlaps."""
    journey = volunteers[0]  # zhiyuanzhe1: on the duty shifts of one station, nowhere else
    approved = [v for v in volunteers if v.status == V.APPROVED and v is not journey]
    by_pk = {v.pk: v for v in volunteers}
    roster = _Roster(approved)
    rows = []
    station = [s for s in shifts if s.opportunity_id == opportunities[0].pk]
    journey_shifts = {s.pk for s in [s for s in station if s.start > now][:3]}
    journey_shifts |= {s.pk for s in [s for s in station if s.end < now][-2:]}
    published = {o.pk for o in opportunities if o.is_published}
    for shift in shifts:
        past = shift.end < now
        if shift.opportunity_id not in published and not past:
            continue
        days_ahead = (shift.start - now).days
        if past:
            wanted = rng.randint(max(1, shift.capacity * 2 // 3), shift.capacity)
        elif days_ahead <= 14:
            wanted = shift.capacity + rng.choice([0, 0, 1, 2, 3])  # over capacity: a waitlist
        else:
            wanted = rng.randint(0, shift.capacity)
        candidates = [
            v
            for v in approved
            if set(shift.required_skills) <= set(v.skills) and roster.free(v, shift)
        ]
        rng.shuffle(candidates)
        if shift.pk in journey_shifts:
            wanted = max(wanted, 2)
        if shift.pk in journey_shifts and journey.status == V.APPROVED:
            supervisor = next((c for c in candidates if c.is_supervisor), None)
            if supervisor:  # a student needs a supervisor on a shift with a ratio
                candidates = [supervisor, journey, *[c for c in candidates if c is not supervisor]]
        taken = []
        held = students = supervisors = 0
        created = shift.start - datetime.timedelta(days=rng.randint(8, 25))
        for volunteer in candidates:
            if len(taken) >= wanted:
                break
            has_place = held < shift.capacity and not (
                volunteer.is_student
                and shift.students_per_supervisor
                and students + 1 > supervisors * shift.students_per_supervisor
            )
            if not has_place and (past or held < shift.capacity):
                continue  # past shifts keep no waitlist; a student waits for a supervisor
            created += datetime.timedelta(minutes=rng.randint(5, 600))
            signup = ShiftSignup(
                shift_id=shift.pk,
                volunteer_id=volunteer.pk,
                status=SignupStatus.CONFIRMED if has_place else SignupStatus.WAITLISTED,
                created=min(created, now),
            )
            if has_place:
                held += 1
                students += volunteer.is_student
                supervisors += volunteer.is_supervisor
            if volunteer is not journey:
                roster.book(volunteer, shift)
            taken.append(signup)
        if past:
            for signup in taken:
                came = rng.random() < 0.92 or signup.volunteer_id == journey.pk
                signup.attendance = Attendance.ATTENDED if came else Attendance.NO_SHOW
                signup.hours = _hours(shift.start, shift.end) if came else Decimal(0)
                signup.marked_by = staff
        elif len(taken) > held and rng.random() < 0.4:
            # Someone cancelled: the place went to the first in the queue, who must confirm.
            # The leaver must not be a supervisor whose students the next in line would break.
            waiting = next(s for s in taken if s.status == SignupStatus.WAITLISTED)
            leaver = next(
                (
                    s
                    for s in taken
                    if s.status == SignupStatus.CONFIRMED
                    and s.volunteer_id != journey.pk
                    and (
                        not shift.students_per_supervisor
                        or by_pk[s.volunteer_id].is_student
                        or not by_pk[waiting.volunteer_id].is_student
                    )
                ),
                None,
            )
            if leaver:
                leaver.status = SignupStatus.CANCELLED
                leaver.cancelled_at = now - datetime.timedelta(hours=rng.randint(1, 12))
                waiting.status = SignupStatus.OFFERED
                waiting.offer_expires_at = min(
                    now + datetime.timedelta(hours=rng.randint(6, 20)),
                    shift.start - datetime.timedelta(hours=1),
                )
        if past and taken and rng.random() < 0.15:
            # A volunteer who cancelled in good time.
            gone = next(
                (v for v in candidates if v.pk not in {s.volunteer_id for s in taken}), None
            )
            if gone:
                rows.append(
                    ShiftSignup(
                        shift_id=shift.pk,
                        volunteer_id=gone.pk,
                        status=SignupStatus.CANCELLED,
                        created=created,
                        cancelled_at=shift.start - datetime.timedelta(days=2),
                    )
                )
        rows += taken
    ShiftSignup.objects.bulk_create(rows, batch_size=1000)
    return rows


def _extra_hours(volunteers, points, staff, rng, now):
    approved = [v for v in volunteers if v.status == V.APPROVED]
    rows = []
    for n in range(80):
        volunteer = approved[(n * 7) % len(approved)]
        status = rng.choices(
            [ReviewStatus.APPROVED, ReviewStatus.PENDING, ReviewStatus.REJECTED], [60, 25, 15]
        )[0]
        day = timezone.localdate(now) - datetime.timedelta(days=rng.randint(1, 60))
        reviewed = status != ReviewStatus.PENDING
        rows.append(
            ExtraHours(
                volunteer_id=volunteer.pk,
                date=day,
                hours=Decimal(rng.choice(["0.5", "1.0", "1.5", "2.0", "3.0"])),
                description=rng.choice(EXTRA_WORK),
                point=rng.choice(points),
                status=status,
                reviewed_by=staff if reviewed else None,
                reviewed_at=now - datetime.timedelta(days=rng.randint(0, 1)) if reviewed else None,
                review_note="与值班记录重复，已按值班时长计入。"
                if status == ReviewStatus.REJECTED
                else "",
                created=_local(day, 18),
            )
        )
    ExtraHours.objects.bulk_create(rows)
    return rows


def _certificates(volunteers, signups, extras, staff, today, centre_name):
    """Certificates for the five volunteers with the most verified hours in the period."""
    totals: dict[int, list] = {}
    for signup in signups:
        if signup.attendance == Attendance.ATTENDED:
            entry = totals.setdefault(signup.volunteer_id, [Decimal(0), 0])
            entry[0] += signup.hours
            entry[1] += 1
    for extra in extras:
        if extra.status == ReviewStatus.APPROVED:
            entry = totals.setdefault(extra.volunteer_id, [Decimal(0), 0])
            entry[0] += extra.hours
            entry[1] += 1
    by_pk = {v.pk: v for v in volunteers}
    best = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))[:5]
    start = today - datetime.timedelta(days=60)
    certificates = [
        Certificate(
            number=f"QHFY-{today.year}-{number:04d}",
            volunteer_id=pk,
            name_initial=by_pk[pk].name_initial,
            period_start=start,
            period_end=today,
            hours=hours,
            activities=count,
            issuing_centre=centre_name,
            issued_by=staff,
            issued_at=timezone.now(),
        )
        for number, (pk, (hours, count)) in enumerate(best, start=1)
    ]
    Certificate.objects.bulk_create(certificates)
    return len(certificates)


def _preferred_areas(volunteers, rng):
    counties = list(Area.objects.filter(level="county").order_by("code"))
    if not counties:
        return
    through = Volunteer.preferred_areas.through
    through.objects.bulk_create(
        [
            through(volunteer_id=volunteer.pk, area_id=area.pk)
            for volunteer in volunteers
            for area in rng.sample(counties, rng.randint(1, 2))
        ],
        batch_size=1000,
    )


def load_volunteers(rng, *, password: str) -> dict[str, int]:
    """About 300 volunteers with vetting history, credentials, shifts and hours.

    Does nothing when volunteers are already there (re-running the demo load
    changes nothing); returns counts by kind.
    """
    if Volunteer.objects.exists():
        return {
            "volunteers": Volunteer.objects.count(),
            "volunteer opportunities": Opportunity.objects.count(),
            "shifts": Shift.objects.count(),
            "shift sign-ups": ShiftSignup.objects.count(),
        }
    now = timezone.now().replace(microsecond=0)
    today = timezone.localdate(now)
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    ensure_demo_volunteer_accounts(password)
    users = list(
        get_user_model().objects.filter(
            username__in=[f"{ACCOUNT_PREFIX}{n}" for n in range(1, DEMO_ACCOUNTS + 1)]
        )
    )
    users.sort(key=lambda u: int(u.username.removeprefix(ACCOUNT_PREFIX)))
    volunteer_settings = VolunteerSettings.for_site(Site.objects.get(is_default_site=True))
    code_page = volunteer_settings.code_page

    volunteers, paths = _volunteer_rows(rng, users, code_page, now)
    Volunteer.objects.bulk_create(volunteers, batch_size=500)
    history = _history(volunteers, paths, staff, rng)
    _preferred_areas(volunteers, rng)
    credentials = _credentials(volunteers, staff, rng, today)
    opportunities, shifts = _opportunities(rng, today)
    signups = _signups(shifts, opportunities, volunteers, staff, rng, now) if shifts else []
    points = [o.point for o in opportunities] or [None]
    extras = _extra_hours(volunteers, points, staff, rng, now)
    certificates = _certificates(
        volunteers, signups, extras, staff, today, volunteer_settings.issuing_centre_name
    )
    return {
        "volunteers": len(volunteers),
        "volunteer accounts": len(users),
        "volunteer status changes": history,
        "credentials": credentials,
        "volunteer opportunities": len(opportunities),
        "shifts": len(shifts),
        "shift sign-ups": len(signups),
        "extra hours": len(extras),
        "certificates": certificates,
    }
