from django.db import migrations

# The starting catalogue (administrators edit it in the admin): the problems the zone's
# attack war named (DOMAIN.md) and the components it maintains, as GB/T 30428 classes
# them (event / component). The deadlines are *assumptions*, modelled on the time limits
# common in cities' digital urban management filing and closing standards (a street
# vendor within hours, an illegal shed within days), not on the zone's own rules, which
# the report does not give. Re-inspections at 7, 30 and 90 days after closure.
CATEGORIES = [
    # code, name, English name, kind, deadline amount, unit
    ("exposed-rubbish", "暴露垃圾", "Exposed or piled rubbish", "event", 4, "working_hours"),
    ("piled-anywhere", "乱堆乱放", "Things piled anywhere", "event", 1, "working_days"),
    ("illegal-building", "乱搭乱建", "Illegal sheds and building", "event", 5, "working_days"),
    ("out-of-shop", "出店经营", "Business spilling out of the shop", "event", 2, "working_hours"),
    ("street-vendors", "流动摊贩", "Street vendors", "event", 2, "working_hours"),
    ("illegal-posters", "牛皮癣、小广告", "Illegal small posters", "event", 1, "working_days"),
    ("restaurant-hygiene", "小饭店卫生", "Small-restaurant hygiene", "event", 3, "working_days"),
    ("greening-damaged", "绿化损坏或脏乱", "Damaged or dirty greening", "component", 3, "working_days"),
    ("dead-tree", "枯死树木", "Dead trees", "component", 5, "working_days"),
    ("road-damaged", "道路、人行道破损", "Damaged road or pavement", "component", 3, "working_days"),
    ("equipment-fault", "设备故障", "Equipment fault", "component", 1, "working_days"),
]


def create(apps, schema_editor):
    Category = apps.get_model("inspections", "Category")
    for code, name, name_en, kind, amount, unit in CATEGORIES:
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "deadline_amount": amount,
                "deadline_unit": unit,
                "rebound_offsets": [7, 30, 90],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
