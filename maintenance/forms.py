import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assets.choices import AssetStatus
from assets.models import Asset, Zone

from .choices import Meter, PlanMode, TargetMode
from .models import ChecklistItem, Crew, MeterReading, Plan, TaskType
from .recurrence import normalize_rrule
from .services import ChecklistChanges, check_meter_reading


class MeterReadingForm(forms.ModelForm):
    """A meter reading (the admin's), refused as services.check_meter_reading says."""

    class Meta:
        model = MeterReading
        fields = ["asset", "meter", "value", "read_at", "replacement"]

    def clean(self):
        cleaned = super().clean()
        asset, meter, value = cleaned.get("asset"), cleaned.get("meter"), cleaned.get("value")
        if asset is not None and meter and value is not None:
            read_at = cleaned.get("read_at") or timezone.now()
            check_meter_reading(asset, meter, value, read_at, replacement=cleaned.get("replacement", False))
        return cleaned


# Asset codes are typed or pasted: separated by commas (also Chinese ones), semicolons,
# enumeration commas, spaces or new lines.
CODE_SEPARATORS = re.compile(r"[\s,;，；、]+")
# An error lists this many unknown codes, then says how many more there are.
MAX_CODES_LISTED = 20


def _listed(codes: list[str]) -> str:
    shown = ", ".join(codes[:MAX_CODES_LISTED])
    if len(codes) > MAX_CODES_LISTED:
        shown += " " + _("… and %(more)d more") % {"more": len(codes) - MAX_CODES_LISTED}
    return shown


class PlanForm(forms.ModelForm):
    """A plan, its chosen assets typed as codes (a select of 100,000 assets is unusable)."""

    asset_codes = forms.CharField(
        label=_("Assets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("Asset codes, separated by commas, spaces or new lines. Retired assets cannot be chosen."),
    )

    class Meta:
        model = Plan
        fields = [
            "name", "task_type", "crew", "instructions", "estimated_minutes",
            "target_mode", "asset_codes", "target_kind", "target_zone",
            "mode", "rrule", "start", "due_time", "calendar", "non_working", "meter", "meter_interval",
            "horizon_days",
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

    def clean_rrule(self) -> str:
        text = self.cleaned_data["rrule"]
        # A meter plan needs no rule; the model's clean() says when a rule is missing.
        return normalize_rrule(text) if text.strip() else ""

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

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("target_mode") == TargetMode.ASSETS and cleaned.get("asset_codes") == []:
            self.add_error("asset_codes", _("Enter the codes of the assets the plan applies to."))
        return cleaned

    def _update_errors(self, errors):
        # Plan.clean() reads the plan's old value of a field the form refused (a bad rule
        # reads as no rule): the form's message for that field is the one that counts.
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {name: messages for name, messages in errors.error_dict.items() if name not in self._errors}
            )
        super()._update_errors(errors)


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


class MoveOrderForm(forms.Form):
    """A planner moves one scheduled occurrence (services.move_work_order checks the date)."""

    due = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))


class SkipOrderForm(forms.Form):
    """A planner skips one occurrence; services.skip_work_order refuses an empty reason."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"required": True}),
    )


def meter_field_needed(plan: Plan, items: list[ChecklistItem]) -> bool:
    """A meter plan's order asks for its meter's reading, unless a checklist item records it."""
    return plan.mode == PlanMode.METER and not any(item.meter == plan.meter for item in items)


class OrderWorkForm(forms.Form):
    """A crew's work on one order, as one form: checklist answers, notes, time, a photo,
    the reason for skipping.

    The answers are plain text here: ChecklistItem.parse_answer reads them (through
    services.submit_work), so the rule lives once; the view puts its errors on the
    fields. The photo is checked by core.uploads.
    """

    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes_spent = forms.IntegerField(
        label=capfirst(_("minutes spent")),
        required=False,
        min_value=0,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "minutes"}),
    )
    photo = forms.FileField(
        label=_("Add a photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    reason = forms.CharField(
        label=capfirst(_("reason for skipping")),
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, order, items, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        if meter_field_needed(order.plan, items):
            # Not min_value=0: services.check_meter_reading says what is wrong with a reading.
            self.fields["meter_reading"] = forms.DecimalField(
                label=_("Meter reading: %(meter)s") % {"meter": order.plan.get_meter_display()},
                required=False,
                max_digits=14,
                decimal_places=2,
                localize=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        self.saved = {item.pk: item.answer_text(answers.get(item.pk)) for item in items}
        for item in items:
            self.fields[self.item_field(item)] = forms.CharField(label=item.label, required=False)
            self.initial[self.item_field(item)] = self.saved[item.pk]
        self.initial.update(notes=order.notes, minutes_spent=order.minutes_spent)

    @staticmethod
    def item_field(item: ChecklistItem) -> str:
        return f"item-{item.pk}"

    def checklist(self) -> list[tuple[ChecklistItem, forms.BoundField]]:
        return [(item, self[self.item_field(item)]) for item in self.items]

    def answers(self) -> dict[int, str]:
        """The answers to store: those given, and those cleared (an empty field that had
        an answer). Items never answered and left empty write nothing, and neither does a
        field the form refused (its saved answer stays; the form shows the error)."""
        answers = {}
        for item in self.items:
            name = self.item_field(item)
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name, "")
            if value or self.saved[item.pk]:
                answers[item.pk] = value
        return answers


class ReassignForm(forms.Form):
    """A crew leader gives an order to another member of the crew (or to nobody)."""

    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody (the whole crew)")
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class ReadMeterForm(forms.Form):
    """A reading of one of an asset's meters, from its meters page (services.record_meter_reading
    checks it)."""

    meter = forms.ChoiceField(label=_("Meter"))
    value = forms.DecimalField(
        label=_("Reading"),
        max_digits=14,
        decimal_places=2,
        localize=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    read_at = forms.DateTimeField(
        label=_("Read at"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    replacement = forms.BooleanField(
        label=_("New meter"),
        required=False,
        help_text=_("The meter was replaced: this is the new meter's first reading."),
    )

    def __init__(self, *args, meters: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meter"].choices = [(meter, Meter(meter).label) for meter in meters]
