from django.urls import path

from . import views

urlpatterns = [
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/generate/", views.plan_generate, name="plan-generate"),
    path("plans/<int:pk>/pause/", views.plan_pause, name="plan-pause"),
    path("plans/<int:pk>/resume/", views.plan_resume, name="plan-resume"),
    path("plans/<int:pk>/orders/<int:order_pk>/move/", views.order_move, name="order-move"),
    path("plans/<int:pk>/orders/<int:order_pk>/skip/", views.order_skip, name="order-skip"),
]
