"""The staff groups of the referral work.

Referral officers triage referrals in the admin (view and act on them),
invite partner staff and manage their memberships. Data protection officers
read the audit log of personal-data reads and exports. Both may use the
Wagtail admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REFERRAL_OFFICERS = "Referral officers"
DATA_PROTECTION_OFFICERS = "Data protection officers"

GROUP_PERMISSIONS = {
    REFERRAL_OFFICERS: [
        ("wagtailadmin", "access_admin"),
        ("partners", "view_referral"),
        ("partners", "change_referral"),
        ("partners", "view_partnerinvitation"),
        ("partners", "add_partnerinvitation"),
        ("partners", "view_partnermembership"),
        ("partners", "change_partnermembership"),
    ],
    DATA_PROTECTION_OFFICERS: [
        ("wagtailadmin", "access_admin"),
        ("partners", "view_auditevent"),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions of models created in this run do not exist until post_migrate.
    for label in ("partners", "wagtailadmin"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in permissions
            )
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_referrals"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
