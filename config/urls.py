from importlib import import_module

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.utils.module_loading import module_has_submodule
from django.views.i18n import set_language

from core import views as core_views
from inspections import public_urls
from maintenance import urls as maintenance_urls

# The admin is installed as SimpleAdminConfig (no auto-discovery) because
# django-leaflet's leaflet/admin.py imports GeoDjango, which needs the system GDAL
# library and would raise ImproperlyConfigured. Import every other app's admin module.
for app_config in apps.get_app_configs():
    if app_config.name != "leaflet" and module_has_submodule(app_config.module, "admin"):
        import_module(f"{app_config.name}.admin")

admin.site.site_header = admin.site.site_title = "Shouwei"


urlpatterns = [
    # Crew members to Today, everyone else to the registry's map.
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # Before Django's own: the sign-in page, and the password reset only where mail works.
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        core_views.needs_mail(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        core_views.needs_mail(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        core_views.needs_mail(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        core_views.needs_mail(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language switcher works before signing in too (it is on the login page).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("assets/", include("assets.urls")),
    path("maintenance/", include("maintenance.urls")),
    path("inspections/", include("inspections.urls")),
    path("frontage/", include("frontage.urls")),
    path("greening/", include("greening.urls")),
    path("notifications/", include("reports.notify_urls")),
    path("dashboard/", include("reports.urls")),
    path("reports/weekly/", include("reports.weekly_urls")),
    path("", include(maintenance_urls.crew_urlpatterns)),
    # The public's pages (a QR code on the asset leads to r/<code>/) and Open311: no login.
    path("r/", include(public_urls.report_urlpatterns)),
    path("open311/v2/", include(public_urls.open311_urlpatterns)),
    # A door unit's public page (its sign's QR code leads to u/<code>/): no login.
    path("u/", include("frontage.public_urls")),
    path("admin/", admin.site.urls),
    # Uploaded photos are internal: served by Django behind the login, in every mode.
    re_path(r"^media/(?P<path>.*)$", core_views.media, name="media"),
]
