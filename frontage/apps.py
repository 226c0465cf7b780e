from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "frontage"
    verbose_name = _("Door pledges (three guarantees)")
    # Its django-q2 schedules (name, function, cron in the zone's time), created by
    # manage.py setup_schedules with every app's: pledges end and begin just after midnight,
    # then the door checks of the next days are made.
    schedules = [
        ("expire-pledges", "frontage.tasks.expire_pledges_job", "5 0 * * *"),
        ("schedule-door-checks", "frontage.tasks.schedule_door_checks_job", "45 0 * * *"),
    ]
