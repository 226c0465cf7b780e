from django.db import migrations, models

import frontage.phones

# The register's text search (code, name, credit code, address) is icontains, which
# PostgreSQL runs as UPPER(col) LIKE UPPER('%…%'): a trigram GIN index on UPPER(col)
# serves each, as assets' 0003 does for the asset list. PostgreSQL only.
TEXT_COLUMNS = ("code", "name", "credit_code", "address")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in TEXT_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS unit_{column}_trgm ON frontage_unit "
            f'USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TEXT_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS unit_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0003_search_indexes"),
        ("frontage", "0002_standard_wordings"),
    ]

    operations = [
        migrations.AlterField(
            model_name="unit",
            name="contact_phone",
            field=models.CharField(
                blank=True, max_length=30, validators=[frontage.phones.validate_phone], verbose_name="phone"
            ),
        ),
        # The register's "active" filter, in the list's order.
        migrations.AddIndex(
            model_name="unit",
            index=models.Index(fields=["active", "code"], name="unit_active_code"),
        ),
        migrations.RunPython(create, drop),
    ]
