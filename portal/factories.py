"""Factories for accounts, shared by every app's tests and by the demo data."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

DEFAULT_PASSWORD = "correct-horse-12348"  # noqa: S105 - test and demo accounts only


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified primary email address, ready to sign in."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class StaffUserFactory(UserFactory):
    """A centre staff member who can use the Wagtail admin."""

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True


class SuperuserFactory(StaffUserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_superuser = True
