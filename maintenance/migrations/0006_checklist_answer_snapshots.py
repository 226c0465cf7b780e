# Each answer keeps the label, kind and unit of the item it was given under, so that a
# later change of the item no longer rewrites what done orders show; an answered item is
# retired, not deleted. The existing answers take their item's values as they are now.

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Answer = apps.get_model("maintenance", "ChecklistAnswer")
    Item = apps.get_model("maintenance", "ChecklistItem")
    item = Item.objects.filter(pk=OuterRef("item_id"))
    # One UPDATE … FROM a correlated subquery per column, in the database.
    Answer.objects.update(
        label=Subquery(item.values("label")[:1]),
        kind=Subquery(item.values("kind")[:1]),
        unit=Subquery(item.values("unit")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("maintenance", "0005_notification_to_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="checklistitem",
            name="retired",
            field=models.BooleanField(
                default=False,
                help_text="No longer asked on new and open work orders; the orders that answered it still show it.",
                verbose_name="retired",
            ),
        ),
        migrations.AddField(
            model_name="checklistanswer",
            name="label",
            field=models.CharField(default="", max_length=200, verbose_name="label"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="checklistanswer",
            name="kind",
            field=models.CharField(
                choices=[("pass_fail", "Pass / fail"), ("number", "Number"), ("text", "Text")],
                default="text",
                max_length=10,
                verbose_name="answer",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="checklistanswer",
            name="unit",
            field=models.CharField(blank=True, max_length=20, verbose_name="unit"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
