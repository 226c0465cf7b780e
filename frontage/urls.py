from django.urls import path

from .views import checks

# The door-pledge register's pages, under /frontage/.
urlpatterns = [
    path("checks/", checks.check_list, name="check-list"),
    path("checks/<int:pk>/", checks.check_detail, name="check-detail"),
    path("units/<int:pk>/checks/new/", checks.check_new, name="check-new"),
]
