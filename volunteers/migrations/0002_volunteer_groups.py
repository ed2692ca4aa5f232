"""The "Volunteer coordinators" group: vet volunteers, run shifts, attendance and hours.

Coordinators view and correct volunteers and their credentials, publish
opportunities and shifts, mark attendance, review extra hours and read
certificates. They neither add nor delete volunteers (rosters are imported
by an administrator) nor issue certificates here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "Volunteer coordinators"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("volunteers", "view_volunteer"),
    ("volunteers", "change_volunteer"),
    ("volunteers", "view_credential"),
    ("volunteers", "change_credential"),
    ("volunteers", "add_opportunity"),
    ("volunteers", "change_opportunity"),
    ("volunteers", "view_opportunity"),
    ("volunteers", "add_shift"),
    ("volunteers", "change_shift"),
    ("volunteers", "view_shift"),
    ("volunteers", "change_shiftsignup"),
    ("volunteers", "view_shiftsignup"),
    ("volunteers", "change_extrahours"),
    ("volunteers", "view_extrahours"),
    ("volunteers", "view_certificate"),
]


def create_group(apps, schema_editor):
    # Permissions of models created in this run do not exist until post_migrate.
    for label in ("volunteers", "wagtailadmin"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(
        *(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in PERMISSIONS
        )
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=COORDINATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0001_volunteers"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
