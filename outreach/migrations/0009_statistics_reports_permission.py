"""The "view statistics reports" permission, given to the centre staff groups that need figures.

Referral officers, volunteer coordinators and reviewers (centre staff who sign
off content) read the statistics and the year-end summary; outreach editors of
the public site do not.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("Referral officers", "Volunteer coordinators", "Reviewers")


def grant(apps, schema_editor):
    # The permission of this run's Meta change does not exist until post_migrate.
    config = apps.get_app_config("outreach")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permission = Permission.objects.get(content_type__app_label="outreach", codename="view_reports")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(content_type__app_label="outreach", codename="view_reports").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0008_partner_logged_campaign_logs"),
        ("partners", "0007_referral_groups"),
        ("volunteers", "0002_volunteer_groups"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="campaignlog",
            options={
                "ordering": ["-date", "-pk"],
                "permissions": [("view_reports", "Can view statistics reports")],
                "verbose_name": "campaign log",
                "verbose_name_plural": "campaign logs",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
