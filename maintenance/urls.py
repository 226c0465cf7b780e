from django.urls import path, re_path

from .views import feeds, meters, order_list, orders, plans, today, today_map

# The planners' and managers' pages, under /maintenance/.
urlpatterns = [
    path("orders/", order_list.order_list, name="order-list"),
    re_path(r"^orders/export\.(?P<format>csv|xlsx)$", order_list.order_export, name="order-export"),
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/new/", plans.plan_create, name="plan-create"),
    path("plans/preview/", plans.plan_preview, name="plan-preview"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/generate/", plans.plan_generate, name="plan-generate"),
    path("plans/<int:pk>/pause/", plans.plan_pause, name="plan-pause"),
    path("plans/<int:pk>/resume/", plans.plan_resume, name="plan-resume"),
    path("plans/<int:pk>/orders/<int:order_pk>/move/", plans.order_move, name="order-move"),
    path("plans/<int:pk>/orders/<int:order_pk>/skip/", plans.order_skip, name="order-skip"),
    path("assets/<int:pk>/meters/", meters.asset_meters, name="asset-meters"),
]

# The crews' pages, at the site's root: short addresses, typed on phones and pasted
# into calendar apps.
crew_urlpatterns = [
    path("today/", today.today, name="today"),
    path("today/map/", today_map.today_map, name="today-map"),
    path("today/geojson/", today_map.today_geojson, name="today-geojson"),
    path("orders/<int:pk>/", orders.order_detail, name="order-detail"),
    path("orders/<int:pk>/reassign/", orders.order_reassign, name="order-reassign"),
    path("notifications/read/", today.notifications_read, name="notifications-read"),
    path("calendar/<slug:token>.ics", feeds.crew_calendar, name="crew-calendar"),
    path("crews/<int:pk>/calendar/reset/", feeds.crew_calendar_reset, name="crew-calendar-reset"),
]
