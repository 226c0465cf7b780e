from django.db import migrations

# The starting list of task types; administrators edit it in the admin.
TASK_TYPES = [
    ("cleaning", "保洁", "Cleaning"),
    ("inspection", "巡检", "Inspection"),
    ("servicing", "保养", "Servicing"),
    ("watering", "浇水", "Watering"),
    ("pruning", "修剪", "Pruning"),
    ("weeding", "除草", "Weeding"),
    ("pest-control", "病虫害防治", "Pest control"),
    ("repair", "维修", "Repair"),
]


def create(apps, schema_editor):
    TaskType = apps.get_model("maintenance", "TaskType")
    for code, name, name_en in TASK_TYPES:
        TaskType.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("maintenance", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
