"""Small form pieces every app's pages share."""

from django import forms


def date_range_form(first: str, last: str, message, code: str = "date_range") -> type[forms.Form]:
    """A filter form class (a FilterSet's ``Meta.form``) that refuses a date range whose
    ``first`` field is after its ``last``, with ``message``."""

    class DateRangeForm(forms.Form):
        def clean(self):
            cleaned = super().clean()
            start, end = cleaned.get(first), cleaned.get(last)
            if start and end and start > end:
                raise forms.ValidationError(message, code=code)
            return cleaned

    return DateRangeForm
