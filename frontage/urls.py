from django.urls import path

from .views import checks, imports, pledges, register

# The door-pledge register's pages, under /frontage/.
urlpatterns = [
    path("units/", register.unit_list, name="unit-list"),
    path("units/geojson/", register.unit_geojson, name="unit-geojson"),
    path("units/new/", register.unit_new, name="unit-new"),
    path("units/<int:pk>/", register.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", register.unit_edit, name="unit-edit"),
    path("units/<int:pk>/sign/", register.unit_sign, name="unit-sign"),
    path("units/<int:pk>/pledges/new/", pledges.pledge_new, name="pledge-new"),
    path("pledges/expiring/", pledges.pledge_expiring, name="pledge-expiring"),
    path("pledges/<int:pk>/", pledges.pledge_detail, name="pledge-detail"),
    path("pledges/<int:pk>/<slug:action>/", pledges.pledge_action, name="pledge-action"),
    path("units/<int:pk>/checks/new/", checks.check_new, name="check-new"),
    path("checks/", checks.check_list, name="check-list"),
    path("checks/<int:pk>/", checks.check_detail, name="check-detail"),
    path("import/", imports.unit_import, name="unit-import"),
    path("import/template.<str:format>", imports.unit_import_template, name="unit-import-template"),
    path("units/export.<str:format>", imports.unit_export, name="unit-export"),
]
