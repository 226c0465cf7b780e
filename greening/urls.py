from django.urls import path

from .views import care, handover

urlpatterns = [
    path("projects/<int:pk>/handover/", handover.project_handover, name="project-handover"),
    path("assets/<int:pk>/care/", care.asset_care, name="asset-care"),
    path("losses/<int:pk>/", care.loss_detail, name="loss-detail"),
]
