import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import maintenance.models


def fill_tokens(apps, schema_editor):
    # Each existing crew gets its own secret (a column default would give them one).
    Crew = apps.get_model("maintenance", "Crew")
    for crew in Crew.objects.filter(calendar_token__isnull=True):
        crew.calendar_token = maintenance.models.new_calendar_token()
        crew.save(update_fields=["calendar_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("maintenance", "0002_task_types"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="crew",
            name="calendar_token",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="calendar token"),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="crew",
            name="calendar_token",
            field=models.CharField(
                default=maintenance.models.new_calendar_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="calendar token",
            ),
        ),
        migrations.CreateModel(
            name="WorkOrderPhoto",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("image", models.ImageField(upload_to=maintenance.models.order_photo_path, verbose_name="image")),
                (
                    "taken",
                    models.DateTimeField(
                        blank=True, help_text="From the photo's EXIF data.", null=True, verbose_name="taken"
                    ),
                ),
                ("created", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created")),
                (
                    "order",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="photos",
                        to="maintenance.workorder",
                        verbose_name="work order",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "work order photo",
                "verbose_name_plural": "work order photos",
                "ordering": ["order", "created", "pk"],
            },
        ),
    ]
