"""/notifications/preferences/: which events a person receives by email."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..notify.deliveries import may_receive
from ..notify.preferences import PreferenceForm, preference_of, save_preferences


def preferences(request):
    allowed = may_receive(request.user)
    preference = preference_of(request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and allowed and form.is_valid():
        save_preferences(request.user, form.cleaned_data)
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notify-preferences")
    status = 403 if request.method == "POST" and not allowed else 200
    return render(request, "reports/notify_preferences.html", {"form": form, "allowed": allowed}, status=status)
