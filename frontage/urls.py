from django.urls import path

from .views import pledges

# The door-pledge register's pages, under /frontage/.
urlpatterns = [
    path("units/<int:pk>/pledges/new/", pledges.pledge_new, name="pledge-new"),
    path("pledges/expiring/", pledges.pledge_expiring, name="pledge-expiring"),
    path("pledges/<int:pk>/", pledges.pledge_detail, name="pledge-detail"),
    path("pledges/<int:pk>/<slug:action>/", pledges.pledge_action, name="pledge-action"),
]
