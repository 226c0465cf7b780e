"""The public's URLs, no login: the report page a QR code leads to (included at r/) and
Open311 GeoReport v2 (included at open311/v2/)."""

from django.urls import path, register_converter

from .views import open311, public


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

report_urlpatterns = [
    path("status/", public.status_lookup, name="public-lookup"),
    path("status/<str:tracking>/", public.status_page, name="public-status"),
    # A door unit's sign leads to its public page (frontage), which links here.
    path("u/<slug:code>/", public.unit_report_page, name="public-report-unit"),
    path("<slug:code>/", public.report_page, name="public-report"),
    # Signed in: the asset's printable QR sign.
    path("<slug:code>/qr/", public.qr_sign, name="public-qr"),
]

open311_urlpatterns = [
    path("services.<fmt:fmt>", open311.service_list, name="open311-services"),
    path("services/<str:code>.<fmt:fmt>", open311.service_definition, name="open311-service"),
    path("requests.<fmt:fmt>", open311.request_list, name="open311-requests"),
    path("requests/<int:pk>.<fmt:fmt>", open311.request_detail, name="open311-request"),
]
