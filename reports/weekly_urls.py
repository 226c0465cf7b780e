from django.urls import path, register_converter

from .views import weekly


class IsoWeek:
    regex = r"\d{4}-W\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(IsoWeek, "isoweek")

urlpatterns = [
    path("", weekly.report_list, name="weekly-list"),
    path("<isoweek:week>/", weekly.report_page, name="weekly-report"),
    path("<isoweek:week>.xlsx", weekly.report_xlsx, name="weekly-xlsx"),
]
