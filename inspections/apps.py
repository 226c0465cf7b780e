from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inspections"
    verbose_name = _("Inspections and rebound checks")
    # Its django-q2 schedules (name, function, cron in the zone's time), created by
    # manage.py setup_schedules with every app's.
    schedules = [("schedule-reinspections", "inspections.tasks.schedule_reinspections_job", "15 1 * * *")]

    def ready(self):
        from maintenance.services import order_changed

        from .signals import order_changed_handler

        # maintenance does not know about findings (it is the layer below): a corrective
        # work order done disposes its findings here.
        order_changed.connect(order_changed_handler, dispatch_uid="inspections.order_changed")
