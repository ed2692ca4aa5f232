"""Registration of the volunteer programme's admin views."""

from wagtail import hooks

from volunteers.viewsets import VolunteersViewSetGroup


@hooks.register("register_admin_viewset")
def register_volunteer_viewsets():
    return VolunteersViewSetGroup()
