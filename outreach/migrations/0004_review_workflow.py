"""The two-step review (初审 → 律师复审) for articles and brochures, and its groups.

Outreach editors write and submit; Reviewers give the first review; Lawyer
reviewers the second. Nobody in these groups can publish directly: an item is
published when the last task of the workflow approves it. The workflow applies
to Brochure snippets here and to each article index page as it is created
(`outreach.services.assign_review_workflow`).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKFLOW_NAME = "初审 → 律师复审"
FIRST_REVIEW = "初审"
LAWYER_REVIEW = "律师复审"
EDITORS = "Outreach editors"
REVIEWERS = "Reviewers"
LAWYER_REVIEWERS = "Lawyer reviewers"


def create_workflow(apps, schema_editor):
    # Permissions of models created in this run do not exist until post_migrate.
    for label in ("outreach", "wagtailadmin", "wagtaildocs", "wagtailimages"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)

    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")

    def perm(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    lawyers, _ = Group.objects.get_or_create(name=LAWYER_REVIEWERS)
    access_admin = perm("wagtailadmin", "access_admin")
    for group in (editors, reviewers, lawyers):
        group.permissions.add(
            access_admin,
            perm("outreach", "view_brochure"),
            perm("wagtailimages", "choose_image"),
            perm("wagtaildocs", "choose_document"),
        )
    editors.permissions.add(
        perm("outreach", "add_brochure"),
        perm("outreach", "change_brochure"),
        perm("wagtailimages", "add_image"),
        perm("wagtaildocs", "add_document"),
    )
    reviewers.permissions.add(perm("outreach", "change_brochure"))
    lawyers.permissions.add(perm("outreach", "change_brochure"))

    root = Page.objects.filter(depth=1).first()
    if root is not None:
        add_page = perm("wagtailcore", "add_page")
        change_page = perm("wagtailcore", "change_page")
        for group, permissions in (
            (editors, [add_page, change_page]),
            (reviewers, [change_page]),
            (lawyers, [change_page]),
        ):
            for permission in permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission
                )

    task_type = ContentType.objects.get_for_model(GroupApprovalTask)
    tasks = []
    for name, group in ((FIRST_REVIEW, reviewers), (LAWYER_REVIEW, lawyers)):
        task = GroupApprovalTask.objects.filter(name=name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=name, active=True, content_type=task_type)
        task.groups.set([group])
        tasks.append(task)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, task in enumerate(tasks):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    brochure_type = ContentType.objects.get(app_label="outreach", model="brochure")
    WorkflowContentType.objects.update_or_create(
        content_type=brochure_type, defaults={"workflow": workflow}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0003_outreach_site"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
