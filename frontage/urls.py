from django.urls import path  # noqa: F401

# The door-pledge register's pages, under /frontage/.
urlpatterns = []
