"""Registration of the outreach app's admin views."""

from django.http import Http404
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from outreach.dashboard import panels_for
from outreach.models import ArticleIndexPage
from outreach.reports import hooks as report_hooks  # noqa: F401 - registers the statistics pages
from outreach.services import assign_review_workflow, is_unreviewed_brochure_file
from outreach.viewsets import BrochureViewSet, CampaignLogViewSet

register_snippet(BrochureViewSet)


@hooks.register("register_admin_viewset")
def register_campaign_log_viewset():
    return CampaignLogViewSet("campaign-logs")


@hooks.register("construct_homepage_panels")
def add_staff_dashboard_panels(request, panels):
    """The month and year at a glance, each panel for staff who may view its model."""
    panels.extend(panels_for(request.user))


@hooks.register("after_create_page")
def review_articles_under_a_new_article_index(request, page):
    """A new article index gets the two-step review, so its articles need both approvals."""
    if isinstance(page.specific, ArticleIndexPage):
        assign_review_workflow(page)


@hooks.register("before_serve_document")
def hide_files_of_unreviewed_brochures(document, request):
    """A brochure's file is public only once the brochure passed both reviews.

    Staff who can use the admin still download drafts, to review them.
    """
    if not is_unreviewed_brochure_file(document):
        return None
    if request.user.has_perm("wagtailadmin.access_admin"):
        return None
    raise Http404
