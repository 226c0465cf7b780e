from django.db import migrations

# The asset list searches code and name with icontains, which PostgreSQL runs as
# UPPER(col) LIKE UPPER('%…%'): a trigram GIN index on UPPER(col) serves it at 100k rows.
# PostgreSQL only; the embedded SQLite default does without.
INDEXES = {
    "asset_code_trgm": 'CREATE INDEX IF NOT EXISTS asset_code_trgm ON assets_asset USING gin (UPPER("code") gin_trgm_ops)',
    "asset_name_trgm": 'CREATE INDEX IF NOT EXISTS asset_name_trgm ON assets_asset USING gin (UPPER("name") gin_trgm_ops)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for sql in INDEXES.values():
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("assets", "0002_roles")]

    operations = [migrations.RunPython(create, drop)]
