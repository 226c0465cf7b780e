from django.urls import path

from .views import plans

urlpatterns = [
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/new/", plans.plan_create, name="plan-create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/generate/", plans.plan_generate, name="plan-generate"),
    path("plans/<int:pk>/pause/", plans.plan_pause, name="plan-pause"),
    path("plans/<int:pk>/resume/", plans.plan_resume, name="plan-resume"),
    path("plans/<int:pk>/orders/<int:order_pk>/move/", plans.order_move, name="order-move"),
    path("plans/<int:pk>/orders/<int:order_pk>/skip/", plans.order_skip, name="order-skip"),
]
