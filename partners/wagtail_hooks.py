"""Registration of the network's admin views."""

from wagtail import hooks

from partners.viewsets import NetworkViewSetGroup


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
