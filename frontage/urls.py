from django.urls import path

from .views import imports

# The door-pledge register's pages, under /frontage/.
urlpatterns = [
    path("import/", imports.unit_import, name="unit-import"),
    path("import/template.<str:format>", imports.unit_import_template, name="unit-import-template"),
    path("units/export.<str:format>", imports.unit_export, name="unit-export"),
]
