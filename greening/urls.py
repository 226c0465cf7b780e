from django.urls import path

from .views import care, handover, programme, projects

# The planning bureau's pages, under /greening/.
urlpatterns = [
    path("", programme.programme, name="greening-programme"),
    path("projects/", projects.project_list, name="project-list"),
    path("projects/new/", projects.project_new, name="project-new"),
    path("projects/<int:pk>/", projects.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("projects/<int:pk>/phases/", projects.project_phases, name="project-phases"),
    path("projects/<int:pk>/spending/", projects.project_spending, name="project-spending"),
    path("projects/<int:pk>/documents/", projects.project_documents, name="project-documents"),
    path("projects/<int:pk>/handover/", handover.project_handover, name="project-handover"),
    path("assets/<int:pk>/care/", care.asset_care, name="asset-care"),
    path("losses/<int:pk>/", care.loss_detail, name="loss-detail"),
]
