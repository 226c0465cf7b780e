from django.urls import path

from .views import finding, finding_list, register

# The findings pages, under /inspections/.
urlpatterns = [
    path("findings/", finding_list.finding_list, name="finding-list"),
    path("findings/new/", register.finding_register, name="finding-register"),
    path("findings/new/party/", register.suggested_party, name="finding-suggested-party"),
    path("findings/<int:pk>/", finding.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/<slug:action>/", finding.finding_action, name="finding-action"),
]
