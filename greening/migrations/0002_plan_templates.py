"""The plans a hand-over attaches to a new asset, by its kind (administrators edit them)."""

from django.db import migrations

# (asset kind, name, task type code, RFC 5545 rule, minutes)
TEMPLATES = [
    ("green_space", "绿地每周保洁", "cleaning", "FREQ=WEEKLY;BYDAY=MO", 60),
    ("green_space", "绿地浇水（5–10 月每三天）", "watering", "FREQ=DAILY;INTERVAL=3;BYMONTH=5,6,7,8,9,10", 45),
    ("green_space", "绿地修剪（每年两次）", "pruning", "FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=15", 240),
    ("green_space", "绿地每月除草", "weeding", "FREQ=MONTHLY;BYMONTHDAY=10", 120),
    ("landscape", "街角小品每周保洁", "cleaning", "FREQ=WEEKLY;BYDAY=TU", 30),
    ("landscape", "街角小品每月巡检", "inspection", "FREQ=MONTHLY;BYMONTHDAY=5", 30),
    ("road_segment", "道路每周保洁", "cleaning", "FREQ=WEEKLY;BYDAY=MO,TH", 90),
    ("road_segment", "道路每月巡检", "inspection", "FREQ=MONTHLY;BYMONTHDAY=20", 60),
]


def seed(apps, schema_editor):
    PlanTemplate = apps.get_model("greening", "PlanTemplate")
    TaskType = apps.get_model("maintenance", "TaskType")
    for kind, name, task_type, rrule, minutes in TEMPLATES:
        PlanTemplate.objects.get_or_create(
            asset_kind=kind,
            name=name,
            defaults={"task_type": TaskType.objects.get(code=task_type), "rrule": rrule, "estimated_minutes": minutes},
        )


class Migration(migrations.Migration):
    dependencies = [("greening", "0001_projects_and_care"), ("maintenance", "0002_task_types")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
