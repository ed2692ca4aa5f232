"""Seed the controlled list of population groups the network serves."""

from django.db import migrations

GROUPS = [
    ("elderly", "老年人", "Older people"),
    ("disabled", "残疾人", "People with disabilities"),
    ("women", "妇女", "Women"),
    ("minors", "未成年人", "Minors"),
    ("migrant-workers", "农民工", "Migrant workers"),
    ("military-families", "军人军属", "Military personnel and families"),
    ("low-income", "低收入群体", "People on low incomes"),
    ("detainees", "在押人员", "Detained people"),
    ("other", "其他", "Other"),
]


def seed(apps, schema_editor):
    PopulationGroup = apps.get_model("partners", "PopulationGroup")
    for order, (code, name, name_en) in enumerate(GROUPS):
        PopulationGroup.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_network")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
