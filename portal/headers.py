"""Response headers that protect visitors: the Content-Security-Policy per area of the
site, and `Cache-Control: no-store` on every page that carries personal data.

The other security headers (HSTS, nosniff, Referrer-Policy, Cross-Origin-Opener-Policy,
X-Frame-Options, Permissions-Policy) come from Django's SecurityMiddleware,
XFrameOptionsMiddleware and django-permissions-policy, configured in the settings.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.utils.cache import patch_cache_control

# The Wagtail admin is mounted outside `i18n_patterns`, so it has no language prefix.
ADMIN_PREFIX = "/admin/"

# Areas of the site whose pages show personal data, without their language prefix.
PERSONAL_DATA_PREFIXES = (
    ADMIN_PREFIX,
    "/accounts/",
    "/partners/",
    "/volunteers/me/",
    "/volunteers/apply/",
    "/volunteers/files/",
    "/volunteers/calendar/",
    "/volunteers/signups/",
)
# The other volunteer pages (opportunities, a shift, certificate verification) are
# public, but show a signed-in volunteer's own sign-ups.
VOLUNTEER_PREFIX = "/volunteers/"


def _without_language_prefix(path: str) -> str:
    """`/en/partners/` -> `/partners/`; paths without a language prefix are unchanged."""
    first, sep, rest = path.lstrip("/").partition("/")
    if sep and first in {code for code, _name in settings.LANGUAGES}:
        return "/" + rest
    return path


class AreaCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with one extra rule: the Wagtail admin gets its own policy.

    The strict `CONTENT_SECURITY_POLICY` (no inline script or style) applies to every
    public, volunteer and partner page. Wagtail's admin needs inline scripts and
    styles and `data:`/`blob:` images, so paths under `/admin/` get
    `CONTENT_SECURITY_POLICY_ADMIN` instead; a view's own `csp_*` decorator still wins.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


class PersonalDataNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response from a personal-data area.

    Keyed on URL prefixes (in both the Chinese `/partners/` and English
    `/en/partners/` forms) rather than per-view decorators: the site is divided
    into areas by URL, so one list says which areas hold personal data; views added
    to an area later are covered without anyone remembering a decorator; and the
    views of allauth and the Wagtail admin, which are not ours to decorate, are
    covered too. Directives a view already set (`never_cache`, the `no-store` of
    private file downloads) are kept: the header is patched, not replaced.

    Under `/volunteers/`, the public pages are marked as well when the visitor is
    signed in, because they then show that volunteer's own sign-ups.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _is_personal(request) -> bool:
        path = _without_language_prefix(request.path_info)
        if path.startswith(PERSONAL_DATA_PREFIXES):
            return True
        user = getattr(request, "user", None)
        return path.startswith(VOLUNTEER_PREFIX) and bool(user and user.is_authenticated)
