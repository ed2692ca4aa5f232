"""Language helpers shared by the apps, and strings whose Chinese overrides Django's.

Django's form label suffix is `_(":")`; Chinese typography uses the full-width
colon, so the project catalogue translates it to "：". Marking it here keeps
`makemessages` from dropping the entry.
"""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LABEL_SUFFIX = _(":")


def is_english() -> bool:
    """Whether the active language is English (Chinese is the default for everything else)."""
    return (get_language() or "").startswith("en")
