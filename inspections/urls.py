from django.urls import path

from .views import finding, finding_list, register, reinspection, rounds, today

# The inspectors' and managers' pages, under /inspections/.
urlpatterns = [
    path("today/", today.today, name="inspections-today"),
    path("today/geojson/", today.today_geojson, name="inspections-today-geojson"),
    path("reinspections/<int:pk>/", reinspection.reinspection_detail, name="reinspection-detail"),
    path("findings/", finding_list.finding_list, name="finding-list"),
    path("findings/new/", register.finding_register, name="finding-register"),
    path("findings/new/party/", register.suggested_party, name="finding-suggested-party"),
    path("findings/<int:pk>/", finding.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/<slug:action>/", finding.finding_action, name="finding-action"),
    path("rounds/", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_start, name="round-start"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:pk>/end/", rounds.round_end, name="round-end"),
]
