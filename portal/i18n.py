"""Strings whose Chinese translation in our catalogue overrides Django's own.

Django's form label suffix is `_(":")`; Chinese typography uses the full-width
colon, so the project catalogue translates it to "：". Marking it here keeps
`makemessages` from dropping the entry.
"""

from django.utils.translation import gettext_lazy as _

LABEL_SUFFIX = _(":")
