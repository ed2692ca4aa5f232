"""Sign-in hardening that applies to every app: session lifetimes and required two-factor.

Two middlewares, placed after Django's authentication and messages middleware:

- `SessionLifetimeMiddleware` signs a user out after `SESSION_IDLE_MINUTES` without
  a request and `SESSION_MAX_HOURS` after signing in. It checks times kept in the
  session itself, so the limits hold whatever the session store.
- `MFARequiredMiddleware` sends staff and partner coordinators who have no
  authenticator app yet to allauth's TOTP setup (which then shows recovery codes)
  before they can open any other page, when `MFA_REQUIRED_FOR_STAFF` is on.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from partners.choices import MembershipRole
from partners.services import active_membership

SESSION_LOGIN_AT = "portal_login_at"
SESSION_SEEN_AT = "portal_seen_at"

MFA_REQUIRED_MESSAGE = _(
    "Your account can see personal data, so it must be protected with two-step "
    "verification. Set up an authenticator app on your phone now (you may be asked "
    "for your password first); you will then get recovery codes to keep safe."
)
IDLE_TIMEOUT_MESSAGE = _(
    "You were signed out after a period without activity. Please sign in again."
)
MAX_AGE_MESSAGE = _("Your session has reached its maximum length. Please sign in again.")

# Pages a person who must set up two-factor may still open: the setup itself,
# the password check allauth asks for before it, email verification (allauth
# refuses an authenticator while an address is unverified) and signing out.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "account_email",
        "account_confirm_email",
        "account_email_verification_sent",
    }
)


def requires_mfa(user) -> bool:
    """Whether `user` must sign in with two-factor: staff and partner coordinators."""
    if user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"):
        return True
    membership = active_membership(user)
    return membership is not None and membership.role == MembershipRole.COORDINATOR


@receiver(user_logged_in, dispatch_uid="portal_session_login_at")
def _record_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_SEEN_AT] = now


class SessionLifetimeMiddleware:
    """Sign out sessions that were idle too long or are older than the absolute limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._enforce(request)
        return self.get_response(request)

    def _enforce(self, request):
        session = request.session
        now = time.time()
        # Sessions that began before this middleware (or via a login that sent no
        # signal) start counting now rather than living for ever.
        login_at = session.setdefault(SESSION_LOGIN_AT, now)
        seen_at = session.get(SESSION_SEEN_AT, now)
        if now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
            reason = IDLE_TIMEOUT_MESSAGE
        elif now - login_at > settings.SESSION_MAX_HOURS * 3600:
            reason = MAX_AGE_MESSAGE
        else:
            if (
                SESSION_SEEN_AT not in session
                or now - seen_at >= settings.SESSION_SEEN_RESOLUTION_SECONDS
            ):
                session[SESSION_SEEN_AT] = now
            return
        logout(request)
        messages.info(request, reason)


class MFARequiredMiddleware:
    """Send staff and coordinators without an authenticator app to allauth's TOTP setup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED_FOR_STAFF or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.url_name in MFA_SETUP_URL_NAMES:
            return None
        if request.path.startswith(settings.MEDIA_URL):
            return None
        user = request.user
        if not requires_mfa(user) or is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            return None
        messages.warning(request, MFA_REQUIRED_MESSAGE)
        return redirect("mfa_activate_totp")
