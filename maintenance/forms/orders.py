"""The crews' and planners' forms on work orders: the order page's work, reassigning,
moving and skipping one occurrence."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..choices import PlanMode
from ..models import NOTES_MAX_LENGTH, SKIP_REASON_MAX_LENGTH, ChecklistItem, Plan


class MoveOrderForm(forms.Form):
    """A planner moves one scheduled occurrence (services.move_work_order checks the date)."""

    due = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))


class SkipOrderForm(forms.Form):
    """A planner skips one occurrence; services.skip_work_order refuses an empty reason."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=SKIP_REASON_MAX_LENGTH,
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

    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=NOTES_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
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
        max_length=SKIP_REASON_MAX_LENGTH,
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
