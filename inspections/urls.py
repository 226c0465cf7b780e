from django.urls import path

from .views import reinspection, today

# The inspectors' pages, under /inspections/.
urlpatterns = [
    path("today/", today.today, name="inspections-today"),
    path("today/geojson/", today.today_geojson, name="inspections-today-geojson"),
    path("reinspections/<int:pk>/", reinspection.reinspection_detail, name="reinspection-detail"),
]
