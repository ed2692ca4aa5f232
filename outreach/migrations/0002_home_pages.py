"""Replace Wagtail's welcome page with the portal's home page in both languages.

Historical models cannot call treebeard's API, so the tree rows are written the
way Wagtail's own initial-data migration writes them.
"""

import uuid

from django.db import migrations

ZH_TITLE = "法律援助，为您的权益护航"
EN_TITLE = "Legal aid protects your rights"


def create_home_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("outreach.HomePage")

    root = Page.objects.filter(depth=1).first()
    if root is None:  # A database without Wagtail's initial data: nothing to replace.
        return
    # Wagtail's placeholder "Welcome to your new Wagtail site!" is a plain Page.
    Page.objects.filter(
        depth=2,
        content_type__app_label="wagtailcore",
        content_type__model="page",
    ).delete()

    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    en, _ = Locale.objects.get_or_create(language_code="en")
    content_type, _ = ContentType.objects.get_or_create(app_label="outreach", model="homepage")
    translation_key = uuid.uuid4()
    existing = Page.objects.filter(depth=2).count()
    homes = []
    for offset, (locale, title, slug) in enumerate(
        [(zh, ZH_TITLE, "home"), (en, EN_TITLE, "home-en")], start=existing + 1
    ):
        homes.append(
            HomePage.objects.create(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=f"{root.path}{offset:04d}",
                depth=2,
                numchild=0,
                url_path=f"/{slug}/",
                locale=locale,
                translation_key=translation_key,
                live=True,
                intro="",
                body="[]",
            )
        )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=homes[0], is_default_site=True)
    else:
        site.root_page = homes[0]
        site.save(update_fields=["root_page"])


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_home_pages, migrations.RunPython.noop)]
