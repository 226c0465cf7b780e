"""The pages every app shares: home, /healthz, the uploaded files, signing in (with a
password reset only where mail is configured) and its lock-out page.

Which page is home for whom and who may see which upload are each app's own decisions,
wired in config/settings.py (HOME_PAGES, MEDIA_ACCESS): this app imports no other.
"""

from functools import wraps

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET
from django.views.static import serve


def home(request):
    """The first page that HOME_PAGES gives for this user (each returns a URL or None)."""
    for name in settings.HOME_PAGES:
        if url := import_string(name)(request):
            return redirect(url)
    raise Http404


@login_not_required
@require_GET
def healthz(request):
    """Liveness for load balancers and containers: the process answers (no database)."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def media(request, path: str):
    """An uploaded file, behind the login, to those its app lets see it (MEDIA_ACCESS: a
    function of the user and the path per folder); 404 to everyone else, so paths leak
    nothing. Read from MEDIA_ROOT as it is now."""
    if "\x00" in path:  # no file has one; the database and the file system refuse it
        raise Http404
    for prefix, may_see in settings.MEDIA_ACCESS.items():
        if path.startswith(prefix):
            if import_string(may_see)(request.user, path):
                return serve(request, path, document_root=settings.MEDIA_ROOT)
            break
    raise Http404


def locked_out(request, original_response=None, credentials=None):
    """The 429 page of a locked-out sign-in (django-axes' AXES_LOCKOUT_CALLABLE): when to
    try again. Every attempt while locked starts the wait again, so it ends one cool-off
    from now."""
    cool_off = get_cool_off(request)
    context = {"until": timezone.localtime() + cool_off, "minutes": round(cool_off.total_seconds() / 60)}
    return render(request, "429.html", context, status=429)


class LoginView(auth_views.LoginView):
    """Django's sign-in page, offering a password reset only where mail is configured."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(password_reset=settings.EMAIL_CONFIGURED, **kwargs)


def needs_mail(view):
    """A password-reset page, but where no mail is configured (settings.EMAIL_CONFIGURED) a
    page that says so (404): no form that promises a mail that never comes."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.EMAIL_CONFIGURED:
            return render(request, "registration/password_reset_unavailable.html", status=404)
        return view(request, *args, **kwargs)

    return wrapper
