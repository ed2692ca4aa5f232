"""Who may use the partner pages, and which rows they may see.

Anonymous visitors are sent to the login page; signed-in people without an
active membership of a partner organisation get 403; a row of another
organisation (or another reporter's, for a reporter) is a 404 exactly like a
row that does not exist, so ids reveal nothing.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .services import active_membership


def partner_required(view):
    """Run `view(request, *args, membership=..., **kwargs)` for active partner members only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = active_membership(request.user)
        if membership is None:
            raise PermissionDenied(_("These pages are for staff of partner organisations."))
        return view(request, *args, membership=membership, **kwargs)

    return wrapper
