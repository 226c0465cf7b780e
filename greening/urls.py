from django.urls import path

from .views import programme, projects

urlpatterns = [
    path("", programme.programme, name="greening-programme"),
    path("projects/", projects.project_list, name="project-list"),
    path("projects/new/", projects.project_new, name="project-new"),
    path("projects/<int:pk>/", projects.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("projects/<int:pk>/phases/", projects.project_phases, name="project-phases"),
    path("projects/<int:pk>/spending/", projects.project_spending, name="project-spending"),
]
