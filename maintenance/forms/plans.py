"""The planners' forms: a plan (with its recurrence builder) and its checklist."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS, WEEKDAYS
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetStatus
from assets.models import Asset, Zone

from ..choices import CalendarPolicy, NonWorkingDayRule, PlanMode, TargetMode
from ..models import ChecklistItem, Crew, Plan, TaskType
from ..recurrence import WEEKDAYS as WEEKDAY_CODES
from ..recurrence import normalize_rrule
from ..rule_builder import Day, Recurrence, compose, parse
from ..rule_words import describe
from ..services import ChecklistChanges

CODE_SEPARATORS = re.compile(r"[\s,;，；、]+")
# An error lists this many unknown codes, then says how many more there are.
MAX_CODES_LISTED = 20


def _listed(codes: list[str]) -> str:
    shown = ", ".join(codes[:MAX_CODES_LISTED])
    if len(codes) > MAX_CODES_LISTED:
        shown += " " + _("… and %(more)d more") % {"more": len(codes) - MAX_CODES_LISTED}
    return shown


# The recurrence builder's fields (rule_builder.Recurrence), in the order of the page.
BUILDER_FIELDS = [
    "repeat_every", "repeat_unit", "repeat_weekdays", "repeat_day", "repeat_month_day", "repeat_nth",
    "repeat_nth_weekday", "repeat_months",
]  # fmt: skip
# What the plan's dates depend on: the fields whose errors the live preview reports.
SCHEDULE_FIELDS = ["mode", "rule_raw", *BUILDER_FIELDS, "rrule", "start", "calendar", "non_working"]
WEEKDAY_CHOICES = [(code, WEEKDAYS[index]) for index, code in enumerate(WEEKDAY_CODES)]


class PlanForm(forms.ModelForm):
    """A plan, its chosen assets typed as codes (a select of 100,000 assets is unusable),
    its recurrence made by the builder's fields or typed as a raw rule."""

    asset_codes = forms.CharField(
        label=_("Assets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("Asset codes, separated by commas, spaces or new lines. Retired assets cannot be chosen."),
    )
    # The builder: plain fields, so the form works without script; none is required
    # here, clean() checks those the chosen frequency needs.
    repeat_every = forms.IntegerField(
        label=_("Repeat every"), required=False, min_value=1, max_value=1000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow-number"}),
    )  # fmt: skip
    repeat_unit = forms.ChoiceField(
        label=_("Days, weeks, months or years"),
        required=False,
        choices=[("DAILY", _("days")), ("WEEKLY", _("weeks")), ("MONTHLY", _("months")), ("YEARLY", _("years"))],
    )
    repeat_weekdays = forms.MultipleChoiceField(
        label=_("On these weekdays"), required=False, choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: the weekday the plan starts."),
    )  # fmt: skip
    repeat_day = forms.ChoiceField(
        label=_("Which day of the month"),
        required=False,
        choices=[
            (Day.START, _("the day of the month the plan starts")),
            (Day.NUMBER, _("a day of the month:")),
            (Day.NTH_WEEKDAY, _("a weekday of the month:")),
            (Day.LAST, _("the last day of the month")),
            (Day.LAST_WORKING, _("the last working day of the month")),
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "The last working day follows China's calendar, with its holidays and make-up working days: "
            "the month's last day, moved back to the working day before it when it is a day off. "
            "Choosing it sets the calendar below to working days only, moved to the previous working day."
        ),
    )
    repeat_month_day = forms.IntegerField(
        label=_("Day of the month"), required=False, min_value=1, max_value=31,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow-number"}),
    )  # fmt: skip
    repeat_nth = forms.TypedChoiceField(
        label=_("Which one"),
        required=False,
        coerce=int,
        choices=[(1, _("1st")), (2, _("2nd")), (3, _("3rd")), (4, _("4th")), (-1, _("last"))],
    )
    repeat_nth_weekday = forms.ChoiceField(label=_("Weekday"), required=False, choices=WEEKDAY_CHOICES)
    repeat_months = forms.TypedMultipleChoiceField(
        label=_("Only in these months"), required=False, coerce=int, choices=list(MONTHS.items()),
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every month."),
    )  # fmt: skip
    rule_raw = forms.BooleanField(
        label=_("Type the rule by hand (RFC 5545 RRULE)"),
        required=False,
        help_text=_("Ticked, the rule is used as typed; otherwise the choices above make it."),
    )

    class Meta:
        model = Plan
        fields = [
            "name", "task_type", "crew", "instructions", "estimated_minutes",
            "target_mode", "asset_codes", "target_kind", "target_zone",
            "mode", *BUILDER_FIELDS, "rule_raw", "rrule", "start", "due_time", "calendar", "non_working", "meter",
            "meter_interval", "horizon_days",
        ]  # fmt: skip
        widgets = {
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "rrule": forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "characters"}),
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["crew"].queryset = Crew.objects.order_by("code")
        self.fields["task_type"].queryset = TaskType.objects.order_by("code")
        self.fields["target_zone"].queryset = Zone.objects.order_by("code")
        if self.instance.pk is not None and not self.is_bound:
            codes = self.instance.assets.order_by("code").values_list("code", flat=True)
            self.initial["asset_codes"] = "\n".join(codes)
        if not self.is_bound:
            self._initial_recurrence()

    def _initial_recurrence(self) -> None:
        """The builder shows the plan's rule; a rule it cannot show opens raw, intact."""
        plan = self.instance
        recurrence = parse(plan.rrule, plan.calendar, plan.non_working) if plan.rrule else Recurrence()
        self.initial["rule_raw"] = recurrence is None
        self.initial.update(builder_initial(recurrence or Recurrence()))

    def clean_rrule(self) -> str:
        text = self.cleaned_data["rrule"]
        # A meter plan needs no rule; the model's clean() says when a rule is missing.
        return normalize_rrule(text) if text.strip() else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target_mode") == TargetMode.ASSETS and cleaned.get("asset_codes") == []:
            self.add_error("asset_codes", _("Enter the codes of the assets the plan applies to."))
        if cleaned.get("rule_raw"):
            self._drop_errors(BUILDER_FIELDS)  # the builder is not used: what it holds does not matter
        elif cleaned.get("mode") == PlanMode.METER:
            self._drop_errors([*BUILDER_FIELDS, "rrule"])
            cleaned["rrule"] = ""
        else:
            self._compose_rule(cleaned)
        return cleaned

    def _compose_rule(self, cleaned: dict) -> None:
        """The builder's rule replaces the rule field (which the page's script keeps in
        step, and which may hold an old rule without script)."""
        self._drop_errors(["rrule"])
        if any(name in self._errors for name in BUILDER_FIELDS):
            cleaned.pop("rrule", None)
            return
        if cleaned.get("repeat_every") is None:
            self.add_error("repeat_every", _("Enter how often: a whole number from 1 to 1000."))
        if not cleaned.get("repeat_unit"):
            self.add_error("repeat_unit", _("Choose days, weeks, months or years."))
        if "repeat_every" in self._errors or "repeat_unit" in self._errors:
            cleaned.pop("rrule", None)
            return
        recurrence = Recurrence(
            freq=cleaned["repeat_unit"],
            interval=cleaned["repeat_every"],
            weekdays=tuple(cleaned.get("repeat_weekdays") or ()),
            day=cleaned.get("repeat_day") or Day.START,
            month_day=cleaned.get("repeat_month_day"),
            nth=cleaned.get("repeat_nth") or 1,
            nth_weekday=cleaned.get("repeat_nth_weekday") or "MO",
            months=tuple(cleaned.get("repeat_months") or ()),
        )
        try:
            cleaned["rrule"] = compose(recurrence)
        except ValidationError as error:
            cleaned.pop("rrule", None)
            self.add_error(None, error)
            return
        if recurrence.working_days_back:
            cleaned["calendar"] = CalendarPolicy.WORKING_DAYS
            cleaned["non_working"] = NonWorkingDayRule.PREVIOUS

    def _drop_errors(self, names: list[str]) -> None:
        for name in names:
            self._errors.pop(name, None)

    def rule_words(self) -> str:
        """The rule in words, as the form stands: the plan's, or the one just typed or built."""
        if not self.is_bound:
            plan = self.instance
            return describe(plan.rrule, plan.calendar, plan.non_working) if plan.rrule else ""
        cleaned = getattr(self, "cleaned_data", {})
        if not cleaned.get("rrule"):
            return ""
        return describe(cleaned["rrule"], cleaned.get("calendar", ""), cleaned.get("non_working", ""))

    def clean_asset_codes(self) -> list[int]:
        """The typed codes as asset ids; every unknown or retired code is named."""
        codes = list(dict.fromkeys(code for code in CODE_SEPARATORS.split(self.cleaned_data["asset_codes"]) if code))
        if not codes:
            return []
        found = {
            code: (pk, status)
            for code, pk, status in Asset.objects.filter(code__in=codes).values_list("code", "pk", "status")
        }
        unknown = [code for code in codes if code not in found]
        retired = [code for code in codes if code in found and found[code][1] == AssetStatus.RETIRED]
        errors = []
        if unknown:
            errors.append(
                ValidationError(
                    _("No asset has these codes: %(codes)s."), code="unknown_assets", params={"codes": _listed(unknown)}
                )
            )
        if retired:
            errors.append(
                ValidationError(
                    _("These assets are retired and cannot be maintained: %(codes)s."),
                    code="retired_assets",
                    params={"codes": _listed(retired)},
                )
            )
        if errors:
            raise ValidationError(errors)
        return [found[code][0] for code in codes]

    def _update_errors(self, errors):
        # Plan.clean() reads the plan's old value of a field the form refused (a bad rule
        # reads as no rule): the form's message for that field is the one that counts.
        # A rule the builder could not make is said on the builder's fields.
        refused = set(self._errors)
        if any(name in refused for name in BUILDER_FIELDS):
            refused.add("rrule")
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {name: messages for name, messages in errors.error_dict.items() if name not in refused}
            )
        super()._update_errors(errors)


def builder_initial(recurrence: Recurrence) -> dict:
    """The builder's fields for a recurrence: the form's initial values, and what the live
    preview answers for a raw rule the builder can show."""
    return {
        "repeat_every": recurrence.interval,
        "repeat_unit": recurrence.freq,
        "repeat_weekdays": list(recurrence.weekdays),
        "repeat_day": recurrence.day,
        "repeat_month_day": recurrence.month_day,
        "repeat_nth": recurrence.nth,
        "repeat_nth_weekday": recurrence.nth_weekday,
        "repeat_months": list(recurrence.months),
    }


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["position", "label", "kind", "unit", "required", "meter"]
        widgets = {"position": forms.NumberInput(attrs={"min": 0, "class": "narrow-number"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, an item goes after the numbered ones, in the order typed; a new
        # row starts empty (not the model's 0), so an untouched extra row stays unchanged.
        self.fields["position"].required = False
        self.fields["position"].initial = None
        if self.instance.pk is None:
            self.initial.pop("position", None)


# ChecklistItem.position is a PositiveSmallIntegerField.
MAX_POSITION = 32767


class BaseChecklistFormSet(forms.BaseInlineFormSet):
    """The plan form's checklist: the items still asked (retired ones are out of it).
    An answered item refuses a new label, kind or unit (ChecklistItem.clean); deleting
    it retires it (services.save_plan)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", ChecklistItem.objects.filter(retired=False))
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and form.has_changed() and not self._should_delete_form(form)
        ]
        numbered = [form.cleaned_data["position"] for form in kept if form.cleaned_data.get("position") is not None]
        following = max(numbered, default=0) + 1
        for form in kept:
            if form.cleaned_data.get("position") is None:
                if following > MAX_POSITION:
                    form.add_error("position", _("Give this item a position: the ones after %(last)d are taken.")
                                   % {"last": MAX_POSITION})  # fmt: skip
                    continue
                form.instance.position = following
                following += 1


ChecklistFormSet = forms.inlineformset_factory(
    Plan, ChecklistItem, form=ChecklistItemForm, formset=BaseChecklistFormSet, extra=3, can_delete=True
)


def checklist_changes(formset: forms.BaseInlineFormSet) -> ChecklistChanges:
    """What a valid checklist formset (the plan form's, the admin's inline) changes, for
    services.save_plan to store."""
    changed = formset.save(commit=False)
    return ChecklistChanges(save=changed, delete=list(formset.deleted_objects))
