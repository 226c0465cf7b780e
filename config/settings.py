"""Settings for Shouwei, read from the environment.

Development is the default: `make run` works with no environment at all (SQLite under
var/, a throwaway secret key, DEBUG on). Set ``SHOUWEI_ENV=production`` for the production
mode, where ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL`` are required and
``manage.py check --deploy`` reports nothing.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SHOUWEI_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = os.environ.get("SHOUWEI_ENV", "development") == "production"

if PRODUCTION:
    try:
        SECRET_KEY = os.environ["SECRET_KEY"]
    except KeyError:
        raise ImproperlyConfigured("SECRET_KEY must be set when SHOUWEI_ENV=production.") from None
    DEBUG = False
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when SHOUWEI_ENV=production.")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-secret-" + "x" * 40)
    DEBUG = env_bool("DEBUG", True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # SimpleAdminConfig: no automatic admin discovery, see config/urls.py (django-leaflet).
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_q",
    "leaflet",
    # Failed sign-ins, lock-outs and their admin (managers unlock there).
    "axes",
    # The door-pledge register's import and export (frontage.resources).
    "import_export",
    "core",
    "assets",
    "maintenance",
    "frontage",
    "inspections",
    "greening",
    "reports",
    # Above all the apps it loads demo data for; none of them imports it.
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login; public views opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the 429 page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Database: DATABASE_URL (PostgreSQL in production and tests); without it, the embedded
# SQLite default under var/ so that a newcomer sees the system with one command.
if "DATABASE_URL" in os.environ:
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
elif PRODUCTION:
    raise ImproperlyConfigured("DATABASE_URL must be set when SHOUWEI_ENV=production.")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "shouwei.sqlite3",
            # The web server and the django-q2 cluster write at the same time.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each process's own memory: what is cached (Today's order cards, keyed by their content)
# is cheap to rebuild, so no shared cache server is needed. About 1 kB per card.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # Counters every worker must share (the public report page's throttle): a table in
    # the database, made by inspections' migration 0003; old entries expire.
    "throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "shouwei_throttle",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes, failures kept in the database): after
# LOGIN_FAILURE_LIMIT failed sign-ins within LOGIN_LOCKOUT_MINUTES, for one username or
# from one address, that username and that address are refused (HTTP 429) until
# LOGIN_LOCKOUT_MINUTES after the last attempt; managers unlock in the admin
# (Access attempts: delete the rows). Old failures expire after the same time.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"
# Not on success: a successful sign-in would also wipe the failures counted against its
# address, letting whoever has one login guess another's password without end.
AXES_RESET_ON_SUCCESS = False
# The client's address: REMOTE_ADDR, unless gunicorn runs behind REVERSE_PROXY_COUNT
# reverse proxies (nginx: 1; a CDN in front of nginx: 2), each appending the address it
# saw to X-Forwarded-For. The client is then that many entries from the right end
# (django-ipware counts only the proxies listed in the header, hence the - 1); a header
# of another length (someone sending their own) is not trusted: such sign-ins all count
# against one shared address.
REVERSE_PROXY_COUNT = int(os.environ.get("REVERSE_PROXY_COUNT", "0"))
if REVERSE_PROXY_COUNT > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = REVERSE_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None

# Internationalisation: Chinese first, complete English translation.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Mail (password reset): EMAIL_URL, parsed by dj-email-url, e.g.
# submission://user:password@smtp.example.org (SMTP with STARTTLS on 587) or
# smtp://smtp.example.org:465?ssl=1; DEFAULT_FROM_EMAIL is the sender. Without it,
# development prints every mail on the console and production sends none: there the
# login page offers no password reset and the reset pages say why (core.views).
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    _email = dj_email_url.parse(EMAIL_URL)
    if "EMAIL_BACKEND" not in _email:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, submission://, console://, file:// or dummy://.")
    # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
    # EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT…; what the URL leaves out keeps Django's default.
    globals().update({name: value for name, value in _email.items() if value is not None})
elif not PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_CONFIGURED = bool(EMAIL_URL) or not PRODUCTION
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", globals().get("DEFAULT_FROM_EMAIL", "shouwei@localhost"))

# Security: strict in production (check --deploy reports nothing).
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer's health check asks over plain HTTP and wants a 200, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Maps: django-leaflet's bundled Leaflet; the tile URL is a setting (OpenStreetMap default).
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.environ.get(
    "MAP_TILES_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
LEAFLET_CONFIG = {
    "TILES": [(_("Map"), MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION, "maxZoom": 19})],
    "DEFAULT_CENTER": (28.90, 120.05),
    "DEFAULT_ZOOM": 14,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 19,
    "RESET_VIEW": False,
}

# django-q2 with the ORM broker: no extra server. retry must exceed timeout, or a long
# job would be delivered twice.
Q_CLUSTER = {
    "name": "shouwei",
    "orm": "default",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 1800,
    "retry": 2100,
    "max_attempts": 3,
    "catch_up": False,
    "save_limit": 1000,
    "label": _("Scheduled jobs"),
}

# Notifications out (reports.notify): mail through the backend above, group robots
# (WeCom, DingTalk) over https to their vendors' hosts only (NOTIFY_ALLOW_HOSTS adds
# hosts allowed over http too: tests' local receiver). Each message is tried
# NOTIFY_ATTEMPTS times, waiting NOTIFY_BACKOFF × 2^n seconds between tries; links in
# messages start with NOTIFY_SITE_URL (e.g. https://shouwei.example.org).
NOTIFY_SITE_URL = os.environ.get("NOTIFY_SITE_URL", "")
NOTIFY_LANGUAGE = LANGUAGE_CODE
NOTIFY_ALLOW_HOSTS: list[str] = []
NOTIFY_TIMEOUT = 10
NOTIFY_ATTEMPTS = 3
NOTIFY_BACKOFF = 60

# Which page "/" sends a user to: the first of these functions (request → URL or None)
# that answers. Each app decides for its own people.
HOME_PAGES = [
    "maintenance.views.today.crew_home",
    "inspections.views.today.inspector_home",
    "greening.views.programme.planner_home",
    "reports.views.dashboard.head_home",
    "assets.views.registry_home",
]
# Links an asset's page shows for what other apps hold about it: functions (request,
# asset) → [(label, URL)] (core.hooks.links; the registry imports none of them).
ASSET_LINKS = [
    "inspections.views.public.asset_links",
    "greening.views.care.asset_links",
]
# Links a door check's page shows (a failed duty's finding): functions (request, check)
# → [(label, URL)] (core.hooks.links; frontage imports none of them).
DOOR_CHECK_LINKS = [
    "inspections.views.register.door_check_links",
]
# Links a door unit's page shows for what other apps hold about it: functions (request,
# unit) → [(label, URL)] (core.hooks.links; frontage imports none of them).
UNIT_LINKS = [
    "inspections.views.finding_list.unit_links",
]
# Who may see an uploaded file, by the folder it is under: a function (user, path) →
# bool of the app that owns it (core.views.media; 404 to everyone else).
MEDIA_ACCESS = {
    "orders/": "maintenance.queries.may_see_photo",
    "assets/": "assets.queries.may_see_photo",
    "findings/": "inspections.queries.may_see_photo",
    "pledges/": "frontage.queries.may_see_file",
    "door-checks/": "frontage.queries.may_see_file",
    "projects/": "greening.queries.may_see_file",
    "greening/": "greening.queries.may_see_file",
}

# Photos (work orders', assets'; core.uploads): uploads larger than this are refused;
# kept photos are resized so that their longest side is at most PHOTO_MAX_SIDE pixels.
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_MB", "15")) * 1024 * 1024
PHOTO_MAX_SIDE = 1600
# Images with more pixels than this are refused from their header, before decoding: a
# 13,000 × 13,000 PNG of 194 KB unpacks into over a gigabyte. A 50-megapixel phone
# photo (8160 × 6120) passes; decoding one takes about 150 MB.
PHOTO_MAX_PIXELS = int(float(os.environ.get("PHOTO_MAX_MEGAPIXELS", "50")) * 1_000_000)
# A scanned or saved document (a signed pledge: PDF, JPEG or PNG; core.uploads.process_document)
# may be at most DOCUMENT_MAX_MB; a scanned image is kept with its longest side at most
# DOCUMENT_MAX_SIDE pixels (an A4 page at 300 dpi), re-encoded as JPEG.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_MB", "20")) * 1024 * 1024
DOCUMENT_MAX_SIDE = 3508
# At most this many photos on one work order (maintenance.services.add_photo), or on one
# finding (inspections.services.store_photo).
PHOTOS_PER_ORDER = int(os.environ.get("PHOTOS_PER_ORDER", "20"))

# The public report page (inspections.public.throttled): at most PUBLIC_REPORT_LIMIT
# reports from one address per PUBLIC_REPORT_WINDOW seconds; more are answered 429 with
# a clear message. Generous, as many phones share one address behind a carrier's NAT.
PUBLIC_REPORT_LIMIT = int(os.environ.get("PUBLIC_REPORT_LIMIT", "10"))
PUBLIC_REPORT_WINDOW = int(os.environ.get("PUBLIC_REPORT_WINDOW_SECONDS", "3600"))
PUBLIC_REPORT_CACHE = "throttle"

# An asset's geometry may have at most this many vertices (assets.geometry.parse_geojson):
# a 5 km road surveyed every metre fits; a 200,000-vertex polygon made the registry's
# map data 8 MB. The map endpoints also simplify geometry for the zoom level shown.
GEOMETRY_MAX_VERTICES = int(os.environ.get("GEOMETRY_MAX_VERTICES", "10000"))
