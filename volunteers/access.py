"""Who may use the volunteer pages.

Anonymous visitors go to the login page; a signed-in person without a volunteer
record is sent to the application form; another volunteer's rows are 404.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from .models import Volunteer


def current_volunteer(user) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        volunteer = user.volunteer
    except Volunteer.DoesNotExist:
        return None
    return None if volunteer.anonymised_at else volunteer


def volunteer_required(view):
    """Run `view(request, *args, volunteer=..., **kwargs)` for people with a volunteer record."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        volunteer = current_volunteer(request.user)
        if volunteer is None:
            return redirect("volunteers:apply")
        return view(request, *args, volunteer=volunteer, **kwargs)

    return wrapper
