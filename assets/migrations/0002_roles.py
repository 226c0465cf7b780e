from django.db import migrations

# The role groups (see core.roles.Role). Their permissions are synced after every
# migrate by sync_role_permissions (now core.roles), once the permissions exist.
ROLES = ["crew", "inspector", "planner", "manager", "administrator"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
