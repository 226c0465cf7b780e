"""The public's page of a door unit (its sign's QR code leads here), no login: at u/."""

from django.urls import path

from .views import public

urlpatterns = [
    path("<slug:code>/", public.unit_public, name="unit-public"),
]
