"""Addresses of frontage's pages that inspections' pages link to. Reversed by name when
frontage's URLs are there; else the path its plan fixes (docs/architecture.md)."""

from django.urls import NoReverseMatch, reverse


def _url(name: str, pk: int, path: str) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return path


def unit_url(unit) -> str:
    return _url("unit-detail", unit.pk, f"/frontage/units/{unit.pk}/")


def check_url(check) -> str:
    return _url("check-detail", check.pk, f"/frontage/checks/{check.pk}/")
