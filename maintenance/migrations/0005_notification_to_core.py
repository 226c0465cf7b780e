# Notifications moved to core (every app sends them): each keeps its text, times and
# reader; the work order it was about becomes a link to the order's page.

from django.db import migrations
from django.urls import reverse


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("maintenance", "Notification")
    New = apps.get_model("core", "Notification")
    rows = Old.objects.order_by("pk").iterator(chunk_size=2000)
    New.objects.bulk_create(
        (
            New(
                user_id=row.user_id,
                message=row.message,
                url=reverse("order-detail", args=[row.order_id]) if row.order_id else "",
                created=row.created,
                read=row.read,
            )
            for row in rows
        ),
        batch_size=2000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("maintenance", "0004_plantarget_regenerate_from"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, migrations.RunPython.noop),
        migrations.DeleteModel(name="Notification"),
    ]
