from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports and notifications")
    # Its django-q2 schedules (name, function, cron in the zone's time), created by
    # manage.py setup_schedules with every app's: the overdue messages before the working day;
    # the Monday report (周一汇报制) of the week before, Mondays at 08:00.
    schedules = [
        ("send-overdue-messages", "reports.tasks.notify_overdue_job", "30 6 * * *"),
        ("weekly-report", "reports.tasks.weekly_report_job", "0 8 * * 1"),
    ]

    def ready(self):
        from inspections.signals import finding_escalated

        from .notify.events import finding_escalated as escalated_handler

        # inspections does not know about reports (the layer above): an escalation is
        # announced here, after its transaction commits.
        finding_escalated.connect(escalated_handler, dispatch_uid="reports.finding_escalated")
