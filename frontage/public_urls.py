"""The public's page of a door unit (its sign's QR code leads here), no login: at u/."""

from django.urls import path  # noqa: F401

urlpatterns = []
