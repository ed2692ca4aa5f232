"""Factories for the volunteer programme, shared by tests, benchmarks and demo data."""

import datetime

import factory
from django.utils import timezone

from partners.factories import ServicePointFactory, make_mobile
from portal.factories import UserFactory

from .choices import (
    CredentialKind,
    OpportunityKind,
    ReviewStatus,
    SignupStatus,
    VolunteerSource,
    VolunteerStatus,
)
from .models import Credential, ExtraHours, Opportunity, Shift, ShiftSignup, Volunteer


class VolunteerFactory(factory.django.DjangoModelFactory):
    """An approved student volunteer with an account; `applied=True`, `teacher=True` ..."""

    class Meta:
        model = Volunteer

    user = factory.SubFactory(UserFactory, username=factory.Sequence(lambda n: f"volunteer{n}"))
    real_name = factory.Sequence(lambda n: f"志愿者{n}")
    mobile = factory.Sequence(lambda n: make_mobile(50_000_000 + n))
    source = VolunteerSource.STUDENT
    institution = "清河师范学院"
    college = "法学院"
    grade = "2023级"
    supervisor_name = "王老师"
    skills = factory.LazyFunction(lambda: ["consultation", "outreach"])
    availability = factory.LazyFunction(lambda: ["sat", "sun"])
    emergency_contact_name = "家长"
    emergency_contact_phone = "13800000000"
    code_accepted_at = factory.LazyFunction(timezone.now)
    status = VolunteerStatus.APPROVED

    class Params:
        applied = factory.Trait(status=VolunteerStatus.APPLIED)
        teacher = factory.Trait(source=VolunteerSource.TEACHER, grade="", supervisor_name="")
        retired = factory.Trait(
            source=VolunteerSource.RETIRED_COURT, institution="清河市中级人民法院", grade=""
        )


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential

    volunteer = factory.SubFactory(VolunteerFactory)
    kind = CredentialKind.LEGAL_QUALIFICATION
    number = factory.Sequence(lambda n: f"A2019{n:07d}")
    verified = True
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    title = factory.Sequence(lambda n: f"工作站值班咨询{n}")
    kind = OpportunityKind.DUTY
    description = "在乡镇法律援助工作站接待群众法律咨询。"
    point = factory.SubFactory(ServicePointFactory, workstation=True)
    is_published = True


def _next_saturday_at(hour: int, weeks: int = 1) -> datetime.datetime:
    today = timezone.localdate()
    day = today + datetime.timedelta(days=(5 - today.weekday()) % 7 + 7 * (weeks - 1) or 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class ShiftFactory(factory.django.DjangoModelFactory):
    """A three-place, three-hour morning shift next Saturday (or `start=`)."""

    class Meta:
        model = Shift

    opportunity = factory.SubFactory(OpportunityFactory)
    start = factory.LazyFunction(lambda: _next_saturday_at(9))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=3))
    capacity = 3


class ShiftSignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShiftSignup

    shift = factory.SubFactory(ShiftFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    status = SignupStatus.CONFIRMED


class ExtraHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExtraHours

    volunteer = factory.SubFactory(VolunteerFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    hours = 2
    description = "电话解答农民工欠薪咨询并协助整理证据材料。"
    status = ReviewStatus.PENDING
