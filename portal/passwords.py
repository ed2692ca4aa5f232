"""Password validation with messages the portal can show in Chinese."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length check, with the message wording Chinese catalogues translate.

    Django 5.2 changed this message's placeholder (`%d`); its Chinese catalogue still
    holds only the earlier `%(min_length)d` wording, so people saw the error in English.
    """

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
